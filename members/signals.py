from allauth.account.signals import email_confirmed
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from members import grants  # noqa: F401 - connects the audit of rights granted and revoked
from members.services import member_link_user


@receiver(email_confirmed)
def link_member_on_email_confirmed(sender, request, email_address, **kwargs):
    member_link_user(user=email_address.user)


@receiver(authenticator_added)
def count_activation_as_second_factor_use(sender, request, user, authenticator, **kwargs):
    """Activating an authenticator app means typing a valid code from it: that proves the
    second factor for this session, so staff are not asked for another code straight away."""
    if authenticator.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        post_authentication(request, authenticator, reauthenticated=True)

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from members.services import member_link_user


@receiver(email_confirmed)
def link_member_on_email_confirmed(sender, request, email_address, **kwargs):
    member_link_user(user=email_address.user)

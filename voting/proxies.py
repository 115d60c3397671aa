"""Proxies: a member who cannot vote themselves lets another entitled member vote for them.
Who may then cast which ballot is decided in ``voting.casting``."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.services import audit_log
from voting.models import Proxy, Voter, VoteRecord


@transaction.atomic
def proxy_give(*, principal: Voter, holder_number: str, actor) -> Proxy:
    """The principal lets another entitled member vote for them. At most N per holder; a
    holder cannot pass on proxies; the principal no longer votes themselves."""
    meeting = principal.meeting
    if not meeting.proxies_allowed:
        raise ServiceError(_("This meeting does not allow proxies."))
    if meeting.proxy_deadline and timezone.now() > meeting.proxy_deadline:
        raise ServiceError(_("The deadline for proxies has passed."))
    holder = meeting.voters.filter(membership_number=holder_number.strip()).first()
    if holder is None:
        raise ServiceError(_("No member with this number may vote at this meeting."))
    if holder.pk == principal.pk:
        raise ServiceError(_("You cannot give a proxy to yourself."))
    # Lock both, always in the same order, before any rule is read: two principals naming one
    # holder (the maximum), or two members naming each other (a chain), are then decided one
    # after the other, each reading what the one before wrote.
    list(Voter.objects.select_for_update().filter(pk__in=[principal.pk, holder.pk]).order_by("pk"))
    if Proxy.objects.filter(principal=holder).exists():
        raise ServiceError(_("%(name)s has given their own vote away.") % {"name": holder.name})
    if Proxy.objects.filter(holder=principal).exists():
        raise ServiceError(_("You hold proxies yourself and so cannot give yours away."))
    if Proxy.objects.filter(holder=holder).count() >= meeting.max_proxies_per_holder:
        raise ServiceError(
            _("%(name)s already holds the maximum of %(max)d proxies.")
            % {"name": holder.name, "max": meeting.max_proxies_per_holder}
        )
    if VoteRecord.objects.filter(voter=principal).exists():
        raise ServiceError(_("You have voted already in this meeting; a proxy comes too late."))
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(meeting=meeting, principal=principal, holder=holder)
    except IntegrityError as exc:
        raise ServiceError(_("You have given a proxy already.")) from exc
    audit_log(
        actor=actor,
        action="voting.proxy",
        target=meeting,
        data={"principal": principal.pk, "holder": holder.pk},
    )
    return proxy

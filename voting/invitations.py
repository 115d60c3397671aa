"""Invitations to a meeting: an e-mail to every voter with their personal check-in code."""

import segno
from django.db import transaction

from core.services import audit_log
from notifications.services import notification_queue
from voting.models import Meeting


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor) -> int:
    """E-mail every voter with an address their invitation: the meeting, their personal
    check-in code (as a QR image) and the link to their meeting page."""
    from django.conf import settings
    from django.urls import reverse

    # A second press waits for the first and then finds every invitation queued already.
    Meeting.objects.select_for_update(no_key=True).filter(pk=meeting.pk).first()

    sent = 0
    for voter in meeting.voters.select_related("member", "user"):
        email = voter.user.email if voter.user else voter.member.email
        page = settings.SITE_URL + reverse("voting:meeting", args=[meeting.pk])
        checkin = settings.SITE_URL + reverse(
            "voting:teller_code", args=[meeting.pk, voter.checkin_code]
        )
        qr = segno.make(checkin, error="m").svg_inline(scale=6)
        _notification, created = notification_queue(
            kind="voting.invitation",
            recipient=email,
            language=(voter.user.language if voter.user else "nl") or "nl",
            template="voting/email/invitation",
            context={"meeting": meeting, "voter": voter, "page": page},
            target=voter,
            attachments=[
                {"filename": "inchecken.svg", "content_type": "image/svg+xml", "content": qr}
            ],
        )
        sent += created
    audit_log(actor=actor, action="voting.invitations", target=meeting, data={"sent": sent})
    return sent

"""The outbox's part of a person's data export (core.privacy): every e-mail to one of their
addresses (the account's, its other verified addresses, the member register's), with its
subject, text, attachments and delivery.

``EXPORTED_MODELS`` and ``WITHHELD_MODELS`` declare the coverage of this module; a test fails
when a model holding personal data is covered by no privacy module."""

from django.db.models import Q

from notifications.models import Notification

EXPORTED_MODELS = (Notification,)
WITHHELD_MODELS: dict = {}

WITHHELD = [
    "The HTML copy of each e-mail (its text is given) and technical delivery errors.",
]


def addresses_of(user) -> set[str]:
    """The user's e-mail addresses, in lower case. Duck-typed on the account and its allauth
    addresses and member row, so that notifications imports no app above it."""
    addresses = {user.email}
    addresses |= set(user.emailaddress_set.values_list("email", flat=True))
    member = getattr(user, "member", None)
    if member is not None and member.email:
        addresses.add(member.email)
    return {address.lower() for address in addresses if address}


def export_emails(user):
    to_user = Q()
    for address in sorted(addresses_of(user)):
        to_user |= Q(recipient__iexact=address)
    emails = Notification.objects.filter(to_user).order_by("created_at", "pk")
    return {
        "emails": [
            {
                "to": email.recipient,
                "kind": email.kind,
                "subject": email.subject,
                "text": email.body_text,
                "attachments": email.attachments,
                "status": email.status,
                "queued_at": email.created_at,
                "sent_at": email.sent_at,
            }
            for email in emails
        ],
        "withheld": WITHHELD,
    }, []


def erase_emails(user) -> list:
    """An erased person's e-mails leave the outbox with them (sent or not): what they said
    was about the person. Nothing of it is kept."""
    to_user = Q()
    for address in sorted(addresses_of(user)):
        to_user |= Q(recipient__iexact=address)
    Notification.objects.filter(to_user).delete()
    return []

"""The vacancies' part of a person's data export (core.privacy): where they are a vacancy's
contact person (found by e-mail address, as the contact has no account link), and the deadline
extensions they decided.

``EXPORTED_MODELS`` and ``WITHHELD_MODELS`` declare the coverage of this module; a test fails
when a model holding personal data is covered by no privacy module."""

from django.db.models import Q

from vacancies.models import Contact, DeadlineExtension

EXPORTED_MODELS = (Contact, DeadlineExtension)
WITHHELD_MODELS: dict = {}


def export_vacancy_roles(user):
    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    yours = Q()
    for address in sorted(a.lower() for a in addresses if a):
        yours |= Q(email__iexact=address)
    return {
        "contact_person_of": list(
            Contact.objects.filter(yours)
            .order_by("pk")
            .values("vacancy__title", "name", "role", "topic", "email", "phone")
        ),
        "deadline_extensions_decided": list(
            DeadlineExtension.objects.filter(decided_by=user)
            .order_by("decided_at")
            .values("vacancy__title", "old_deadline", "new_deadline", "reason", "decided_at")
        ),
    }, []

"""Fuzzing the applicant's choices about their data (issue #27, part 5) and the privacy
statement: the retention choice (one choice field), the two confirmations (a button and no
fields: whatever else a body holds is ignored), and the public statement (its query string)."""

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import DiversityResponse, Retention
from tests.factories import ApplicationFactory, UserFactory, submitted
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


def sent_with_answers(applicant):
    application = submitted(ApplicationFactory(applicant=applicant))
    DiversityResponse.objects.create(
        application=application, dimension="colour", value="yes", show_to_committee=True
    )
    return application


@fuzz.fuzzes("applications:retention")
def test_fuzz_the_retention_choice(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    application = sent_with_answers(applicant)
    fuzz.run(
        Target(
            "applications:retention",
            client,
            reverse("applications:retention", args=[application.pk]),
        ),
        forms({"retention": any_of(*Retention.values, "")}),
        request,
    )


CONFIRMATIONS = (
    "applications:self_identification_delete",
    "applications:political_consent_withdraw",
)


@pytest.mark.parametrize("name", CONFIRMATIONS)
@fuzz.fuzzes(*CONFIRMATIONS)
def test_fuzz_the_confirmations(client, request, name):
    applicant = UserFactory()
    client.force_login(applicant)
    application = sent_with_answers(applicant)
    fuzz.run(
        Target(name, client, reverse(name, args=[application.pk])),
        forms({"confirm": any_of("1", "")}),
        request,
    )


@fuzz.fuzzes("privacy")
def test_fuzz_the_privacy_statement(request):
    fuzz.run(
        Target("privacy", Client(), reverse("privacy"), method="get"),
        forms({"lang": any_of("en", "nl"), "q": hostile_text(100)}),
        request,
    )

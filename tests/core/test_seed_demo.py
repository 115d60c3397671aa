from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from members.models import Member, User
from review.models import ConceptListEntry
from vacancies.models import DeadlineExtension, Vacancy, VacancyStatus


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_always_has_open_vacancies():
    call_command("seed_demo", force=True, stdout=StringIO())
    counts = (User.objects.count(), Member.objects.count(), Vacancy.objects.count())

    call_command("seed_demo", force=True, stdout=StringIO())

    assert (User.objects.count(), Member.objects.count(), Vacancy.objects.count()) == counts
    assert Vacancy.objects.accepting_applications().count() == 4
    assert Vacancy.objects.filter(status=VacancyStatus.CLOSED).count() == 1
    assert Vacancy.objects.get(slug="landelijk-bestuur").portfolios.count() == 7
    assert DeadlineExtension.objects.filter(vacancy__kind="candidate_list").count() == 1
    assert Vacancy.objects.get(language="da").local_deadline.strftime("%H:%M") == "12:00"
    entries = ConceptListEntry.objects.filter(
        concept_list__vacancy__slug="kandidatenlijst-tweede-kamer"
    ).select_related("application")
    assert all(entry.application.list_gender in ("m", "v") for entry in entries)
    assert [entry.consent_received_at is not None for entry in entries].count(False) == 1
    assert [entry.is_pusher for entry in entries][-1]


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

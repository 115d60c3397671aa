"""Consent that can be withdrawn from the portal at any time (issue #27, part 5): the
self-identification answers deleted, the retention choice changed, the consent to process
political data withdrawn, with what that means for the application said plainly.

Each action works for the applicant, also after sending and after withdrawing; it is refused
to anyone else (404, as for an application that does not exist) and to the anonymous (sign in
first); a GET shows what an action means and changes nothing."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
    DiversityResponse,
    Retention,
)
from applications.rules import submission_problems
from applications.services import (
    application_withdraw,
    political_consent_withdraw,
    retention_choice_change,
    self_identification_delete,
)
from core import retention as retention_settings
from core.errors import ServiceError
from core.models import AuditEntry
from review.selectors import representation
from tests.factories import (
    ApplicationFactory,
    MilestoneFactory,
    UserFactory,
    VacancyFactory,
    submitted,
)
from tests.races import race
from vacancies.models import MilestoneDate, MilestoneKind, RepresentationGroup

ROUTES = {
    "answers": "/sollicitaties/{pk}/zelfidentificatie/verwijderen/",
    "retention": "/sollicitaties/{pk}/bewaartermijn/",
    "consent": "/sollicitaties/{pk}/toestemming/intrekken/",
}
# What a POST to each route sends from the portal.
POSTED = {"answers": {}, "retention": {"retention": Retention.ONE_YEAR}, "consent": {}}


def answer(application, dimension, value, shown=True):
    return DiversityResponse.objects.create(
        application=application, dimension=dimension, value=value, show_to_committee=shown
    )


def stored(application) -> tuple:
    """What the three actions could change, as the database holds it."""
    row = Application.objects.get(pk=application.pk)
    answers = sorted(
        DiversityResponse.objects.filter(application=application).values_list("dimension", "value")
    )
    return row.status, row.consent_political_data, row.retention, answers


def actions_on(application) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(application.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def sent(db):
    application = submitted(ApplicationFactory())
    answer(application, "gender", "woman")
    answer(application, "colour", "yes", shown=False)
    return application


# --- Self-identification answers --------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_deletes_their_answers_after_a_confirmation(client, sent):
    client.force_login(sent.applicant)
    url = ROUTES["answers"].format(pk=sent.pk)
    before = stored(sent)

    confirmation = client.get(url)

    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Je hebt 2 antwoorden over wie je bent gegeven" in page
    assert 'method="post"' in page and "Ja, verwijder mijn antwoorden" in page
    assert stored(sent) == before  # the GET changed nothing

    response = client.post(url, follow=True)

    assert not DiversityResponse.objects.filter(application=sent).exists()
    assert "Je antwoorden zijn verwijderd." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/sollicitaties/{sent.pk}/#privacy-choices")
    entry = AuditEntry.objects.get(action="applications.self_identification_deleted")
    assert entry.actor == sent.applicant and entry.data == {"answers": 2}
    # The application itself is as it was.
    assert stored(sent)[:3] == before[:3]


@pytest.mark.django_db
def test_answers_can_be_deleted_after_withdrawing(client, sent):
    application_withdraw(application=sent, actor=sent.applicant)
    client.force_login(sent.applicant)

    detail = client.get(f"/sollicitaties/{sent.pk}/").content.decode()
    assert "Verwijder mijn antwoorden" in detail

    client.post(ROUTES["answers"].format(pk=sent.pk))

    assert not DiversityResponse.objects.filter(application=sent).exists()


@pytest.mark.django_db
def test_deleting_twice_deletes_nothing_more_and_says_so(client, sent):
    client.force_login(sent.applicant)
    url = ROUTES["answers"].format(pk=sent.pk)
    client.post(url)

    again = client.post(url, follow=True).content.decode()

    assert "Er waren geen antwoorden om te verwijderen." in again
    assert actions_on(sent).count("applications.self_identification_deleted") == 1


@pytest.mark.django_db
def test_after_deletion_the_committee_overview_no_longer_counts_the_answers(sent):
    vacancy = VacancyFactory()
    candidates = [submitted(ApplicationFactory(vacancy=vacancy)) for _ in range(12)]
    for application in candidates[:6]:
        answer(application, "colour", "yes")
    ids = [a.pk for a in candidates]

    def people_of_colour_on_the_whole_list():
        whole = representation(vacancy=vacancy, application_ids=ids, top=4)[1]
        return next(g for g in whole.groups if g.key == RepresentationGroup.PEOPLE_OF_COLOUR)

    assert people_of_colour_on_the_whole_list().count == 6

    self_identification_delete(application=candidates[0], actor=candidates[0].applicant)

    assert people_of_colour_on_the_whole_list().count == 5
    assert not DiversityResponse.objects.filter(application=candidates[0]).exists()
    assert DiversityResponse.objects.filter(application__in=candidates[1:]).count() == 5


# --- The retention choice ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_retention_choice_changes_after_sending_and_after_withdrawing(client, sent):
    client.force_login(sent.applicant)
    url = ROUTES["retention"].format(pk=sent.pk)

    response = client.post(url, {"retention": Retention.ONE_YEAR}, follow=True)

    sent.refresh_from_db()
    assert sent.retention == Retention.ONE_YEAR
    assert "Je keuze is opgeslagen." in response.content.decode()
    entry = AuditEntry.objects.get(action="applications.retention_changed")
    assert entry.data == {"from": Retention.PROCEDURE, "to": Retention.ONE_YEAR}

    application_withdraw(application=sent, actor=sent.applicant)
    client.post(url, {"retention": Retention.PROCEDURE})

    sent.refresh_from_db()
    assert (sent.status, sent.retention) == (ApplicationStatus.WITHDRAWN, Retention.PROCEDURE)


@pytest.mark.django_db
def test_an_unknown_retention_choice_is_refused_and_a_get_changes_nothing(client, sent):
    client.force_login(sent.applicant)
    url = ROUTES["retention"].format(pk=sent.pk)
    before = stored(sent)

    assert client.get(url).status_code == 405
    refused = client.post(url, {"retention": "forever"}, follow=True).content.decode()

    assert "Kies een van de mogelijkheden." in refused
    assert stored(sent) == before
    assert "applications.retention_changed" not in actions_on(sent)


@pytest.mark.parametrize(
    "spelled", ["ONE_YEAR", " one_year", "one_year ", "one_year\x00", "one-year", "1", "٣"]
)
def test_a_retention_choice_spelled_otherwise_is_refused_not_stored(client, sent, spelled):
    """Only the choice's own value is stored: no case, space, NUL or digit variant of it."""
    client.force_login(sent.applicant)
    before = stored(sent)

    client.post(ROUTES["retention"].format(pk=sent.pk), {"retention": spelled})

    assert stored(sent) == before
    assert "applications.retention_changed" not in actions_on(sent)


@pytest.mark.django_db
def test_the_portal_states_the_periods_from_the_retention_settings(client, sent, monkeypatch):
    client.force_login(sent.applicant)
    detail = client.get(f"/sollicitaties/{sent.pk}/").content.decode()
    assert "Verwijder mijn gegevens 4 weken na afloop van de procedure" in detail

    monkeypatch.setattr(
        retention_settings,
        "PERIODS",
        tuple(
            replace(period, kept_for=timedelta(weeks=6))
            if period.key == "application_procedure"
            else period
            for period in retention_settings.PERIODS
        ),
    )

    detail = client.get(f"/sollicitaties/{sent.pk}/").content.decode()
    assert "Verwijder mijn gegevens 6 weken na afloop van de procedure" in detail


@pytest.mark.django_db
def test_keeping_on_file_needs_the_political_consent(sent):
    application_withdraw(application=sent, actor=sent.applicant)
    political_consent_withdraw(application=sent, actor=sent.applicant)

    with pytest.raises(ServiceError, match="toestemming"):
        retention_choice_change(
            application=sent, retention=Retention.ONE_YEAR, actor=sent.applicant
        )

    sent.refresh_from_db()
    assert sent.retention == Retention.PROCEDURE


# --- The consent to process political data --------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_the_political_consent_withdraws_an_application_in_procedure(client, sent):
    retention_choice_change(application=sent, retention=Retention.ONE_YEAR, actor=sent.applicant)
    client.force_login(sent.applicant)
    url = ROUTES["consent"].format(pk=sent.pk)
    before = stored(sent)

    confirmation = client.get(url).content.decode()

    assert "Je sollicitatie wordt ingetrokken." in confirmation
    assert "kan de commissie haar niet meer bekijken" in confirmation
    assert "Trek mijn toestemming en mijn sollicitatie in" in confirmation
    assert stored(sent) == before  # the GET changed nothing

    response = client.post(url, follow=True)

    sent.refresh_from_db()
    assert sent.status == ApplicationStatus.WITHDRAWN
    assert sent.withdrawn_at is not None
    assert not sent.consent_political_data
    assert sent.retention == Retention.PROCEDURE  # no longer kept on file either
    page = response.content.decode()
    assert "Je hebt je toestemming ingetrokken, en daarmee je sollicitatie." in page
    assert actions_on(sent)[-2:] == [
        "applications.withdraw",
        "applications.political_consent_withdrawn",
    ]
    entry = AuditEntry.objects.get(action="applications.political_consent_withdrawn")
    assert entry.data == {"application_withdrawn": True, "retention_was": Retention.ONE_YEAR}


@pytest.mark.django_db
def test_after_the_last_day_to_withdraw_the_consent_stays_and_the_page_says_why(client, sent):
    last_day = MilestoneFactory(vacancy=sent.vacancy, kind=MilestoneKind.WITHDRAWAL_DEADLINE)
    MilestoneDate.objects.create(milestone=last_day, date=timezone.localdate() - timedelta(days=1))
    client.force_login(sent.applicant)
    before = stored(sent)

    response = client.post(ROUTES["consent"].format(pk=sent.pk), follow=True)

    assert stored(sent) == before
    page = response.content.decode()
    assert "Je toestemming is niet ingetrokken" in page
    assert "laatste dag om je terug te trekken is voorbij" in page
    assert "applications.political_consent_withdrawn" not in actions_on(sent)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.NOT_SELECTED])
def test_the_consent_of_an_application_out_of_the_procedure_is_withdrawn_alone(
    client, sent, status
):
    Application.objects.filter(pk=sent.pk).update(status=status)
    client.force_login(sent.applicant)

    confirmation = client.get(ROUTES["consent"].format(pk=sent.pk)).content.decode()
    assert "niet meer in de procedure" in confirmation

    response = client.post(ROUTES["consent"].format(pk=sent.pk), follow=True)

    sent.refresh_from_db()
    assert (sent.status, sent.consent_political_data) == (status, False)
    assert "Je hebt je toestemming ingetrokken." in response.content.decode()
    assert "applications.withdraw" not in actions_on(sent)


@pytest.mark.django_db
def test_a_draft_without_the_consent_stays_a_draft_that_cannot_be_sent():
    draft = ApplicationFactory()

    political_consent_withdraw(application=draft, actor=draft.applicant)

    draft.refresh_from_db()
    assert (draft.status, draft.consent_political_data) == (ApplicationStatus.DRAFT, False)
    assert any("toestemming" in problem for problem in submission_problems(draft))


@pytest.mark.django_db
def test_withdrawing_twice_changes_nothing_the_second_time(client, sent):
    client.force_login(sent.applicant)
    url = ROUTES["consent"].format(pk=sent.pk)
    client.post(url)

    again = client.post(url, follow=True).content.decode()

    assert "Je hebt deze toestemming al ingetrokken." in again
    assert actions_on(sent).count("applications.political_consent_withdrawn") == 1


# --- Who may -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_someone_else_gets_a_404_and_nothing_changes(sent, route):
    other = Client()
    other.force_login(submitted(ApplicationFactory()).applicant)
    url = ROUTES[route].format(pk=sent.pk)
    before = stored(sent)

    assert other.get(url).status_code in (404, 405)  # the retention route takes POSTs only
    assert other.post(url, POSTED[route]).status_code == 404
    assert stored(sent) == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_the_anonymous_are_sent_to_sign_in(sent, route):
    url = ROUTES[route].format(pk=sent.pk)
    before = stored(sent)

    for response in (Client().get(url), Client().post(url, POSTED[route])):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert stored(sent) == before


@pytest.mark.django_db
def test_the_services_refuse_anyone_but_the_applicant(sent):
    stranger = UserFactory()
    before = stored(sent)

    for call in (
        lambda: self_identification_delete(application=sent, actor=stranger),
        lambda: retention_choice_change(
            application=sent, retention=Retention.ONE_YEAR, actor=stranger
        ),
        lambda: political_consent_withdraw(application=sent, actor=stranger),
    ):
        with pytest.raises(ServiceError):
            call()

    assert stored(sent) == before


# --- Races ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keeping_on_file_and_withdrawing_the_consent_at_once_never_keep_without_consent(
    monkeypatch,
):
    """Two tabs: one chooses a year on file while the other withdraws the consent. Whichever
    goes first, the application is never left on file without the consent."""
    application = submitted(ApplicationFactory())
    application_withdraw(application=application, actor=application.applicant)
    copy = Application.objects.get(pk=application.pk)  # each tab read it before the other wrote
    user = application.applicant

    outcomes = race(
        monkeypatch,
        "applications.services.audit_log",
        lambda: retention_choice_change(application=copy, retention=Retention.ONE_YEAR, actor=user),
        lambda: political_consent_withdraw(application=copy, actor=user),
    )

    assert [o.error for o in outcomes] == ["", ""], outcomes
    assert outcomes[1].done
    application.refresh_from_db()
    assert not application.consent_political_data
    assert application.retention == Retention.PROCEDURE

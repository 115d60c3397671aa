"""Who reaches an application in the committee's admin: every path refuses a member with a
conflict and lets an unconflicted member in; the chair hands conflicted files to the deputy."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import ApplicationFile, FileKind
from core.errors import ServiceError
from core.models import AuditEntry
from integrity.models import ConflictFlag, FlagStatus, RelationKind, Signal
from integrity.services import relation_declare
from review.selectors import acting_chair, applications_for_reviewer
from review.services import (
    committee_seat_add,
    committee_vacancy_add,
    conflict_resolve,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    CommitteeFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(settings, tmp_path):
    """A vacancy with a committee (chair, deputy, two members), one application with a voice
    note, and a relation that conflicts ``conflicted`` (and, where a test adds one, others)."""
    settings.MEDIA_ROOT = tmp_path
    vacancy = VacancyFactory()
    committee = committee_for(vacancy)
    people = {
        role: UserFactory(first_name=role.title())
        for role in ("chair", "deputy", "clean", "conflicted")
    }
    seat_ready(committee, people["chair"], role="chair")
    seat_ready(committee, people["deputy"], role="deputy_chair")
    seat_ready(committee, people["clean"])
    seat_ready(committee, people["conflicted"])
    application = submitted(ApplicationFactory(vacancy=vacancy))
    voice = ApplicationFile(
        application=application,
        kind=FileKind.VOICE,
        original_name="memo.webm",
        extension="webm",
        content_type="audio/webm",
        size=4,
    )
    voice.file.save("upload", ContentFile(b"webm"), save=True)
    relation_declare(
        person=people["conflicted"], other=application.applicant, kind=RelationKind.FAMILY
    )
    return {
        "vacancy": vacancy,
        "committee": committee,
        "application": application,
        "voice": voice,
        **people,
    }


def as_user(client, user):
    return sign_in_with_second_factor(client, user)


def test_the_admin_list_shows_the_application_only_to_the_unconflicted(client, procedure):
    url = reverse("admin:applications_application_changelist")

    clean = as_user(client, procedure["clean"]).get(url)
    assert clean.status_code == 200
    assert list(clean.context["cl"].result_list) == [procedure["application"]]

    client.logout()
    conflicted = as_user(client, procedure["conflicted"]).get(url)
    assert conflicted.status_code == 200
    assert list(conflicted.context["cl"].result_list) == []


def test_the_detail_page_refuses_the_conflicted_and_logs_the_visit(client, procedure):
    url = reverse("admin:applications_application_change", args=[procedure["application"].pk])

    assert as_user(client, procedure["conflicted"]).get(url).status_code == 404
    client.logout()
    response = as_user(client, procedure["clean"]).get(url)

    assert response.status_code == 200
    assert procedure["application"].motivation in response.content.decode()
    assert AuditEntry.objects.filter(
        action="review.application_viewed", actor=procedure["clean"]
    ).exists()


def test_media_downloads_refuse_the_conflicted(client, procedure):
    url = reverse("review:download", args=[procedure["voice"].uuid])

    assert as_user(client, procedure["conflicted"]).get(url).status_code == 404
    client.logout()
    response = as_user(client, procedure["clean"]).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"webm"
    assert AuditEntry.objects.filter(action="review.file_opened").count() == 1


def test_the_applicants_own_download_url_is_closed_to_the_committee(client, procedure):
    url = reverse("applications:download", args=[procedure["voice"].uuid])

    assert as_user(client, procedure["clean"]).get(url).status_code == 404


def test_staff_without_a_seat_and_superusers_see_no_application(client, procedure):
    board = UserFactory(is_staff=True, is_superuser=True, groups=["Bestuur"])
    as_user(client, board)

    changelist = client.get(reverse("admin:applications_application_changelist"))
    detail = client.get(
        reverse("admin:applications_application_change", args=[procedure["application"].pk])
    )

    assert changelist.status_code == 403
    assert detail.status_code in (403, 404)
    assert client.get(reverse("review:download", args=[procedure["voice"].uuid])).status_code == 404


def test_nothing_is_shown_before_the_agreement_is_accepted(client, procedure):
    newcomer = UserFactory()
    seat = committee_seat_add(committee=procedure["committee"], user=newcomer, actor=None)
    from review.services import seat_check

    seat_check(seat_id=seat.pk)

    assert list(applications_for_reviewer(user=newcomer)) == []
    response = as_user(client, newcomer).get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("review:confidentiality")

    client.post(reverse("review:confidentiality"), {"seat": seat.pk})
    assert list(applications_for_reviewer(user=newcomer)) == [procedure["application"]]


def test_a_seat_is_blind_until_its_conflict_check_ran(procedure):
    newcomer = UserFactory()
    seat = committee_seat_add(committee=procedure["committee"], user=newcomer, actor=None)
    from review.services import confidentiality_accept

    confidentiality_accept(seat=seat, actor=newcomer)

    assert list(applications_for_reviewer(user=newcomer)) == []


def test_an_applicant_cannot_sit_on_the_committee_of_their_procedure(procedure):
    applicant = procedure["application"].applicant

    with pytest.raises(ServiceError):
        committee_seat_add(committee=procedure["committee"], user=applicant, actor=None)


def test_a_committee_cannot_take_a_vacancy_one_of_its_members_applied_for(procedure):
    other_vacancy = VacancyFactory()
    ApplicationFactory(vacancy=other_vacancy, applicant=procedure["clean"])

    with pytest.raises(ServiceError):
        committee_vacancy_add(committee=procedure["committee"], vacancy=other_vacancy, actor=None)
    second = CommitteeFactory()
    with pytest.raises(ServiceError):
        committee_vacancy_add(committee=second, vacancy=procedure["vacancy"], actor=None)


def test_a_conflicted_chair_hands_the_file_to_the_deputy(client, procedure):
    application = procedure["application"]
    chair, deputy = procedure["chair"], procedure["deputy"]
    relation_declare(person=application.applicant, other=chair, kind=RelationKind.PARTNER)

    assert acting_chair(committee=procedure["committee"], application=application) == deputy
    flag = ConflictFlag.objects.get(person=procedure["conflicted"])
    with pytest.raises(ServiceError):
        conflict_resolve(flag=flag, status=FlagStatus.CONFIRMED, reason="", actor=chair)
    conflict_resolve(flag=flag, status=FlagStatus.CONFIRMED, reason="", actor=deputy)

    flags_url = reverse("admin:integrity_conflictflag_changelist")
    chair_sees = as_user(client, chair).get(flags_url).context["cl"].result_list
    assert list(chair_sees) == []
    detail_url = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(detail_url).status_code == 404
    client.logout()
    deputy_page = as_user(client, deputy).get(detail_url)
    assert deputy_page.context["is_acting_chair"] is True


def test_the_chair_resolves_a_named_relation_through_the_admin(client, procedure):
    application, clean = procedure["application"], procedure["clean"]
    relation_declare(person=application.applicant, other=clean, kind=RelationKind.FRIENDSHIP)
    flag = ConflictFlag.objects.get(person=clean, signal=Signal.RELATION_NAMED)
    assert application not in applications_for_reviewer(user=clean)

    as_user(client, procedure["chair"])
    url = reverse("admin:integrity_conflictflag_change", args=[flag.pk])
    refused = client.post(url, {"status": "dismissed", "reason": ""})
    assert refused.status_code == 200  # the form again, with the error
    assert ConflictFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN
    client.post(url, {"status": "dismissed", "reason": "Met once at a congress."})

    assert ConflictFlag.objects.get(pk=flag.pk).status == FlagStatus.DISMISSED
    assert application in applications_for_reviewer(user=clean)


def test_a_member_declares_a_relation_from_the_detail_page_and_loses_access(client, procedure):
    application, clean = procedure["application"], procedure["clean"]
    as_user(client, clean)

    response = client.post(
        reverse("admin:review_application_relation", args=[application.pk]),
        {"other": application.applicant_id, "kind": "employment", "note": "My manager."},
    )

    assert response.status_code == 302
    assert application not in applications_for_reviewer(user=clean)
    url = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(url).status_code == 404


def test_the_applicant_names_a_committee_member_on_their_own_page(client, procedure):
    application = procedure["application"]
    client.force_login(application.applicant)
    url = reverse("integrity:name_relations", args=[application.pk])

    page = client.get(url)
    assert procedure["clean"].get_full_name() in page.content.decode()
    client.post(url, {"other": procedure["clean"].pk, "kind": "household", "note": ""})

    assert ConflictFlag.objects.filter(
        person=procedure["clean"], application=application, signal=Signal.RELATION_NAMED
    ).exists()
    other_applicant = UserFactory()
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404


def test_declarations_are_read_by_the_acting_chair_only(client, procedure):
    from integrity.models import Declaration
    from integrity.permissions import can_view_declaration

    application = procedure["application"]
    declaration = Declaration(user=application.applicant)

    assert can_view_declaration(procedure["chair"], declaration)
    assert not can_view_declaration(procedure["clean"], declaration)
    relation_declare(person=procedure["chair"], other=application.applicant, kind="family")
    assert not can_view_declaration(procedure["chair"], declaration)
    assert can_view_declaration(procedure["deputy"], declaration)


def test_a_second_vacancy_for_the_committee_is_checked_for_its_members(procedure):
    vacancy = VacancyFactory()
    application = submitted(ApplicationFactory(vacancy=vacancy))
    committee_vacancy_add(committee=procedure["committee"], vacancy=vacancy, actor=None)
    from review.models import CommitteeMember
    from review.services import seat_check

    # Until the seat is checked again, this vacancy included, the member sees nothing.
    assert list(applications_for_reviewer(user=procedure["clean"])) == []
    seat_check(seat_id=CommitteeMember.objects.get(user=procedure["clean"]).pk)

    assert application in applications_for_reviewer(user=procedure["clean"])


def test_the_catch_up_checks_every_unchecked_seat_at_once(procedure):
    from review.models import CommitteeMember
    from review.services import seats_check_unchecked

    first, second = UserFactory(), UserFactory()
    for person in (first, second):
        committee_seat_add(committee=procedure["committee"], user=person, actor=None)
    relation_declare(person=first, other=procedure["application"].applicant, kind="family")

    seats_check_unchecked()

    assert not CommitteeMember.objects.filter(conflicts_checked_at__isnull=True).exists()
    assert ConflictFlag.objects.filter(person=first, signal=Signal.RELATION_DECLARED).exists()


@pytest.mark.parametrize("posted_id", [":", "1e3", "٣", "9" * 30, "-1"])
def test_an_unreadable_vacancy_id_on_the_committee_form_is_a_form_error(staff_client, posted_id):
    """The vacancy field's autocomplete widget once fed the posted id to the database as it
    came, and ':' made a 500 of the board's committee form."""
    form = {
        "name": "Commissie X",
        "vacancy_links-TOTAL_FORMS": "1",
        "vacancy_links-INITIAL_FORMS": "0",
        "vacancy_links-0-vacancy": posted_id,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }

    response = staff_client.post(reverse("admin:review_committee_add"), form)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()

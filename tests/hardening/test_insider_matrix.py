"""The insiders' matrix (issue 29): beside the access matrix, which keeps outsiders and wrong
roles out, this one asks what people *with* a role in the committee's work can do beyond it.
A world of two committees — X judging a candidate list, Y judging another vacancy — and one
row per path into X's work, requested as each insider:

- ``member``, ``chair`` and ``secretary`` of X, all past the gate (agreement accepted, seat
  checked);
- ``chair_unaccepted``: X's deputy chair, seat checked, agreement not accepted yet;
- ``member_y``: a ready member of committee Y;
- ``board``: a board member without a seat;
- ``disputes``, ``integrity``, ``teller``: the disputes committee, an integrity officer and an
  ALV chair or teller, staff with a role of their own beside the committee's work;
- ``superuser``: the technical superuser, whose flag opens no rule-based page.

Rows marked "may do but must not" are things the role's pages make possible and nobody
should be able to do: filter on the others' scores before scoring, re-point an existing
vacancy link in place, open another committee's objects by id.

A GET counts as ALLOW on a 2xx (or 409: the export looked at the content, past the check);
as DENY on 403/404, or a redirect to the admin's index (its "not found") or to the
confidentiality agreement. A POST counts as ALLOW only when it took effect. Each request runs
in a savepoint that is rolled back.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.roles import ALV_CHAIR, DISPUTES_COMMITTEE, INTEGRITY_OFFICER
from review.models import (
    CommitteeMember,
    CommitteeVacancy,
    ConceptListEntry,
    InterviewSlot,
    Recommendation,
    ReviewRound,
)
from review.selectors import concept_list_of
from review.services import committee_seat_add, concept_list_save, scorecard_save, seat_check
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from vacancies.models import Requirement, VacancyKind

pytestmark = pytest.mark.django_db

MEMBER, CHAIR, SECRETARY = "member", "chair", "secretary"
CHAIR_UNACCEPTED, MEMBER_Y, BOARD = "chair_unaccepted", "member_y", "board"
DISPUTES, INTEGRITY, TELLER, SUPERUSER = "disputes", "integrity", "teller", "superuser"
ROLES = (
    MEMBER,
    CHAIR,
    SECRETARY,
    CHAIR_UNACCEPTED,
    MEMBER_Y,
    BOARD,
    DISPUTES,
    INTEGRITY,
    TELLER,
    SUPERUSER,
)
# Staff roles outside the committee's work: none of them reaches it.
STAFF_ROLE_GROUPS = {
    DISPUTES: DISPUTES_COMMITTEE,
    INTEGRITY: INTEGRITY_OFFICER,
    TELLER: ALV_CHAIR,
}
ALLOW, DENY = "ALLOW", "DENY"

X_WORKERS = frozenset({MEMBER, CHAIR, SECRETARY})
X_EDITORS = frozenset({CHAIR, SECRETARY})
NOBODY = frozenset()


@dataclass
class World:
    users: dict
    objects: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_world() -> World:
    vacancy_x = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST, title="Lijst X")
    requirement = Requirement.objects.create(vacancy=vacancy_x, text="Ervaring", weight=1)
    committee_x = committee_for(vacancy_x, name="Commissie X")
    vacancy_y = VacancyFactory(title="Vacature Y")
    committee_y = committee_for(vacancy_y, name="Commissie Y")
    target = VacancyFactory(title="Nog zonder commissie")
    users = {role: UserFactory(last_name=role) for role in ROLES}
    users["scorer"] = UserFactory(last_name="scorer")
    users[BOARD].groups.add(*_groups("Bestuur"))
    users[BOARD].is_staff = True
    users[BOARD].save()
    for role, group in STAFF_ROLE_GROUPS.items():
        users[role].groups.add(*_groups(group))
        users[role].is_staff = True
        users[role].save()
    users[SUPERUSER].is_staff = users[SUPERUSER].is_superuser = True
    users[SUPERUSER].save()
    seat_ready(committee_x, users[CHAIR], role="chair")
    seat_ready(committee_x, users[SECRETARY], role="secretary")
    seat_ready(committee_x, users[MEMBER])
    seat_ready(committee_x, users["scorer"])
    unaccepted = committee_seat_add(
        committee=committee_x, user=users[CHAIR_UNACCEPTED], role="deputy_chair", actor=None
    )
    seat_check(seat_id=unaccepted.pk)
    seat_ready(committee_y, users[MEMBER_Y])
    # Someone on X has a draft for the target: a link to it would need the service's check.
    ApplicationFactory(vacancy=target, applicant=users[MEMBER])
    first = submitted(ApplicationFactory(vacancy=vacancy_x, first_name="Eerste"))
    second = submitted(ApplicationFactory(vacancy=vacancy_x, first_name="Tweede"))
    for application, value in ((first, 5), (second, 1)):
        scorecard_save(
            reviewer=users["scorer"],
            application=application,
            scores={requirement.pk: (value, "")},
            recommendation=Recommendation.YES,
            submit=True,
        )
    concept_list = concept_list_of(vacancy=vacancy_x)
    concept_list.not_selected_reason = "Sterkere kandidaten."
    concept_list.save()
    concept_list_save(
        concept_list=concept_list, places=[{"application_id": first.pk}], actor=users[CHAIR]
    )
    slot = InterviewSlot.objects.create(
        vacancy=vacancy_x,
        round=ReviewRound.ROUND_1,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
        online_link="https://meet.example.org/x",
    )
    return World(
        users=users,
        objects={
            "vacancy_x": vacancy_x,
            "committee_x": committee_x,
            "link_x": CommitteeVacancy.objects.get(committee=committee_x),
            "target": target,
            "first": first,
            "second": second,
            "concept_list": concept_list,
            "slot": slot,
        },
    )


def _groups(*names):
    from django.contrib.auth.models import Group

    return [Group.objects.get_or_create(name=name)[0] for name in names]


@dataclass(frozen=True)
class Row:
    name: str
    url: object  # world -> str
    allowed: frozenset
    data: object = None  # world -> dict: a POST
    effect: object = None  # world -> a value that changes when the POST took effect
    check: object = None  # (response) -> ALLOW/DENY, instead of the status


def _admin(name, *args):
    return lambda w: reverse(f"admin:{name}", args=[arg(w) for arg in args])


def _x(w):
    return w.vacancy_x.pk


def _filtered_rows(response) -> str:
    """Filtering on the others' scores before one's own card: ALLOW when the filter told
    anything apart (some rows, or all of them, answered it)."""
    if response.status_code != 200:
        return DENY
    return ALLOW if list(response.context["cl"].result_list) else DENY


def _entries(w):
    return list(
        ConceptListEntry.objects.filter(concept_list=w.concept_list).values_list(
            "application_id", flat=True
        )
    )


def _committee_form_repointing(w) -> dict:
    committee, link = w.committee_x, w.link_x
    seats = list(CommitteeMember.objects.filter(committee=committee).order_by("pk"))
    data = {
        "name": committee.name,
        "confidentiality_text": committee.confidentiality_text,
        "vacancy_links-TOTAL_FORMS": "1",
        "vacancy_links-INITIAL_FORMS": "1",
        "vacancy_links-MIN_NUM_FORMS": "0",
        "vacancy_links-MAX_NUM_FORMS": "1000",
        "vacancy_links-0-id": str(link.pk),
        "vacancy_links-0-committee": str(committee.pk),
        "vacancy_links-0-vacancy": str(w.target.pk),
        "members-TOTAL_FORMS": str(len(seats)),
        "members-INITIAL_FORMS": str(len(seats)),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for n, seat in enumerate(seats):
        data.update(
            {
                f"members-{n}-id": str(seat.pk),
                f"members-{n}-committee": str(committee.pk),
                f"members-{n}-user": str(seat.user_id),
                f"members-{n}-role": seat.role,
            }
        )
    return data


ROWS = [
    Row(
        "the review page of X's application",
        _admin("applications_application_change", lambda w: w.first.pk),
        X_WORKERS,
    ),
    Row("X's list builder", _admin("review_conceptlist_build", _x), X_WORKERS),
    Row("X's ranking page", _admin("review_conceptlist_rank", _x), X_WORKERS),
    Row("X's advice overview", _admin("review_conceptlist_advice", _x), X_WORKERS),
    Row("X's interview planning", _admin("review_interviewslot_plan", _x), X_WORKERS),
    Row(
        "X's slot by id (may do but must not: other committees)",
        _admin("review_interviewslot_change", lambda w: w.slot.pk),
        X_WORKERS,
    ),
    Row(
        "X's slot history by id",
        _admin("review_interviewslot_history", lambda w: w.slot.pk),
        X_WORKERS,
    ),
    Row(
        "X's list settings by id (may do but must not: other committees)",
        _admin("review_conceptlist_change", lambda w: w.concept_list.pk),
        X_WORKERS,
    ),
    Row(
        "X's list settings history by id",
        _admin("review_conceptlist_history", lambda w: w.concept_list.pk),
        X_WORKERS,
    ),
    Row(
        "the committee's advice PDF",
        lambda w: reverse("exports:committee_advice", args=[_x(w)]),
        X_EDITORS | {BOARD},
    ),
    Row(
        "the internal candidate list PDF (dates of birth)",
        lambda w: reverse("exports:candidate_list_internal_pdf", args=[_x(w)]),
        X_EDITORS | {BOARD},
    ),
    Row(
        "the conflict flags of X's applications",
        _admin("integrity_conflictflag_changelist"),
        frozenset({CHAIR, INTEGRITY}),  # the officer reviews the chairs' decisions
    ),
    Row(
        "save X's list",
        _admin("review_conceptlist_build", _x),
        X_EDITORS,
        data=lambda w: {
            "places": f'[{{"application_id": {w.second.pk}}}]',
            "reason": "x",
            "revision": str(concept_list_of(vacancy=w.vacancy_x).revision),
        },
        effect=_entries,
    ),
    Row(
        "send X's confidential notice",
        _admin("review_conceptlist_build", _x),
        X_EDITORS,
        data=lambda w: {"op": "notice", "not_selected_reason": "Sterkere kandidaten."},
        effect=lambda w: concept_list_of(vacancy=w.vacancy_x).notice_sent_at,
    ),
    Row(
        "filter on the others' average before scoring (may do but must not)",
        lambda w: reverse("admin:applications_application_changelist") + "?all_mean__gte=3",
        NOBODY,
        check=_filtered_rows,
    ),
    Row(
        "filter on the others' card count before scoring (may do but must not)",
        lambda w: reverse("admin:applications_application_changelist") + "?card_count=1",
        NOBODY,
        check=_filtered_rows,
    ),
    Row(
        "re-point X's vacancy link in place (may do but must not)",
        _admin("review_committee_change", lambda w: w.committee_x.pk),
        NOBODY,
        data=_committee_form_repointing,
        effect=lambda w: CommitteeVacancy.objects.get(pk=w.link_x.pk).vacancy_id,
    ),
]

DENYING_REDIRECTS = ("/admin/", "/commissie/vertrouwelijkheid/", "/accounts/login/")


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300 or status == 409:
        return ALLOW
    if 300 <= status < 400 and urlsplit(response["Location"]).path in DENYING_REDIRECTS:
        return DENY
    if status in (403, 404):
        return DENY
    return f"ERROR {status}"


def _request(client, world, row):
    with transaction.atomic():
        try:
            url = row.url(world)
            if row.data is None:
                response = client.get(url)
                return row.check(response) if row.check else classify(response), response
            before = row.effect(world)
            response = client.post(url, row.data(world))
            return (ALLOW if row.effect(world) != before else DENY), response
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_each_insider_does_exactly_their_job(client, settings, tmp_path, role):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    sign_in_with_second_factor(client, world.users[role])
    differences = []
    for row in ROWS:
        expected = ALLOW if role in row.allowed else DENY
        actual, response = _request(client, world, row)
        if actual != expected:
            where = response.get("Location", "") if response is not None else ""
            differences.append(
                f"{row.name}: expected {expected}, got {actual} ({response.status_code} {where})"
            )
    assert not differences, f"role {role}:\n" + "\n".join(differences)

"""Fuzzing the ALV: the member's proxy form and online check-in, the ballot of each kind of
poll and the cast endpoint (its JSON receipts), the chair's console, the tellers' desk and
QR page, the paper-ballot desk, the candidate-list pages, and the public JSON and CSV
endpoints whose only input is their path."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from applications.models import ApplicationStatus
from members.roles import ALV_CHAIR
from review.models import ConceptListEntry
from review.selectors import concept_list_of
from tests.conftest import sign_in_with_second_factor
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.hardening import fuzz
from tests.hardening.fuzz import (
    Target,
    any_of,
    forms,
    hostile_text,
    numbers,
    with_url_args,
)
from tests.voting.conftest import make_meeting, make_poll, make_voters
from vacancies.models import VacancyKind
from voting.models import AmendmentKind, ListVote, ListVoteMethod, PollKind, VoteRecord
from voting.paper_services import paper_ballots_prepare
from voting.services import ballot_cast, poll_close, poll_open, proxy_give

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

ANSWERS = ("yes", "no", "abstain")


@pytest.fixture
def alv():
    """An ALV with four members present (the first holds the second's proxy), an open poll of
    each kind, a closed ranked poll, paper codes, and two list votes."""
    meeting = make_meeting(online=True)
    voters = make_voters(meeting, 4)
    proxy_give(principal=voters[1], holder_number=voters[0].membership_number, actor=None)
    polls = {
        PollKind.YES_NO_ABSTAIN: make_poll(meeting, labels=("Amal", "Bram")),
        PollKind.APPROVAL: make_poll(
            meeting, labels=("Amal", "Bram", "Chris"), kind=PollKind.APPROVAL, seats=2
        ),
        PollKind.RANKED: make_poll(
            meeting, labels=("Amal", "Bram", "Chris"), kind=PollKind.RANKED, method="irv"
        ),
    }
    for poll in polls.values():
        poll_open(poll=poll, actor=None)
    closed = make_poll(meeting, labels=("Dewi", "Eva"), kind=PollKind.RANKED, method="irv")
    poll_open(poll=closed, actor=None)
    options = list(closed.options.values_list("pk", flat=True))
    ballot_cast(poll=closed, voter=voters[2], choices=options)
    poll_close(poll=closed, actor=None)
    member = Client()
    member.force_login(voters[0].user)
    chair = sign_in_with_second_factor(Client(), UserFactory(groups=[ALV_CHAIR]))
    return {
        "meeting": meeting,
        "voters": voters,
        "polls": polls,
        "closed": closed,
        "codes": paper_ballots_prepare(poll=polls[PollKind.YES_NO_ABSTAIN], count=3, actor=None),
        "member": member,
        "chair": chair,
        "list_votes": list_votes(meeting),
    }


def list_votes(meeting) -> dict:
    votes = {}
    for method in ListVoteMethod.values:
        vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
        candidates = [
            ApplicationFactory(vacancy=vacancy, first_name=name, status=ApplicationStatus.ADVISED)
            for name in ("Anna", "Bram", "Chris")
        ]
        for position, candidate in enumerate(candidates[:2], 1):
            ConceptListEntry.objects.create(
                concept_list=concept_list_of(vacancy=vacancy),
                application=candidate,
                position=position,
            )
        votes[method] = ListVote.objects.create(
            meeting=meeting, vacancy=vacancy, method=method, leader_first=True
        )
    return votes


def subjects(alv) -> list[int]:
    return [voter.pk for voter in alv["voters"]]


def ballot_fields(poll, prefixes) -> dict:
    """A ballot's fields under each prefix (``v<voter id>`` on the screen, ``paper`` at the
    desk), as the ballot form and the confirmation post them."""
    options = list(poll.options.values_list("pk", flat=True))
    fields = {}
    for prefix in prefixes:
        if poll.kind == PollKind.YES_NO_ABSTAIN:
            for pk in options:
                fields[f"{prefix}-option_{pk}"] = any_of(*ANSWERS)
        elif poll.kind == PollKind.APPROVAL:
            fields[f"{prefix}-approve"] = st.lists(numbers(*options), max_size=4)
        else:
            for pk in options:
                fields[f"{prefix}-place_{pk}"] = any_of("1", "2", "3", "")
            fields[f"{prefix}-rank"] = st.lists(numbers(*options), max_size=4)
    return fields


@pytest.mark.parametrize("kind", PollKind.values)
@fuzz.fuzzes("voting:ballot")
def test_fuzz_the_ballot(alv, kind, request):
    poll = alv["polls"][kind]
    prefixes = [f"v{pk}" for pk in subjects(alv)]
    fields = {**ballot_fields(poll, prefixes), "step": any_of("check", "change", "")}
    fuzz.run(
        Target(
            f"voting:ballot ({kind})",
            alv["member"],
            reverse("voting:ballot", args=[alv["meeting"].pk, poll.pk]),
        ),
        forms(fields),
        request,
    )


JSON = {"Accept": "application/json"}


def receipts_given(response) -> int:
    """How many receipt codes the cast's answer hands out (JSON or the receipt page)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return len(json.loads(response.content).get("receipts", []))
    if response.status_code != 200:
        return 0
    return response.content.decode().count("data-receipt")


def every_receipt_is_one_vote_and_nothing_else_changes(payload, response, result, before, after):
    """One member casts her own ballot and those she holds as proxy in one post, each on its
    own: a subject she holds no proxy for is refused while her own vote counts. So a refusal
    of part keeps the rest, and exactly the ballots that got a receipt were recorded."""
    assert after - before == receipts_given(response), (result.status, result.errors)


@pytest.mark.parametrize("kind", PollKind.values)
@fuzz.fuzzes("voting:cast")
def test_fuzz_casting(alv, kind, request):
    """The cast endpoint: the script's JSON and the plain form's receipt page. A refusal (a
    409 with problems, or problems only) changes nothing; a vote cast changes the tables, one
    vote record per receipt handed out."""
    poll = alv["polls"][kind]
    ids = subjects(alv)
    fields = {
        "subject": st.lists(numbers(*ids), min_size=0, max_size=3),
        **ballot_fields(poll, [f"v{pk}" for pk in ids]),
    }
    poll_ids = st.one_of(st.sampled_from([p.pk for p in alv["polls"].values()]), st.integers())
    payloads = with_url_args(
        forms(fields, headers=st.sampled_from([JSON, {}, {"Accept": "text/html"}])),
        st.one_of(st.just(poll.pk), poll_ids),
    )
    fuzz.run(
        Target(
            f"voting:cast ({kind})",
            alv["member"],
            lambda payload: reverse(
                "voting:cast", args=[alv["meeting"].pk, abs(payload.url_args[0])]
            ),
            keeps_valid_part=True,
            check=every_receipt_is_one_vote_and_nothing_else_changes,
            snapshot=VoteRecord.objects.count,
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("voting:meeting")
def test_fuzz_giving_a_proxy(alv, request):
    numbers_on_register = [voter.membership_number for voter in alv["voters"]]
    member = Client()
    member.force_login(alv["voters"][3].user)
    fuzz.run(
        Target("voting:meeting", member, reverse("voting:meeting", args=[alv["meeting"].pk])),
        forms({"holder_number": st.one_of(any_of(*numbers_on_register), hostile_text())}),
        request,
    )


@fuzz.fuzzes("voting:online_check_in")
def test_fuzz_checking_in_online(alv, request):
    member = Client()
    member.force_login(alv["voters"][3].user)
    fuzz.run(
        Target(
            "voting:online_check_in",
            member,
            reverse("voting:online_check_in", args=[alv["meeting"].pk]),
        ),
        forms({"online": any_of("1")}),
        request,
    )


CONSOLE_ACTIONS = ("open", "close", "new_round", "lots", "register", "invite")


@fuzz.fuzzes("voting:console")
def test_fuzz_the_chairs_console(alv, request):
    polls = [poll.pk for poll in alv["polls"].values()] + [alv["closed"].pk]
    fuzz.run(
        Target("voting:console", alv["chair"], reverse("voting:console", args=[alv["meeting"].pk])),
        forms({"action": any_of(*CONSOLE_ACTIONS), "poll": numbers(*polls)}),
        request,
    )


@fuzz.fuzzes("voting:teller")
def test_fuzz_the_tellers_desk(alv, request):
    ids = subjects(alv)
    payloads = st.builds(
        lambda payload, query: fuzz._set(payload, query=query),
        forms({"voter": numbers(*ids), "action": any_of("in", "out", "")}),
        st.fixed_dictionaries({}, optional={"q": hostile_text()}),
    )
    fuzz.run(
        Target("voting:teller", alv["chair"], reverse("voting:teller", args=[alv["meeting"].pk])),
        payloads,
        request,
    )


@fuzz.fuzzes("voting:teller")
def test_fuzz_searching_the_register(alv, request):
    fuzz.run(
        Target(
            "voting:teller (search)",
            alv["chair"],
            reverse("voting:teller", args=[alv["meeting"].pk]),
            method="get",
        ),
        forms({"q": st.one_of(any_of("Amal", "2000"), hostile_text())}),
        request,
    )


@fuzz.fuzzes("voting:teller_code")
def test_fuzz_the_qr_check_in(alv, request):
    codes = [voter.checkin_code for voter in alv["voters"]]
    code = st.one_of(
        st.sampled_from(codes),
        st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=60),
    )
    fuzz.run(
        Target(
            "voting:teller_code",
            alv["chair"],
            lambda payload: reverse(
                "voting:teller_code", args=[alv["meeting"].pk, payload.url_args[0]]
            ),
        ),
        with_url_args(forms({"confirm": any_of("1")}), code),
        request,
    )


@pytest.mark.parametrize("kind", PollKind.values)
@fuzz.fuzzes("voting:paper_desk")
def test_fuzz_the_paper_ballot_desk(alv, kind, request):
    poll = alv["polls"][kind]
    numbers_on_register = [voter.membership_number for voter in alv["voters"]]
    fields = {
        "action": any_of("issue", "enter", "counts"),
        "member": any_of(*numbers_on_register, ""),
        "for_member": any_of(*numbers_on_register, ""),
        "code": st.one_of(any_of(*alv["codes"]), hostile_text()),
        "invalid": any_of("on", ""),
        **{name: numbers(0, 1, 2, 3) for name in ("yes", "no", "abstain")},
        **ballot_fields(poll, ["paper"]),
    }
    fuzz.run(
        Target(
            f"voting:paper_desk ({kind})",
            alv["chair"],
            reverse("voting:paper_desk", args=[alv["meeting"].pk, poll.pk]),
        ),
        forms(fields),
        request,
    )


LIST_ACTIONS = ("prepare", "amendment_vote", "leader_round", "leader_candidacy", "challenge")


@pytest.mark.parametrize("method", ListVoteMethod.values)
@fuzz.fuzzes("voting:list_vote")
def test_fuzz_the_chairs_list_vote_page(alv, method, request):
    list_vote = alv["list_votes"][method]
    applications = list(list_vote.vacancy.applications.values_list("pk", flat=True))
    fields = {
        "action": any_of(*LIST_ACTIONS, "adopt"),
        "application": numbers(*applications),
        "place": numbers(1, 2, 3, 4),
    }
    fuzz.run(
        Target(
            f"voting:list_vote ({method})",
            alv["chair"],
            reverse("voting:list_vote", args=[alv["meeting"].pk, list_vote.pk]),
        ),
        forms(fields),
        request,
    )


@pytest.mark.parametrize("method", ListVoteMethod.values)
@fuzz.fuzzes("voting:list_vote_member")
def test_fuzz_the_members_list_vote_page(alv, method, request):
    list_vote = alv["list_votes"][method]
    applications = list(list_vote.vacancy.applications.values_list("pk", flat=True))
    fields = {
        "action": any_of("support", "support_leader", "file", ""),
        "candidacy": numbers(1, 2),
        "amendment": numbers(1, 2),
        "kind": any_of(*AmendmentKind.values),
        "application": numbers(*applications),
        "place": numbers(1, 2, 3),
        "explanation": st.one_of(any_of("Omdat."), hostile_text(2500)),
    }
    fuzz.run(
        Target(
            f"voting:list_vote_member ({method})",
            alv["member"],
            reverse("voting:list_vote_member", args=[alv["meeting"].pk, list_vote.pk]),
        ),
        forms(fields),
        request,
    )


PATH_ONLY = ("voting:live_count", "voting:ballots_json", "voting:ballots_csv", "voting:results")


@pytest.mark.parametrize("name", PATH_ONLY)
@fuzz.fuzzes(*PATH_ONLY)
def test_fuzz_the_public_json_and_csv_endpoints(alv, name, request):
    """Their only input is the path: any meeting and poll number, and any query string."""
    polls = [alv["closed"].pk, *(poll.pk for poll in alv["polls"].values())]
    ids = st.one_of(st.sampled_from(polls), st.integers(0, 2**70))
    meetings = st.one_of(st.just(alv["meeting"].pk), st.integers(0, 2**70))
    payloads = with_url_args(forms({"format": any_of("json")}), meetings, ids)
    fuzz.run(
        Target(
            name,
            Client(),
            lambda payload: reverse(name, args=payload.url_args),
            method="get",
        ),
        payloads,
        request,
    )

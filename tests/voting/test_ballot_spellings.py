"""Ballots that always count: a ballot is stored in its one canonical form or refused, and a
poll closes with a count whatever its ballots say.

Odd spellings of option ids ("01", "+1", " 1", Arabic-Indic digits, "1_0", 1.0, True, 2**63,
nested JSON) and of answers ("YES", " yes", 1) are cast electronically (own ballot and proxy)
and entered from paper, for every kind of poll: each is refused with a Dutch message or stored
exactly as ``voting.choices`` stores it, and the poll then closes. A ballot stored around the
checks is counted as invalid and reported as unreadable, never an exception. The cast endpoint
answers ids out of range and polls of another meeting with a 404 before writing anything.

The Hypothesis tests are marked ``fuzz``: a few dozen examples in ``make test`` (the same
ones every run), many more in ``make fuzz`` (HYPOTHESIS_PROFILE=fuzz), as in
tests/hardening.
"""

import json
import os
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ServiceError
from members.roles import ALV_CHAIR
from tests.factories import UserFactory
from tests.hardening.fuzz import is_dutch
from tests.voting.conftest import confirm_papers, make_meeting, make_poll, make_voters
from voting import tally
from voting.casting import ballot_cast, ballots_cast
from voting.choices import ANSWERS, INVALID, clean_choices, is_invalid, readable
from voting.models import Ballot, PollKind, VoteRecord
from voting.paper_services import paper_ballot_enter, paper_ballot_issue, paper_ballots_prepare
from voting.polls import poll_close, poll_open
from voting.proxies import proxy_give
from voting.register import check_in, register_snapshot

KINDS = (PollKind.YES_NO_ABSTAIN, PollKind.APPROVAL, PollKind.RANKED)
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def examples(quick: int, full: int = 1000) -> settings:
    """``quick`` derandomized examples in ``make test``; ``full`` new ones in ``make fuzz``."""
    return settings(
        max_examples=full if FUZZ else quick,
        derandomize=not FUZZ,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# --- Spellings ------------------------------------------------------------------------------

ARABIC_INDIC, FULLWIDTH = (
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    str.maketrans("0123456789", "０１２３４５６７８９"),
)
DEVANAGARI, SUPERSCRIPT = (
    str.maketrans("0123456789", "०१२३४५६७८९"),
    str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"),
)


def odd_spellings(pk: int) -> list:
    """Ways to write option id ``pk`` that are not its one accepted spelling (``pk`` or
    ``str(pk)``), and values near it that are no option id."""
    text = str(pk)
    return [
        "0" + text,
        "00" + text,
        "+" + text,
        "-" + text,
        " " + text,
        text + " ",
        "\t" + text,
        text + "\n",
        "\u00a0" + text,
        "\u200b" + text,
        text + "\x00",
        text.translate(ARABIC_INDIC),
        text.translate(FULLWIDTH),
        text.translate(DEVANAGARI),
        text.translate(SUPERSCRIPT),
        text[:1] + "_" + text[1:] if len(text) > 1 else text + "_0",
        text + ".0",
        text + "e0",
        hex(pk),
        text + ",",
        "," + text,
        float(pk),
        -pk,
        0,
        "0",
        "",
        pk + 10**6,
        2**31,
        2**63,
        2**63 - 1,
        10**30,
        str(10**30),
        "9" * 5000,
        True,
        False,
        None,
        json.dumps([pk]),
        json.dumps({"id": pk}),
        [pk],
        [text],
        {"id": pk},
        (pk,),
    ]


def mostly(good: st.SearchStrategy, odd: st.SearchStrategy) -> st.SearchStrategy:
    """``good`` about four times in five, else ``odd``: enough ballots get through to test
    what is stored, enough do not to test the refusals."""
    return st.integers(0, 4).flatmap(lambda n: odd if n == 0 else good)


def id_spelling(pk: int, *, hashable: bool = False) -> st.SearchStrategy:
    """``pk`` in its accepted spellings, odd ones, or any text or number."""
    odd = [value for value in odd_spellings(pk) if not hashable or _hashable(value)]
    return mostly(
        st.sampled_from([pk, str(pk)]),
        st.one_of(st.sampled_from(odd), st.text(max_size=6), st.integers()),
    )


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


ODD_ANSWERS = [
    "YES",
    "Yes",
    " yes",
    "no ",
    "ja",
    "nee",
    "",
    "abstain\x00",
    "ｙｅｓ",
    True,
    False,
    1,
    0,
    None,
    1.0,
    ["yes"],
    {"yes": True},
    json.dumps("yes"),
]
ANSWER = mostly(
    st.sampled_from(ANSWERS), st.one_of(st.sampled_from(ODD_ANSWERS), st.text(max_size=4))
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


def ballot(kind: str, ids: list[int]) -> st.SearchStrategy:
    """A ballot for a poll of ``kind`` with options ``ids``: mostly near a good one, in every
    spelling, sometimes anything at all."""
    if kind == PollKind.YES_NO_ABSTAIN:
        key = st.sampled_from(ids).flatmap(lambda pk: id_spelling(pk, hashable=True))
        complete = st.tuples(
            *(st.tuples(id_spelling(pk, hashable=True), ANSWER) for pk in ids),
            st.lists(st.tuples(key, ANSWER), max_size=2),  # more keys: maybe the same option
        ).map(lambda parts: dict([*parts[:-1], *parts[-1]]))
        loose = st.dictionaries(key, ANSWER, max_size=len(ids) + 1)
        return mostly(complete, st.one_of(loose, JSON))
    spelled = st.lists(st.sampled_from(ids).flatmap(id_spelling), max_size=len(ids) + 1)
    near = st.one_of(
        spelled,
        spelled.map(tuple),
        st.permutations(ids).flatmap(
            lambda order: st.tuples(*map(id_spelling, order)).map(lambda t: list(t[:2]))
        ),
    )
    return mostly(near, JSON)


def _expected_id(value, ids: frozenset[int]) -> int | None:
    """The option id ``value`` spells, by the rule (an independent reading of it)."""
    if type(value) is int:
        return value if value in ids else None
    digits = type(value) is str and value.isascii() and value.isdigit() and len(value) <= 19
    if digits and not value.startswith("0") and int(value) in ids:
        return int(value)
    return None


def expected(kind: str, ids: frozenset[int], seats: int | None, choices):
    """What must be stored for ``choices``, or None when it must be refused."""
    if kind == PollKind.YES_NO_ABSTAIN:
        if not isinstance(choices, dict):
            return None
        answers = {_expected_id(key, ids): value for key, value in choices.items()}
        if len(answers) != len(choices) or set(answers) != ids:
            return None
        if not all(type(value) is str and value in ANSWERS for value in answers.values()):
            return None
        return {str(pk): answers[pk] for pk in answers}
    sequence = list | tuple if kind == PollKind.RANKED else list | tuple | set | frozenset
    if not isinstance(choices, sequence):
        return None
    spelled = [_expected_id(value, ids) for value in choices]
    if None in spelled:
        return None
    if kind == PollKind.RANKED:
        return spelled if len(set(spelled)) == len(spelled) else None
    return sorted(set(spelled)) if len(set(spelled)) <= seats else None


def same(stored) -> str:
    """A ballot's stored form as JSON text: equal texts, equal ballots, types and all."""
    return json.dumps(stored, sort_keys=True)


POLLS = {
    PollKind.YES_NO_ABSTAIN: {"labels": ("Amal", "Bram"), "kind": PollKind.YES_NO_ABSTAIN},
    PollKind.APPROVAL: {"labels": ("Amal", "Bram", "Chris"), "kind": "approval", "seats": 2},
    PollKind.RANKED: {"labels": ("Amal", "Bram", "Chris"), "kind": "ranked", "method": "irv"},
}


# --- The rule, without the database ---------------------------------------------------------


@pytest.mark.fuzz
@pytest.mark.parametrize("kind", KINDS)
def test_every_spelling_is_refused_in_dutch_or_cleaned_to_the_one_stored_form(kind):
    ids = [7, 12, 305] if kind != PollKind.YES_NO_ABSTAIN else [7, 12]
    option_ids, seats = frozenset(ids), 2

    @examples(300, 5000)
    @given(ballot(kind, ids))
    def example(choices):
        want = expected(kind, option_ids, seats, choices)
        try:
            cleaned = clean_choices(kind=kind, option_ids=option_ids, seats=seats, choices=choices)
        except ServiceError as exc:
            assert want is None, f"{choices!r} refused: {exc.message}"
            assert is_dutch(str(exc.message)), exc.message
            return
        assert want is not None, f"{choices!r} accepted as {cleaned!r}"
        assert same(cleaned) == same(want)
        stored = json.loads(json.dumps(cleaned))
        assert readable(kind=kind, option_ids=option_ids, seats=seats, choices=stored)
        again = clean_choices(kind=kind, option_ids=option_ids, seats=seats, choices=stored)
        assert same(again) == same(stored)
        assert not is_invalid(stored)

    example()


@pytest.mark.parametrize("kind", KINDS)
def test_each_odd_spelling_of_an_option_id_is_refused(kind):
    ids = frozenset({7, 12})
    for odd in odd_spellings(7):
        if kind == PollKind.YES_NO_ABSTAIN:
            if not _hashable(odd):
                continue
            choices, also = {odd: "yes", "12": "no"}, {"7": "yes", odd: "no", "12": "no"}
        else:
            choices, also = [odd], [7, odd]
        for attempt in (choices, also):
            with pytest.raises(ServiceError):
                clean_choices(kind=kind, option_ids=ids, seats=2, choices=attempt)


@pytest.mark.parametrize(
    "choices",
    [
        {"7": "yes", 7: "no"},  # one option twice, as text and as number
        {7: "yes", "07": "no"},
        {"7": "YES", "12": "no"},
        {"7": "yes", "12": True},
        {"7": "yes", "12": ["no"]},
        {"7": "yes"},
        {"7": "yes", "12": "no", "13": "no"},
        {"7": "yes", "12": "no", "invalid": True},
        {"invalid": True},
        ["7", "12"],
        "7:yes,12:no",
        None,
    ],
)
def test_yes_no_ballots_with_an_odd_answer_or_key_are_refused(choices):
    with pytest.raises(ServiceError):
        clean_choices(
            kind=PollKind.YES_NO_ABSTAIN, option_ids=frozenset({7, 12}), seats=1, choices=choices
        )


def test_accepted_spellings_are_stored_in_one_form():
    ids = frozenset({7, 12, 305})

    def clean(kind, choices, seats=2):
        return clean_choices(kind=kind, option_ids=ids, seats=seats, choices=choices)

    assert clean(PollKind.YES_NO_ABSTAIN, {12: "no", "7": "yes", 305: "abstain"}) == {
        "7": "yes",
        "12": "no",
        "305": "abstain",
    }
    assert clean(PollKind.APPROVAL, ("305", 7)) == [7, 305]
    assert clean(PollKind.APPROVAL, [7, "7"]) == [7]  # approving one candidate twice: once
    assert clean(PollKind.APPROVAL, []) == []
    assert clean(PollKind.RANKED, ("305", 7, "12")) == [305, 7, 12]
    assert clean(PollKind.RANKED, []) == []
    with pytest.raises(ServiceError):
        clean(PollKind.RANKED, [7, "7"])
    with pytest.raises(ServiceError):
        clean(PollKind.RANKED, {7, 12})  # a set has no order
    with pytest.raises(ServiceError):
        clean(PollKind.APPROVAL, [7, 12, 305])  # three for two seats


@pytest.mark.parametrize(
    ("kind", "choices", "is_readable"),
    [
        (PollKind.YES_NO_ABSTAIN, {"7": "yes", "12": "abstain"}, True),
        (PollKind.YES_NO_ABSTAIN, {"07": "yes", "12": "abstain"}, False),
        (PollKind.YES_NO_ABSTAIN, {"7": "yes"}, False),
        (PollKind.YES_NO_ABSTAIN, {"7": "Yes", "12": "no"}, False),
        (PollKind.YES_NO_ABSTAIN, {7: "yes", 12: "no"}, False),  # never stored: keys are text
        (PollKind.YES_NO_ABSTAIN, INVALID, False),
        (PollKind.APPROVAL, [7, 12], True),
        (PollKind.APPROVAL, [], True),
        (PollKind.APPROVAL, [12, 7], False),
        (PollKind.APPROVAL, [7, 7], False),
        (PollKind.APPROVAL, ["7"], False),
        (PollKind.APPROVAL, [7.0], False),
        (PollKind.APPROVAL, [True], False),
        (PollKind.APPROVAL, [7, 12, 305], False),  # more than the seats
        (PollKind.APPROVAL, [[7]], False),
        (PollKind.APPROVAL, INVALID, False),
        (PollKind.RANKED, [305, 7], True),
        (PollKind.RANKED, [], True),
        (PollKind.RANKED, [7, 7], False),
        (PollKind.RANKED, [8], False),
        (PollKind.RANKED, "7>12", False),
        (PollKind.RANKED, {"invalid": "yes"}, False),
    ],
)
def test_readable_is_exactly_the_stored_form(kind, choices, is_readable):
    option_ids = frozenset({7, 12, 305} if kind != PollKind.YES_NO_ABSTAIN else {7, 12})
    assert readable(kind=kind, option_ids=option_ids, seats=2, choices=choices) is is_readable


def test_only_the_exact_marker_is_an_invalid_paper():
    assert is_invalid(INVALID) and is_invalid({"invalid": True})
    for other in ({"invalid": 1}, {"invalid": "yes"}, {"invalid": True, "7": "yes"}, [INVALID]):
        assert not is_invalid(other)


# --- Counting what is stored, without the database ------------------------------------------


def fake_poll(kind: str):
    options = [SimpleNamespace(pk=pk, label=label) for pk, label in ((7, "A"), (12, "B"))]
    poll = SimpleNamespace(
        kind=kind,
        majority="simple",
        seats=1,
        method="irv" if kind == PollKind.RANKED else "",
        lots_seed="0" * 32,
    )
    return poll, options


GOOD = {
    PollKind.YES_NO_ABSTAIN: [{"7": "yes", "12": "no"}, {"7": "abstain", "12": "yes"}],
    PollKind.APPROVAL: [[7], [12], []],
    PollKind.RANKED: [[7, 12], [12], []],
}
CORRUPT = [
    {"01": "yes"},
    {"07": "yes", "12": "no"},
    {"7": "yes", "12": "maybe"},
    {"7": "yes", "12": "no", "extra": "no"},
    {"invalid": "yes"},
    {"invalid": 1},
    {"invalid": True, "7": "yes"},
    "x",
    "",
    None,
    5,
    True,
    [[1]],
    [[7]],
    ["7"],
    [7.0],
    [True],
    [7, 7],
    [12, 7, 99],
    [2**63],
    {},
]


@pytest.mark.parametrize("kind", KINDS)
def test_corrupt_stored_choices_count_as_unreadable_and_invalid(kind):
    poll, options = fake_poll(kind)
    good = GOOD[kind]
    corrupt = [
        c for c in CORRUPT if not readable(kind=kind, option_ids={7, 12}, seats=1, choices=c)
    ]
    assert corrupt == CORRUPT

    result = tally.count_choices(poll, options, [*corrupt, INVALID, *good, INVALID])
    clean = tally.count_choices(poll, options, good)

    assert result["ballots"] == len(corrupt) + 2 + len(good)
    assert result["invalid"] == len(corrupt) + 2
    assert result["unreadable"] == len(corrupt)
    assert (clean["invalid"], clean["unreadable"]) == (0, 0)
    assert result["options"] == clean["options"]
    assert result["elected"] == clean["elected"]


@pytest.mark.fuzz
@pytest.mark.parametrize("kind", KINDS)
def test_counting_never_fails_on_what_is_stored(kind):
    poll, options = fake_poll(kind)

    @examples(100, 3000)
    @given(st.lists(st.one_of(JSON, ballot(kind, [7, 12]), st.sampled_from(CORRUPT)), max_size=8))
    def example(stored):
        stored = json.loads(json.dumps(stored, skipkeys=True))  # as the database keeps it
        result = tally.count_choices(poll, options, stored)
        markers = sum(1 for choices in stored if is_invalid(choices))
        votes = [c for c in stored if readable(kind=kind, option_ids={7, 12}, seats=1, choices=c)]
        assert result["ballots"] == len(stored)
        assert result["unreadable"] == len(stored) - len(votes) - markers
        assert result["invalid"] == len(stored) - len(votes)
        assert result["options"] == tally.count_choices(poll, options, votes)["options"]

    example()


# --- Casting and entering, with the database ------------------------------------------------


@pytest.fixture
def hall(db):
    """A meeting with three members present; the first holds the second's proxy."""
    meeting = make_meeting()
    voters = make_voters(meeting, 3)
    proxy_give(principal=voters[1], holder_number=voters[0].membership_number, actor=None)
    return meeting, voters


def open_poll(meeting, kind: str, **fields):
    spec = dict(POLLS[kind])
    poll = make_poll(meeting, spec.pop("labels"), **spec, **fields)
    poll_open(poll=poll, actor=None)
    return poll


def stored_choices(poll) -> list[str]:
    return sorted(same(choices) for choices in poll.ballots.values_list("choices", flat=True))


@pytest.mark.fuzz
@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("secret", [True, False], ids=["secret", "named"])
def test_cast_ballots_are_refused_or_stored_canonically_and_the_poll_closes(hall, kind, secret):
    meeting, (holder, principal, other) = hall

    @examples(12, 300)
    @given(st.data())
    def example(data):
        with transaction.atomic():
            poll = open_poll(meeting, kind, secret=secret)
            ids = list(poll.options.values_list("pk", flat=True))
            option_ids = frozenset(ids)
            drawn = [data.draw(ballot(kind, ids), label=f"ballot {n}") for n in range(3)]
            wants = [expected(kind, option_ids, poll.seats, choices) for choices in drawn]

            casts = ballots_cast(
                poll_id=poll.pk,
                voter_id=holder.pk,
                choices_by_subject={holder.pk: drawn[0], principal.pk: drawn[1]},
            )
            try:
                casts.append(ballot_cast(poll=poll, voter=other, choices=drawn[2]))
            except ServiceError as exc:
                casts.append(SimpleNamespace(receipt="", problem=exc.message))
            for cast, want, choices in zip(casts, wants, drawn, strict=True):
                assert bool(cast.receipt) == (want is not None), (choices, cast.problem)
                assert not cast.problem or is_dutch(str(cast.problem)), cast.problem

            closed = poll_close(poll=poll, actor=None)
            accepted = [want for want in wants if want is not None]
            assert (
                closed.result["ballots"]
                == len(accepted)
                == VoteRecord.objects.filter(poll=poll).count()
            )
            assert (closed.result["invalid"], closed.result["unreadable"]) == (0, 0)
            assert stored_choices(poll) == sorted(same(want) for want in accepted)
            assert_counts(closed, accepted)
            transaction.set_rollback(True)

    example()


@pytest.mark.fuzz
@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_paper_ballots_are_refused_or_stored_canonically_and_the_poll_closes(hall, kind):
    meeting, voters = hall
    holder, principal, other = voters
    teller = UserFactory(groups=[ALV_CHAIR])  # the second teller, who confirms every paper

    @examples(12, 300)
    @given(st.data())
    def example(data):
        with transaction.atomic():
            poll = make_poll(meeting, **{**POLLS[kind]})
            codes = paper_ballots_prepare(poll=poll, count=3, actor=None)
            poll_open(poll=poll, actor=None)
            paper_ballot_issue(poll=poll, voter=holder, actor=None)
            paper_ballot_issue(poll=poll, voter=holder, actor=None, on_behalf_of=principal)
            paper_ballot_issue(poll=poll, voter=other, actor=None)
            ids = list(poll.options.values_list("pk", flat=True))
            accepted, refused = [], 0
            for n, code in enumerate(codes):
                choices = data.draw(ballot(kind, ids), label=f"paper {n}")
                want = expected(kind, frozenset(ids), poll.seats, choices)
                try:
                    paper_ballot_enter(poll=poll, code=code, choices=choices, actor=None)
                except ServiceError as exc:
                    assert want is None, (choices, exc.message)
                    assert is_dutch(str(exc.message)), exc.message
                    # The tellers enter a paper they cannot read as invalid.
                    paper_ballot_enter(poll=poll, code=code, invalid=True, actor=None)
                    refused += 1
                else:
                    assert want is not None, choices
                    accepted.append(want)

            assert confirm_papers(poll, teller) == 3
            closed = poll_close(poll=poll, actor=None)
            assert closed.result["ballots"] == 3
            assert (closed.result["invalid"], closed.result["unreadable"]) == (refused, 0)
            assert stored_choices(poll) == sorted(
                [same(want) for want in accepted] + [same(INVALID)] * refused
            )
            assert_counts(closed, accepted)
            transaction.set_rollback(True)

    example()


def assert_counts(poll, accepted: list) -> None:
    """The count of the poll is the count of the ballots that were accepted."""
    rows = {row["id"]: row for row in poll.result["options"]}
    if poll.kind == PollKind.YES_NO_ABSTAIN:
        for pk, row in rows.items():
            for answer in ANSWERS:
                assert row[answer] == sum(1 for a in accepted if a[str(pk)] == answer)
    elif poll.kind == PollKind.APPROVAL:
        for pk, row in rows.items():
            assert row["votes"] == sum(1 for a in accepted if pk in a)
        assert poll.result["blank"] == sum(1 for a in accepted if not a)
    else:
        for pk, row in rows.items():
            assert row["votes"] == sum(1 for a in accepted if a and a[0] == pk)
        assert poll.result["blank"] == sum(1 for a in accepted if not a)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_poll_with_corrupt_stored_ballots_still_counts(kind):
    """Ballots written around the checks (directly in the table) are counted as invalid and
    reported as unreadable; the good ones count as before."""
    meeting = make_meeting()
    poll = make_poll(meeting, **{**POLLS[kind]})
    a, b, *_rest = poll.options.values_list("pk", flat=True)
    good = {
        PollKind.YES_NO_ABSTAIN: [{str(a): "yes", str(b): "yes"}],
        PollKind.APPROVAL: [[a, b]],
        PollKind.RANKED: [[b, a]],
    }[kind]
    corrupt = [
        {f"0{a}": "yes", str(b): "no"},
        {str(a): "YES", str(b): "no"},
        "x",
        [[a]],
        [str(a)],
        [float(a)],
        [a, a],
        [10**30],
        {"invalid": "yes"},
        {"invalid": True, str(a): "yes"},
    ]
    for choices in [*good, *corrupt, INVALID]:
        Ballot.objects.create(poll=poll, choices=choices)

    result = tally.count(poll)

    assert (result["ballots"], result["invalid"], result["unreadable"]) == (12, 11, 10)
    assert result["options"][0]["votes"] == (1 if kind != PollKind.RANKED else 0)
    assert result["options"][1]["votes"] == 1


# --- The cast endpoint ----------------------------------------------------------------------

AS_SCRIPT = {"Accept": "application/json"}


def voting_rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("voting").get_models()
    }


def ballot_fields(voter, poll) -> dict:
    return {
        "subject": str(voter.pk),
        **{f"v{voter.pk}-option_{pk}": "yes" for pk in poll.options.values_list("pk", flat=True)},
    }


@pytest.fixture
def member(hall):
    meeting, voters = hall
    client = Client()
    client.force_login(voters[2].user)
    return client, meeting, voters[2], open_poll(meeting, PollKind.YES_NO_ABSTAIN)


@pytest.mark.django_db
@pytest.mark.parametrize("poll_pk", [2**31, 2**63, 10**30])
def test_a_poll_id_out_of_range_answers_404_and_writes_nothing(member, poll_pk):
    client, meeting, voter, poll = member
    url = reverse("voting:cast", args=[meeting.pk, poll_pk])
    before = voting_rows()

    as_script = client.post(url, ballot_fields(voter, poll), headers=AS_SCRIPT)
    as_page = client.post(url, ballot_fields(voter, poll))

    assert as_script.status_code == as_page.status_code == 404
    assert as_script["Content-Type"].startswith("application/json")
    assert is_dutch(as_script.json()["error"])
    assert voting_rows() == before


@pytest.mark.django_db
def test_a_poll_of_another_meeting_answers_404_and_writes_nothing(member):
    client, meeting, voter, _poll = member
    elsewhere = make_meeting(title="ALV najaar")
    register_snapshot(meeting=elsewhere, actor=None)  # the member may vote there too
    check_in(voter=elsewhere.voters.get(member=voter.member), actor=None)
    theirs = open_poll(elsewhere, PollKind.YES_NO_ABSTAIN)
    elsewhere_voter = elsewhere.voters.get(member=voter.member)
    fields = ballot_fields(elsewhere_voter, theirs)
    before = voting_rows()

    wrong = reverse("voting:cast", args=[meeting.pk, theirs.pk])
    assert client.post(wrong, fields, headers=AS_SCRIPT).status_code == 404
    assert client.post(wrong, fields).status_code == 404
    assert voting_rows() == before
    assert not VoteRecord.objects.filter(poll=theirs).exists()

    right = reverse("voting:cast", args=[elsewhere.pk, theirs.pk])
    answer = client.post(right, fields, headers=AS_SCRIPT)
    assert answer.status_code == 200 and len(answer.json()["receipts"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/x-www-form-urlencoded"),
        ("", "application/json"),
        ("{not json", "application/json"),
        ('{"subject": 1}', "application/json"),
        ("subject=&subject=%00", "application/x-www-form-urlencoded"),
        ("subject=01&v01-option_1=yes", "application/x-www-form-urlencoded"),
        ("\xff\xfe garbage", "application/x-www-form-urlencoded"),
        ("--x\r\nnonsense", "multipart/form-data; boundary=x"),
        ("garbage", "text/plain"),
    ],
)
def test_a_script_posting_a_malformed_or_empty_body_gets_json(member, body, content_type):
    client, meeting, _voter, poll = member
    before = voting_rows()

    answer = client.generic(
        "POST",
        reverse("voting:cast", args=[meeting.pk, poll.pk]),
        body,
        content_type=content_type,
        headers=AS_SCRIPT,
    )

    assert answer["Content-Type"].startswith("application/json"), answer.content[:200]
    assert 400 <= answer.status_code < 500
    reply = answer.json()
    texts = [reply["error"]] if "error" in reply else [p["message"] for p in reply["problems"]]
    assert texts and all(is_dutch(text) for text in texts)
    assert voting_rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["0{pk}", "+{pk}", " {pk}", "{pk}.0", "{arabic}"])
def test_the_cast_endpoint_refuses_an_odd_spelling_of_an_option(member, spelling):
    client, meeting, voter, poll = member
    (pk,) = poll.options.values_list("pk", flat=True)[:1]
    odd = spelling.format(pk=pk, arabic=str(pk).translate(ARABIC_INDIC))
    fields = {**ballot_fields(voter, poll)}
    del fields[f"v{voter.pk}-option_{pk}"]
    fields[f"v{voter.pk}-option_{odd}"] = "yes"

    answer = client.post(reverse("voting:cast", args=[meeting.pk, poll.pk]), fields)
    assert answer.status_code == 200  # the receipt page, with the problem
    answer = client.post(
        reverse("voting:cast", args=[meeting.pk, poll.pk]), fields, headers=AS_SCRIPT
    )
    assert answer.status_code == 409
    assert is_dutch(answer.json()["problems"][0]["message"])
    assert not VoteRecord.objects.filter(poll=poll).exists()
    closed = poll_close(poll=poll, actor=None)
    assert (closed.result["ballots"], closed.result["unreadable"]) == (0, 0)


@pytest.mark.django_db
def test_the_results_page_shows_invalid_and_unreadable_ballots(client):
    meeting = make_meeting()
    poll = make_poll(meeting, ["Amal"])
    (pk,) = poll.options.values_list("pk", flat=True)
    for choices in ({str(pk): "yes"}, {f"0{pk}": "yes"}, INVALID):
        Ballot.objects.create(poll=poll, choices=choices)
    poll.status, poll.result = "closed", tally.count(poll)
    poll.save()
    url = reverse("voting:results", args=[meeting.pk, poll.pk])

    page = client.get(url).content.decode()
    assert "2 ongeldig (waarvan 1 onleesbaar)" in page

    Ballot.objects.exclude(choices=INVALID).delete()
    poll.result = tally.count(poll)
    poll.save()
    page = client.get(url).content.decode()
    assert "1 ongeldig" in page and "onleesbaar" not in page

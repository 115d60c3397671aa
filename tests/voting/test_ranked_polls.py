"""Ranked polls in the app: casting rankings (service and ballot screen), proxies, closing with
a recorded seed, the results page with its rounds or matrices, and the recount of the export."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.errors import ServiceError
from members.roles import ALV_CHAIR
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.voting.conftest import make_poll, make_voters, sealed_choices
from tests.voting.test_pages import ConfirmForm, send
from voting.casting import ballot_cast
from voting.models import Option, Poll, SealedBallot, VoteRecord
from voting.polls import poll_close, poll_draw_lots, poll_new_round, poll_open
from voting.proxies import proxy_give

pytestmark = pytest.mark.django_db

CANDIDATES = ["Anna", "Bram", "Chris", "Dewi"]


def ranked_poll(meeting, labels=CANDIDATES, **fields):
    poll = make_poll(meeting, labels, **{"kind": "ranked", "method": "irv", **fields})
    return poll, {option.label: option.pk for option in poll.options.all()}


def cast_rankings(poll, ids, rankings, voters):
    for voter, ranking in zip(voters, rankings, strict=True):
        ballot_cast(poll=poll, voter=voter, choices=[ids[label] for label in ranking])


def run_ranked(meeting, rankings, labels=CANDIDATES, **fields):
    voters = make_voters(meeting, len(rankings))
    poll, ids = ranked_poll(meeting, labels, **fields)
    poll_open(poll=poll, actor=None)
    cast_rankings(poll, ids, rankings, voters)
    return poll_close(poll=poll, actor=None), ids


def places(voter, poll, ranking) -> dict:
    """The ballot screen's fields for ``ranking`` (labels, best first): a place per candidate,
    empty for those not ranked."""
    place_of = {label: n for n, label in enumerate(ranking, 1)}
    return {
        f"v{voter.pk}-place_{option.pk}": place_of.get(option.label, "")
        for option in poll.options.all()
    }


def english(client) -> None:
    """Pages in English (the language switcher's cookie), so tests read the source texts."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def ballot_url(poll):
    return reverse("voting:ballot", args=[poll.meeting_id, poll.pk])


def labels_of(poll, ids) -> list[str]:
    names = dict(poll.options.values_list("pk", "label"))
    return [names[pk] for pk in ids]


# --- the model --------------------------------------------------------------------------


def test_a_ranked_poll_has_a_counting_method_and_other_polls_have_none(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.create(meeting=meeting, title="Zonder methode", kind="ranked")
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.create(meeting=meeting, title="Ja/nee", kind="yes_no_abstain", method="irv")
    with pytest.raises(IntegrityError), transaction.atomic():  # STV needs its seats
        Poll.objects.create(meeting=meeting, title="STV", kind="ranked", method="stv", seats=None)

    listed = Poll.objects.create(
        meeting=meeting, title="Lijst", kind="ranked", method="sequential", seats=None
    )
    assert listed.seats is None  # sequential STV without seats: every candidate a place


# --- casting through the service -------------------------------------------------------


def test_a_ranking_is_stored_best_first_and_an_empty_one_is_blank(meeting):
    first, second = make_voters(meeting, 2)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)

    ballot_cast(poll=poll, voter=first, choices=[ids["Chris"], str(ids["Anna"])])
    ballot_cast(poll=poll, voter=second, choices=[])

    stored = sorted(sealed_choices(poll), key=len)
    assert stored == [[], [ids["Chris"], ids["Anna"]]]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (lambda ids, other: [ids["Anna"], ids["Anna"]], "at most one place"),
        (lambda ids, other: [ids["Anna"], 999_999], "Rank only the candidates on this ballot"),
        (lambda ids, other: [other], "Rank only the candidates on this ballot"),
        (lambda ids, other: [ids["Anna"], "Bram"], "Rank only the candidates on this ballot"),
        (lambda ids, other: {ids["Anna"]: 1}, "order of preference"),
        (lambda ids, other: {ids["Anna"], ids["Bram"]}, "order of preference"),
    ],
    ids=["duplicate", "unknown", "other poll", "not an id", "a mapping", "a set"],
)
def test_an_invalid_ranking_is_refused_with_a_clear_message(meeting, choices, message):
    (voter,) = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    other = make_poll(meeting, ["Eva"], title="Andere stemming").options.get().pk
    poll_open(poll=poll, actor=None)

    with translation.override("en"), pytest.raises(ServiceError, match=message):
        ballot_cast(poll=poll, voter=voter, choices=choices(ids, other))
    assert not SealedBallot.objects.exists() and not VoteRecord.objects.exists()


def test_casting_a_ranking_costs_the_same_queries_as_an_approval(meeting):
    first, second = make_voters(meeting, 2)
    ranked, ids = ranked_poll(meeting)
    approval = make_poll(meeting, CANDIDATES, kind="approval", seats=2, title="Goedkeuring")
    poll_open(poll=ranked, actor=None)
    poll_open(poll=approval, actor=None)
    approve = [approval.options.first().pk]

    with CaptureQueriesContext(connection) as approval_queries:
        ballot_cast(poll=approval, voter=first, choices=approve)
    with CaptureQueriesContext(connection) as ranked_queries:
        ballot_cast(poll=ranked, voter=second, choices=[ids["Dewi"], ids["Anna"]])

    assert len(ranked_queries) == len(approval_queries)


def test_candidate_names_must_be_fit_for_a_recount_by_name(meeting):
    make_voters(meeting, 1)
    twins, _ids = ranked_poll(meeting, ["Anna", "Anna"], title="Tweeling")
    arrow, _ids = ranked_poll(meeting, ["Anna>Bram", "Chris"], title="Pijl")

    with translation.override("en"):
        with pytest.raises(ServiceError, match="Two candidates are called “Anna”"):
            poll_open(poll=twins, actor=None)
        with pytest.raises(ServiceError, match="cannot stand on a ranked ballot"):
            poll_open(poll=arrow, actor=None)


# --- the ballot screen over HTTP ---------------------------------------------------------


class RankedScreen(HTMLParser):
    """What the ranked ballot screen offers: the list items the script works with (with the
    accessible names of their buttons) and the selects that work without it."""

    def __init__(self, page: str):
        super().__init__()
        self.items, self.selects, self.selected, self.scripts = [], [], {}, []
        self.button_names, self._select, self._hidden_text = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "data-option" in attrs:
            self.items.append(attrs["data-name"])
        elif tag == "select":
            self._select = attrs["name"]
            self.selects.append(attrs["name"])
        elif tag == "option" and self._select and "selected" in attrs:
            self.selected[self._select] = attrs.get("value", "")
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "span" and attrs.get("class") == "visually-hidden":
            self._hidden_text = ""

    def handle_data(self, data):
        if self._hidden_text is not None:
            self._hidden_text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "span" and self._hidden_text is not None:
            self.button_names.append(self._hidden_text)
            self._hidden_text = None


def test_the_ranked_ballot_screen_labels_every_control_with_the_candidate(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)

    english(client)
    page = client.get(ballot_url(poll))
    screen = RankedScreen(page.content.decode())

    assert screen.items == CANDIDATES
    assert screen.selects == [f"v{voter.pk}-place_{ids[label]}" for label in CANDIDATES]
    for name in CANDIDATES:
        for control in ("Move {} up", "Move {} down", "Remove {} from my ranking"):
            assert control.format(name) in screen.button_names
        assert f"Add {name} to my ranking" in screen.button_names
    # The script is a file with the page's nonce-free src, loaded deferred: nothing inline.
    assert {"src": "/static/js/ranked-ballot.js", "defer": None} in screen.scripts
    assert "onclick" not in page.content.decode()


def test_rank_confirm_cast_over_http_and_the_ballot_holds_the_order(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)
    # Places 3 and 1 and 4: the gap closes up into a ranking of three.
    data = places(voter, poll, ["Dewi", "", "Anna", "Bram"])

    review = client.post(ballot_url(poll), {"step": "review", **data})

    page = review.content.decode()
    assert re.findall(r"<li>(\w+)</li>", page.split("data-ranking>")[1].split("</ol>")[0]) == [
        "Dewi",
        "Anna",
        "Bram",
    ]
    form = ConfirmForm(page)
    assert [v for k, v in form.fields if k == f"v{voter.pk}-rank"] == [
        str(ids["Dewi"]),
        str(ids["Anna"]),
        str(ids["Bram"]),
    ]
    answer = send(client, form, Accept="application/json").json()
    assert answer["problems"] == [] and len(answer["receipts"]) == 1
    assert sealed_choices(poll) == [[ids["Dewi"], ids["Anna"], ids["Bram"]]]


def test_a_blank_ranking_is_confirmed_as_blank_and_cast(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll, _ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)

    review = client.post(ballot_url(poll), {"step": "review", **places(voter, poll, [])})
    answer = send(client, ConfirmForm(review.content.decode()), Accept="application/json")

    assert answer.json()["receipts"] and sealed_choices(poll) == [[]]


def test_the_same_place_twice_is_an_error_and_nothing_typed_is_lost(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)
    data = places(voter, poll, ["Anna", "Bram"]) | {f"v{voter.pk}-place_{ids['Chris']}": 1}

    english(client)
    page = client.post(ballot_url(poll), {"step": "review", **data}).content.decode()

    assert "data-cast-form" not in page
    assert "Place 1 is given to Anna, Chris. Give each candidate a place of their own." in page
    assert page.count("Place 1 is given to another candidate as well.") == 2
    assert RankedScreen(page).selected == {
        f"v{voter.pk}-place_{ids['Anna']}": "1",
        f"v{voter.pk}-place_{ids['Bram']}": "2",
        f"v{voter.pk}-place_{ids['Chris']}": "1",
        f"v{voter.pk}-place_{ids['Dewi']}": "",
    }
    assert not SealedBallot.objects.exists()


def test_change_on_the_confirmation_goes_back_with_the_ranking_filled_in(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)
    review = client.post(
        ballot_url(poll), {"step": "review", **places(voter, poll, ["Bram", "Dewi"])}
    )
    change = ChangeForm(review.content.decode())

    back = client.post(change.action, dict(change.fields))

    assert "data-cast-form" not in back.content.decode()
    assert RankedScreen(back.content.decode()).selected == {
        f"v{voter.pk}-place_{ids['Anna']}": "",
        f"v{voter.pk}-place_{ids['Bram']}": "1",
        f"v{voter.pk}-place_{ids['Chris']}": "",
        f"v{voter.pk}-place_{ids['Dewi']}": "2",
    }


class ChangeForm(HTMLParser):
    """The confirmation's second form: back to the ballot with what was filled in."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields, self.inside = None, [], False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "change-ballot":
            self.action, self.inside = attrs["action"], True
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def test_a_proxy_holder_ranks_both_ballots_on_one_screen(client, meeting):
    holder, principal = make_voters(meeting, 2)
    proxy_give(principal=principal, holder_number=holder.membership_number, actor=None)
    poll, ids = ranked_poll(meeting, method="schulze")
    poll_open(poll=poll, actor=None)
    client.force_login(holder.member.user)

    screen = RankedScreen(client.get(ballot_url(poll)).content.decode())
    assert len(screen.items) == 2 * len(CANDIDATES)
    data = places(holder, poll, ["Anna", "Bram"]) | places(principal, poll, ["Dewi"])
    review = client.post(ballot_url(poll), {"step": "review", **data})
    answer = send(client, ConfirmForm(review.content.decode()), Accept="application/json").json()

    assert sorted(r["name"] for r in answer["receipts"]) == sorted([holder.name, principal.name])
    assert sorted(sealed_choices(poll), key=len) == [
        [ids["Dewi"]],
        [ids["Anna"], ids["Bram"]],
    ]
    assert VoteRecord.objects.filter(by_proxy=True).count() == 1


# --- closing, results and the recount -----------------------------------------------------

# Scottish STV for two seats, 9 valid ballots, quota 4: Anna 5 is elected at once, her surplus
# of 1 goes to Bram (4 + 1); Chris and Dewi trail.
STV_BALLOTS = [
    ["Anna", "Bram"],
    ["Anna", "Bram"],
    ["Anna", "Bram"],
    ["Anna", "Bram"],
    ["Anna", "Bram"],
    ["Bram"],
    ["Bram", "Chris"],
    ["Chris"],
    ["Dewi", "Chris"],
    [],
]


def test_closing_counts_with_the_method_and_records_the_seed(meeting):
    poll, ids = run_ranked(meeting, STV_BALLOTS, method="stv", seats=2)

    assert len(poll.lots_seed) == 32
    assert poll.result["outcome"] == "elected"
    assert poll.result["elected"] == [ids["Anna"], ids["Bram"]]
    assert poll.result["tied"] == [] and poll.result["ballots"] == 10
    assert poll.result["blank"] == 1
    count = poll.result["count"]
    assert count["method"] == "stv" and count["quota"]["exact"] == "4"
    assert [stage["kind"] for stage in count["stages"]][:2] == ["first_preferences", "surplus"]
    first = {row["label"]: row["votes"] for row in poll.result["options"]}
    assert first == {"Anna": 5, "Bram": 2, "Chris": 1, "Dewi": 1}


def test_the_results_page_shows_the_elected_and_the_count_round_by_round(client, meeting):
    poll, _ids = run_ranked(meeting, STV_BALLOTS, method="stv", seats=2)

    english(client)
    page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()

    outcome = page.split("data-outcome>")[1].split("</ol>")[0]
    assert re.findall(r"<strong>(\w+)</strong>", outcome) == ["Anna", "Bram"]
    table = re.split(r"data-count-table[^>]*>", page)[1].split("</table>")[0]
    assert len(re.findall(r'<th scope="row">', table)) == len(CANDIDATES) + 1  # + exhausted
    assert "Stage 2: surplus of Anna transferred" in page
    assert "Anna → Bram: 1 (ballots: 5)" in page
    assert poll.lots_seed in page
    assert "stembiljetten.json" in page
    assert '<line x1="' in page  # the quota line on the chart of first preferences


def test_a_ranked_poll_never_asks_for_a_new_round_even_when_lots_decide(meeting):
    # Anna and Bram tie at every stage: lots, from the poll's recorded seed, decide.
    poll, _ids = run_ranked(meeting, [["Anna"], ["Bram"]], labels=["Anna", "Bram"])

    assert poll.result["outcome"] == "elected" and poll.result["tied"] == []
    lots = poll.result["count"]["lots"]
    assert lots["seed"] == poll.lots_seed and lots["generated"] is False
    assert poll.result["elected"] == [lots["order"][0]]
    with pytest.raises(ServiceError):
        poll_new_round(poll=poll, actor=None)
    with pytest.raises(ServiceError):
        poll_draw_lots(poll=poll, actor=None)


def test_without_a_valid_ballot_nobody_is_elected_by_lots_alone(meeting):
    poll, _ids = run_ranked(meeting, [[], []], method="sequential", seats=None)

    assert poll.result["outcome"] == "none" and poll.result["elected"] == []


def test_a_schulze_poll_shows_both_matrices(client, meeting):
    rankings = [["Anna", "Bram", "Chris"]] * 3 + [["Bram", "Chris", "Anna"]] * 2 + [["Chris"]]
    poll, ids = run_ranked(meeting, rankings, labels=["Anna", "Bram", "Chris"], method="schulze")

    english(client)
    page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()

    assert poll.result["elected"] == [ids["Anna"], ids["Bram"], ids["Chris"]]
    assert len(re.findall(r"<table [^>]*data-matrix", page)) == 2
    assert "Pairwise preferences: ballots preferring the row to the column" in page
    assert "1. Anna (beats 2)" in page


def test_a_sequential_poll_shows_a_count_per_place(client, meeting):
    rankings = [["Anna", "Bram"]] * 3 + [["Bram"]] + [["Chris", "Bram"]]
    poll, ids = run_ranked(
        meeting, rankings, labels=["Anna", "Bram", "Chris"], method="sequential", seats=2
    )

    page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()

    assert poll.result["elected"] == [ids["Anna"], ids["Bram"]]
    assert len(re.findall(r"<table [^>]*data-count-table", page)) == 2
    assert "Chris" in page.split("data-outcome>")[1].split("</section>")[0]  # not placed


def recount(path, **options) -> dict:
    out = io.StringIO()
    call_command("tally", str(path), json=True, stdout=out, **options)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("method", "seats", "labels", "rankings"),
    [
        ("stv", 2, CANDIDATES, STV_BALLOTS),
        ("meek", 2, CANDIDATES, STV_BALLOTS),
        ("irv", 1, CANDIDATES, STV_BALLOTS),
        ("sequential", None, ["Anna", "Bram"], [["Anna"], ["Bram"]]),  # lots decide place 1
        ("schulze", None, ["Anna", "Bram", "Chris"], [["Chris"], ["Bram"], ["Anna"]]),
    ],
)
def test_the_json_export_recounts_to_the_same_result(
    client, meeting, tmp_path, method, seats, labels, rankings
):
    poll, _ids = run_ranked(meeting, rankings, labels=labels, method=method, seats=seats)
    url = reverse("voting:ballots_json", args=[meeting.pk, poll.pk])
    response = client.get(url)
    path = tmp_path / "stembiljetten.json"
    path.write_bytes(response.content)

    data = recount(path)

    exported = json.loads(response.content)
    assert exported["candidates"] == labels and exported["seed"] == poll.lots_seed
    assert sorted(map(tuple, exported["ballots"])) == sorted(map(tuple, rankings))
    recounted = data["order"] if method in ("sequential", "schulze") else data["elected"]
    assert recounted == labels_of(poll, poll.result["elected"])


def test_the_csv_export_is_rankings_of_names_and_recounts_to_the_same_result(
    client, meeting, tmp_path
):
    poll, _ids = run_ranked(meeting, STV_BALLOTS, method="stv", seats=2)
    url = reverse("voting:ballots_csv", args=[meeting.pk, poll.pk])
    content = client.get(url).content.decode()
    path = tmp_path / "stembiljetten.csv"
    path.write_text(content, encoding="utf-8")

    data = recount(path, method="stv", seats=2)

    header, *rows = csv.reader(io.StringIO(content), delimiter=";")
    assert header == ["ballot"]
    assert sorted(rows) == sorted([">".join(ballot)] for ballot in STV_BALLOTS)
    assert data["elected"] == labels_of(poll, poll.result["elected"]) == ["Anna", "Bram"]


def test_the_exports_wait_for_the_close_and_json_is_for_ranked_polls_only(client, meeting):
    voters = make_voters(meeting, 1)
    poll, ids = ranked_poll(meeting)
    poll_open(poll=poll, actor=None)
    cast_rankings(poll, ids, [["Anna"]], voters)
    yes_no = make_poll(meeting, ["Eva"], title="Ja of nee")

    assert client.get(reverse("voting:ballots_json", args=[meeting.pk, poll.pk])).status_code == 404
    assert (
        client.get(reverse("voting:ballots_json", args=[meeting.pk, yes_no.pk])).status_code == 404
    )


# --- the admin -----------------------------------------------------------------------------


def admin_poll_data(meeting, labels, **fields) -> dict:
    data = {
        "meeting": meeting.pk,
        "title": "Afdelingsraad",
        "kind": "ranked",
        "method": "stv",
        "secret": "on",
        "majority": "absolute",
        "seats": "2",
        "order": "0",
        "options-TOTAL_FORMS": str(len(labels)),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
    }
    for n, label in enumerate(labels):
        data[f"options-{n}-label"] = label
        data[f"options-{n}-order"] = str(n)
    return {**data, **fields}


def test_the_chair_sets_up_a_ranked_poll_in_the_admin(client, meeting):
    sign_in_with_second_factor(client, UserFactory(is_staff=True, groups=[ALV_CHAIR]))
    url = reverse("admin:voting_poll_add")

    english(client)
    no_method = client.post(url, admin_poll_data(meeting, ["Anna"], method=""))
    twins = client.post(url, admin_poll_data(meeting, ["Anna", "Anna"]))
    created = client.post(url, admin_poll_data(meeting, ["Anna", "Bram", "Chris"]))

    assert no_method.status_code == twins.status_code == 200
    assert "Choose a counting method for a ranked poll" in no_method.content.decode()
    assert "Two candidates are called “Anna”" in twins.content.decode()
    assert created.status_code == 302
    poll = Poll.objects.get()
    assert (poll.kind, poll.method, poll.seats) == ("ranked", "stv", 2)
    assert list(poll.options.values_list("label", flat=True)) == ["Anna", "Bram", "Chris"]
    poll_open(poll=poll, actor=None)
    change = client.get(reverse("admin:voting_poll_change", args=[poll.pk]))
    assert "method" not in change.context["adminform"].form.fields  # read-only once open
    assert Option.objects.count() == 3

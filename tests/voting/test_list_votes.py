"""Settling the candidate list place by place: nominees, rejection and move-up, challengers,
and the adopted list written back as the vacancy's candidate list."""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from core.errors import ServiceError
from members.roles import ALV_CHAIR
from review.models import ConceptListEntry
from review.selectors import concept_list_of
from tests.conftest import sign_in_with_second_factor
from tests.factories import ApplicationFactory, MemberFactory, UserFactory, VacancyFactory
from tests.voting.conftest import make_voters
from vacancies.models import VacancyKind
from voting.casting import ballot_cast
from voting.list_services import (
    amendment_admitted,
    amendment_file,
    amendment_support,
    amendment_vote_prepare,
    challenge_file,
    leader_candidacy_file,
    leader_candidacy_support,
    leader_candidates,
    leader_round_prepare,
    list_state,
    list_step_prepare,
    list_vote_adopt,
)
from voting.models import ListVote, ListVoteStatus, Poll, PollKind
from voting.polls import poll_close, poll_draw_lots, poll_new_round, poll_open
from voting.register import register_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(meeting):
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    candidates = [
        ApplicationFactory(
            vacancy=vacancy,
            first_name=name,
            last_name="Kandidaat",
            status=ApplicationStatus.ADVISED,
        )
        for name in ("Anna", "Bram", "Chris", "Dewi")
    ]
    concept_list = concept_list_of(vacancy=vacancy)
    for position, candidate in enumerate(candidates[:3], 1):
        ConceptListEntry.objects.create(
            concept_list=concept_list,
            application=candidate,
            position=position,
            is_pusher=position == 3,
        )
    list_vote = ListVote.objects.create(meeting=meeting, vacancy=vacancy)
    return {
        "list_vote": list_vote,
        "candidates": candidates,
        "voters": make_voters(meeting, 3),
        "concept_list": concept_list,
    }


def decide(step, answers):
    """Open the place's poll, let each voter answer yes/no/abstain on the nominee, close it."""
    decide_poll(Poll.objects.get(pk=step.poll_id), answers)


def decide_poll(poll, answers):
    poll_open(poll=poll, actor=None)
    (option,) = poll.options.all()
    for voter, answer in zip(poll.meeting.voters.order_by("pk"), answers, strict=False):
        ballot_cast(poll=poll, voter=voter, choices={str(option.pk): answer})
    poll_close(poll=poll, actor=None)


def names(state):
    return [candidate.first_name for _place, candidate in state.placed]


def test_unchallenged_places_follow_the_committee_and_a_rejected_nominee_leaves(procedure):
    list_vote = procedure["list_vote"]
    first = list_step_prepare(list_vote=list_vote, actor=None)
    assert (first.place, first.nominee.first_name) == (1, "Anna")
    assert first.poll.kind == PollKind.YES_NO_ABSTAIN
    assert [o.label for o in first.poll.options.all()] == ["Anna Kandidaat"]
    with pytest.raises(ServiceError):
        list_step_prepare(list_vote=list_vote, actor=None)  # the vote on place 1 is not closed
    decide(first, ["yes", "yes", "no"])

    second = list_step_prepare(list_vote=list_vote, actor=None)
    assert (second.place, second.nominee.first_name) == (2, "Bram")
    decide(second, ["no", "no", "yes"])  # rejected: Bram leaves the list

    third = list_step_prepare(list_vote=list_vote, actor=None)
    assert (third.place, third.nominee.first_name) == (2, "Chris")  # Chris moves up
    with pytest.raises(ServiceError):
        list_vote_adopt(list_vote=list_vote, actor=None)  # place 2 is still being voted on
    decide(third, ["yes", "abstain", "abstain"])

    state = list_state(list_vote)
    assert names(state) == ["Anna", "Chris"]
    assert [c.first_name for c in state.rejected] == ["Bram"]
    assert state.complete
    list_vote_adopt(list_vote=list_vote, actor=None)

    concept_list = procedure["concept_list"]
    concept_list.refresh_from_db()
    entries = list(concept_list.entries.order_by("position"))
    assert [(e.position, e.application.first_name, e.is_pusher) for e in entries] == [
        (1, "Anna", False),
        (2, "Chris", True),
    ]
    assert concept_list.adopted_at is not None
    assert concept_list.versions.first().order == [
        [entries[0].application_id, False],
        [
            entries[1].application_id,
            True,
        ],
    ]
    list_vote.refresh_from_db()
    assert list_vote.status == ListVoteStatus.DONE
    with pytest.raises(ServiceError):
        list_step_prepare(list_vote=list_vote, actor=None)


def test_challenges_are_checked(procedure):
    list_vote, candidates = procedure["list_vote"], procedure["candidates"]
    dewi = candidates[3]  # applied, not placed by the committee
    stranger = ApplicationFactory(status=ApplicationStatus.SUBMITTED)  # another vacancy
    with pytest.raises(ServiceError):
        challenge_file(list_vote=list_vote, application=stranger, place=1, actor=None)
    with pytest.raises(ServiceError):
        challenge_file(list_vote=list_vote, application=dewi, place=99, actor=None)
    challenge_file(list_vote=list_vote, application=dewi, place=2, actor=None)
    challenge_file(list_vote=list_vote, application=dewi, place=2, actor=None)  # once only
    assert list_vote.challenges.count() == 1

    decide(list_step_prepare(list_vote=list_vote, actor=None), ["yes", "yes", "yes"])
    state = list_state(list_vote)
    assert [c.first_name for c in state.challengers] == ["Dewi"]
    with pytest.raises(ServiceError):  # place 1 has been decided
        challenge_file(list_vote=list_vote, application=dewi, place=1, actor=None)


def test_a_challenged_place_is_decided_by_instant_runoff_and_the_displaced_nominee_goes_next(
    procedure,
):
    list_vote, candidates = procedure["list_vote"], procedure["candidates"]
    anna, bram, _chris, dewi = candidates
    challenge_file(list_vote=list_vote, application=dewi, place=2, actor=None)
    decide(list_step_prepare(list_vote=list_vote, actor=None), ["yes", "yes", "yes"])

    step = list_step_prepare(list_vote=list_vote, actor=None)
    poll = Poll.objects.get(pk=step.poll_id)
    assert (poll.kind, poll.method) == (PollKind.RANKED, "irv")
    options = {o.application_id: o.pk for o in poll.options.all()}
    assert list(options) == [bram.pk, dewi.pk]  # the nominee first, as on the ballot paper
    poll_open(poll=poll, actor=None)
    rankings = [[dewi, bram], [dewi], [bram, dewi]]
    for voter, ranking in zip(procedure["voters"], rankings, strict=True):
        ballot_cast(poll=poll, voter=voter, choices=[options[c.pk] for c in ranking])
    poll_close(poll=poll, actor=None)

    state = list_state(list_vote)
    assert [c.pk for _place, c in state.placed] == [anna.pk, dewi.pk]
    assert state.nominee == bram and state.next_place == 3 and state.rejected == []


def test_the_chair_runs_the_list_from_the_staff_page(client, procedure):
    list_vote = procedure["list_vote"]
    chair = UserFactory(groups=[ALV_CHAIR])
    sign_in_with_second_factor(client, chair)
    url = reverse("voting:list_vote", args=[list_vote.meeting_id, list_vote.pk])

    page = client.get(url).content.decode()
    assert "Anna Kandidaat" in page
    client.post(url, {"action": "prepare"})
    assert list_vote.steps.count() == 1
    client.post(
        url, {"action": "challenge", "application": procedure["candidates"][3].pk, "place": "2"}
    )
    assert list_vote.challenges.filter(place=2).exists()

    member = UserFactory()
    client.force_login(member)
    assert client.get(url).status_code in (302, 403)


def test_the_whole_list_with_amendments_then_a_final_vote(procedure, meeting):
    list_vote = procedure["list_vote"]
    list_vote.method, list_vote.amendment_supporters = "amendments", 1
    list_vote.save()
    anna, bram, _chris, dewi = procedure["candidates"]
    filer, supporter, other = procedure["voters"]
    move_dewi = amendment_file(
        list_vote=list_vote, voter=filer, kind="move", application=dewi, place=1
    )
    strike_bram = amendment_file(list_vote=list_vote, voter=filer, kind="strike", application=bram)
    unsupported = amendment_file(
        list_vote=list_vote, voter=other, kind="add_pusher", application=anna
    )
    with pytest.raises(ServiceError):
        amendment_support(amendment=move_dewi, voter=filer)  # not one's own
    with pytest.raises(ServiceError):
        amendment_file(list_vote=list_vote, voter=filer, kind="move", application=dewi, place=0)
    for amendment in (move_dewi, strike_bram):
        amendment_support(amendment=amendment, voter=supporter)
    assert not amendment_admitted(unsupported)

    first = amendment_vote_prepare(list_vote=list_vote, actor=None)
    assert first.amendment == move_dewi
    with pytest.raises(ServiceError):
        amendment_vote_prepare(list_vote=list_vote, actor=None)  # the first is still open
    decide_poll(first, ["yes", "yes", "no"])
    decide_poll(amendment_vote_prepare(list_vote=list_vote, actor=None), ["no", "no", "yes"])
    move_dewi.refresh_from_db(), strike_bram.refresh_from_db()
    assert (move_dewi.status, strike_bram.status) == ("adopted", "rejected")
    with pytest.raises(ServiceError):  # filing closed once the votes began
        amendment_file(list_vote=list_vote, voter=other, kind="strike", application=anna)

    final = amendment_vote_prepare(list_vote=list_vote, actor=None)  # the unsupported one
    assert final == ListVote.objects.get(pk=list_vote.pk).final_poll  # is never voted on
    decide_poll(final, ["yes", "yes", "yes"])

    list_vote.refresh_from_db()
    assert list_vote.status == ListVoteStatus.DONE
    entries = procedure["concept_list"].entries.order_by("position")
    assert [(e.application.first_name, e.is_pusher) for e in entries] == [
        ("Dewi", False),
        ("Anna", False),
        ("Bram", False),
        ("Chris", True),
    ]


def test_a_rejected_final_vote_leaves_the_list_unadopted(procedure):
    list_vote = procedure["list_vote"]
    list_vote.method = "amendments"
    list_vote.save()
    decide_poll(amendment_vote_prepare(list_vote=list_vote, actor=None), ["no", "no", "yes"])
    list_vote.refresh_from_db()
    assert list_vote.status == ListVoteStatus.REJECTED
    procedure["concept_list"].refresh_from_db()
    assert procedure["concept_list"].adopted_at is None


def test_members_file_and_support_amendments_on_their_page(client, procedure):
    list_vote = procedure["list_vote"]
    list_vote.method = "amendments"
    list_vote.save()
    filer, supporter, _other = procedure["voters"]
    url = reverse("voting:list_vote_member", args=[list_vote.meeting_id, list_vote.pk])
    dewi = procedure["candidates"][3]

    client.force_login(filer.member.user)
    page = client.get(url).content.decode()
    assert "Anna Kandidaat" in page and "Dewi Kandidaat" in page  # the list; the candidates
    missing_place = client.post(url, {"kind": "move", "application": dewi.pk})
    assert missing_place.status_code == 200 and not list_vote.amendments.exists()
    client.post(url, {"kind": "move", "application": dewi.pk, "place": "1", "explanation": "x"})
    amendment = list_vote.amendments.get()

    client.force_login(supporter.member.user)
    client.post(url, {"action": "support", "amendment": amendment.pk})
    assert list(amendment.supporters.all()) == [supporter]

    client.force_login(UserFactory())  # not on the register
    assert client.get(url).status_code == 403


def test_the_list_leader_is_elected_first_in_two_rounds_and_heads_the_list(procedure, meeting):
    list_vote = procedure["list_vote"]
    list_vote.leader_first, list_vote.leader_supporters = True, 1
    list_vote.save()
    anna, bram, chris, dewi = procedure["candidates"]
    two_more = make_voters(meeting, 2)
    voters = [*procedure["voters"], *two_more]
    candidacies = {
        c.first_name: leader_candidacy_file(list_vote=list_vote, application=c, actor=None)
        for c in (bram, chris, dewi, anna)
    }
    for name in ("Bram", "Chris", "Dewi"):
        leader_candidacy_support(candidacy=candidacies[name], voter=voters[0])
    assert [c.first_name for c in leader_candidates(list_vote)] == ["Bram", "Chris", "Dewi"]
    with pytest.raises(ServiceError):
        list_step_prepare(list_vote=list_vote, actor=None)  # the leader comes first

    first = leader_round_prepare(list_vote=list_vote, actor=None)
    assert (first.kind, first.majority) == (PollKind.APPROVAL, "absolute")
    choose(first, voters, ["Bram", "Bram", "Chris", "Chris", "Dewi"])  # nobody has a majority
    list_vote.refresh_from_db()
    assert list_vote.leader is None
    second = leader_round_prepare(list_vote=list_vote, actor=None)
    assert [o.label for o in second.options.all()] == ["Bram Kandidaat", "Chris Kandidaat"]
    choose(second, voters, ["Chris", "Chris", "Chris", "Bram", "Bram"])
    list_vote.refresh_from_db()
    assert list_vote.leader == chris
    with pytest.raises(ServiceError):
        leader_round_prepare(list_vote=list_vote, actor=None)

    step = list_step_prepare(list_vote=list_vote, actor=None)
    assert (step.place, step.nominee) == (2, anna)  # Chris heads the list; Anna is next
    assert [c.first_name for _place, c in list_state(list_vote).placed] == ["Chris"]


def choose(poll, voters, names):
    """Open a one-choice poll, let each voter choose the candidate named, close it."""
    poll_open(poll=poll, actor=None)
    options = {o.label.split()[0]: o.pk for o in poll.options.all()}
    for voter, name in zip(voters, names, strict=True):
        ballot_cast(poll=poll, voter=voter, choices=[options[name]])
    poll_close(poll=poll, actor=None)


def test_members_support_candidacies_for_list_leader_and_the_chair_opens_the_election(
    client, procedure
):
    list_vote = procedure["list_vote"]
    list_vote.leader_first, list_vote.leader_method = True, "irv"
    list_vote.save()
    anna, bram = procedure["candidates"][:2]
    chair_url = reverse("voting:list_vote", args=[list_vote.meeting_id, list_vote.pk])
    member_url = reverse("voting:list_vote_member", args=[list_vote.meeting_id, list_vote.pk])
    sign_in_with_second_factor(client, UserFactory(groups=[ALV_CHAIR]))
    for candidate in (anna, bram):
        client.post(chair_url, {"action": "leader_candidacy", "application": candidate.pk})
    candidacy = list_vote.leader_candidacies.get(application=bram)

    voter = procedure["voters"][0]
    client.force_login(voter.member.user)
    assert "Bram Kandidaat" in client.get(member_url).content.decode()
    client.post(member_url, {"action": "support_leader", "candidacy": candidacy.pk})
    assert list(candidacy.supporters.all()) == [voter]

    sign_in_with_second_factor(client, UserFactory(groups=[ALV_CHAIR]))
    client.post(chair_url, {"action": "leader_round"})
    poll = list_vote.leader_rounds.get().poll
    assert (poll.kind, poll.method, poll.options.count()) == (PollKind.RANKED, "irv", 2)


def test_a_tied_second_round_for_list_leader_goes_to_a_new_round_then_to_lots(procedure, meeting):
    list_vote = procedure["list_vote"]
    list_vote.leader_first = True
    list_vote.save()
    anna, bram, chris, _dewi = procedure["candidates"]
    voters = [*procedure["voters"], *make_voters(meeting, 1)]
    for candidate in (anna, bram, chris):
        leader_candidacy_file(list_vote=list_vote, application=candidate, actor=None)
    choose(
        leader_round_prepare(list_vote=list_vote, actor=None),
        voters,
        ["Anna", "Anna", "Bram", "Chris"],
    )
    second = leader_round_prepare(list_vote=list_vote, actor=None)  # Anna and Bram
    choose(second, voters[:2] + voters[2:], ["Anna", "Bram", "Bram", "Anna"])
    second.refresh_from_db()
    assert second.result["outcome"] == "tie"

    again = poll_new_round(poll=second, actor=None)
    assert {o.application_id for o in again.options.all()} == {anna.pk, bram.pk}
    choose(again, voters, ["Anna", "Bram", "Anna", "Bram"])
    poll_draw_lots(poll=Poll.objects.get(pk=again.pk), actor=None)

    list_vote.refresh_from_db()
    again.refresh_from_db()
    drawn = again.options.get(pk=again.result["drawn"][0]).application
    assert list_vote.leader == drawn and drawn in (anna, bram)


def test_a_name_stored_with_invisible_characters_reaches_the_ballot_and_register_clean(
    procedure, meeting
):
    """Names saved before input was cleaned (or by the admin): the ballot's label and the
    voter register carry them without bidi controls or zero-width characters."""
    anna = procedure["candidates"][0]
    anna.first_name, anna.last_name = "\u202eAn\u200bna", "Kandi\u2066daat\u2069 "
    anna.save(update_fields=["first_name", "last_name"])
    member = MemberFactory(user=UserFactory(), first_name="Ro\u200dsa\t", last_name="\u202aBos")

    step = list_step_prepare(list_vote=procedure["list_vote"], actor=None)
    register_snapshot(meeting=meeting, actor=None)

    assert [o.label for o in step.poll.options.all()] == ["Anna Kandidaat"]
    assert meeting.voters.get(member=member).name == "Rosa Bos"

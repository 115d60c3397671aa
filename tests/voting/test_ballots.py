"""Casting secret ballots: who may vote, one vote each, proxies, receipts that reconcile."""

from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from core.errors import ServiceError
from members.models import Member
from tests.factories import MemberFactory
from tests.voting.conftest import make_poll, make_voters
from voting.casting import ballot_cast, may_vote_for
from voting.models import Ballot, PollStatus, Receipt, SealedBallot, VoteRecord
from voting.polls import poll_close, poll_open
from voting.proxies import proxy_give
from voting.register import check_in, check_out, register_snapshot
from voting.selectors import receipts

pytestmark = pytest.mark.django_db


def yes_for(poll):
    return {str(option.pk): "yes" for option in poll.options.all()}


def test_the_register_holds_members_in_good_standing_on_the_cut_off(meeting):
    meeting.min_membership_months, meeting.dues_required = 6, True
    meeting.save()
    ok = MemberFactory(joined_on=date(2025, 1, 1), dues_paid_until=date(2026, 12, 31))
    MemberFactory(joined_on=date(2026, 6, 1), dues_paid_until=date(2026, 12, 31))  # too new
    MemberFactory(joined_on=date(2025, 1, 1), dues_paid_until=date(2026, 6, 30))  # dues
    MemberFactory(joined_on=date(2025, 1, 1), status=Member.Status.SUSPENDED)

    assert register_snapshot(meeting=meeting, actor=None) == 1
    assert register_snapshot(meeting=meeting, actor=None) == 0
    assert list(meeting.voters.values_list("member", flat=True)) == [ok.pk]


def test_a_secret_vote_is_a_record_and_a_sealed_ballot_opened_apart_at_closing(meeting):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)

    cast = ballot_cast(poll=poll, voter=voter, choices=yes_for(poll))

    sealed = SealedBallot.objects.get()
    assert len(cast.receipt) == 11 and cast.receipt.encode() not in bytes(sealed.box)
    assert not Ballot.objects.exists() and not Receipt.objects.exists()
    assert VoteRecord.objects.get().named_ballot is None
    with pytest.raises(ServiceError):  # the double click
        ballot_cast(poll=poll, voter=voter, choices=yes_for(poll))
    assert (SealedBallot.objects.count(), VoteRecord.objects.count()) == (1, 1)

    poll_close(poll=poll, actor=None)

    assert not SealedBallot.objects.exists()
    assert Receipt.objects.get().code == cast.receipt
    assert Ballot.objects.get().choices == yes_for(poll)


def test_every_sealed_ballot_of_a_poll_has_the_same_size(meeting):
    voters = make_voters(meeting, 3)
    poll = make_poll(meeting, labels=("Amal", "Bram", "Chen"), kind="approval", seats=3)
    poll_open(poll=poll, actor=None)
    options = list(poll.options.values_list("pk", flat=True))

    for voter, approved in zip(voters, ([], options[:1], options), strict=True):
        ballot_cast(poll=poll, voter=voter, choices=approved)

    boxes = SealedBallot.objects.values_list("box", flat=True)
    assert len({len(bytes(box)) for box in boxes}) == 1


def test_who_may_not_vote_gets_a_clear_refusal(meeting):
    present, absent = make_voters(meeting, 2, checked_in=False)
    check_in(voter=present, actor=None)
    poll = make_poll(meeting)

    with pytest.raises(ServiceError, match=r"open|geopend"):
        ballot_cast(poll=poll, voter=present, choices=yes_for(poll))
    poll_open(poll=poll, actor=None)
    with pytest.raises(ServiceError, match=r"checked in|ingecheckt"):
        ballot_cast(poll=poll, voter=absent, choices=yes_for(poll))
    with pytest.raises(ServiceError):
        ballot_cast(poll=poll, voter=present, choices={})
    assert not Ballot.objects.exists() and not SealedBallot.objects.exists()


def test_the_quorum_is_checked_when_a_poll_opens(meeting):
    meeting.quorum = 3
    meeting.save()
    make_voters(meeting, 2)
    poll = make_poll(meeting)

    with pytest.raises(ServiceError, match="quorum"):
        poll_open(poll=poll, actor=None)
    make_voters(meeting, 1)
    assert poll_open(poll=poll, actor=None).present_at_open == 3


def test_proxy_rules(meeting):
    holder, first, second, third = make_voters(meeting, 4)
    holder = check_out(voter=holder, actor=None)
    proxy_give(principal=first, holder_number=holder.membership_number, actor=None)
    proxy_give(principal=second, holder_number=holder.membership_number, actor=None)
    with pytest.raises(ServiceError, match="2"):  # at most two per holder
        proxy_give(principal=third, holder_number=holder.membership_number, actor=None)
    with pytest.raises(ServiceError):  # a holder cannot pass their own vote on
        proxy_give(principal=holder, holder_number=third.membership_number, actor=None)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)

    with pytest.raises(ServiceError, match=r"checked in|ingecheckt"):
        ballot_cast(poll=poll, voter=holder, choices=yes_for(poll), on_behalf_of=first)
    with pytest.raises(ServiceError):  # the principal cannot also vote
        ballot_cast(poll=poll, voter=first, choices=yes_for(poll))
    holder = check_in(voter=holder, actor=None)
    assert [v.pk for v in may_vote_for(voter=holder)] == [holder.pk, first.pk, second.pk]
    for subject in (None, first, second):
        ballot_cast(poll=poll, voter=holder, choices=yes_for(poll), on_behalf_of=subject)
    with pytest.raises(ServiceError):
        ballot_cast(poll=poll, voter=holder, choices=yes_for(poll), on_behalf_of=third)

    closed = poll_close(poll=poll, actor=None)
    assert closed.result["ballots"] == 3
    assert VoteRecord.objects.filter(by_proxy=True).count() == 2


def test_a_proxy_comes_too_late_once_the_principal_voted(meeting):
    holder, principal = make_voters(meeting, 2)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=principal, choices=yes_for(poll))

    with pytest.raises(ServiceError):
        proxy_give(principal=principal, holder_number=holder.membership_number, actor=None)


def test_a_named_poll_links_on_purpose_and_a_secret_one_never(meeting):
    (voter,) = make_voters(meeting, 1)
    named = make_poll(meeting, secret=False, title="Hoofdelijk")
    poll_open(poll=named, actor=None)
    ballot_cast(poll=named, voter=voter, choices=yes_for(named))

    assert VoteRecord.objects.get(poll=named).named_ballot is not None


def test_no_field_links_a_member_to_a_choice_and_ballots_carry_no_time_or_sequence():
    ballot_fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert not any(
        isinstance(f, (models.DateTimeField, models.DateField, models.TimeField))
        for f in ballot_fields.values()
    )
    assert isinstance(ballot_fields["id"], models.UUIDField)
    linking = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("voting").get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model is Ballot and model is not VoteRecord
    ]
    assert linking == ["Poll.ballots"] or linking == []
    for model in apps.get_app_config("voting").get_models():
        relations = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        if model is Ballot:
            assert not relations & {apps.get_model("voting", "Voter"), Member}
    record_fields = {f.name for f in VoteRecord._meta.get_fields()}
    assert not record_fields & {"choices", "receipt", "voted_at", "created_at"}
    assert PollStatus.CLOSED


def test_a_lost_key_refuses_casts_and_closing_until_it_is_back_and_nothing_is_lost(meeting):
    first, second = make_voters(meeting, 2)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    receipt = ballot_cast(poll=poll, voter=first, choices=yes_for(poll)).receipt
    poll.refresh_from_db()
    key = settings.BALLOT_KEY_DIR / f"{poll.ballot_key}.key"
    kept = key.read_bytes()
    key.unlink()

    with pytest.raises(ServiceError, match="stembus"):
        ballot_cast(poll=poll, voter=second, choices=yes_for(poll))
    assert VoteRecord.objects.filter(voter=second).count() == 0  # may try again later
    with pytest.raises(ServiceError, match=poll.ballot_key):
        poll_close(poll=poll, actor=None)
    assert SealedBallot.objects.count() == 1

    key.write_bytes(kept)
    ballot_cast(poll=poll, voter=second, choices=yes_for(poll))
    closed = poll_close(poll=poll, actor=None)
    assert closed.result["ballots"] == 2 and receipt in receipts(closed)


def test_closing_destroys_the_key_and_a_box_that_does_not_open_counts_as_invalid(
    meeting, django_capture_on_commit_callbacks
):
    first, second = make_voters(meeting, 2)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=first, choices=yes_for(poll))
    VoteRecord.objects.create(poll=poll, voter=second)  # with a box nobody can open
    SealedBallot.objects.create(poll=poll, box=b"\x00" * 200)
    poll.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        closed = poll_close(poll=poll, actor=None)

    assert (closed.result["ballots"], closed.result["invalid"]) == (2, 1)
    assert not (settings.BALLOT_KEY_DIR / f"{poll.ballot_key}.key").exists()
    assert len(receipts(closed)) == 1


def test_a_poll_whose_ballot_box_cannot_be_made_stays_closed(meeting, settings, tmp_path):
    make_voters(meeting, 1)
    poll = make_poll(meeting)
    (tmp_path / "not-a-folder").write_text("")
    settings.BALLOT_KEY_DIR = tmp_path / "not-a-folder"

    with pytest.raises(ServiceError, match="stembus"):
        poll_open(poll=poll, actor=None)
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT

"""The member's side of the ALV over HTTP, the chair's console and the tellers' desk."""

import logging
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from core.models import AuditEntry
from members.roles import ALV_CHAIR
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.voting.conftest import make_poll, make_voters
from voting.models import Ballot, SealedBallot, Voter, VoteRecord
from voting.polls import poll_close, poll_open
from voting.proxies import proxy_give
from voting.register import check_in

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


def fields_for(form_prefix, poll, value="yes"):
    return {f"{form_prefix}-option_{o.pk}": value for o in poll.options.all()}


class ConfirmForm(HTMLParser):
    """The confirmation page's form as a browser would send it: its action and fields."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields, self.inside = None, [], False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-cast-form" in attrs:
            self.action, self.inside = attrs["action"], True
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def confirm(client, meeting, poll, data):
    """Fill in and check the ballot; the confirmation page's form."""
    url = reverse("voting:ballot", args=[meeting.pk, poll.pk])
    review = client.post(url, {"step": "review", **data})
    assert review.status_code == 200
    form = ConfirmForm(review.content.decode())
    assert form.action == reverse("voting:cast", args=[meeting.pk, poll.pk])
    return form


def send(client, form, **headers):
    return client.post(form.action, urlencode(form.fields), content_type=FORM, headers=headers)


def vote(client, meeting, poll, data, **headers):
    return send(client, confirm(client, meeting, poll, data), **headers)


def test_the_member_sees_their_qr_code_and_the_open_polls(client, meeting):
    (voter,) = make_voters(meeting, 1, checked_in=False)
    poll = make_poll(meeting)
    client.force_login(voter.member.user)

    page = client.get(reverse("voting:meeting", args=[meeting.pk])).content.decode()
    assert "<svg" in page and voter.checkin_code not in page.split("<svg")[0]
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("voting:meeting", args=[meeting.pk])).status_code == 403
    assert poll.title


def test_check_confirm_cast_and_find_the_receipt_after_closing(client, meeting, caplog):
    caplog.set_level(logging.DEBUG)
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal", "Jayden"])
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)
    data = fields_for(f"v{voter.pk}", poll, "no")

    form = confirm(client, meeting, poll, data)
    receipt_page = send(client, form).content.decode()
    receipt = re.search(r"data-receipt>([A-Z0-9]{5}-[A-Z0-9]{5})<", receipt_page).group(1)
    again = client.get(reverse("voting:ballot", args=[meeting.pk, poll.pk]))
    assert "Je hebt in deze stemming gestemd" in again.content.decode()
    double_click = send(client, form).content.decode()
    assert "Deze stem is al uitgebracht" in double_click and "data-receipt" not in double_click
    assert SealedBallot.objects.count() == VoteRecord.objects.count() == 1

    results_url = reverse("voting:results", args=[meeting.pk, poll.pk])
    assert receipt not in client.get(results_url).content.decode()
    poll_close(poll=poll, actor=None)
    assert receipt in client.get(results_url).content.decode()

    # Secrecy: no log line and no audit entry written during the vote holds the member and
    # what they chose (or their receipt, which leads to it).
    identifying = {voter.name, voter.membership_number, voter.member.user.email, str(voter.pk)}
    for record in caplog.records:
        line = record.getMessage()
        assert receipt not in line
        assert not (any(i in line for i in identifying) and '"no"' in line)
    for entry in AuditEntry.objects.all():
        text = str(entry.data)
        assert receipt not in text and "no" not in entry.data.values()


def test_change_on_the_confirmation_goes_back_with_the_answers_filled_in(client, meeting):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal", "Jayden"])
    poll_open(poll=poll, actor=None)
    client.force_login(voter.member.user)
    review = client.post(
        reverse("voting:ballot", args=[meeting.pk, poll.pk]),
        {"step": "review", **fields_for(f"v{voter.pk}", poll, "abstain")},
    )
    change = re.search(
        r'<form method="post" id="change-ballot"(.*?)</form>', review.content.decode(), re.S
    )
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', change.group(1))
    )

    back = client.post(reverse("voting:ballot", args=[meeting.pk, poll.pk]), fields)

    assert fields["step"] == "change"
    assert "data-cast-form" not in back.content.decode()
    checked = re.findall(
        r'<input type="radio"[^>]*value="(\w+)"[^>]*checked', back.content.decode()
    )
    assert checked == ["abstain", "abstain"]
    assert not Ballot.objects.exists()


def test_the_reasons_not_to_show_a_ballot(client, meeting):
    (absent,) = make_voters(meeting, 1, checked_in=False)
    poll = make_poll(meeting)
    client.force_login(absent.member.user)
    url = reverse("voting:ballot", args=[meeting.pk, poll.pk])

    assert client.get(url).status_code == 403  # not opened yet
    poll_open(poll=poll, actor=None)
    response = client.get(url)
    assert response.status_code == 403
    assert "checked in" in response.content.decode() or "ingecheckt" in response.content.decode()


def test_a_proxy_holder_fills_in_both_ballots_on_one_screen(client, meeting):
    holder, principal = make_voters(meeting, 2)
    proxy_give(principal=principal, holder_number=holder.membership_number, actor=None)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(holder.member.user)

    form_page = client.get(reverse("voting:ballot", args=[meeting.pk, poll.pk]))
    assert len(form_page.context["forms"]) == 2
    data = {**fields_for(f"v{holder.pk}", poll), **fields_for(f"v{principal.pk}", poll, "abstain")}
    page = vote(client, meeting, poll, data).content.decode()

    assert len(re.findall(r"data-receipt>", page)) == 2
    assert VoteRecord.objects.filter(by_proxy=True).count() == 1


def test_the_ballot_screen_script_casts_and_gets_receipts_as_json(client, meeting):
    holder, principal, stranger = make_voters(meeting, 3)
    proxy_give(principal=principal, holder_number=holder.membership_number, actor=None)
    poll = make_poll(meeting)
    poll_open(poll=poll, actor=None)
    client.force_login(holder.member.user)
    data = {**fields_for(f"v{holder.pk}", poll), **fields_for(f"v{principal.pk}", poll, "no")}
    form = confirm(client, meeting, poll, data)
    as_script = {"Accept": "application/json"}

    answer = send(client, form, **as_script).json()
    assert sorted(r["name"] for r in answer["receipts"]) == sorted([holder.name, principal.name])
    assert all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", r["code"]) for r in answer["receipts"])
    assert answer["problems"] == []

    double_click = send(client, form, **as_script)
    assert double_click.status_code == 409
    assert {p["message"] for p in double_click.json()["problems"]} == {
        "Deze stem is al uitgebracht."
    }
    # A ballot for someone whose proxy the caster does not hold is refused, not cast.
    form.fields = [(k, v) for k, v in form.fields if k != "subject"] + [
        ("subject", str(stranger.pk))
    ]
    tampered = send(client, form, **as_script).json()
    assert tampered["problems"][0]["message"] == "Je hebt geen volmacht van dit lid."
    client.logout()
    assert send(client, form, **as_script).status_code == 403
    assert SealedBallot.objects.count() == VoteRecord.objects.count() == 2


def test_the_chair_opens_and_closes_and_the_tellers_check_in(client, meeting):
    chair = UserFactory(is_staff=True, groups=[ALV_CHAIR])
    (voter,) = make_voters(meeting, 1, checked_in=False)
    poll = make_poll(meeting)
    console = reverse("voting:console", args=[meeting.pk])

    client.force_login(chair)
    assert client.get(console).status_code == 302  # no second factor used yet
    sign_in_with_second_factor(client, chair)
    client.post(reverse("voting:teller_code", args=[meeting.pk, voter.checkin_code]))
    assert Voter.objects.get(pk=voter.pk).checked_in_at is not None
    client.post(console, {"action": "open", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "open" and poll.present_at_open == 1
    counts = client.get(reverse("voting:live_count", args=[meeting.pk, poll.pk])).json()
    assert counts == {"poll": poll.pk, "status": "open", "voted": 0, "entitled": 1, "present": 1}
    client.post(console, {"action": "close", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "closed"

    member = UserFactory(is_staff=False)
    client.force_login(member)
    assert client.get(console).status_code == 403


def test_the_tellers_desk_searches_the_register(client, meeting):
    chair = UserFactory(is_staff=True, groups=[ALV_CHAIR])
    voters = make_voters(meeting, 3, checked_in=False)
    sign_in_with_second_factor(client, chair)
    url = reverse("voting:teller", args=[meeting.pk])

    page = client.get(url, {"q": voters[1].membership_number})
    assert [v.pk for v in page.context["found"]] == [voters[1].pk]
    client.post(f"{url}?q=x", {"voter": voters[1].pk, "action": "in"})
    assert Voter.objects.filter(checked_in_at__isnull=False).count() == 1
    check_in(voter=voters[0], actor=None)


def test_invitations_carry_the_personal_qr_code_once(meeting):
    from notifications.models import Notification
    from voting.invitations import invitations_send

    voters = make_voters(meeting, 2, checked_in=False)

    assert invitations_send(meeting=meeting, actor=None) == 2
    assert invitations_send(meeting=meeting, actor=None) == 0  # queued once per voter a day
    mail = Notification.objects.get(recipient=voters[0].member.user.email)
    assert mail.attachments[0]["content"].startswith("<svg")
    assert f"/alv/{meeting.pk}/" in mail.body_text


def test_the_anonymised_ballots_can_be_recounted_after_closing(client, meeting):
    voters = make_voters(meeting, 3)
    poll = make_poll(meeting, ["Amal"])
    option = poll.options.get()
    poll_open(poll=poll, actor=None)
    from voting.casting import ballot_cast

    for voter, value in zip(voters, ["yes", "no", "yes"], strict=True):
        ballot_cast(poll=poll, voter=voter, choices={str(option.pk): value})
    url = reverse("voting:ballots_csv", args=[meeting.pk, poll.pk])
    assert client.get(url).status_code == 404  # not before closing
    poll_close(poll=poll, actor=None)

    rows = client.get(url).content.decode().strip().splitlines()
    assert rows[0] == "Amal;invalid"  # choices only: no receipt beside them
    assert sorted(row.split(";")[0] for row in rows[1:]) == ["no", "yes", "yes"]
    assert not any(v.name in "".join(rows) or v.membership_number in "".join(rows) for v in voters)


def test_the_alv_chair_prepares_polls_in_the_admin_until_they_open(client, meeting):
    chair = UserFactory(is_staff=True, groups=[ALV_CHAIR])
    poll = make_poll(meeting, ["Amal"])
    sign_in_with_second_factor(client, chair)
    url = reverse("admin:voting_poll_change", args=[poll.pk])

    draft = client.get(url)
    assert draft.status_code == 200
    assert draft.context["inline_admin_formsets"][0].has_change_permission
    poll_open(poll=poll, actor=None)
    opened = client.get(url)
    assert not opened.context["inline_admin_formsets"][0].has_change_permission
    client.logout()
    sign_in_with_second_factor(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code in (302, 403)

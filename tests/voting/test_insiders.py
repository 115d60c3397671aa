"""Insiders stay in their lane (issue #29, items 2 and 3): the ALV chair and the tellers run
the votes but cannot delete or rewrite their records, and one teller alone cannot vote for an
absent member unseen."""

import io

import pytest
from django import forms
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from applications.models import ApplicationStatus
from core.errors import ServiceError
from core.models import AuditEntry
from members.roles import ALV_CHAIR, BOARD
from tests.conftest import sign_in_with_second_factor
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.voting.conftest import (
    confirm_papers,
    make_meeting,
    make_poll,
    make_voters,
    sealed_contents,
)
from voting import paper_services, record_services
from voting.casting import ballot_cast
from voting.models import (
    Ballot,
    CheckInLog,
    ListVote,
    ListVoteStatus,
    Meeting,
    PaperEntry,
    Poll,
    PollStatus,
    Receipt,
    VoteRecord,
)
from voting.paper_services import (
    paper_ballot_enter,
    paper_ballot_issue,
    paper_ballots_prepare,
    paper_counts_enter,
)
from voting.polls import poll_close, poll_open
from voting.privacy import audit_about
from voting.register import register_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(client):
    user = UserFactory(is_staff=True, groups=[ALV_CHAIR], first_name="Cora", last_name="Voorzitter")
    sign_in_with_second_factor(client, user)
    return user


def vote_all(poll, voters, answer="yes"):
    (option,) = poll.options.all()
    for voter in voters:
        ballot_cast(poll=poll, voter=voter, choices={str(option.pk): answer})


@pytest.fixture
def closed_poll(meeting):
    voters = make_voters(meeting, 5)
    poll = make_poll(meeting, ["Amal"], title="Voorzitter")
    poll_open(poll=poll, actor=None)
    vote_all(poll, voters)
    return poll_close(poll=poll, actor=None)


def admin_form_data(response) -> dict:
    """The admin change form as a browser would send it back unchanged: the main form's
    fields and every inline's management form and rows."""
    data = {}

    def add(form, prefix_names=True):
        for name, field in form.fields.items():
            key = form.add_prefix(name) if prefix_names else name
            value = form[name].value()
            if isinstance(field.widget, forms.MultiWidget):
                parts = field.widget.decompress(value)
                for n, part in enumerate(parts):
                    data[f"{key}_{n}"] = "" if part is None else str(part)
            elif isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            else:
                data[key] = str(getattr(value, "pk", value))

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


# --- Item 2: records are never deleted ----------------------------------------------------


def test_the_chair_cannot_delete_a_closed_poll_with_its_ballots(client, chair, closed_poll):
    delete = reverse("admin:voting_poll_delete", args=[closed_poll.pk])
    changelist = reverse("admin:voting_poll_changelist")

    page = client.get(delete)
    posted = client.post(delete, {"post": "yes"})
    bulk = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [closed_poll.pk], "post": "yes"},
    )

    assert page.status_code == posted.status_code == 403
    assert 'value="delete_selected"' not in client.get(changelist).content.decode()
    assert bulk.status_code in (200, 302)
    assert Poll.objects.filter(pk=closed_poll.pk).exists()
    assert Ballot.objects.filter(poll=closed_poll).count() == 5
    assert Receipt.objects.filter(poll=closed_poll).count() == 5
    assert VoteRecord.objects.filter(poll=closed_poll).count() == 5
    result = client.get(reverse("voting:results", args=[closed_poll.meeting_id, closed_poll.pk]))
    assert result.status_code == 200


def test_the_chair_cannot_delete_an_open_poll(client, chair, meeting):
    voters = make_voters(meeting, 2)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    vote_all(poll, voters)
    delete = reverse("admin:voting_poll_delete", args=[poll.pk])

    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:voting_poll_changelist"),
        {"action": "delete_selected", "_selected_action": [poll.pk], "post": "yes"},
    )

    assert Poll.objects.get(pk=poll.pk).status == PollStatus.OPEN
    assert VoteRecord.objects.filter(poll=poll).count() == 2


def test_the_chair_cannot_delete_a_meeting_with_polls(client, chair, closed_poll):
    meeting = closed_poll.meeting
    delete = reverse("admin:voting_meeting_delete", args=[meeting.pk])

    page = client.get(delete)
    posted = client.post(delete, {"post": "yes"})
    bulk = client.post(
        reverse("admin:voting_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )

    assert page.status_code == posted.status_code == 403
    assert bulk.status_code == 200  # the "cannot delete" page, naming the reason
    assert "kan niet worden verwijderd" in bulk.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert Ballot.objects.filter(poll=closed_poll).count() == 5
    assert VoteRecord.objects.filter(poll=closed_poll).count() == 5
    assert meeting.voters.count() == 5
    assert CheckInLog.objects.filter(voter__meeting=meeting).count() == 5


def test_the_chair_cannot_delete_a_meeting_whose_only_records_are_polls(client, chair):
    # No register to stand in the way (the voter admin is read-only): only the poll.
    bare = make_meeting(title="Zonder register")
    poll = make_poll(bare, ["Amal"])
    poll_open(poll=poll, actor=None)
    poll_close(poll=poll, actor=None)
    delete = reverse("admin:voting_meeting_delete", args=[bare.pk])

    assert client.get(delete).status_code == 403
    client.post(delete, {"post": "yes"})
    client.post(
        reverse("admin:voting_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [bare.pk], "post": "yes"},
    )

    assert Poll.objects.filter(pk=poll.pk, meeting=bare).exists()


def test_a_meeting_set_up_by_mistake_can_still_go_and_that_is_audited(client, chair):
    mistake = make_meeting(title="Dubbel aangemaakt")

    response = client.post(
        reverse("admin:voting_meeting_delete", args=[mistake.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=mistake.pk).exists()
    entry = AuditEntry.objects.get(action="voting.meeting_deleted")
    assert entry.actor == chair and entry.data["title"] == "Dubbel aangemaakt"


def test_list_votes_are_never_deleted(client, chair, meeting):
    list_vote = ListVote.objects.create(meeting=meeting, vacancy=VacancyFactory())
    delete = reverse("admin:voting_listvote_delete", args=[list_vote.pk])

    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ListVote.objects.filter(pk=list_vote.pk).exists()


# --- Item 2: settings freeze when the first poll opens -------------------------------------


def test_the_quorum_and_membership_rules_freeze_when_the_first_poll_opens(client, chair, meeting):
    make_voters(meeting, 3)
    poll = make_poll(meeting, ["Amal"])
    url = reverse("admin:voting_meeting_change", args=[meeting.pk])
    draft_form = client.get(url).context["adminform"].form
    assert "quorum" in draft_form.fields  # still editable before any poll opens

    poll_open(poll=poll, actor=None)
    page = client.get(url)
    data = {**admin_form_data(page), "quorum": "10", "min_membership_months": "6"}
    saved = client.post(url, {**data, "title": "ALV voorjaar (verplaatst)"})

    assert "quorum" not in page.context["adminform"].form.fields  # shown read-only
    assert saved.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.quorum, meeting.min_membership_months) == (0, 0)
    assert meeting.title == "ALV voorjaar (verplaatst)"  # what may change still does
    change = AuditEntry.objects.get(action="voting.meeting_changed")
    assert change.actor == chair and set(change.data) == {"title"}

    meeting.quorum = 10
    with pytest.raises(ServiceError, match="liggen vast sinds de eerste stemming"):
        record_services.meeting_save(meeting=meeting, changed=["quorum"], actor=chair)
    with pytest.raises(ServiceError, match="Het stemregister ligt vast"):
        register_snapshot(meeting=meeting, actor=chair)
    assert Meeting.objects.get(pk=meeting.pk).quorum == 0


def test_a_closed_polls_result_and_report_keep_the_quorum_it_was_counted_under(
    client, chair, closed_poll
):
    meeting = closed_poll.meeting
    assert closed_poll.result["quorum"] == {"needed": 0, "present": 5, "reached": True}
    url = reverse("admin:voting_meeting_change", args=[meeting.pk])
    client.post(url, {**admin_form_data(client.get(url)), "quorum": "10"})
    results = reverse("voting:results", args=[meeting.pk, closed_poll.pk])

    meeting.refresh_from_db()
    assert meeting.quorum == 0
    page = client.get(results).content.decode()
    assert "gehaald (5 aanwezig bij de opening, 0 nodig)" in page
    report = client.get(reverse("exports:alv_results", args=[meeting.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages)
    assert "gehaald (0)" in text and "niet gehaald" not in text

    # Even a setting changed behind the app's back does not rewrite the stored result.
    Meeting.objects.filter(pk=meeting.pk).update(quorum=10)
    assert "gehaald (5 aanwezig bij de opening, 0 nodig)" in client.get(results).content.decode()


def test_an_open_polls_settings_are_refused_in_the_service_and_read_only_in_the_admin(
    client, chair, meeting
):
    make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"], majority="absolute")
    poll_open(poll=poll, actor=None)
    url = reverse("admin:voting_poll_change", args=[poll.pk])

    page = client.get(url)
    client.post(url, {**admin_form_data(page), "majority": "simple", "title": "Anders"})
    poll.majority = "simple"

    assert "majority" not in page.context["adminform"].form.fields
    assert Poll.objects.get(pk=poll.pk).majority == "absolute"
    with pytest.raises(ServiceError, match="liggen vast zodra ze is geopend"):
        record_services.poll_save(poll=poll, changed=["majority"], actor=chair)


def test_a_running_list_votes_method_vacancy_and_majority_stay(client, chair, meeting):
    vacancy, other = VacancyFactory(), VacancyFactory()
    list_vote = ListVote.objects.create(meeting=meeting, vacancy=vacancy)
    url = reverse("admin:voting_listvote_change", args=[list_vote.pk])
    assert "method" in client.get(url).context["adminform"].form.fields
    ListVote.objects.filter(pk=list_vote.pk).update(status=ListVoteStatus.RUNNING)

    page = client.get(url)
    data = {**admin_form_data(page), "method": "amendments", "majority": "two_thirds"}
    client.post(url, {**data, "vacancy": str(other.pk)})
    list_vote.refresh_from_db()
    list_vote.method = "amendments"

    assert "method" not in page.context["adminform"].form.fields
    assert not page.context["inline_admin_formsets"][0].has_delete_permission
    assert (list_vote.vacancy_id, list_vote.majority) == (vacancy.pk, "simple")
    assert ListVote.objects.get(pk=list_vote.pk).method == "place_by_place"
    with pytest.raises(ServiceError, match="liggen vast zodra ze is begonnen"):
        record_services.list_vote_save(list_vote=list_vote, changed=["method"], actor=chair)


# --- Item 2: a mistake is corrected by voiding --------------------------------------------


def test_the_chair_voids_a_closed_poll_with_a_reason_shown_and_audited(client, chair, closed_poll):
    meeting = closed_poll.meeting
    console = reverse("voting:console", args=[meeting.pk])

    client.post(console, {"action": "void", "poll": closed_poll.pk, "reason": " "})
    assert "Geef de reden" in client.get(console).content.decode()
    assert not Poll.objects.get(pk=closed_poll.pk).voided
    client.post(
        console,
        {"action": "void", "poll": closed_poll.pk, "reason": "Verkeerde kandidaat op het biljet."},
    )

    poll = Poll.objects.get(pk=closed_poll.pk)
    assert poll.voided and poll.voided_by == chair
    assert poll.status == PollStatus.CLOSED and Ballot.objects.filter(poll=poll).count() == 5
    page = client.get(reverse("voting:results", args=[meeting.pk, poll.pk])).content.decode()
    assert "Deze stemming is nietig verklaard" in page
    assert "Verkeerde kandidaat op het biljet." in page and "Cora Voorzitter" in page
    entry = AuditEntry.objects.get(action="voting.poll_voided")
    assert entry.actor == chair and entry.data["reason"] == "Verkeerde kandidaat op het biljet."
    assert entry.object_id == str(poll.pk)
    assert "Nietig verklaard" in client.get(console).content.decode()
    with pytest.raises(ServiceError, match="al nietig verklaard"):
        record_services.poll_void(poll=poll, reason="Nog eens", actor=chair)


def test_voiding_is_the_chairs_decision_and_waits_for_closing(meeting):
    make_voters(meeting, 1)
    chair = UserFactory(groups=[ALV_CHAIR])
    board = UserFactory(groups=[BOARD])
    open_poll = make_poll(meeting, ["Amal"])
    draft = make_poll(meeting, ["Jayden"], title="Penningmeester")
    poll_open(poll=open_poll, actor=None)

    with pytest.raises(ServiceError, match="Alleen de ALV-voorzitter"):
        record_services.poll_void(poll=draft, reason="Fout", actor=board)
    with pytest.raises(ServiceError, match="Sluit de stemming"):
        record_services.poll_void(poll=open_poll, reason="Fout", actor=chair)
    record_services.poll_void(poll=draft, reason="Dubbel aangemaakt", actor=chair)
    with pytest.raises(ServiceError, match="nietig verklaard"):
        poll_open(poll=draft, actor=chair)
    assert Poll.objects.get(pk=draft.pk).status == PollStatus.DRAFT


# --- Item 3: four eyes where one person could vote for another ----------------------------


def test_a_check_in_by_name_names_teller_and_member_and_the_chair_sees_it(client, chair, meeting):
    by_name, by_code = make_voters(meeting, 2, checked_in=False)
    teller = UserFactory(is_staff=True, groups=[ALV_CHAIR], first_name="Tim", last_name="Teller")
    desk_client = client.__class__()
    sign_in_with_second_factor(desk_client, teller)

    desk_client.post(
        reverse("voting:teller", args=[meeting.pk]) + "?q=x",
        {"voter": by_name.pk, "action": "in"},
    )
    desk_client.post(reverse("voting:teller_code", args=[meeting.pk, by_code.checkin_code]))

    log = CheckInLog.objects.get(voter=by_name)
    assert log.by_hand and log.by == teller
    assert not CheckInLog.objects.get(voter=by_code).by_hand
    entry = AuditEntry.objects.get(action="voting.check_in", data__voter=by_name.pk)
    assert entry.actor == teller and entry.data["by_hand"] is True
    console = client.get(reverse("voting:console", args=[meeting.pk])).content.decode()
    section = console.split('id="by-hand-title"')[1].split("</section>")[0]
    assert by_name.name in section and "Tim Teller" in section
    assert by_code.name not in section


def test_a_paper_ballot_hand_out_names_teller_and_member_and_the_chair_sees_it(
    client, chair, meeting
):
    voter, holder, principal = make_voters(meeting, 3)
    from voting.proxies import proxy_give

    proxy_give(principal=principal, holder_number=holder.membership_number, actor=None)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    teller = UserFactory(groups=[ALV_CHAIR], first_name="Tim", last_name="Teller")

    paper_ballot_issue(poll=poll, voter=voter, actor=teller)
    paper_ballot_issue(poll=poll, voter=holder, on_behalf_of=principal, actor=teller)

    issued = AuditEntry.objects.filter(action="voting.paper_issued").order_by("id")
    assert [(e.actor, e.data) for e in issued] == [
        (teller, {"voter": voter.pk, "handed_to": voter.pk}),
        (teller, {"voter": principal.pk, "handed_to": holder.pk}),
    ]
    console = client.get(reverse("voting:console", args=[meeting.pk])).content.decode()
    section = console.split('id="papers-out-title"')[1].split("</section>")[0]
    assert voter.name in section and principal.name in section and holder.name in section
    assert section.count("Tim Teller") == 2
    # The member finds the row in their own data export (core.privacy_audit).
    about_principal = AuditEntry.objects.filter(audit_about(principal.member.user))
    assert about_principal.filter(action="voting.paper_issued").count() == 1


def test_the_chair_sees_which_teller_entered_paper_results(client, chair, meeting):
    voters = make_voters(meeting, 3)
    poll = make_poll(meeting, ["Amal"])
    (code,) = paper_ballots_prepare(poll=poll, count=1, actor=None)
    poll_open(poll=poll, actor=None)
    teller = UserFactory(groups=[ALV_CHAIR], first_name="Tim", last_name="Teller")
    for voter in voters:
        paper_ballot_issue(poll=poll, voter=voter, actor=teller)

    paper_ballot_enter(poll=poll, code=code, invalid=True, actor=teller)
    paper_counts_enter(poll=poll, yes=2, no=0, abstain=0, invalid=0, actor=teller)
    confirm_papers(poll, UserFactory(groups=[ALV_CHAIR], first_name="Tess", last_name="Tweede"))

    console = client.get(reverse("voting:console", args=[meeting.pk])).content.decode()
    section = console.split('id="papers-in-title"')[1].split("</section>")[0]
    assert "een getelde stapel van 2 biljetten" in section and "één biljet met code" in section
    assert section.count("Tim Teller") == 2 and section.count("Tess Tweede") == 2


def test_one_teller_alone_cannot_make_a_paper_vote_count(meeting):
    """The attack: check an absent member in, hand 'him' a paper, enter its vote. The entry
    waits for a second teller; the teller who entered it cannot confirm it, and the poll does
    not close while it waits."""
    (absent,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    (code,) = paper_ballots_prepare(poll=poll, count=1, actor=None)
    poll_open(poll=poll, actor=None)
    teller = UserFactory(groups=[ALV_CHAIR])
    paper_ballot_issue(poll=poll, voter=absent, actor=teller)
    yes = {str(poll.options.get().pk): "yes"}
    entry = paper_ballot_enter(poll=poll, code=code, choices=yes, actor=teller)

    with pytest.raises(ServiceError, match="tweede teller"):
        paper_services.paper_entry_confirm(poll=poll, entry_id=entry.pk, actor=teller)
    with pytest.raises(ServiceError, match="tweede teller"):
        poll_close(poll=poll, actor=teller)
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not sealed_contents(poll)
    with pytest.raises(ServiceError):  # nor can the same teller enter the paper twice
        paper_ballot_enter(poll=poll, code=code, choices=yes, actor=teller)


def test_a_second_teller_who_reads_the_paper_otherwise_withdraws_the_entry(meeting):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    (code,) = paper_ballots_prepare(poll=poll, count=1, actor=None)
    poll_open(poll=poll, actor=None)
    first, second = UserFactory(groups=[ALV_CHAIR]), UserFactory(groups=[ALV_CHAIR])
    paper_ballot_issue(poll=poll, voter=voter, actor=first)
    option = str(poll.options.get().pk)
    wrong = paper_ballot_enter(poll=poll, code=code, choices={option: "yes"}, actor=first)

    paper_services.paper_entry_withdraw(poll=poll, entry_id=wrong.pk, actor=second)
    with pytest.raises(ServiceError):  # gone: neither teller confirms it any more
        paper_services.paper_entry_confirm(poll=poll, entry_id=wrong.pk, actor=second)
    right = paper_ballot_enter(poll=poll, code=code, choices={option: "no"}, actor=second)
    paper_services.paper_entry_confirm(poll=poll, entry_id=right.pk, actor=first)

    closed = poll_close(poll=poll, actor=None)
    assert (closed.result["options"][0]["yes"], closed.result["options"][0]["no"]) == (0, 1)
    actions = list(
        AuditEntry.objects.filter(action__startswith="voting.paper_")
        .exclude(action="voting.paper_issued")
        .order_by("pk")
        .values_list("action", "actor", "data__entered_by")
    )
    assert actions == [
        ("voting.paper_proposed", first.pk, None),
        ("voting.paper_entry_withdrawn", second.pk, first.pk),
        ("voting.paper_proposed", second.pk, None),
        ("voting.paper_entered", first.pk, second.pk),
    ]


def test_a_pending_paper_in_a_secret_poll_pairs_no_code_with_a_choice_in_the_database(meeting):
    """The paper's code is a public receipt: an entry awaiting its second teller is sealed to
    the poll's key as a cast ballot is, so a dump taken meanwhile shows no choice beside it."""
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    (code,) = paper_ballots_prepare(poll=poll, count=1, actor=None)
    poll_open(poll=poll, actor=None)
    paper_ballot_issue(poll=poll, voter=voter, actor=None)
    option = str(poll.options.get().pk)
    paper_ballot_enter(poll=poll, code=code, choices={option: "no"}, actor=None)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {PaperEntry._meta.db_table}")  # noqa: S608
        (row,) = cursor.fetchall()
    stored = " ".join(str(bytes(v) if isinstance(v, memoryview) else v) for v in row)
    assert '"no"' not in stored and code not in stored
    (pending,) = paper_services.paper_entries_pending(poll)
    assert pending.reading == "Amal: Nee"  # the second teller still reads it
    confirm_papers(poll)
    assert sealed_contents(poll) == [{"r": code, "c": {option: "no"}}]


def test_an_entry_of_another_poll_is_not_confirmed_through_this_one(meeting):
    voters = make_voters(meeting, 2)
    here, there = make_poll(meeting, ["Amal"]), make_poll(meeting, ["Jayden"], title="Penning")
    for poll in (here, there):
        poll_open(poll=poll, actor=None)
        paper_ballot_issue(poll=poll, voter=voters[0], actor=None)
    entry = paper_counts_enter(poll=there, yes=1, no=0, abstain=0, invalid=0, actor=None)

    with pytest.raises(ServiceError, match="bevestigd of ingetrokken"):
        paper_services.paper_entry_confirm(poll=here, entry_id=entry.pk, actor=UserFactory())
    assert Ballot.objects.count() == 0 and not sealed_contents(there)


def test_the_paper_desk_shows_the_second_teller_what_to_compare_and_lets_only_them_confirm(
    client, meeting
):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    (code,) = paper_ballots_prepare(poll=poll, count=1, actor=None)
    poll_open(poll=poll, actor=None)
    paper_ballot_issue(poll=poll, voter=voter, actor=None)
    first = UserFactory(groups=[ALV_CHAIR], first_name="Eerste", last_name="Teller")
    second = UserFactory(groups=[ALV_CHAIR])
    desk = reverse("voting:paper_desk", args=[meeting.pk, poll.pk])
    option = poll.options.get()

    sign_in_with_second_factor(client, first)
    client.post(desk, {"action": "enter", "code": code, f"paper-option_{option.pk}": "no"})
    entry = poll.paper_entries.get()
    page = client.get(desk).content.decode()
    assert code in page and "Amal: Nee" in page and "Een tweede teller bevestigt dit." in page
    assert 'value="confirm"' not in page
    client.post(desk, {"action": "confirm", "entry": entry.pk})  # forged: refused
    assert poll.paper_entries.exists() and not sealed_contents(poll)

    client.logout()
    sign_in_with_second_factor(client, second)
    page = client.get(desk).content.decode()
    assert "Eerste Teller" in page and 'value="confirm"' in page
    response = client.post(desk, {"action": "confirm", "entry": entry.pk}, follow=True)
    assert "Bevestigd: 1 biljet geteld." in response.content.decode()
    assert sealed_contents(poll) == [{"r": code, "c": {str(option.pk): "no"}}]
    assert "Niets wacht op bevestiging." in client.get(desk).content.decode()


# --- Item 6: no names through the ballot's candidate widget ---------------------------------


def test_an_invalid_poll_form_names_no_application_outside_the_ballots_candidates(
    client, chair, meeting
):
    """The options' raw-id field once labelled any typed id ("name → vacancy"), drafts too."""
    draft = ApplicationFactory(first_name="Geheime", last_name="Kladversie")
    advised = ApplicationFactory(
        first_name="Openbare", last_name="Kandidaat", status=ApplicationStatus.ADVISED
    )
    poll = make_poll(meeting, ["Amal"], title="Voorzitter")
    url = reverse("admin:voting_poll_change", args=[poll.pk])
    data = admin_form_data(client.get(url))
    data["title"] = ""  # invalid: the form comes back with the rows as posted
    data["options-0-application"] = str(draft.pk)
    data["options-1-label"], data["options-1-application"] = "Openbaar", str(advised.pk)
    data["options-TOTAL_FORMS"] = "2"

    page = client.post(url, data).content.decode()

    assert "Kladversie" not in page
    assert "Kandidaat" in page


@pytest.mark.parametrize("spelled", ["+{pk}", "{pk}.0", "-{pk}", "٣", "9" * 30, "{pk}e0"])
def test_voiding_refuses_a_poll_id_spelled_otherwise(client, chair, closed_poll, spelled):
    console = reverse("voting:console", args=[closed_poll.meeting.pk])
    poll_id = spelled.format(pk=closed_poll.pk)

    response = client.post(console, {"action": "void", "poll": poll_id, "reason": "Fout."})

    assert response.status_code in (200, 302)
    assert not Poll.objects.get(pk=closed_poll.pk).voided


@pytest.mark.parametrize("spelled", [" {pk}", "0{pk}"])
def test_a_padded_poll_id_is_read_as_that_poll_and_recorded_plainly(
    client, chair, closed_poll, spelled
):
    """core.posted.posted_number reads surrounding spaces and leading zeros as the number they
    write (a lookup, never stored as typed): the audit trail holds the plain id."""
    console = reverse("voting:console", args=[closed_poll.meeting.pk])

    client.post(
        console, {"action": "void", "poll": spelled.format(pk=closed_poll.pk), "reason": "Fout."}
    )

    assert Poll.objects.get(pk=closed_poll.pk).voided
    assert AuditEntry.objects.get(action="voting.poll_voided").object_id == str(closed_poll.pk)


def test_an_overlong_void_reason_is_refused_in_dutch_and_nothing_is_voided(chair, closed_poll):
    from django.utils import translation

    from core.text_limits import REASON_MAX_LENGTH

    with translation.override("nl"), pytest.raises(ServiceError, match="tekens"):
        record_services.poll_void(
            poll=closed_poll, reason="x" * (REASON_MAX_LENGTH + 1), actor=chair
        )
    record_services.poll_void(poll=closed_poll, reason="Fout\x00 biljet.", actor=chair)

    assert Poll.objects.get(pk=closed_poll.pk).void_reason == "Fout biljet."


@pytest.mark.parametrize("spelled", ["+{pk}", "{pk}.0", "-{pk}", "{pk}e0", "\u0661", "9" * 30, ""])
def test_an_entry_id_spelled_otherwise_confirms_nothing(client, meeting, spelled):
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    paper_ballot_issue(poll=poll, voter=voter, actor=None)
    entry = paper_counts_enter(poll=poll, yes=1, no=0, abstain=0, invalid=0, actor=None)
    sign_in_with_second_factor(client, UserFactory(groups=[ALV_CHAIR]))
    desk = reverse("voting:paper_desk", args=[meeting.pk, poll.pk])

    for action in ("confirm", "withdraw"):
        response = client.post(desk, {"action": action, "entry": spelled.format(pk=entry.pk)})
        assert response.status_code == 200  # the desk again, with the refusal
    assert poll.paper_entries.filter(pk=entry.pk).exists()
    assert not Ballot.objects.filter(poll=poll).exists() and not sealed_contents(poll)

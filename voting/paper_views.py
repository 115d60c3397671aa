"""The tellers' desk for paper ballots of one poll (under /staff/, with a second factor)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from core.errors import ServiceError
from core.posted import posted_number, posted_text
from voting import paper_services, selectors
from voting.forms import BallotForm
from voting.models import Poll, PollKind

PAPER_PREFIX = "paper"


@sensitive_post_parameters()
@login_required
def paper_desk(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    if not selectors.is_alv_chair(request.user):
        raise PermissionDenied
    poll = get_object_or_404(
        Poll.objects.select_related("meeting").prefetch_related("options"),
        pk=poll_pk,
        meeting_id=pk,
    )
    form = BallotForm(poll=poll, prefix=PAPER_PREFIX)
    if request.method == "POST":
        form = BallotForm(request.POST, poll=poll, prefix=PAPER_PREFIX)
        if _paper_action(request, poll, form):
            return redirect("voting:paper_desk", pk=pk, poll_pk=poll_pk)
    context = {
        "meeting": poll.meeting,
        "poll": poll,
        "form": form,
        "progress": paper_services.paper_progress(poll),
        "pending": paper_services.paper_entries_pending(poll),
        "counts_allowed": poll.kind == PollKind.YES_NO_ABSTAIN and len(poll.options.all()) == 1,
    }
    return render(request, "voting/paper_desk.html", context)


def _paper_action(request, poll: Poll, form: BallotForm) -> bool:
    action, actor, data = request.POST.get("action"), request.user, request.POST
    try:
        if action == "issue":
            voter = _voter(poll, data.get("member"))
            principal = _voter(poll, data.get("for_member")) if data.get("for_member") else None
            paper_services.paper_ballot_issue(
                poll=poll, voter=voter, on_behalf_of=principal, actor=actor
            )
            messages.success(request, _("%(name)s: hand over a ballot paper.") % {"name": voter})
        elif action == "enter":
            invalid = bool(data.get("invalid"))
            if not invalid and not form.is_valid():
                return False
            paper_services.paper_ballot_enter(
                poll=poll,
                code=posted_text(data.get("code")),
                choices=None if invalid else form.choices(),
                invalid=invalid,
                actor=actor,
            )
            messages.success(request, _("Entered. It counts once a second teller confirms it."))
        elif action == "counts":
            entry = paper_services.paper_counts_enter(
                poll=poll, actor=actor, **{k: posted_number(data.get(k)) for k in _COUNT_FIELDS}
            )
            messages.success(
                request,
                ngettext(
                    "%(total)d paper entered. It counts once a second teller confirms it.",
                    "%(total)d papers entered. They count once a second teller confirms them.",
                    entry.papers,
                )
                % {"total": entry.papers},
            )
        elif action == "confirm":
            papers = paper_services.paper_entry_confirm(
                poll=poll, entry_id=posted_number(data.get("entry")), actor=actor
            )
            messages.success(
                request,
                ngettext(
                    "Confirmed: %(total)d paper counted.",
                    "Confirmed: %(total)d papers counted.",
                    papers,
                )
                % {"total": papers},
            )
        elif action == "withdraw":
            paper_services.paper_entry_withdraw(
                poll=poll, entry_id=posted_number(data.get("entry")), actor=actor
            )
            messages.success(request, _("The entry has been withdrawn; enter it again."))
        else:
            messages.error(request, _("Choose what to do."))
            return False
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    return True


_COUNT_FIELDS = ("yes", "no", "abstain", "invalid")


def _voter(poll: Poll, membership_number):
    number = posted_text(membership_number).strip()
    voter = poll.meeting.voters.filter(membership_number=number).first()
    if voter is None:
        raise ServiceError(_("Nobody on the voter register has this membership number."))
    return voter

"""Pages of the ALV: the member's meeting page and ballot, results and receipts, the live
count, and (under /staff/, with a second factor) the chair's console and the tellers' desk.

The ballot view never stores, logs or reports what was chosen: its POST data is marked
sensitive (error reports leave it out), receipts are shown once and kept nowhere with the
member, and the response is not cached.
"""

import functools
import logging
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.posted import posted_number, posted_text
from core.spreadsheet_safe import safe_csv_writer
from core.text_limits import REASON_MAX_LENGTH
from counting import export
from voting import (
    casting,
    invitations,
    polls,
    proxies,
    ranked_results,
    record_services,
    register,
    selectors,
    tally,
)
from voting.choices import reader
from voting.forms import BallotForm, ProxyForm, posted_ballots
from voting.models import Meeting, Poll, PollKind, PollStatus, Proxy, RankedMethod, Voter

CHART_LABEL_WIDTH, CHART_BAR_SPAN = 160, 240

# Ranked methods whose count depends on the poll's seats (for sequential STV: the places).
SEATED_METHODS = (RankedMethod.STV, RankedMethod.MEEK, RankedMethod.SEQUENTIAL)

logger = logging.getLogger(__name__)

# What a member is told when the database fails under their vote (a restart, a failover). A
# cast whose connection broke while it committed may have been counted after all: pressing
# again then says so, and the unique key of the vote records keeps it to one vote.
OUTAGE_TEXT = gettext_lazy(
    "Your vote could not be recorded because of a fault on our side. Please try again in a "
    "moment: if it was counted after all, you will be told so. A vote is never counted twice."
)
BALLOT_OUTAGE_TEXT = gettext_lazy(
    "Your ballot cannot be shown right now because of a fault on our side. Please try again "
    "in a moment."
)


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=pk)


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    return render(
        request, "voting/my_meetings.html", {"meetings": selectors.meetings_of(user=request.user)}
    )


def _answers_outage(text):
    """The ballot and the cast answer a database outage with ``text``, a clear "try again"
    (503), instead of the generic error page. Django drops the broken connection at the end
    of the request and opens a new one on the next (CONN_HEALTH_CHECKS). The page asks
    nothing of the database: it is down."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
            try:
                return view(request, pk=pk, poll_pk=poll_pk)
            except (OperationalError, InterfaceError) as exc:
                logger.warning("Database unavailable at %s: %r", request.path, exc)
            if "application/json" in request.headers.get("Accept", ""):
                response = JsonResponse({"error": str(text)}, status=503)
            else:
                back = reverse("voting:ballot", args=[pk, poll_pk])
                context = {"text": text, "back": back}
                response = render(request, "voting/unavailable.html", context, status=503)
            response["Retry-After"] = "5"
            return response

        return wrapped

    return decorator


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, title=_("Your check-in code"))


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's page: their check-in code, proxies, and the polls."""
    meeting = _meeting(pk)
    voter = selectors.voter_for(meeting=meeting, user=request.user)
    if voter is None:
        return render(request, "voting/not_entitled.html", {"meeting": meeting}, status=403)
    proxy_form = ProxyForm(request.POST or None)
    if request.method == "POST" and proxy_form.is_valid():
        try:
            proxies.proxy_give(
                principal=voter,
                holder_number=proxy_form.cleaned_data["holder_number"],
                actor=request.user,
            )
        except ServiceError as exc:
            proxy_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your proxy is registered."))
            return redirect("voting:meeting", pk=meeting.pk)
    checkin_url = request.build_absolute_uri(
        reverse("voting:teller_code", args=[meeting.pk, voter.checkin_code])
    )
    context = {
        "meeting": meeting,
        "voter": voter,
        "qr": mark_safe(_qr_svg(checkin_url)),  # noqa: S308 - segno's own SVG markup
        "proxy_form": proxy_form,
        "proxy_given": Proxy.objects.filter(principal=voter).select_related("holder").first(),
        "proxies_held": voter.proxies_held.select_related("principal"),
        "polls": meeting.polls.exclude(status=PollStatus.DRAFT),
        "voted": selectors.voted_polls(voter=voter),
    }
    return render(request, "voting/meeting.html", context)


def _ballot_refusal(request, meeting, poll, voter) -> HttpResponse | None:
    """A clear page for each reason not to show a ballot, or None."""
    reason = casting.ballot_refusal(poll=poll, voter=voter)
    if not reason:
        return None
    return render(
        request,
        "voting/ballot_refused.html",
        {"meeting": meeting, "poll": poll, "reason": reason},
        status=403,
    )


def _forms(poll, subjects, data=None):
    return [(subject, BallotForm(data, poll=poll, prefix=f"v{subject.pk}")) for subject in subjects]


@sensitive_post_parameters()
@never_cache
@_answers_outage(BALLOT_OUTAGE_TEXT)
@login_required
def ballot(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    """Fill in, check, confirm: one screen with the member's own ballot and any they hold as
    proxy. Nothing on it changes by itself while it is open."""
    poll = get_object_or_404(
        Poll.objects.select_related("meeting").prefetch_related("options"),
        pk=poll_pk,
        meeting_id=pk,
    )
    meeting = poll.meeting
    voter = selectors.voter_for(meeting=meeting, user=request.user)
    refusal = _ballot_refusal(request, meeting, poll, voter)
    if refusal is not None:
        return refusal
    subjects = casting.ballots_due(poll=poll, voter=voter)
    if not subjects:
        return render(
            request,
            "voting/ballot_refused.html",
            {"meeting": meeting, "poll": poll, "reason": _("You have voted in this poll.")},
        )
    forms = _forms(poll, subjects, request.POST if request.method == "POST" else None)
    # "change" comes back from the confirmation with the ballot as it was filled in.
    checking = request.method == "POST" and request.POST.get("step") != "change"
    valid = checking and all(form.is_valid() for _s, form in forms)
    template = "voting/ballot_confirm.html" if valid else "voting/ballot.html"
    return render(
        request, template, {"meeting": meeting, "poll": poll, "voter": voter, "forms": forms}
    )


@require_POST
@sensitive_post_parameters()
@never_cache
@_answers_outage(OUTAGE_TEXT)
def cast(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    """Cast the confirmed ballots: the member's own and those they hold as proxy. The ballot
    screen's script posts here and shows the receipts it gets back as JSON; without script
    the browser gets the receipt page. Kept lean on purpose: a hall votes at once."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"error": _("Sign in to vote.")}, status=403)
        return redirect_to_login(reverse("voting:ballot", args=[pk, poll_pk]))
    ballots = posted_ballots(request.POST)
    if not ballots:
        problem = (request.user.get_full_name(), _("There was no ballot to cast."))
        return _cast_answer(request, pk, poll_pk, [], [problem], wants_json=wants_json)
    try:
        outcomes = casting.ballots_cast(
            poll_id=poll_pk, meeting_id=pk, user_id=request.user.pk, choices_by_subject=ballots
        )
    except Poll.DoesNotExist:
        if wants_json:
            return JsonResponse({"error": _("This poll does not exist.")}, status=404)
        raise Http404 from None
    receipts = [(c.for_voter, c.receipt) for c in outcomes if c.receipt]
    problems = [(c.for_voter, c.problem) for c in outcomes if c.problem]
    return _cast_answer(request, pk, poll_pk, receipts, problems, wants_json=wants_json)


def _cast_answer(request, pk, poll_pk, receipts, problems, *, wants_json=False) -> HttpResponse:
    if wants_json:
        return JsonResponse(
            {
                "receipts": [{"name": name, "code": code} for name, code in receipts],
                "problems": [{"name": name, "message": text} for name, text in problems],
            },
            status=200 if receipts or not problems else 409,
        )
    poll = get_object_or_404(Poll.objects.select_related("meeting"), pk=poll_pk, meeting_id=pk)
    return render(
        request,
        "voting/receipt.html",
        {"meeting": poll.meeting, "poll": poll, "receipts": receipts, "problems": problems},
    )


def results(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    """Public once closed: the outcome, the counts, the chart and every receipt code; for a
    ranked poll also its count, stage by stage (or its matrices)."""
    meeting = _meeting(pk)
    poll = get_object_or_404(Poll, pk=poll_pk, meeting=meeting)
    closed = poll.status == PollStatus.CLOSED
    context = {
        "meeting": meeting,
        "poll": poll,
        "counts": selectors.poll_counts(poll),
        "receipts": selectors.receipts(poll),
        "rows": [
            {**row, "elected": row["id"] in set(poll.result.get("elected", []))}
            for row in poll.result.get("options", [])
        ],
        "chart": _chart(poll) if closed else None,
        # Read from what the poll stored when it closed, never from the meeting's settings.
        "quorum": poll.result.get("quorum") if closed else None,
        "voided_by": _voided_by(poll),
        "ranked": (
            ranked_results.ranked_explanation(poll.result)
            if closed and poll.kind == PollKind.RANKED
            else None
        ),
    }
    return render(request, "voting/results.html", context)


def _voided_by(poll: Poll) -> str:
    if not poll.voided:
        return ""
    user = poll.voided_by
    return (user.get_full_name() if user else "") or _("the ALV chair")


def _chart_line(poll: Poll) -> tuple[float, str] | None:
    """Where the chart draws its line, as a share of the valid votes, and what it is."""
    if poll.kind == PollKind.RANKED:
        return ranked_results.quota_share(poll.result)
    share = tally.majority_share(poll.majority)
    return (float(share), _("majority")) if share else None


def _chart(poll: Poll) -> dict:
    """Bars for an SVG chart (attributes, not inline styles: the CSP allows no inline CSS),
    scaled to the number of valid votes, with the majority line where the rule puts it (for
    a ranked poll: first preferences, with the quota or the first round's majority)."""
    rows = poll.result.get("options", [])
    valid = max([r.get("valid", 0) for r in rows] + [r["votes"] for r in rows] + [1])
    elected = set(poll.result.get("elected", []))
    # Narrow enough that the names stay legible when a phone scales the chart down.
    label_width, span = CHART_LABEL_WIDTH, CHART_BAR_SPAN
    bars = [
        {
            "label": row["label"],
            "votes": row["votes"],
            "elected": row["id"] in elected,
            "width": round(span * row["votes"] / valid),
            "y": 8 + 32 * index,
        }
        for index, row in enumerate(rows)
    ]
    line = _chart_line(poll)
    return {
        "bars": bars,
        "height": 32 * len(rows) + 24,
        "line_x": label_width + round(span * min(line[0], 1)) if line else None,
        "line_label": line[1] if line else "",
        "bar_x": label_width,
        "width": label_width + span + 48,
    }


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ballots_csv(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    """The anonymised ballots of a closed poll, for a recount by anyone: their choices only,
    never a receipt beside them (docs/ballot-secrecy.md), in an order of their content. A
    ranked poll's ballots are rankings of names (``Anna>Bram``), in the format
    ``manage.py tally`` reads."""
    poll = get_object_or_404(Poll, pk=poll_pk, meeting_id=pk, status=PollStatus.CLOSED)
    labels = dict(poll.options.values_list("pk", "label"))
    ballots = selectors.anonymous_ballots(poll)
    if poll.kind == PollKind.RANKED:
        return _download(
            export.rankings_csv(_rankings(poll, labels, ballots), labels=labels),
            content_type="text/csv; charset=utf-8",
            filename=f"stembiljetten-{poll.pk}.csv",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stembiljetten-{poll.pk}.csv"'
    writer = safe_csv_writer(response, delimiter=";")
    approval = poll.kind == PollKind.APPROVAL
    read = reader(kind=poll.kind, option_ids=frozenset(labels), seats=poll.seats)
    writer.writerow([*(["approved"] if approval else labels.values()), "invalid"])
    for choices in ballots:
        if not read(choices):
            writer.writerow([*("" for _column in (["approved"] if approval else labels)), "1"])
        elif approval:
            writer.writerow([" | ".join(labels[pk] for pk in choices), ""])
        else:
            writer.writerow([*(choices.get(str(pk), "") for pk in labels), ""])
    return response


def _rankings(poll: Poll, labels: dict, ballots: list) -> list[list[int]]:
    """The rankings among a ranked poll's ballots that the count reads (invalid papers and
    unreadable ballots are no ranking)."""
    read = reader(kind=poll.kind, option_ids=frozenset(labels), seats=poll.seats)
    return [choices for choices in ballots if read(choices)]


def ballots_json(request: HttpRequest, pk: int, poll_pk: int) -> HttpResponse:
    """A closed ranked poll's anonymised ballots with everything a recount needs: the
    candidates in ballot-paper order, the method, the seats and the seed of the lots, so
    ``manage.py tally stembiljetten.json`` gives the same result as the results page."""
    poll = get_object_or_404(
        Poll, pk=poll_pk, meeting_id=pk, status=PollStatus.CLOSED, kind=PollKind.RANKED
    )
    labels = dict(poll.options.values_list("pk", "label"))
    rankings = _rankings(poll, labels, selectors.anonymous_ballots(poll))
    content = export.rankings_json(
        rankings,
        labels=labels,
        candidates=list(labels),
        method=poll.method,
        seats=poll.seats if poll.method in SEATED_METHODS else None,
        seed=poll.lots_seed,
    )
    return _download(
        content,
        content_type="application/json; charset=utf-8",
        filename=f"stembiljetten-{poll.pk}.json",
    )


def live_count(request: HttpRequest, pk: int, poll_pk: int) -> JsonResponse:
    poll = get_object_or_404(Poll, pk=poll_pk, meeting_id=pk)
    return JsonResponse(selectors.poll_counts(poll))


def projector(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    shown = meeting.polls.exclude(status=PollStatus.DRAFT)
    return render(request, "voting/projector.html", {"meeting": meeting, "polls": shown})


# --- The chair and the tellers (under /staff/: a second factor is required) ---------------


def _chair_only(request) -> None:
    if not selectors.is_alv_chair(request.user):
        raise PermissionDenied


@login_required
def console(request: HttpRequest, pk: int) -> HttpResponse:
    _chair_only(request)
    meeting = _meeting(pk)
    if request.method == "POST":
        _console_action(request, meeting)
        return redirect("voting:console", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "polls": meeting.polls.prefetch_related("options"),
        "entitled": meeting.voters.count(),
        "present": selectors.present_count(meeting),
        "proxies": meeting.proxies.count(),
        "by_hand": selectors.checked_in_by_hand(meeting),
        "papers_out": selectors.papers_handed_out(meeting),
        "papers_in": selectors.papers_entered(meeting),
        "reason_max": REASON_MAX_LENGTH,
    }
    return render(request, "voting/console.html", context)


def _console_action(request, meeting) -> None:
    action, actor = request.POST.get("action"), request.user
    poll = meeting.polls.filter(pk=posted_number(request.POST.get("poll"))).first()
    actions = {
        "open": lambda: polls.poll_open(poll=poll, actor=actor),
        "close": lambda: polls.poll_close(poll=poll, actor=actor),
        "new_round": lambda: polls.poll_new_round(poll=poll, actor=actor),
        "lots": lambda: polls.poll_draw_lots(poll=poll, actor=actor),
        "void": lambda: record_services.poll_void(
            poll=poll, reason=posted_text(request.POST.get("reason")), actor=actor
        ),
        "register": lambda: register.register_snapshot(meeting=meeting, actor=actor),
        "invite": lambda: invitations.invitations_send(meeting=meeting, actor=actor),
    }
    if action not in actions or (action not in ("register", "invite") and poll is None):
        messages.error(request, _("Choose what to do."))
        return
    try:
        actions[action]()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))


@login_required
def teller(request: HttpRequest, pk: int) -> HttpResponse:
    """The tellers' desk: search by name or membership number, check in or out."""
    _chair_only(request)
    meeting = _meeting(pk)
    if request.method == "POST":
        voter = get_object_or_404(
            Voter, meeting=meeting, pk=posted_number(request.POST.get("voter"))
        )
        try:
            if request.POST.get("action") == "out":
                register.check_out(voter=voter, actor=request.user)
            else:
                # Found by name or number, not by the member's own code: recorded as such.
                register.check_in(voter=voter, actor=request.user, by_hand=True)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s: done.") % {"name": voter.name})
        query = urlencode({"q": request.GET.get("q", "")})
        return redirect(f"{reverse('voting:teller', args=[meeting.pk])}?{query}")
    query = posted_text(request.GET.get("q")).strip()
    found = (
        meeting.voters.filter(Q(name__icontains=query) | Q(membership_number=query))[:25]
        if query
        else []
    )
    context = {
        "meeting": meeting,
        "query": query,
        "found": found,
        "present": selectors.present_count(meeting),
        "entitled": meeting.voters.count(),
    }
    return render(request, "voting/teller.html", context)


@login_required
def teller_code(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """What a teller's phone opens when it scans a member's QR code."""
    _chair_only(request)
    meeting = _meeting(pk)
    voter = Voter.objects.filter(meeting=meeting, checkin_code=code).first()
    if voter is None:
        raise Http404
    if request.method == "POST":
        try:
            register.check_in(voter=voter, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": voter.name})
        return redirect("voting:teller", pk=meeting.pk)
    return render(request, "voting/teller_code.html", {"meeting": meeting, "voter": voter})


@login_required
@require_POST
def online_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    voter = selectors.voter_for(meeting=meeting, user=request.user)
    if voter is None:
        raise PermissionDenied
    try:
        register.check_in(voter=voter, actor=request.user, online=True)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("voting:meeting", pk=meeting.pk)

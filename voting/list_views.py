"""The chair's page for settling the candidate list place by place (under /staff/, with a
second factor). The votes themselves run as ordinary polls on the console."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError
from core.posted import posted_number
from voting import list_services, selectors
from voting.forms import AmendmentForm
from voting.list_services import CANNOT_CHALLENGE
from voting.models import ListVote, ListVoteMethod


@login_required
def list_vote_page(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    if not selectors.is_alv_chair(request.user):
        raise PermissionDenied
    list_vote = get_object_or_404(
        ListVote.objects.select_related("meeting", "vacancy"), pk=list_pk, meeting_id=pk
    )
    if request.method == "POST":
        _list_action(request, list_vote)
        return redirect("voting:list_vote", pk=pk, list_pk=list_pk)
    state = list_services.list_state(list_vote)
    context = {
        "meeting": list_vote.meeting,
        "list_vote": list_vote,
        "state": state,
        **_amendments_context(list_vote),
        **_leader_context(list_vote),
        "steps": list_vote.steps.select_related("poll", "nominee", "winner").order_by("pk"),
        "challenges": list_vote.challenges.select_related("application"),
        "applicants": Application.objects.filter(vacancy=list_vote.vacancy)
        .exclude(status__in=CANNOT_CHALLENGE)
        .order_by("last_name", "first_name"),
    }
    return render(request, "voting/list_vote.html", context)


def _list_action(request, list_vote: ListVote) -> None:
    action, actor = request.POST.get("action"), request.user
    candidates = Application.objects.filter(vacancy=list_vote.vacancy)
    try:
        if action == "prepare":
            step = list_services.list_step_prepare(list_vote=list_vote, actor=actor)
            _ready(request, step.poll)
        elif action == "amendment_vote":
            _ready(request, list_services.amendment_vote_prepare(list_vote=list_vote, actor=actor))
        elif action == "leader_round":
            _ready(request, list_services.leader_round_prepare(list_vote=list_vote, actor=actor))
        elif action == "leader_candidacy":
            list_services.leader_candidacy_file(
                list_vote=list_vote,
                application=_chosen(request, candidates, "application"),
                actor=actor,
            )
            messages.success(request, _("The candidacy has been recorded."))
        elif action == "challenge":
            list_services.challenge_file(
                list_vote=list_vote,
                application=_chosen(request, candidates, "application"),
                place=posted_number(request.POST.get("place")),
                actor=actor,
            )
            messages.success(request, _("The challenge has been recorded."))
        elif action == "adopt":
            list_services.list_vote_adopt(list_vote=list_vote, actor=actor)
            messages.success(request, _("The candidate list has been adopted."))
        else:
            messages.error(request, _("Choose what to do."))
    except ServiceError as exc:
        messages.error(request, exc.message)


def _ready(request, poll) -> None:
    messages.success(
        request, _("“%(poll)s” is ready: open it on the console.") % {"poll": poll.title}
    )


def _amendments_context(list_vote: ListVote) -> dict:
    if list_vote.method != ListVoteMethod.AMENDMENTS:
        return {}
    amendments = list(
        list_vote.amendments.select_related("application", "filed_by", "poll").annotate(
            support=Count("supporters")
        )
    )
    return {
        "amended": list_services.amended_order(list_vote),
        "amendments": amendments,
        "pending_poll": list_services.amendments_pending_poll(list_vote),
        "next_amendment": list_services.amendment_next(list_vote),
    }


def _leader_context(list_vote: ListVote) -> dict:
    if not list_vote.leader_first:
        return {}
    rounds = list(list_vote.leader_rounds.select_related("poll"))
    return {
        "leader_candidacies": list_vote.leader_candidacies.select_related("application").annotate(
            support=Count("supporters")
        ),
        "leader_rounds": rounds,
        "leader_round_open": bool(rounds) and rounds[-1].poll.status != "closed",
    }


@login_required
def list_vote_member_page(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    """For a member on the register: the proposed list, the amendments filed (to support),
    and a form to file one, while the deadline allows."""
    list_vote = get_object_or_404(
        ListVote.objects.select_related("meeting", "vacancy"),
        Q(method=ListVoteMethod.AMENDMENTS) | Q(leader_first=True),
        pk=list_pk,
        meeting_id=pk,
    )
    voter = selectors.voter_for(meeting=list_vote.meeting, user=request.user)
    if voter is None:
        return render(
            request, "voting/not_entitled.html", {"meeting": list_vote.meeting}, status=403
        )
    form = AmendmentForm(request.POST or None, list_vote=list_vote)
    if request.method == "POST" and _member_action(request, list_vote, voter, form):
        return redirect("voting:list_vote_member", pk=pk, list_pk=list_pk)
    context = {
        "meeting": list_vote.meeting,
        "list_vote": list_vote,
        "voter": voter,
        "form": form,
        "open_for_amendments": list_services.amendments_open(list_vote)
        and list_vote.method == ListVoteMethod.AMENDMENTS,
        "open_for_candidacies": list_vote.leader_first
        and list_services.amendments_open(list_vote)
        and not list_vote.leader_rounds.exists(),
        **_amendments_context(list_vote),
        **_leader_context(list_vote),
    }
    return render(request, "voting/list_vote_member.html", context)


def _member_action(request, list_vote, voter, form) -> bool:
    try:
        action = request.POST.get("action")
        if action == "support_leader":
            candidacy = _chosen(request, list_vote.leader_candidacies, "candidacy")
            list_services.leader_candidacy_support(candidacy=candidacy, voter=voter)
            messages.success(request, _("You support this candidacy."))
            return True
        if action == "support":
            amendment = _chosen(request, list_vote.amendments, "amendment")
            list_services.amendment_support(amendment=amendment, voter=voter)
            messages.success(request, _("You support this amendment."))
            return True
        if form.is_valid():
            list_services.amendment_file(list_vote=list_vote, voter=voter, **form.cleaned_data)
            messages.success(request, _("Your amendment has been filed."))
            return True
    except ServiceError as exc:
        messages.error(request, exc.message)
    return False


def _chosen(request, queryset, field: str):
    """The row of ``queryset`` whose id the form posted in ``field``."""
    chosen = queryset.filter(pk=posted_number(request.POST.get(field))).first()
    if chosen is None:
        raise ServiceError(_("Choose one from the list."))
    return chosen

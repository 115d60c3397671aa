"""The review screen of the applications a member may judge: the list with its filters,
score columns and bulk moves, and one application's page — files and transcripts, the
member's scorecard and the others' (once their own is in), moves through the pipeline, the
board advice per portfolio, a declared relation, and what the acting chair sees besides (the
declaration, the conflict flags)."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application, ApplicationFile, ApplicationStatus, FileKind
from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from core.posted import posted_number, posted_text
from core.services import audit_log
from integrity.forms import RelationForm
from integrity.models import ConflictFlag, FlagStatus, Signal
from integrity.selectors import declaration_current, flags_of_applications
from integrity.services import declaration_open
from members.models import User
from review import permissions, selectors, services
from review.admin._common import post_text, posted_in
from review.forms import MoveForm, ScorecardForm
from review.models import SCORING_ROUND, ReviewRound
from vacancies.models import VacancyKind


class HasMediaFilter(admin.SimpleListFilter):
    title = gettext_lazy("media")
    parameter_name = "media"

    def lookups(self, request, model_admin):
        return [
            ("video", _("With video")),
            ("voice", _("With voice note")),
            ("none", _("Text only")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "video":
            return queryset.filter(has_video=True)
        if self.value() == "voice":
            return queryset.filter(has_voice=True)
        if self.value() == "none":
            return queryset.filter(has_video=False, has_voice=False)
        return queryset


class ScoreRangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("my score")
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [
            ("unscored", _("Not scored by me yet")),
            ("high", _("4 or more")),
            ("middle", _("From 2.5 to 4")),
            ("low", _("Below 2.5")),
        ]

    def queryset(self, request, queryset):
        ranges = {
            "unscored": {"my_total__isnull": True},
            "high": {"my_total__gte": 4},
            "middle": {"my_total__gte": 2.5, "my_total__lt": 4},
            "low": {"my_total__lt": 2.5},
        }
        return queryset.filter(**ranges[self.value()]) if self.value() in ranges else queryset


class OpenFlagsFilter(admin.SimpleListFilter):
    """For the chair: applications on which another member has an open conflict flag."""

    title = gettext_lazy("conflicts")
    parameter_name = "flags"

    def lookups(self, request, model_admin):
        return [("open", _("Open flag for another member"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(
                Exists(
                    ConflictFlag.objects.filter(
                        application=OuterRef("pk"), status=FlagStatus.OPEN
                    ).exclude(signal=Signal.DOUBLE_FUNCTION)
                )
            )
        return queryset


def _files_of_kind(kind: str):
    return Exists(ApplicationFile.objects.filter(application=OuterRef("pk"), kind=kind))


@admin.register(Application)
class ReviewApplicationAdmin(RuleBasedAdmin):
    """The applications of my committees that I have no conflict with. Read-only: the
    committee's decisions go through services (scores, transitions)."""

    list_display = (
        "name",
        "vacancy",
        "portfolio_list",
        "submitted_at",
        "media_badges",
        "status",
        "my_score",
        "average_score",
        "disagreement",
        "interview",
    )
    list_filter = (
        ("vacancy", admin.RelatedOnlyFieldListFilter),
        "status",
        HasMediaFilter,
        ScoreRangeFilter,
        OpenFlagsFilter,
        ("portfolios", admin.RelatedOnlyFieldListFilter),
    )
    actions = [
        "move_to_screening",
        "move_to_round_1",
        "move_to_round_2",
        "move_to_advised",
        "move_to_not_selected",
        "transcribe_again",
        "transcribe_again_detecting_language",
    ]
    search_fields = ("first_name", "last_name", "receipt_number", "place_of_residence")
    change_list_template = "admin/review/application/change_list.html"
    list_per_page = 50
    ordering = ("-submitted_at",)

    def get_queryset(self, request):
        reachable = (
            selectors.applications_for_reviewer(user=request.user)
            .select_related("vacancy")
            .prefetch_related("portfolios")
            .annotate(
                has_video=_files_of_kind(FileKind.VIDEO), has_voice=_files_of_kind(FileKind.VOICE)
            )
        )
        return selectors.with_score_columns(reachable, user=request.user)

    def may_use(self, request) -> bool:
        return selectors.has_seat(user=request.user)

    def get_list_filter(self, request):
        # Which applications have an open flag against another member is the chair's to
        # know (the chair resolves them), behind the gate like every chair's power.
        if selectors.chairs_applications(user=request.user).exists():
            return self.list_filter
        return tuple(f for f in self.list_filter if f is not OpenFlagsFilter)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return permissions.may_read_application(user=request.user, application=obj)
        return self.may_use(request)

    @admin.display(description=gettext_lazy("name"), ordering="last_name")
    def name(self, application):
        return application.full_name or "—"

    @admin.display(description=gettext_lazy("portfolios"))
    def portfolio_list(self, application):
        return ", ".join(p.name for p in application.portfolios.all())

    @admin.display(description=gettext_lazy("media"))
    def media_badges(self, application):
        badges = []
        if application.has_video:
            badges.append(_("video"))
        if application.has_voice:
            badges.append(_("voice"))
        return format_html_join(" ", '<span class="badge">{}</span>', ((b,) for b in badges))

    @admin.display(description=gettext_lazy("interview"), ordering="interview_at")
    def interview(self, application):
        if application.interview_at is None:
            return "—"
        return formats.date_format(timezone.localtime(application.interview_at), "j M H:i")

    @admin.display(description=gettext_lazy("my score"), ordering="my_total")
    def my_score(self, application):
        return application.my_total if application.my_total is not None else "—"

    @admin.display(description=gettext_lazy("average"), ordering="all_mean")
    def average_score(self, application):
        # Independent first: nobody sees the others' scores before giving their own.
        if application.my_total is None or application.all_mean is None:
            return "—"
        return f"{application.all_mean:.2f} ({application.card_count})"

    @admin.display(description=gettext_lazy("disagree"), boolean=True)
    def disagreement(self, application):
        if application.my_total is None or application.all_max is None:
            return None
        return application.all_max - application.all_min >= selectors.DISAGREEMENT_SPREAD

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not selectors.moves_applications(user=request.user):
            return {}
        return actions

    def _bulk_move(self, request, queryset, to):
        """An intermediate page asks the reason; then each application moves (or says why it
        cannot)."""
        if request.POST.get("confirm"):
            moved, problems = services.applications_move(
                applications=list(queryset),
                to=to,
                reason=post_text(request, "reason"),
                actor=request.user,
            )
            if moved:
                self.message_user(
                    request,
                    _("%(count)d moved to “%(to)s”.")
                    % {"count": moved, "to": ApplicationStatus(to).label},
                    messages.SUCCESS,
                )
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move to “%(to)s”") % {"to": ApplicationStatus(to).label},
            "opts": self.model._meta,
            "applications": queryset,
            "action": request.POST.get("action"),
            "reason_required": to == ApplicationStatus.NOT_SELECTED,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/review/application/move_confirm.html", context)

    @admin.action(description=gettext_lazy("Move to screening"))
    def move_to_screening(self, request, queryset):
        return self._bulk_move(request, queryset, ApplicationStatus.SCREENING)

    @admin.action(description=gettext_lazy("Invite to interview round 1"))
    def move_to_round_1(self, request, queryset):
        return self._bulk_move(request, queryset, ApplicationStatus.ROUND_1)

    @admin.action(description=gettext_lazy("Invite to interview round 2"))
    def move_to_round_2(self, request, queryset):
        return self._bulk_move(request, queryset, ApplicationStatus.ROUND_2)

    @admin.action(description=gettext_lazy("Mark as advised"))
    def move_to_advised(self, request, queryset):
        return self._bulk_move(request, queryset, ApplicationStatus.ADVISED)

    @admin.action(description=gettext_lazy("Not selected (with reason)…"))
    def move_to_not_selected(self, request, queryset):
        return self._bulk_move(request, queryset, ApplicationStatus.NOT_SELECTED)

    def _transcribe_again(self, request, applications, *, detect: bool) -> None:
        try:
            queued = services.transcripts_rerun(
                applications=list(applications), actor=request.user, detect=detect
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _("%(count)d recordings are queued to be transcribed again.") % {"count": queued},
            messages.SUCCESS if queued else messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Transcribe the recordings again"))
    def transcribe_again(self, request, queryset):
        self._transcribe_again(request, queryset, detect=False)

    @admin.action(
        description=gettext_lazy("Transcribe the recordings again, recognising the language")
    )
    def transcribe_again_detecting_language(self, request, queryset):
        self._transcribe_again(request, queryset, detect=True)

    def get_urls(self):
        return [
            path(
                "<int:pk>/relation/",
                self.admin_site.admin_view(self.declare_relation_view),
                name="review_application_relation",
            ),
            path(
                "<int:pk>/score/",
                self.admin_site.admin_view(self.score_view),
                name="review_application_score",
            ),
            path(
                "<int:pk>/move/",
                self.admin_site.admin_view(self.move_view),
                name="review_application_move",
            ),
            path(
                "<int:pk>/advice/",
                self.admin_site.admin_view(self.advice_view),
                name="review_application_advice",
            ),
            path(
                "<int:pk>/transcribe/",
                self.admin_site.admin_view(self.transcribe_view),
                name="review_application_transcribe",
            ),
            path(
                "transcripts/",
                self.admin_site.admin_view(self.transcript_search_view),
                name="review_application_transcripts",
            ),
            *super().get_urls(),
        ]

    def response_action(self, request, queryset, **kwargs):
        # Django filters by the posted ids as they are: a forged one that is no number
        # would be a server error.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(posted_number(pk) for pk in selected):
            self.message_user(
                request,
                _(
                    "Items must be selected in order to perform actions on them. No items "
                    "have been changed."
                ),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if selectors.unaccepted_seats(user=request.user).exists():
            return redirect("review:confidentiality")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._reachable(request, object_id)
        audit_log(actor=request.user, action="review.application_viewed", target=application)
        return self._render_review(request, application)

    def _render_review(self, request, application, score_form=None, move_form=None):
        user = request.user
        round_ = selectors.round_of(application)
        card = selectors.my_scorecard(user=user, application=application, round_=round_)
        scoring = (
            selectors.scores_as_member(user=user, application=application)
            and application.status in SCORING_ROUND
        )
        if scoring and score_form is None:
            score_form = ScorecardForm(
                requirements=application.vacancy.requirements.all(), card=card
            )
        others = selectors.others_scorecards(user=user, application=application, round_=round_)
        targets = services.ALLOWED_MOVES.get(application.status, set())
        if move_form is None and targets and services.may_move(user=user, application=application):
            move_form = MoveForm(targets=sorted(targets, key=services.PIPELINE_ORDER.index))
        context = {
            **self.admin_site.each_context(request),
            "title": str(application),
            "opts": self.model._meta,
            "application": application,
            "files": application.files.select_related("transcript"),
            "recordings_withheld": selectors.recordings_withheld(
                user=user, application=application
            ),
            "may_transcribe_again": services.may_move(user=user, application=application),
            "diversity": application.diversity_responses.filter(show_to_committee=True),
            "availability": application.availability.select_related("date"),
            "relation_form": RelationForm(people=_applicant_only(application)),
            "round": ReviewRound(round_),
            "my_card": card,
            "score_form": score_form if scoring else None,
            "others": others,
            "summary": selectors.summarise([c.total for c in others if c.total is not None])
            if others is not None
            else None,
            "requirements": application.vacancy.requirements.all(),
            "move_form": move_form,
            "transitions": application.transitions.select_related("actor"),
            "advice": _advice_rows(application)
            if application.vacancy.kind == VacancyKind.BOARD
            and selectors.is_acting_chair(user=user, application=application)
            else None,
            **self._chair_context(request, application),
        }
        return render(request, "admin/review/application/review.html", context)

    def score_view(self, request, pk):
        application = self._reachable(request, pk)
        if request.method != "POST":
            return redirect("admin:applications_application_change", pk)
        form = ScorecardForm(request.POST, requirements=application.vacancy.requirements.all())
        if form.is_valid():
            try:
                services.scorecard_save(
                    reviewer=request.user,
                    application=application,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                    submit="submit" in request.POST,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("Your scorecard is saved."), messages.SUCCESS)
                return redirect("admin:applications_application_change", pk)
        return self._render_review(request, application, score_form=form)

    def advice_view(self, request, pk):
        application = self._reachable(request, pk)
        if request.method == "POST":
            portfolio = posted_in(request, application.vacancy.portfolios, "portfolio")
            try:
                if portfolio is None:
                    raise ServiceError(_("Choose a portfolio of this vacancy."))
                services.advice_record(
                    application=application,
                    portfolio=portfolio,
                    suitable=request.POST.get("suitable") == "yes",
                    reasons=post_text(request, "reasons"),
                    actor=request.user,
                )
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, _("The advice is recorded."), messages.SUCCESS)
        return redirect("admin:applications_application_change", pk)

    def transcribe_view(self, request, pk):
        """The button beside a transcript: transcribe this application's recordings again."""
        application = self._reachable(request, pk)
        if request.method == "POST":
            self._transcribe_again(request, [application], detect="detect" in request.POST)
        return redirect("admin:applications_application_change", pk)

    def transcript_search_view(self, request):
        """Search the transcripts of the applications I may judge; each hit links to the
        passage, where the player starts at that moment."""
        if not self.may_use(request):
            raise PermissionDenied
        query = posted_text(request.GET.get("q")).strip()[:200]
        hits = selectors.transcript_search(user=request.user, query=query) if query else []
        if query:
            audit_log(
                actor=request.user,
                action="review.transcripts_searched",
                data={"results": len(hits)},
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Search the transcripts"),
            "opts": self.model._meta,
            "query": query,
            "hits": hits,
        }
        return render(request, "admin/review/application/transcript_search.html", context)

    def move_view(self, request, pk):
        application = self._reachable(request, pk)
        if request.method != "POST":
            return redirect("admin:applications_application_change", pk)
        targets = sorted(
            services.ALLOWED_MOVES.get(application.status, set()),
            key=services.PIPELINE_ORDER.index,
        )
        form = MoveForm(request.POST, targets=targets)
        if form.is_valid():
            try:
                services.application_move(
                    application=application,
                    to=form.cleaned_data["to"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The application has moved on."), messages.SUCCESS)
                return redirect("admin:applications_application_change", pk)
        return self._render_review(request, application, move_form=form)

    def _reachable(self, request, object_id) -> Application:
        application = (
            self.get_queryset(request).select_related("applicant").filter(pk=object_id).first()
        )
        if application is None:
            raise Http404  # the same answer whether it does not exist or I may not see it
        return application

    def _chair_context(self, request, application) -> dict:
        if not selectors.is_acting_chair(user=request.user, application=application):
            return {}
        declaration = declaration_current(user=application.applicant)
        if declaration is not None:
            declaration = declaration_open(viewer=request.user, declaration=declaration)
        return {
            "is_acting_chair": True,
            "declaration": declaration,
            "questions": declaration.questionnaire.questions.all() if declaration else [],
            "flags": flags_of_applications(application_ids=[application.pk]).exclude(
                person=request.user
            ),
        }

    def declare_relation_view(self, request, pk):
        application = self._reachable(request, pk)
        if request.method != "POST":
            return redirect("admin:applications_application_change", pk)
        form = RelationForm(request.POST, people=_applicant_only(application))
        if form.is_valid():
            try:
                services.reviewer_declares_relation(
                    reviewer=request.user,
                    application=application,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return redirect("admin:applications_application_change", pk)
            self.message_user(
                request,
                _("Recorded. You no longer see this application; the chair has been told."),
                messages.SUCCESS,
            )
            return redirect("admin:applications_application_changelist")
        self.message_user(request, _("Choose the kind of relation."), messages.ERROR)
        return redirect("admin:applications_application_change", pk)


def _advice_rows(application) -> list[tuple]:
    """Each portfolio the applicant chose (or, if none, every portfolio) with its advice."""
    given = {a.portfolio_id: a for a in application.board_advice.all()}
    portfolios = list(application.portfolios.all()) or list(application.vacancy.portfolios.all())
    return [(portfolio, given.get(portfolio.pk)) for portfolio in portfolios]


def _applicant_only(application):
    return User.objects.filter(pk=application.applicant_id)

"""The committee's admin: committees and seats (for the board), the applications a member may
judge, and the conflict-of-interest flags the acting chair resolves.

Access comes from ``review.selectors`` only: not from model permissions, and not from being a
superuser — a technical administrator sees no application.
"""

import json
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    FileKind,
    ListGender,
)
from core.admin_tools import RuleBasedAdmin, StrictAutocompleteAdmin
from core.errors import ServiceError
from core.posted import posted_number, posted_text
from core.services import audit_log
from integrity.forms import RelationForm
from integrity.models import ConflictFlag, FlagStatus, Relation, Signal
from integrity.permissions import is_integrity_officer
from integrity.selectors import (
    conflicted_application_ids,
    declaration_current,
    flags_of_applications,
)
from integrity.services import declaration_open
from members.admin_rights import BoardRights
from members.models import User
from members.permissions import in_group
from members.roles import BOARD, DISPUTES_COMMITTEE
from review import permissions, selectors, services
from review.forms import MoveForm, ScorecardForm, SlotForm
from review.models import (
    DEFAULT_CONFIDENTIALITY,
    SCORING_ROUND,
    Appeal,
    Committee,
    CommitteeMember,
    CommitteeVacancy,
    ConceptList,
    Interview,
    InterviewSlot,
    PriorityInterviewCheck,
    ReviewRound,
)
from vacancies.models import VacancyKind


class SeatUserWidget(ForeignKeyRawIdWidget):
    """The seat's raw-id field. Django's widget labels whatever id was posted — on an invalid
    form, any user's name. Here only people the board sees anyway are labelled: those who
    hold a seat on a committee (the committee pages list them). Any other id shows as a bare
    number until the seat is saved."""

    def label_and_url_for_value(self, value):
        if not selectors.seat_holders().filter(pk=posted_number(value)).exists():
            return "", ""
        return super().label_and_url_for_value(value)


class SeatForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ("user", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A seat is never handed to someone else in place: remove it and add another
            # (``committee_seat_add``, with its checks, audit row and notice).
            self.fields["user"].disabled = True

    def clean(self):
        cleaned = super().clean()
        committee, user = self.instance.committee_id, cleaned.get("user")
        if (
            committee
            and user
            and not self.instance.pk
            and selectors.applied_in_committee(committee=self.instance.committee, user=user)
        ):
            # Nameless: the form shows again with what was posted, and an id typed by hand
            # must not turn into a name here.
            raise ValidationError(
                _("This person applied in a procedure of this committee and cannot sit on it.")
            )
        return cleaned


class SeatInline(BoardRights, admin.TabularInline):
    model = CommitteeMember
    form = SeatForm
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "confidentiality_accepted_at", "conflicts_checked_at")
    readonly_fields = ("confidentiality_accepted_at", "conflicts_checked_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["widget"] = SeatUserWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VacancyLinkInline(StrictAutocompleteAdmin, BoardRights, admin.TabularInline):
    """A vacancy link is added or removed, never re-pointed in place: existing rows are
    read-only (Django then ignores what is posted for them), new ones go through
    ``committee_vacancy_add`` with its conflict checks."""

    model = CommitteeVacancy
    extra = 0
    autocomplete_fields = ("vacancy",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Committee)
class CommitteeAdmin(BoardRights, admin.ModelAdmin):
    """Seats and vacancies are saved through the services, so that the refusals (an
    applicant on their own committee, a second chair) hold here as everywhere."""

    list_display = ("name", "vacancy_list", "seat_count")
    search_fields = ("name",)
    inlines = [VacancyLinkInline, SeatInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("vacancies", "members")

    def get_changeform_initial_data(self, request):
        return {"confidentiality_text": str(DEFAULT_CONFIDENTIALITY)}

    @admin.display(description=gettext_lazy("vacancies"))
    def vacancy_list(self, committee):
        return ", ".join(str(v) for v in committee.vacancies.all())

    @admin.display(description=gettext_lazy("members"))
    def seat_count(self, committee):
        return len(committee.members.all())

    def save_formset(self, request, form, formset, change):
        try:
            with transaction.atomic():
                self._save_through_services(request, formset)
        except ServiceError as exc:
            transaction.set_rollback(True)
            self.message_user(request, exc.message, messages.ERROR)

    def _save_through_services(self, request, formset) -> None:
        committee, actor = formset.instance, request.user
        changed = formset.save(commit=False)  # sets deleted_objects as well
        for obj in formset.deleted_objects:
            if isinstance(obj, CommitteeMember):
                services.committee_seat_remove(seat=obj, actor=actor)
            else:
                services.committee_vacancy_remove(link=obj, actor=actor)
        for obj in changed:
            if isinstance(obj, CommitteeVacancy) and obj.pk is None:
                services.committee_vacancy_add(
                    committee=committee, vacancy=obj.vacancy, actor=actor
                )
            elif isinstance(obj, CommitteeVacancy):
                # The inline is read-only for existing rows; a forged change is no change.
                continue
            elif obj.pk is None:
                services.committee_seat_add(
                    committee=committee, user=obj.user, role=obj.role, actor=actor
                )
            else:
                services.committee_seat_change_role(seat=obj, role=obj.role, actor=actor)


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
                reason=_posted_text(request, "reason"),
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
        unaccepted = selectors.seats_of(user=request.user).filter(
            confidentiality_accepted_at__isnull=True
        )
        if unaccepted.exists():
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
            portfolio = application.vacancy.portfolios.filter(
                pk=_posted_id(request, "portfolio")
            ).first()
            try:
                if portfolio is None:
                    raise ServiceError(_("Choose a portfolio of this vacancy."))
                services.advice_record(
                    application=application,
                    portfolio=portfolio,
                    suitable=request.POST.get("suitable") == "yes",
                    reasons=_posted_text(request, "reasons"),
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


class ResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (FlagStatus.CONFIRMED, gettext_lazy("Confirm: the member is recused")),
            (FlagStatus.DISMISSED, gettext_lazy("Dismiss: no conflict")),
            (FlagStatus.WAIVED, gettext_lazy("Waive: a conflict, but allowed")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(ConflictFlag)
class ConflictFlagAdmin(RuleBasedAdmin):
    """Integrity officers see every flag; a chair or deputy sees the flags on their
    committees' applications, except their own and those of applications they are conflicted
    with themselves (the deputy decides those)."""

    list_display = ("person", "application", "signal", "evidence", "severity", "status")
    list_filter = ("status", "signal", "severity")
    search_fields = ("person__email", "person__last_name", "application__last_name")
    list_select_related = ("person", "application", "application__vacancy")

    def get_queryset(self, request):
        flags = super().get_queryset(request)
        if is_integrity_officer(request.user):
            return flags
        chaired = selectors.chairs_applications(user=request.user).values("pk")
        return (
            flags.filter(application__in=chaired)
            .exclude(person=request.user)
            .exclude(application__in=conflicted_application_ids(person_id=request.user.pk))
        )

    def may_use(self, request) -> bool:
        user = request.user
        return is_integrity_officer(user) or selectors.chairs_applications(user=user).exists()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        flag = self.get_queryset(request).filter(pk=object_id).first()
        if flag is None:
            raise Http404
        if not services.may_resolve_flag(user=request.user, flag=flag):
            raise PermissionDenied
        form = ResolveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_resolve(
                    flag=flag,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("Decision recorded."), messages.SUCCESS)
                return redirect(reverse("admin:integrity_conflictflag_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Conflict of interest: %(flag)s") % {"flag": flag.get_signal_display()},
            "opts": self.model._meta,
            "flag": flag,
            "form": form,
        }
        return render(request, "admin/review/conflictflag/resolve.html", context)


@admin.register(Relation)
class RelationAdmin(RuleBasedAdmin):
    list_display = ("person", "other", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("person__email", "other__email")
    list_select_related = ("person", "other")

    def may_use(self, request) -> bool:
        return is_integrity_officer(request.user)


def _posted_text(request, name: str) -> str:
    return posted_text(request.POST.get(name))


def _posted_id(request, name: str) -> int:
    """An id posted without a form, or 0 (which matches nothing) for anything else."""
    return posted_number(request.POST.get(name))


def _places_from(request) -> list[dict]:
    try:
        places = json.loads(request.POST.get("places") or "[]")
    except (ValueError, RecursionError):  # RecursionError: nested too deep
        return []
    if not isinstance(places, list):
        return []
    return [p for p in places if isinstance(p, dict) and posted_number(p.get("application_id"))]


def _vacancy_behind_gate(request, vacancy_id):
    """The vacancy a committee page names, if the user may work on it, else None."""
    from vacancies.models import Vacancy

    vacancy = Vacancy.objects.filter(pk=posted_number(vacancy_id)).first()
    if vacancy is None or not permissions.may_work_on(user=request.user, vacancy=vacancy):
        return None
    return vacancy


class VacancyWorkAdmin(RuleBasedAdmin):
    """An admin of a committee's work per vacancy (its lists, its interview slots): seen by
    seat holders; the stock change and history pages by id only for vacancies behind the gate
    (a seat of another committee gets the admin's "not found")."""

    def may_use(self, request) -> bool:
        return selectors.has_seat(user=request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(vacancy__in=selectors.vacancies_judged_by(user=request.user))
        )

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return permissions.may_work_on(user=request.user, vacancy=obj.vacancy)
        return self.may_use(request)


@admin.register(ConceptList)
class ConceptListAdmin(VacancyWorkAdmin):
    """The concept list builder with its representation dashboard, and each member's own
    ranking, per vacancy of the member's committees."""

    def get_urls(self):
        def view(function, name):
            return path(
                f"<int:vacancy_id>/{name}/",
                self.admin_site.admin_view(function),
                name=f"review_conceptlist_{name}",
            )

        return [
            view(self.build_view, "build"),
            view(self.dashboard_view, "dashboard"),
            view(self.rank_view, "rank"),
            view(self.advice_overview_view, "advice"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.may_use(request):
            raise PermissionDenied  # the stock changelist's check, which this page replaces
        if selectors.unaccepted_seats(user=request.user).exists():
            return redirect("review:confidentiality")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Concept lists"),
            "opts": self.model._meta,
            "vacancies": selectors.vacancies_judged_by(user=request.user),
        }
        return render(request, "admin/review/conceptlist/overview.html", context)

    def _vacancy(self, request, vacancy_id):
        """The vacancy of a committee page, behind the gate (``permissions.may_work_on``):
        before the agreement is accepted, or on another committee's vacancy, not found."""
        vacancy = _vacancy_behind_gate(request, vacancy_id)
        if vacancy is None:
            raise Http404
        return vacancy

    def build_view(self, request, vacancy_id):
        vacancy = self._vacancy(request, vacancy_id)
        concept_list = selectors.concept_list_of(vacancy=vacancy)
        may_edit = permissions.may_edit_list(user=request.user, concept_list=concept_list)
        if request.method == "POST" and may_edit and request.POST.get("op") == "notice":
            return self._send_notice(request, concept_list)
        if request.method == "POST" and may_edit and request.POST.get("op") == "details":
            return self._save_details(request, concept_list)
        if request.method == "POST" and may_edit:
            try:
                services.concept_list_save(
                    concept_list=concept_list,
                    places=_places_from(request),
                    actor=request.user,
                    reason=_posted_text(request, "reason"),
                    revision=posted_number(request.POST.get("revision")),
                )
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                concept_list.refresh_from_db()
            else:
                self.message_user(request, _("The concept list is saved."), messages.SUCCESS)
                return redirect("admin:review_conceptlist_build", vacancy.pk)
        entries, hidden = selectors.list_entries_for(user=request.user, concept_list=concept_list)
        rankings_count = selectors.rankings_count(vacancy=vacancy)
        proposal = services.concept_list_proposal(vacancy=vacancy)
        if request.GET.get("start") == "schulze" and may_edit and not entries:
            pool = {a.pk: a for a in selectors.list_pool(user=request.user, vacancy=vacancy)}
            entries = [_UnsavedEntry(pool[pk], n) for n, pk in enumerate(proposal.order, 1)]
        placed = {entry.application_id for entry in entries}
        pool = selectors.list_pool(user=request.user, vacancy=vacancy).exclude(pk__in=placed)
        names = {a.pk: a.full_name for a in Application.objects.filter(pk__in=proposal.order)}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Concept list: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "concept_list": concept_list,
            "entries": entries,
            "hidden_places": hidden,
            "pool": pool,
            "may_edit": may_edit,
            "segments": selectors.representation(
                vacancy=vacancy,
                application_ids=[entry.application_id for entry in entries],
                top=concept_list.electable_places,
            ),
            "matrix": _matrix(proposal, names) if may_edit and rankings_count else None,
            "rankings_count": rankings_count,
            "versions": concept_list.versions.select_related("actor")[:10],
            "gender_choices": ListGender.choices,
        }
        return render(request, "admin/review/conceptlist/build.html", context)

    def _send_notice(self, request, concept_list):
        try:
            services.not_selected_reason_save(
                concept_list=concept_list,
                reason=_posted_text(request, "not_selected_reason"),
                actor=request.user,
            )
            told = services.confidential_notice_send(concept_list=concept_list, actor=request.user)
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("The confidential notice went to %(count)d candidates.") % {"count": told},
                messages.SUCCESS,
            )
        return redirect("admin:review_conceptlist_build", concept_list.vacancy_id)

    def _save_details(self, request, concept_list):
        """The consent (model H 9) and gender marker per place, from the Kiesraad form."""
        details = {
            int(application_id): {
                "consent": request.POST.get(f"consent_{application_id}") == "on",
                "gender": _posted_text(request, f"gender_{application_id}"),
            }
            for application_id in request.POST.getlist("placed")
            if posted_number(application_id)
        }
        try:
            changed = services.concept_list_details_save(
                concept_list=concept_list, details=details, actor=request.user
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Kiesraad details saved for %(count)d places.") % {"count": changed},
                messages.SUCCESS,
            )
        return redirect("admin:review_conceptlist_build", concept_list.vacancy_id)

    def advice_overview_view(self, request, vacancy_id):
        vacancy = self._vacancy(request, vacancy_id)
        advice = selectors.board_advice_overview(user=request.user, vacancy=vacancy)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Advice per portfolio: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "portfolios": advice,
        }
        return render(request, "admin/review/conceptlist/advice.html", context)

    def dashboard_view(self, request, vacancy_id):
        vacancy = self._vacancy(request, vacancy_id)
        concept_list = selectors.concept_list_of(vacancy=vacancy)
        if request.method != "POST" or not permissions.may_edit_list(
            user=request.user, concept_list=concept_list
        ):
            raise PermissionDenied
        allowed = set(
            selectors.list_pool(user=request.user, vacancy=vacancy).values_list("pk", flat=True)
        )
        ids = [int(p["application_id"]) for p in _places_from(request)]
        ids = [pk for pk in ids if pk in allowed]
        segments = selectors.representation(
            vacancy=vacancy, application_ids=ids, top=concept_list.electable_places
        )
        return render(request, "admin/review/conceptlist/dashboard.html", {"segments": segments})

    def rank_view(self, request, vacancy_id):
        vacancy = self._vacancy(request, vacancy_id)
        pool = {a.pk: a for a in selectors.list_pool(user=request.user, vacancy=vacancy)}
        if request.method == "POST":
            try:
                services.ranking_submit(
                    reviewer=request.user,
                    vacancy=vacancy,
                    order=[int(p["application_id"]) for p in _places_from(request)],
                )
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, _("Your ranking is saved."), messages.SUCCESS)
                return redirect("admin:review_conceptlist_rank", vacancy.pk)
        mine = selectors.ranking_of(user=request.user, vacancy=vacancy)
        ranked = [pool[pk] for pk in mine if pk in pool]
        context = {
            **self.admin_site.each_context(request),
            "title": _("My ranking: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "ranked": ranked,
            "unranked": [a for pk, a in pool.items() if pk not in set(mine)],
        }
        return render(request, "admin/review/conceptlist/rank.html", context)


@dataclass
class _UnsavedEntry:
    """A place of the Schulze proposal, shown in the builder before anyone saved it."""

    application: Application
    position: int
    is_pusher: bool = False
    justification: str = ""

    @property
    def application_id(self) -> int:
        return self.application.pk


def _matrix(proposal, names: dict) -> dict:
    order = proposal.order
    return {
        "candidates": [names.get(pk, pk) for pk in order],
        "rows": [
            (
                names.get(a, a),
                [
                    None if a == b else (proposal.pairwise[(a, b)], proposal.strongest[(a, b)])
                    for b in order
                ],
            )
            for a in order
        ],
    }


@admin.register(InterviewSlot)
class InterviewSlotAdmin(VacancyWorkAdmin):
    """Interview planning per vacancy: slots with their panels, invitations on the applicants'
    stated availability, rescheduling, and the priority-interview checklist."""

    def get_urls(self):
        return [
            path(
                "<int:vacancy_id>/plan/",
                self.admin_site.admin_view(self.plan_view),
                name="review_interviewslot_plan",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.may_use(request):
            raise PermissionDenied  # the stock changelist's check, which this page replaces
        if selectors.unaccepted_seats(user=request.user).exists():
            return redirect("review:confidentiality")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Interviews"),
            "opts": self.model._meta,
            "vacancies": selectors.vacancies_judged_by(user=request.user),
        }
        return render(request, "admin/review/interviewslot/overview.html", context)

    def plan_view(self, request, vacancy_id):
        vacancy = _vacancy_behind_gate(request, vacancy_id)
        if vacancy is None:
            raise Http404
        committee = selectors.committee_of(vacancy_id=vacancy.pk)
        people = selectors.scoring_members(committee=committee)
        slot_form = SlotForm(
            request.POST if request.POST.get("op") == "slot" else None, people=people
        )
        if request.method == "POST":
            try:
                self._plan_action(request, vacancy, slot_form)
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                if request.POST.get("op") != "slot" or slot_form.is_valid():
                    return redirect("admin:review_interviewslot_plan", vacancy.pk)
        reachable = (
            selectors.applications_for_reviewer(user=request.user)
            .filter(
                vacancy=vacancy, status__in=(ApplicationStatus.ROUND_1, ApplicationStatus.ROUND_2)
            )
            .prefetch_related("availability__date")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Interviews: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "slots": selectors.interview_slots(user=request.user, vacancy=vacancy),
            "candidates": reachable,
            "reachable_ids": set(reachable.values_list("pk", flat=True)),
            "slot_form": slot_form,
            "may_plan": selectors.plans_interviews(user=request.user, vacancy=vacancy),
            "checks": {
                c.round: c
                for c in PriorityInterviewCheck.objects.filter(vacancy=vacancy).select_related(
                    "ticked_by"
                )
            },
            "rounds": [ReviewRound.ROUND_1, ReviewRound.ROUND_2],
        }
        return render(request, "admin/review/interviewslot/plan.html", context)

    def _plan_action(self, request, vacancy, slot_form) -> None:
        op, actor = request.POST.get("op"), request.user
        if op == "slot":
            if slot_form.is_valid():
                data = slot_form.cleaned_data
                services.slot_create(
                    vacancy=vacancy,
                    round_=data["round"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    online_link=data["online_link"],
                    panel=data["panel"],
                    actor=actor,
                )
                self.message_user(request, _("Slot added."), messages.SUCCESS)
        elif op == "invite":
            slot = InterviewSlot.objects.filter(
                vacancy=vacancy, pk=_posted_id(request, "slot")
            ).first()
            application = (
                selectors.applications_for_reviewer(user=actor)
                .filter(vacancy=vacancy, pk=_posted_id(request, "application"))
                .first()
            )
            if slot is None or application is None:
                raise ServiceError(_("Choose a slot and an applicant."))
            services.interview_invite(slot=slot, application=application, actor=actor)
            self.message_user(request, _("Invitation sent."), messages.SUCCESS)
        elif op == "move":
            interview = Interview.objects.filter(
                slot__vacancy=vacancy,
                pk=_posted_id(request, "interview"),
                application__in=selectors.applications_for_reviewer(user=actor),
            ).first()
            slot = InterviewSlot.objects.filter(
                vacancy=vacancy, pk=_posted_id(request, "slot")
            ).first()
            if interview is None or slot is None:
                raise ServiceError(_("Choose a new slot."))
            services.interview_reschedule(interview=interview, slot=slot, actor=actor)
            self.message_user(
                request, _("The interview has moved; the applicant is told."), messages.SUCCESS
            )
        elif op == "priority":
            services.priority_check_tick(
                vacancy=vacancy,
                round_=_posted_text(request, "round"),
                note=_posted_text(request, "note"),
                actor=actor,
            )
            self.message_user(request, _("Checklist ticked."), messages.SUCCESS)


class AppealForm(forms.Form):
    hearing_at = forms.DateTimeField(
        label=gettext_lazy("Hearing"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    hearing_notes = forms.CharField(
        label=gettext_lazy("Notes of the hearing"), required=False, widget=forms.Textarea
    )
    advice = forms.CharField(
        label=gettext_lazy("Advice of the disputes committee"),
        required=False,
        widget=forms.Textarea,
    )
    decision = forms.CharField(
        label=gettext_lazy("Decision of the board"), required=False, widget=forms.Textarea
    )
    document = forms.FileField(label=gettext_lazy("Add a document"), required=False)


@admin.register(Appeal)
class AppealAdmin(RuleBasedAdmin):
    """The disputes committee's case file; the board reads it and decides."""

    list_display = ("application", "status", "lodged_at", "hearing_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("application", "application__vacancy")

    def may_use(self, request) -> bool:
        return in_group(request.user, DISPUTES_COMMITTEE, BOARD)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.may_use(request):
            raise PermissionDenied
        appeal = self.get_queryset(request).filter(pk=object_id).first()
        if appeal is None:
            raise Http404
        initial = {
            "hearing_at": appeal.hearing_at,
            "hearing_notes": appeal.hearing_notes,
            "advice": appeal.advice,
            "decision": appeal.decision,
        }
        form = AppealForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            changed = {
                name: data[name]
                for name in ("hearing_at", "hearing_notes", "advice", "decision")
                if data[name] and data[name] != initial[name]
            }
            try:
                with transaction.atomic():  # a refused document undoes the update too
                    if changed:
                        services.appeal_update(appeal=appeal, actor=request.user, **changed)
                    if data["document"]:
                        services.appeal_attach(
                            appeal=appeal, uploaded=data["document"], actor=request.user
                        )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The appeal is updated."), messages.SUCCESS)
                return redirect("admin:review_appeal_change", appeal.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": str(appeal),
            "opts": self.model._meta,
            "appeal": appeal,
            "form": form,
            "documents": appeal.documents.all(),
            "steps": appeal.application.transitions.select_related("actor"),
        }
        return render(request, "admin/review/appeal/case.html", context)

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from members.admin_rights import BoardRights
from vacancies import services
from vacancies.forms import ExtendDeadlineForm, VacancyAdminForm
from vacancies.models import (
    Contact,
    DeadlineExtension,
    FaqEntry,
    Milestone,
    MilestoneDate,
    Portfolio,
    RepresentationTarget,
    Requirement,
    Vacancy,
)
from vacancies.selectors import vacancy_with_details
from vacancies.views import render_vacancy_detail


class PortfolioInline(BoardRights, admin.TabularInline):
    model = Portfolio
    extra = 0


class RequirementInline(BoardRights, admin.TabularInline):
    model = Requirement
    extra = 0


class RepresentationTargetInline(BoardRights, admin.TabularInline):
    model = RepresentationTarget
    extra = 0


class MilestoneInline(BoardRights, admin.StackedInline):
    model = Milestone
    extra = 0
    show_change_link = True  # its dates are edited on the milestone's own page
    fields = ("kind", "title", "description", "order", "date_list")
    readonly_fields = ("date_list",)

    @admin.display(description=_("dates"))
    def date_list(self, milestone: Milestone) -> str:
        return ", ".join(f"{date.date:%d-%m-%Y}" for date in milestone.dates.all()) or "—"


class ContactInline(BoardRights, admin.TabularInline):
    model = Contact
    extra = 0


class FaqEntryInline(BoardRights, admin.StackedInline):
    model = FaqEntry
    extra = 0


class DeadlineExtensionInline(BoardRights, admin.TabularInline):
    """The extension history: written only by the 'Extend deadline' page."""

    model = DeadlineExtension
    extra = 0
    can_delete = False
    fields = (
        "old_deadline",
        "new_deadline",
        "reason",
        "early_applicants_keep_programme",
        "decided_at",
        "decided_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _transition_action(service, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        for vacancy in queryset:
            try:
                service(vacancy=vacancy, actor=request.user)
                done += 1
            except ServiceError as exc:
                modeladmin.message_user(request, f"{vacancy}: {exc.message}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("%(count)d vacancies changed.") % {"count": done}, messages.SUCCESS
            )

    action.__name__ = service.__name__
    return action


@admin.register(Vacancy)
class VacancyAdmin(BoardRights, admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = ("title", "kind", "status", "local_deadline_display", "language", "published_at")
    list_filter = ("status", "kind", "language", "members_only", "is_paid")
    search_fields = ("title", "summary", "reference_number", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "published_at", "public_links")
    date_hierarchy = "deadline"
    inlines = [
        PortfolioInline,
        RequirementInline,
        MilestoneInline,
        RepresentationTargetInline,
        FaqEntryInline,
        ContactInline,
        DeadlineExtensionInline,
    ]
    actions = [
        _transition_action(services.vacancy_publish, _("Publish")),
        _transition_action(services.vacancy_close, _("Close")),
        _transition_action(services.vacancy_start_procedure, _("Start the procedure")),
        _transition_action(services.vacancy_finish, _("Finish")),
        _transition_action(services.vacancy_archive, _("Archive")),
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "title",
                    "slug",
                    "summary",
                    "body",
                    "language",
                    "status",
                    "published_at",
                    "public_links",
                )
            },
        ),
        (_("Deadline"), {"fields": ("deadline_local", "time_zone")}),
        (
            _("Who can apply"),
            {
                "fields": (
                    "members_only",
                    "min_membership_months",
                    "min_age",
                    "age_reference_date",
                    "age_reference_label",
                    "vog_required",
                    "integrity_declaration_required",
                    "cv_required",
                )
            },
        ),
        (
            _("Work and employment"),
            {
                "fields": (
                    "is_paid",
                    "hours_per_week_min",
                    "hours_per_week_max",
                    "location",
                    "salary_min",
                    "salary_max",
                    "salary_currency",
                    "salary_period",
                    "salary_scale",
                    "education_level",
                    "contract_type",
                    "start_date",
                    "start_date_note",
                    "reference_number",
                    "fields",
                    "terms",
                )
            },
        ),
        (
            _("Representation and list size"),
            {
                "fields": (
                    "representation_statement",
                    "disability_priority_interview",
                    "score_from_transcript",
                    "list_target_candidates",
                    "list_target_pushers",
                    "list_max_size",
                )
            },
        ),
    )

    @admin.display(description=_("deadline"), ordering="deadline")
    def local_deadline_display(self, vacancy: Vacancy) -> str:
        return f"{vacancy.local_deadline:%d-%m-%Y %H:%M} ({vacancy.time_zone})"

    @admin.display(description=_("public page"))
    def public_links(self, vacancy: Vacancy) -> str:
        if not vacancy.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:vacancies_vacancy_preview", args=[vacancy.pk]),
            _("Preview"),
            reverse("admin:vacancies_vacancy_extend", args=[vacancy.pk]),
            _("Extend deadline"),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="vacancies_vacancy_preview",
            ),
            path(
                "<int:pk>/extend/",
                self.admin_site.admin_view(self.extend_view),
                name="vacancies_vacancy_extend",
            ),
        ]
        return own + super().get_urls()

    def preview_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        vacancy = get_object_or_404(vacancy_with_details(Vacancy.objects.all()), pk=pk)
        return render_vacancy_detail(request, vacancy, preview=True)

    def extend_view(self, request, pk: int):
        vacancy = get_object_or_404(Vacancy, pk=pk)
        if not self.has_change_permission(request, vacancy):
            raise PermissionDenied
        form = ExtendDeadlineForm(request.POST or None, vacancy=vacancy)
        if request.method == "POST" and form.is_valid():
            try:
                services.vacancy_extend_deadline(
                    vacancy=vacancy,
                    new_deadline=form.cleaned_data["new_deadline"],
                    reason=form.cleaned_data["reason"],
                    early_applicants_keep_programme=form.cleaned_data[
                        "early_applicants_keep_programme"
                    ],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The deadline has been extended."), messages.SUCCESS)
                return redirect("admin:vacancies_vacancy_change", vacancy.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Extend the deadline of %(title)s") % {"title": vacancy.title},
            "vacancy": vacancy,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/vacancies/vacancy/extend_deadline.html", context)


class MilestoneDateInline(BoardRights, admin.TabularInline):
    model = MilestoneDate
    extra = 1


@admin.register(Milestone)
class MilestoneAdmin(BoardRights, admin.ModelAdmin):
    list_display = ("display_title", "vacancy", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("title", "vacancy__title")
    list_select_related = ("vacancy",)
    inlines = [MilestoneDateInline]

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from integrity import services
from integrity.models import Declaration, IncompatibilityRule, Position, Question, Questionnaire
from integrity.permissions import is_integrity_officer
from integrity.selectors import position_conflicts
from members.admin_rights import BoardRights


@admin.register(Position)
class PositionAdmin(BoardRights, admin.ModelAdmin):
    """The positions register, the board's. Side positions copied from an integrity
    declaration are part of that confidential declaration: they are not on these pages for
    anyone (board and superuser included). Whoever may read the declaration — an integrity
    officer, the acting chair — reads them in it, and each such view is logged and shown to
    the person (integrity.services.declaration_open)."""

    list_display = ("name", "email", "kind", "body", "branch", "level", "starts_on", "ends_on")
    list_filter = ("kind", "level", "is_paid")
    search_fields = ("name", "email", "body", "branch", "role")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    # Its choices would list every signed declaration by name.
    exclude = ("source_declaration",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(source_declaration__isnull=True)

    def get_urls(self):
        return [
            path(
                "double-functions/",
                self.admin_site.admin_view(self.double_functions_view),
                name="integrity_position_double_functions",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "double_functions_url": reverse("admin:integrity_position_double_functions"),
        }
        return super().changelist_view(request, extra_context)

    def double_functions_view(self, request):
        """Every double function in the register today, strictest first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Double functions in the register today"),
            "conflicts": [
                conflict
                for conflict in position_conflicts()
                if conflict.first.source_declaration_id is None
                and conflict.second.source_declaration_id is None
            ],
            "opts": self.model._meta,
        }
        return render(request, "admin/integrity/position/double_functions.html", context)


@admin.register(IncompatibilityRule)
class IncompatibilityRuleAdmin(BoardRights, admin.ModelAdmin):
    list_display = ("__str__", "level_a", "level_b", "severity", "clause", "is_active")
    list_filter = ("severity", "scope", "is_active", "kind_a", "kind_b")
    search_fields = ("explanation", "clause")
    list_editable = ("is_active",)


class QuestionInline(BoardRights, admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(BoardRights, admin.ModelAdmin):
    """The board edits a draft version, then publishes it; a published version is frozen,
    because signed declarations refer to its exact questions."""

    list_display = ("title", "version", "published_at")
    inlines = [QuestionInline]
    readonly_fields = ("published_at",)
    actions = ["copy_to_new_version", "publish"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Copy to a new draft version"), permissions=["add"])
    def copy_to_new_version(self, request, queryset):
        for questionnaire in queryset:
            copy = services.questionnaire_new_version(source=questionnaire, actor=request.user)
            self.message_user(
                request, _("Draft version %(v)d created.") % {"v": copy.version}, messages.SUCCESS
            )

    @admin.action(description=_("Publish"), permissions=["add"])
    def publish(self, request, queryset):
        for questionnaire in queryset:
            services.questionnaire_publish(questionnaire=questionnaire, actor=request.user)
        self.message_user(request, _("Published."), messages.SUCCESS)


def _on_answers(lookup: str) -> bool:
    return lookup.split(LOOKUP_SEP, 1)[0] == "answers"


@admin.register(Declaration)
class DeclarationAdmin(RuleBasedAdmin):
    """Only integrity officers read declarations here; every opened declaration is logged."""

    list_display = ("signed_name", "user", "questionnaire", "signed_at", "is_current")
    list_filter = ("is_current", "questionnaire")
    search_fields = ("signed_name", "user__email")
    list_select_related = ("user", "questionnaire")
    fields = ("user", "questionnaire", "signed_name", "signed_at", "is_current", "answers_table")
    readonly_fields = fields

    def may_use(self, request) -> bool:
        return is_integrity_officer(request.user)

    # Filtering on the answers is refused rather than logged as reads: "criminal record:
    # yes" tells the officer something about every declaration in the table (those left out
    # answered otherwise), so a view row for those it returns would show only part of what
    # was read, and a row for everyone would bury the real reads. Declarations are read one
    # at a time, each view logged and shown to the person. The attempt is in the audit trail.
    def lookup_allowed(self, lookup, value, request=None):
        if _on_answers(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def changelist_view(self, request, extra_context=None):
        refused = sorted(key for key in request.GET if _on_answers(key))
        if refused:
            services.declaration_filter_refuse(actor=request.user, lookups=refused)
            raise PermissionDenied(
                _(
                    "Declarations cannot be filtered or searched by their answers: "
                    "open them one by one."
                )
            )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        declaration = self.get_object(request, object_id)
        if declaration is not None:
            try:
                services.declaration_open(viewer=request.user, declaration=declaration)
            except ServiceError as exc:
                raise PermissionDenied(exc.message) from exc
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("answers"))
    def answers_table(self, declaration: Declaration) -> str:
        return render_to_string(
            "integrity/includes/answers.html",
            {"declaration": declaration, "questions": declaration.questionnaire.questions.all()},
        )

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from integrity.models import IncompatibilityRule, Position
from integrity.selectors import position_conflicts


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "kind", "body", "branch", "level", "starts_on", "ends_on")
    list_filter = ("kind", "level", "is_paid")
    search_fields = ("name", "email", "body", "branch", "role")
    raw_id_fields = ("user",)
    list_select_related = ("user",)

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
            "conflicts": position_conflicts(),
            "opts": self.model._meta,
        }
        return render(request, "admin/integrity/position/double_functions.html", context)


@admin.register(IncompatibilityRule)
class IncompatibilityRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "level_a", "level_b", "severity", "clause", "is_active")
    list_filter = ("severity", "scope", "is_active", "kind_a", "kind_b")
    search_fields = ("explanation", "clause")
    list_editable = ("is_active",)

"""Conflicts of interest in the admin: the conflict flags, which the acting chair (or an
integrity officer) confirms, dismisses or waives on one page, and the declared relations
between people, which integrity officers read."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from integrity.models import ConflictFlag, FlagStatus, Relation
from integrity.permissions import is_integrity_officer
from integrity.selectors import conflicted_application_ids
from review import selectors, services


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

"""The appeal's case file: the disputes committee plans the hearing, writes its notes and
advice and adds documents; the board reads it and decides."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from members.permissions import in_group
from members.roles import BOARD, DISPUTES_COMMITTEE
from review import services
from review.models import Appeal


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

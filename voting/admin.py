"""The ALV chair prepares meetings and polls here. Ballots and vote records have no admin at
all: nobody browses them.

Records of votes stay (``voting.record_services``): polls and list votes are never deleted
here, a meeting only while it has no polls, list votes or check-ins; what froze when a poll
opened (or a list vote started) is shown read-only, and every save goes through a service
that refuses a frozen change and audits the rest."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_tools import RuleBasedAdmin, ScopedRawIdWidget
from core.errors import ServiceError
from voting import polls, record_services, register, selectors
from voting.forms import MeetingAdminForm, OptionAdminForm, PollAdminForm
from voting.models import (
    Challenge,
    ListVote,
    ListVoteStatus,
    Meeting,
    Option,
    Poll,
    PollKind,
    PollStatus,
    Proxy,
    Voter,
)


class ChairRights:
    """Full rights for the ALV chair (and tellers), whatever Django's permission tables say;
    ``may_edit`` narrows what they may change."""

    def may_edit(self, request, obj=None) -> bool:
        return selectors.is_alv_chair(request.user)

    def has_module_permission(self, request):
        return selectors.is_alv_chair(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.is_alv_chair(request.user)

    def has_add_permission(self, request, obj=None):
        return self.may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request, obj)


class ChairAdmin(ChairRights, admin.ModelAdmin):
    """Saves go through ``save_through`` (a service): a refusal there (a setting that froze
    while the form was open) shows as an error and nothing of the form is kept."""

    def save_through(self, request, obj, changed: list[str]):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            with transaction.atomic():
                saved = self.save_through(request, obj, list(form.changed_data))
        except ServiceError as exc:
            transaction.set_rollback(True)
            self.message_user(request, exc.message, messages.ERROR)
        else:
            obj.pk = saved.pk


class NeverDeleted:
    """Records of a vote: no delete view, no bulk delete, for anyone."""

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenFieldsForm:
    """The admin form asks the service's rule before saving, so a refusal shows on the form."""

    def frozen_refusal(self) -> str:
        return ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            problem = self.frozen_refusal()
            if problem:
                raise ValidationError(problem)
        return cleaned


class OptionFormSet(BaseInlineFormSet):
    """The candidates of a ranked poll are recounted by name: their names must be fit for
    that (``polls.ranked_labels_problem``)."""

    def clean(self):
        super().clean()
        if self.instance.kind != PollKind.RANKED:
            return
        labels = [
            form.cleaned_data["label"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("label")
            and not form.cleaned_data.get("DELETE")
        ]
        problem = polls.ranked_labels_problem(labels)
        if problem:
            raise ValidationError(problem)


class OptionInline(ChairRights, admin.TabularInline):
    """The candidates on a ballot, editable until the poll opens."""

    model = Option
    form = OptionAdminForm
    formset = OptionFormSet
    extra = 1
    fields = ("label", "application", "order")
    raw_id_fields = ("application",)

    def may_edit(self, request, obj=None) -> bool:
        return super().may_edit(request, obj) and (
            obj is None or (obj.status == PollStatus.DRAFT and not obj.voided)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            # Only candidates who go before the ALV: an invalid form must not name a draft.
            scope = selectors.ballot_candidates()
            kwargs["queryset"] = scope
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, scope=scope
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ChairAdmin):
    form = MeetingAdminForm
    list_display = ("title", "starts_at", "status", "quorum", "proxies_allowed")
    actions = ["snapshot_register"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (FrozenFieldsForm, form), {"frozen_refusal": _meeting_refusal})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and record_services.meeting_first_opened(obj) is not None:
            return record_services.MEETING_FROZEN_FIELDS
        return ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and record_services.meeting_delete_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """A meeting with records is protected, in the delete view and in the bulk action."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [record_services.meeting_delete_refusal(meeting) for meeting in objs]
        return deleted, counts, perms_needed, list(protected) + [r for r in refusals if r]

    def delete_model(self, request, obj):
        record_services.meeting_delete(meeting=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            record_services.meeting_delete(meeting=meeting, actor=request.user)

    def save_through(self, request, obj, changed):
        return record_services.meeting_save(meeting=obj, changed=changed, actor=request.user)

    @admin.action(description=_("Fill the voter register from the member register"))
    def snapshot_register(self, request, queryset):
        for meeting in queryset:
            try:
                added = register.register_snapshot(meeting=meeting, actor=request.user)
            except ServiceError as exc:
                self.message_user(request, f"{meeting}: {exc.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(meeting)s: %(count)d voters added.") % {"meeting": meeting, "count": added},
                messages.SUCCESS,
            )


def _meeting_refusal(form) -> str:
    return record_services.meeting_frozen_refusal(meeting=form.instance, changed=form.changed_data)


def _poll_refusal(form) -> str:
    if not form.changed_data:
        return ""
    return record_services.poll_frozen_refusal(Poll.objects.get(pk=form.instance.pk))


def _list_vote_refusal(form) -> str:
    current = ListVote.objects.get(pk=form.instance.pk)
    return record_services.list_vote_frozen_refusal(list_vote=current, changed=form.changed_data)


@admin.register(Poll)
class PollAdmin(NeverDeleted, ChairAdmin):
    """Polls are prepared here and opened and closed on the chair's console."""

    form = PollAdminForm
    list_display = ("title", "meeting", "kind", "method", "majority", "secret", "status")
    list_filter = ("meeting", "status", "kind")
    inlines = [OptionInline]
    readonly_fields = (
        "status",
        "opened_at",
        "closed_at",
        "entitled_at_open",
        "present_at_open",
        "entitled_at_close",
        "present_at_close",
        "result",
        "lots_seed",
    )
    actions = ["add_advised_candidates"]

    readonly_fields += ("quorum_at_open", "voided_at", "voided_by", "void_reason")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (FrozenFieldsForm, form), {"frozen_refusal": _poll_refusal})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and record_services.poll_frozen_refusal(obj):
            return [f.name for f in Poll._meta.fields]
        return self.readonly_fields

    def save_through(self, request, obj, changed):
        return record_services.poll_save(poll=obj, changed=changed, actor=request.user)

    @admin.action(description=_("Put the vacancy's advised candidates on the ballot"))
    def add_advised_candidates(self, request, queryset):
        for poll in queryset:
            try:
                added = polls.poll_add_candidates(poll=poll, actor=request.user)
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(poll)s: %(count)d candidates added.") % {"poll": poll, "count": added},
                    messages.SUCCESS,
                )


@admin.register(Voter)
class VoterAdmin(RuleBasedAdmin):
    list_display = ("name", "membership_number", "meeting", "checked_in_at", "online")
    list_filter = ("meeting", "online")
    search_fields = ("name", "membership_number")

    def may_use(self, request) -> bool:
        return selectors.is_alv_chair(request.user)


@admin.register(Proxy)
class ProxyAdmin(RuleBasedAdmin):
    list_display = ("principal", "holder", "meeting", "given_at")
    list_filter = ("meeting",)
    list_select_related = ("principal", "holder", "meeting")

    def may_use(self, request) -> bool:
        return selectors.is_alv_chair(request.user)


class ChallengeInline(ChairRights, admin.TabularInline):
    """Challenges are filed while the list vote is prepared; then they are its record."""

    model = Challenge
    extra = 0
    fields = ("place", "application", "filed_at")
    readonly_fields = ("filed_at",)
    raw_id_fields = ("application",)

    def may_edit(self, request, obj=None) -> bool:
        return super().may_edit(request, obj) and (
            obj is None or obj.status == ListVoteStatus.PREPARING
        )


@admin.register(ListVote)
class ListVoteAdmin(NeverDeleted, ChairAdmin):
    """A vote on a candidate list is set up here and run from its page on the console."""

    list_display = ("vacancy", "meeting", "method", "status")
    list_filter = ("meeting", "status")
    fields = (
        "meeting",
        "vacancy",
        "method",
        "majority",
        "challenges_until",
        "amendment_supporters",
        "leader_first",
        "leader_method",
        "leader_supporters",
        "leader",
        "status",
        "run",
    )
    readonly_fields = ("leader", "status", "run")
    inlines = [ChallengeInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (FrozenFieldsForm, form), {"frozen_refusal": _list_vote_refusal})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != ListVoteStatus.PREPARING:
            return (*record_services.LIST_VOTE_FROZEN_FIELDS, *self.readonly_fields)
        return self.readonly_fields

    def save_through(self, request, obj, changed):
        return record_services.list_vote_save(list_vote=obj, changed=changed, actor=request.user)

    @admin.display(description=_("Run the vote"))
    def run(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("voting:list_vote", args=[obj.meeting_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the page for the chair"))

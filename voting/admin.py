"""The ALV chair prepares meetings and polls here. Ballots and vote records have no admin at
all: nobody browses them."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_tools import RuleBasedAdmin
from core.errors import ServiceError
from voting import selectors, services
from voting.forms import MeetingAdminForm, OptionAdminForm, PollAdminForm
from voting.models import (
    Challenge,
    ListVote,
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
    pass


class OptionFormSet(BaseInlineFormSet):
    """The candidates of a ranked poll are recounted by name: their names must be fit for
    that (``services.ranked_labels_problem``)."""

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
        problem = services.ranked_labels_problem(labels)
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
        return super().may_edit(request, obj) and (obj is None or obj.status == PollStatus.DRAFT)


@admin.register(Meeting)
class MeetingAdmin(ChairAdmin):
    form = MeetingAdminForm
    list_display = ("title", "starts_at", "status", "quorum", "proxies_allowed")
    actions = ["snapshot_register"]

    @admin.action(description=_("Fill the voter register from the member register"))
    def snapshot_register(self, request, queryset):
        for meeting in queryset:
            added = services.register_snapshot(meeting=meeting, actor=request.user)
            self.message_user(
                request,
                _("%(meeting)s: %(count)d voters added.") % {"meeting": meeting, "count": added},
                messages.SUCCESS,
            )


@admin.register(Poll)
class PollAdmin(ChairAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != PollStatus.DRAFT:
            return [f.name for f in Poll._meta.fields]
        return self.readonly_fields

    @admin.action(description=_("Put the vacancy's advised candidates on the ballot"))
    def add_advised_candidates(self, request, queryset):
        for poll in queryset:
            try:
                added = services.poll_add_candidates(poll=poll, actor=request.user)
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
    model = Challenge
    extra = 0
    fields = ("place", "application", "filed_at")
    readonly_fields = ("filed_at",)
    raw_id_fields = ("application",)


@admin.register(ListVote)
class ListVoteAdmin(ChairAdmin):
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

    @admin.display(description=_("Run the vote"))
    def run(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("voting:list_vote", args=[obj.meeting_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the page for the chair"))

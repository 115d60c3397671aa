"""The board's screen of committees: a committee with its seats (who sits there, in which
role) and the vacancies it judges. Every seat and vacancy link is saved through the services,
with their refusals, audit rows and notices."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import StrictAutocompleteAdmin
from core.errors import ServiceError
from core.posted import posted_number
from members.admin_rights import BoardRights
from review import selectors, services
from review.models import (
    DEFAULT_CONFIDENTIALITY,
    Committee,
    CommitteeMember,
    CommitteeVacancy,
)


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

from datetime import datetime

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from vacancies.models import PostingLanguage, Vacancy, VacancyKind
from vacancies.selectors import VacancyFilters
from vacancies.services import deadline_from_local

HOURS_CHOICES = [
    ("", _("Any number of hours")),
    ("upto16", _("Up to 16 hours a week")),
    ("16to32", _("16 to 32 hours a week")),
    ("32plus", _("32 hours a week or more")),
]


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *VacancyKind.choices]
    )
    portfolio = forms.ChoiceField(label=_("Portfolio"), required=False)
    hours = forms.ChoiceField(label=_("Hours"), required=False, choices=HOURS_CHOICES)
    language = forms.ChoiceField(
        label=_("Language of the posting"),
        required=False,
        choices=[("", _("All languages")), *PostingLanguage.choices],
    )

    def __init__(self, *args, portfolio_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].choices = [
            ("", _("All portfolios")),
            *((name, name) for name in portfolio_names),
        ]

    def filters(self) -> VacancyFilters:
        """The valid part of the query: an unknown value is dropped, never an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return VacancyFilters(
            kind=data.get("kind", ""),
            portfolio=data.get("portfolio", ""),
            hours=data.get("hours", ""),
            language=data.get("language", ""),
            query=(data.get("q") or "").strip(),
        )


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and time as the wall clock shows it, without a time zone: the vacancy's own
    time zone is applied afterwards (Django would assume the site's)."""

    widget = admin_widgets.AdminSplitDateTime

    def compress(self, data_list):
        if data_list and all(part is not None for part in data_list):
            return datetime.combine(*data_list)
        return None


def _aware_deadline(form: forms.Form, local: datetime | None, time_zone: str, field: str):
    if local is None or not time_zone:
        return None
    try:
        return deadline_from_local(local, time_zone)
    except ServiceError as exc:
        form.add_error(field, exc.message)
        return None


class VacancyAdminForm(forms.ModelForm):
    deadline_local = LocalDateTimeField(
        label=_("Deadline"),
        help_text=_("Date and time of day in the vacancy's time zone."),
    )

    class Meta:
        model = Vacancy
        exclude = ["deadline"]  # noqa: DJ006 - set from deadline_local in the vacancy's zone

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["deadline_local"].initial = self.instance.local_deadline.replace(
                tzinfo=None
            )
            if self.instance.deadline_extensions.exists():
                self.fields["deadline_local"].disabled = True
                self.fields["deadline_local"].help_text = _(
                    "Extended before: use 'Extend deadline' so the history stays complete."
                )

    def clean(self):
        cleaned = super().clean()
        deadline = _aware_deadline(
            self, cleaned.get("deadline_local"), cleaned.get("time_zone"), "deadline_local"
        )
        if deadline is not None:
            self.instance.deadline = deadline
        return cleaned


class ExtendDeadlineForm(forms.Form):
    new_deadline = LocalDateTimeField(
        label=_("New deadline"), help_text=_("Date and time in the vacancy's time zone.")
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    early_applicants_keep_programme = forms.BooleanField(
        label=_("Applicants who applied before the current deadline keep their programme"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy

    def clean_new_deadline(self):
        try:
            return deadline_from_local(self.cleaned_data["new_deadline"], self.vacancy.time_zone)
        except ServiceError as exc:
            raise ValidationError(exc.message) from exc

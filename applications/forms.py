from django import forms
from django.utils.translation import gettext_lazy as _

from applications.diversity import PREFER_NOT, QUESTIONS
from applications.models import Application, FileKind
from applications.rules import interview_dates
from applications.services import DRAFT_FIELDS
from core.forms import LimitedTextField, NameField
from core.text_limits import REASON_MAX_LENGTH

YES_NO = [("yes", _("Yes, I can come")), ("no", _("No, I cannot"))]
ACCEPT = {
    FileKind.LETTER: ".pdf,.docx,.odt",
    FileKind.CV: ".pdf,.docx,.odt",
    FileKind.VIDEO: "video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov",
    FileKind.VOICE: "audio/*,.mp3,.m4a,.ogg,.opus,.webm,.wav",
}


def availability_fields(application: Application, dates) -> dict[str, forms.Field]:
    """A yes/no question per interview date, filled in with the earlier answers."""
    stored = application.availability.all() if application.pk else []  # a draft not saved yet
    answers = {a.date_id: a.available for a in stored}
    fields = {}
    for milestone_date in dates:
        previous = answers.get(milestone_date.pk)
        fields[f"available_{milestone_date.pk}"] = forms.ChoiceField(
            label=milestone_date.date.strftime("%d-%m-%Y"),
            choices=YES_NO,
            widget=forms.RadioSelect,
            required=False,
            initial=None if previous is None else ("yes" if previous else "no"),
        )
    return fields


def availability_answers(cleaned_data: dict, dates) -> dict[int, bool]:
    return {
        date.pk: cleaned_data[f"available_{date.pk}"] == "yes"
        for date in dates
        if cleaned_data.get(f"available_{date.pk}") in ("yes", "no")
    }


class AvailabilityForm(forms.Form):
    """Changing one's availability after sending, while the procedure runs."""

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview_dates = interview_dates(application.vacancy)
        self.fields.update(availability_fields(application, self.interview_dates))

    def availability(self) -> dict[int, bool]:
        return availability_answers(self.cleaned_data, self.interview_dates)


NAME_FIELDS = (
    "initials",
    "first_name",
    "name_prefix",
    "last_name",
    "pronouns",
    "place_of_residence",
)


class ApplicationForm(forms.ModelForm):
    """Everything an applicant fills in. Nothing is required here: a draft may be half done,
    and ``submission_problems`` says what is still missing when they send it. The file
    fields come last, so the browser sends the typed fields before any large upload."""

    class Meta:
        model = Application
        fields = [*DRAFT_FIELDS, "portfolios"]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "motivation": forms.Textarea(attrs={"rows": 8}),
            "portfolios": forms.CheckboxSelectMultiple,
            "retention": forms.RadioSelect,
            "initials": forms.TextInput(attrs={"autocomplete": "off", "placeholder": "A.B."}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "place_of_residence": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "initials": _("All your initials, as on your passport."),
            "motivation": _("Write it here, or add a letter, a video or a voice note below."),
        }
        # Names go on the candidate list and the ballot, cleaned of invisible characters; the
        # motivation states its limit.
        field_classes = {
            **dict.fromkeys(NAME_FIELDS, NameField),
            "motivation": LimitedTextField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vacancy = self.instance.vacancy
        for field in self.fields.values():
            field.required = False
        self.fields["retention"].required = True
        self.fields["country"].required = True
        if vacancy.portfolios.exists():
            self.fields["portfolios"].queryset = vacancy.portfolios.all()
        else:
            del self.fields["portfolios"]
        if not vacancy.members_only:
            del self.fields["membership_number"]
        self.interview_dates = interview_dates(vacancy)
        self.fields.update(availability_fields(self.instance, self.interview_dates))
        for kind in FileKind.values:
            if kind == FileKind.CV and not vacancy.cv_required:
                continue
            self.fields[kind] = forms.FileField(
                label=FileKind(kind).label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT[kind]}),
            )

    @property
    def availability_fields(self) -> list:
        return [self[f"available_{date.pk}"] for date in self.interview_dates]

    @property
    def file_fields(self) -> list:
        return [self[kind] for kind in FileKind.values if kind in self.fields]

    def draft_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.Meta.fields and name != "portfolios"
        }

    def availability(self) -> dict[int, bool]:
        return availability_answers(self.cleaned_data, self.interview_dates)

    def uploads(self) -> dict:
        return {
            kind: self.cleaned_data[kind] for kind in FileKind.values if self.cleaned_data.get(kind)
        }


class WithdrawForm(forms.Form):
    reason = LimitedTextField(
        label=_("Reason (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DiversityForm(forms.Form):
    """Every question optional, 'prefer not to say' preselected, and a separate consent per
    answer before the committee may see it."""

    def __init__(self, *args, existing: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        for dimension, (question, choices) in QUESTIONS.items():
            previous = existing.get(dimension)
            self.fields[dimension] = forms.ChoiceField(
                label=question,
                choices=[*choices, (PREFER_NOT, _("I prefer not to say"))],
                widget=forms.RadioSelect,
                required=False,
                initial=previous.value if previous else PREFER_NOT,
            )
            self.fields[f"{dimension}__show"] = forms.BooleanField(
                label=_("The committee may see this answer next to my name"),
                required=False,
                initial=previous.show_to_committee if previous else False,
            )

    def pairs(self):
        return [(self[d], self[f"{d}__show"]) for d in QUESTIONS]

    def answers(self) -> dict[str, tuple[str, bool]]:
        return {
            d: (self.cleaned_data.get(d) or PREFER_NOT, bool(self.cleaned_data.get(f"{d}__show")))
            for d in QUESTIONS
        }


class TranscriptCorrectionForm(forms.Form):
    """One text box per passage of the transcript the applicant sees, labelled with the time
    it starts at; the speech recognition's own words are shown beside each box."""

    def __init__(self, *args, segments: list[dict], originals: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        from applications.templatetags.transcript_tags import timestamp

        machine = {(o["start"], o["end"]): o["text"] for o in originals}
        self.rows = []
        for index, segment in enumerate(segments):
            name = f"segment_{index}"
            self.fields[name] = forms.CharField(
                label=_("Passage from %(time)s") % {"time": timestamp(segment["start"])},
                required=False,
                max_length=2000,
                initial=segment["text"],
                strip=True,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            original = machine.get((segment["start"], segment["end"]))
            self.rows.append((segment, self[name], original))

    def texts(self) -> list[str]:
        return [self.cleaned_data.get(f"segment_{i}", "") for i in range(len(self.rows))]

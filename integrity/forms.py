from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LimitedTextField, NameField
from core.text_limits import NOTE_MAX_LENGTH
from integrity.models import AnswerType, Questionnaire, RelationKind

YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
EXPLANATION_SUFFIX = "__explanation"


class DeclarationForm(forms.Form):
    """The questions of one questionnaire version as form fields, plus the signature. Side
    positions come from ``SidePositionFormSet`` beside it."""

    def __init__(self, *args, questionnaire: Questionnaire, answers: dict | None = None, **kw):
        super().__init__(*args, **kw)
        self.questionnaire = questionnaire
        answers = answers or {}
        for question in questionnaire.questions.all():
            self._add_question(question, answers.get(question.key))
        self.fields["signed_name"] = NameField(
            label=_("Sign with your full name"),
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
        )

    def _add_question(self, question, previous) -> None:
        key, kind = question.key, question.answer_type
        common = {"label": question.text, "help_text": question.help_text}
        if kind == AnswerType.AGREE:
            self.fields[key] = forms.BooleanField(required=True, initial=previous is True, **common)
        elif kind in (AnswerType.YES_NO, AnswerType.YES_NO_EXPLAIN):
            self.fields[key] = forms.ChoiceField(
                choices=YES_NO_CHOICES,
                widget=forms.RadioSelect,
                initial=(previous or {}).get("answer"),
                **common,
            )
            if kind == AnswerType.YES_NO_EXPLAIN:
                self.fields[key + EXPLANATION_SUFFIX] = LimitedTextField(
                    label=_("If yes: explain"),
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=(previous or {}).get("explanation", ""),
                )
        elif kind == AnswerType.TEXT:
            self.fields[key] = LimitedTextField(
                required=question.required,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=previous or "",
                **common,
            )

    def clean(self):
        cleaned = super().clean()
        for question in self.questionnaire.questions.all():
            if question.answer_type != AnswerType.YES_NO_EXPLAIN:
                continue
            explanation_field = question.key + EXPLANATION_SUFFIX
            if cleaned.get(question.key) == "yes" and not cleaned.get(explanation_field, ""):
                self.add_error(explanation_field, _("You answered yes: please explain."))
        return cleaned

    def answers(self, side_positions: list[dict]) -> dict:
        answers: dict = {}
        for question in self.questionnaire.questions.all():
            key, kind = question.key, question.answer_type
            if kind in (AnswerType.YES_NO, AnswerType.YES_NO_EXPLAIN):
                answers[key] = {
                    "answer": self.cleaned_data[key],
                    "explanation": self.cleaned_data.get(key + EXPLANATION_SUFFIX, ""),
                }
            elif kind == AnswerType.SIDE_POSITIONS:
                answers[key] = side_positions
            else:
                answers[key] = self.cleaned_data[key]
        return answers

    def grouped_fields(self):
        """(section, [bound fields]) in question order, for fieldsets with a legend."""
        groups: list[tuple[str, list]] = []
        for question in self.questionnaire.questions.all():
            if question.answer_type == AnswerType.SIDE_POSITIONS:
                fields = ["side_positions"]
            else:
                names = [question.key, question.key + EXPLANATION_SUFFIX]
                fields = [self[name] for name in names if name in self.fields]
            if not groups or groups[-1][0] != question.section:
                groups.append((question.section, []))
            groups[-1][1].extend(fields)
        return groups


class SidePositionForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    paid = forms.BooleanField(label=_("Paid"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0, max_value=80, decimal_places=1
    )


# Capped: a posted form count (up to Django's own cap of 2,000) would otherwise be rendered
# back in full, seconds of work for one request.
SidePositionFormSet = forms.formset_factory(
    SidePositionForm, extra=2, can_delete=True, max_num=30, absolute_max=30, validate_max=True
)


def side_positions_from(formset) -> list[dict]:
    return [
        {
            "organisation": form.cleaned_data["organisation"],
            "role": form.cleaned_data.get("role", ""),
            "paid": form.cleaned_data.get("paid", False),
            "hours_per_week": form.cleaned_data.get("hours_per_week"),
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class RelationForm(forms.Form):
    """Name one person you know, and how."""

    other = forms.ModelChoiceField(queryset=None, label=_("Person"), empty_label=None)
    kind = forms.ChoiceField(label=_("How do you know them?"), choices=RelationKind.choices)
    note = LimitedTextField(
        label=_("Anything the chair should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = people
        self.fields["other"].label_from_instance = lambda user: user.get_full_name() or str(user)

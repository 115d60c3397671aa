from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus
from core.forms import LimitedTextField
from core.text_limits import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from review.models import Recommendation, ReviewRound

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ScorecardForm(forms.Form):
    """A score from 1 to 5 and a comment per requirement of the vacancy, a recommendation and
    an overall comment. Fields are named ``score_<requirement id>`` and ``note_<id>``."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", "—"), *Recommendation.choices],
        required=False,
    )
    comment = LimitedTextField(
        label=_("Overall comment"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, requirements, card=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        existing = {s.requirement_id: s for s in card.scores.all()} if card else {}
        for requirement in self.requirements:
            score = existing.get(requirement.pk)
            weight = requirement.weight or 1
            self.fields[f"score_{requirement.pk}"] = forms.ChoiceField(
                label=f"{requirement.text} (×{weight})",
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
                required=False,
                initial=str(score.value) if score else None,
            )
            self.fields[f"note_{requirement.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=1000,
                initial=score.comment if score else "",
                widget=forms.TextInput(attrs={"class": "vTextField"}),
            )
        if card:
            self.fields["recommendation"].initial = card.recommendation
            self.fields["comment"].initial = card.comment

    def rows(self):
        for requirement in self.requirements:
            yield requirement, self[f"score_{requirement.pk}"], self[f"note_{requirement.pk}"]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            requirement.pk: (
                int(self.cleaned_data[f"score_{requirement.pk}"]),
                self.cleaned_data[f"note_{requirement.pk}"],
            )
            for requirement in self.requirements
            if self.cleaned_data.get(f"score_{requirement.pk}")
        }


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=())
    reason = LimitedTextField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for 'not selected': the applicant reads it in the e-mail."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t, ApplicationStatus(t).label) for t in targets]


class SlotForm(forms.Form):
    round = forms.ChoiceField(
        label=_("Round"),
        choices=[
            (ReviewRound.ROUND_1, ReviewRound.ROUND_1.label),
            (ReviewRound.ROUND_2, ReviewRound.ROUND_2.label),
        ],
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Place"), required=False, max_length=300)
    online_link = forms.URLField(label=_("Online link"), required=False)
    panel = forms.ModelMultipleChoiceField(
        label=_("Panel"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = people

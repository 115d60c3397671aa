from django import forms
from django.utils.translation import gettext_lazy as _

YES_NO_ABSTAIN = [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))]


class ProxyForm(forms.Form):
    holder_number = forms.CharField(
        label=_("Membership number of the member who votes for you"), max_length=32
    )


class BallotForm(forms.Form):
    """One ballot: per candidate yes/no/abstain, or approvals up to the number of seats.
    ``prefix`` tells ballots apart when a proxy holder fills in several at once."""

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = list(poll.options.all())
        if poll.kind == "approval":
            self.fields["approve"] = forms.TypedMultipleChoiceField(
                label=_("Choose at most %(seats)d") % {"seats": poll.seats},
                choices=[(o.pk, o.label) for o in options],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            for option in options:
                self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                    label=option.label, choices=YES_NO_ABSTAIN, widget=forms.RadioSelect
                )

    def clean(self):
        cleaned = super().clean()
        if self.poll.kind == "approval" and len(cleaned.get("approve") or []) > self.poll.seats:
            raise forms.ValidationError(
                _("Choose at most %(seats)d candidates.") % {"seats": self.poll.seats}
            )
        return cleaned

    def choices(self):
        if self.poll.kind == "approval":
            return list(self.cleaned_data.get("approve") or [])
        return {
            name.removeprefix("option_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        }

    def summary(self) -> list[tuple[str, str]]:
        if self.poll.kind == "approval":
            chosen = set(self.cleaned_data.get("approve") or [])
            labels = [o.label for o in self.poll.options.all() if o.pk in chosen]
            return [(label, str(_("chosen"))) for label in labels] or [("", str(_("blank")))]
        answers = dict(YES_NO_ABSTAIN)
        return [
            (self.fields[name].label, str(answers[value]))
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        ]


def posted_ballots(data) -> dict[int, dict | list]:
    """The ballots on a confirmed ballot screen, per voter id whose vote it is (the hidden
    ``subject`` fields): yes/no/abstain answers as {option id: answer}, approvals as a list of
    option ids (an empty list is a blank ballot). Nothing is checked here: casting checks the
    answers against the poll."""
    ballots = {}
    for subject in data.getlist("subject"):
        if not subject.isdigit():
            continue
        prefix = f"v{subject}-"
        answers = {
            key.removeprefix(f"{prefix}option_"): value
            for key, value in data.items()
            if key.startswith(f"{prefix}option_")
        }
        ballots[int(subject)] = answers or data.getlist(f"{prefix}approve")
    return ballots

from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from core.forms import LimitedTextField, NameField
from core.posted import posted_number
from core.text_limits import REASON_MAX_LENGTH
from voting.models import AmendmentKind

YES_NO_ABSTAIN = [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))]


class ProxyForm(forms.Form):
    holder_number = forms.CharField(
        label=_("Membership number of the member who votes for you"), max_length=32
    )


class BallotForm(forms.Form):
    """One ballot: per candidate yes/no/abstain, approvals up to the number of seats, or a
    ranking. ``prefix`` tells ballots apart when a proxy holder fills in several at once.

    A ranking is posted as a place per candidate (``place_<option>``: 1, 2, ... or empty for
    not ranked); the ranked ballot screen's script fills in those places as the voter drags
    or moves the candidates, and without script they are plain selects. Gaps are closed up
    (places 1 and 3 make a ranking of two); the same place twice is an error."""

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = self.options = list(poll.options.all())
        if poll.kind == "ranked":
            places = [("", _("not ranked"))] + [(n, str(n)) for n in range(1, len(options) + 1)]
            for option in options:
                self.fields[f"place_{option.pk}"] = forms.TypedChoiceField(
                    label=option.label,
                    choices=places,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        elif poll.kind == "approval":
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
        if self.poll.kind == "ranked":
            self._refuse_shared_places()
        return cleaned

    def _places(self) -> list[tuple[int, int, object]]:
        """(place, ballot-paper position, option) of every ranked candidate, in order."""
        placed = []
        for index, option in enumerate(self.options):
            place = self.cleaned_data.get(f"place_{option.pk}")
            if place is not None:
                placed.append((place, index, option))
        return sorted(placed, key=lambda item: item[:2])

    def _refuse_shared_places(self) -> None:
        holders = defaultdict(list)
        for place, _index, option in self._places():
            holders[place].append(option)
        for place, options in holders.items():
            if len(options) < 2:
                continue
            self.add_error(
                None,
                _(
                    "Place %(place)d is given to %(names)s. "
                    "Give each candidate a place of their own."
                )
                % {"place": place, "names": ", ".join(option.label for option in options)},
            )
            for option in options:
                self.add_error(
                    f"place_{option.pk}",
                    _("Place %(place)d is given to another candidate as well.") % {"place": place},
                )

    def ranking(self) -> list:
        """The ranked options, best first."""
        return [option for _place, _index, option in self._places()]

    def choices(self):
        if self.poll.kind == "ranked":
            return [option.pk for option in self.ranking()]
        if self.poll.kind == "approval":
            return list(self.cleaned_data.get("approve") or [])
        return {
            name.removeprefix("option_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        }

    def summary(self) -> list[tuple[str, str]]:
        if self.poll.kind == "ranked":
            ranking = self.ranking()
            return [(f"{n}.", o.label) for n, o in enumerate(ranking, 1)] or [("", _("blank"))]
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
    option ids, a ranking as the list of option ids in the order posted (``rank``, repeated;
    best first); an empty list is a blank ballot. Nothing is checked here: casting checks the
    answers against the poll."""
    ballots = {}
    for subject in data.getlist("subject"):
        if not posted_number(subject):
            continue
        prefix = f"v{subject}-"
        answers = {
            key.removeprefix(f"{prefix}option_"): value
            for key, value in data.items()
            if key.startswith(f"{prefix}option_")
        }
        ballots[int(subject)] = (
            answers or data.getlist(f"{prefix}approve") or data.getlist(f"{prefix}rank")
        )
    return ballots


class AmendmentForm(forms.Form):
    """A member's amendment to the proposed list."""

    kind = forms.ChoiceField(label=_("What it does"), choices=AmendmentKind.choices)
    application = forms.ModelChoiceField(label=_("Candidate"), queryset=None)
    place = forms.IntegerField(
        label=_("Place"), min_value=1, required=False, help_text=_("Only to put on a place.")
    )
    explanation = LimitedTextField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=REASON_MAX_LENGTH,
    )

    def __init__(self, *args, list_vote, **kwargs):
        super().__init__(*args, **kwargs)
        from voting.list_services import CANNOT_CHALLENGE

        self.fields["application"].queryset = (
            Application.objects.filter(vacancy=list_vote.vacancy)
            .exclude(status__in=CANNOT_CHALLENGE)
            .order_by("last_name", "first_name")
        )
        self.fields["application"].label_from_instance = lambda a: a.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AmendmentKind.MOVE and not cleaned.get("place"):
            self.add_error("place", _("Give the place to put the candidate on."))
        return cleaned


# The chair's admin forms: titles and candidates' names go on the ballot papers, the ballot
# screen and the results, cleaned of invisible characters (``core.text.clean_name``). The
# admin gives each its model and fields.


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        field_classes = {"title": NameField, "place": NameField}


class PollAdminForm(forms.ModelForm):
    class Meta:
        field_classes = {"title": NameField}


class OptionAdminForm(forms.ModelForm):
    class Meta:
        field_classes = {"label": NameField}

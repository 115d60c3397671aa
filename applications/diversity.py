"""The optional self-identification questions and their answers (docs/privacy.md)."""

from django.utils.translation import gettext_lazy as _

from applications.models import DiversityDimension as D

PREFER_NOT = "prefer_not"
YES_NO = [("yes", _("Yes")), ("no", _("No"))]

QUESTIONS = {
    D.GENDER: (
        _("How do you describe your gender?"),
        [
            ("woman", _("Woman")),
            ("man", _("Man")),
            ("non_binary", _("Non-binary")),
            ("other", _("In another way")),
        ],
    ),
    D.COLOUR: (_("Are you a person of colour (not white)?"), YES_NO),
    D.LGBTQIA: (_("Do you count yourself among the LGBTQIA+ community?"), YES_NO),
    D.DISABILITY: (_("Do you live with a disability or chronic illness?"), YES_NO),
    D.REFUGEE: (_("Did you or your parents come to the Netherlands as refugees?"), YES_NO),
    D.CLASS: (_("Did you grow up in a working-class or low-income household?"), YES_NO),
}

"""The applicant's choices about their data in the portal (applications.services, "Consent,
withdrawn from the portal"). The periods in the labels are read from core.retention, as the
privacy statement reads them."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Retention
from core.statement import stated_period


def retention_choices() -> list[tuple[str, str]]:
    procedure = stated_period("application_procedure")
    on_file = stated_period("application_on_file")
    if procedure is None or on_file is None:
        return list(Retention.choices)
    return [
        (
            Retention.PROCEDURE,
            _("Delete my data %(period)s after the procedure ends")
            % {"period": procedure.how_long},
        ),
        (
            Retention.ONE_YEAR,
            _("Keep my data on file for %(period)s, for future vacancies")
            % {"period": on_file.how_long},
        ),
    ]


class RetentionChoiceForm(forms.Form):
    # Not required here: an empty choice reaches the service, which refuses it with the same
    # message as an unknown one (and the page shows no "required" asterisk on the question).
    retention = forms.ChoiceField(
        label=gettext_lazy("How long we keep this application"),
        choices=(),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retention"].choices = retention_choices()

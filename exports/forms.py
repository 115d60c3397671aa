from django import forms
from django.utils.translation import gettext_lazy as _


class AdoptionForm(forms.Form):
    adopted_at = forms.DateTimeField(
        label=_("Adopted by the ALV at"),
        required=False,
        help_text=_("Leave empty while the ALV has not adopted the list."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

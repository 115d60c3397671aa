"""Form fields the apps share for text people type: names that end up on a ballot, a PDF or
the Kiesraad's list, and free text with a limit the form states."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from core.text import clean_name
from core.text_limits import characters, too_long_message


class NameField(forms.CharField):
    """A name or label, cleaned by ``core.text.clean_name`` before it is validated, so a name
    of invisible characters only is empty (and refused where a name is required)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return clean_name(value) or self.empty_value


def _with_limit(help_text, max_length: int) -> str:
    limit = _("At most %(limit)s characters.") % {"limit": characters(max_length)}
    return f"{help_text} {limit}".strip()


# A field is made once, with its form class: the help text is put together in the language
# of each request.
_with_limit_lazy = lazy(_with_limit, str)


class LimitedTextField(forms.CharField):
    """Free text with a maximum length (required): the help text ends with the limit, and a
    longer text is refused with its own length, so the writer knows how much to cut. The
    browser is not told (no ``maxlength``): it would cut a pasted text short without a word."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        # The message below replaces Django's, which prints the numbers without grouping.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.help_text = _with_limit_lazy(self.help_text, max_length)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def validate(self, value):
        super().validate(value)
        if value and len(value) > self.max_length:
            raise forms.ValidationError(
                too_long_message(length=len(value), limit=self.max_length), code="max_length"
            )

from django import forms

from core.forms import NameField

# A member's name goes on the voter register, the check-in list and the proxies; the place
# and branch into the conflict-of-interest checks.
MEMBER_NAME_FIELDS = ("first_name", "name_prefix", "last_name", "place", "branch")


class MemberAdminForm(forms.ModelForm):
    """The member register's admin form (the admin gives the model and fields): names cleaned
    of invisible characters (``core.text.clean_name``), as the CSV import cleans them."""

    class Meta:
        field_classes = dict.fromkeys(MEMBER_NAME_FIELDS, NameField)

from django.utils.translation import gettext as _

from integrity.selectors import declaration_current


def declaration_missing(application) -> list[str]:
    """A vacancy that asks for the integrity declaration gets a signed one, not a checkbox."""
    if application.vacancy.integrity_declaration_required and (
        declaration_current(user=application.applicant) is None
    ):
        return [_("Fill in and sign the integrity declaration.")]
    return []

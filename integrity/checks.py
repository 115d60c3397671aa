from django.utils.translation import gettext as _

from integrity.selectors import declaration_current


def declaration_missing(application) -> list[str]:
    """A vacancy that asks for the integrity declaration gets a signed one, not a checkbox."""
    if application.vacancy.integrity_declaration_required and (
        declaration_current(user=application.applicant) is None
    ):
        return [_("Fill in and sign the integrity declaration.")]
    return []


def rules_for_applicant(application) -> list[dict]:
    """The incompatibility rules the applicant's registered positions touch, in plain words,
    strictest first: what they should know before they send (e.g. that staff who are
    appointed to the board give up their job)."""
    from integrity.selectors import positions_held, rules_touching

    kinds = positions_held(email=application.applicant.email).values_list("kind", flat=True)
    return [
        {
            "severity": rule.severity,
            "label": rule.get_severity_display(),
            "text": f"{rule.get_kind_a_display()} + {rule.get_kind_b_display()}: "
            f"{rule.explanation}",
        }
        for rule in rules_touching(kinds=kinds)
    ]

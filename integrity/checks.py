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


def enqueue_conflict_check(application) -> None:
    """After an application is sent: check it against its committee (in Celery, after
    commit). Until the check ran, the committee does not see the application."""
    from core.tasks_util import enqueue_on_commit
    from integrity.tasks import check_application

    enqueue_on_commit(check_application, application_id=application.pk)


def link_to_name_committee_members(application) -> list[tuple[str, str]]:
    from django.urls import reverse

    from integrity.reviewers import reviewers_of

    if not application.in_procedure or not reviewers_of(application.vacancy_id).exists():
        return []
    return [
        (
            _("Do you know someone on the committee?"),
            reverse("integrity:name_relations", args=[application.pk]),
        )
    ]

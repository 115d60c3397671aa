from django import template

from applications.consent_forms import RetentionChoiceForm
from applications.models import Application, ApplicationStatus

register = template.Library()


@register.inclusion_tag("applications/includes/privacy_choices.html", takes_context=True)
def privacy_choices(context, application: Application) -> dict:
    """The applicant's controls over their data on the application's page: deleting the
    self-identification answers, the retention choice and the political-data consent."""
    return {
        "csrf_token": context.get("csrf_token"),
        "application": application,
        "answers": application.diversity_responses.count(),
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "retention_form": RetentionChoiceForm(
            initial={"retention": application.retention}, auto_id="retention-%s"
        ),
    }

"""Who may see an application and its files. For now only the applicant; the candidate
committee joins through the review app, never through a shortcut here."""


def can_open_application(user, application) -> bool:
    return user.is_authenticated and application.applicant_id == user.pk

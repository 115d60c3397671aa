"""The application's row under a lock: every service that changes an application, or
something of it (its files, its transcripts), first re-reads the row here and decides on that
row only (issue #19: another request may have sent or withdrawn it since the caller read it)."""

from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError


def application_locked(application: Application) -> Application:
    """The application's row as it is now, locked until the transaction ends (its vacancy and
    applicant are read along, not locked). Raises ServiceError when it is gone (purged or
    erased meanwhile)."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy", "applicant")
        .filter(pk=application.pk)
        .first()
    )
    if locked is None:
        raise ServiceError(_("This application no longer exists."))
    return locked

"""What the committee's screens share: reading values posted without a form, looking up a
posted object within what the user may act on, and the base of the screens that work per
vacancy (concept lists, interview planning) with their gate and overview page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from core.admin_tools import RuleBasedAdmin
from core.posted import posted_number, posted_text
from review import permissions, selectors
from vacancies.models import Vacancy


def post_text(request, name: str) -> str:
    """A text posted without a form, cleaned like every posted text."""
    return posted_text(request.POST.get(name))


def post_id(request, name: str) -> int:
    """An id posted without a form, or 0 (which matches nothing) for anything else."""
    return posted_number(request.POST.get(name))


def posted_in(request, scope, name: str):
    """The object of ``scope`` whose id is posted as ``name``, or None. ``scope`` holds only
    what the user may act on there, so a forged id (another vacancy's slot, an application
    behind the gate) finds nothing, as does anything that is no id."""
    return scope.filter(pk=post_id(request, name)).first()


def vacancy_behind_gate(request, vacancy_id):
    """The vacancy a committee page names, if the user may work on it, else None."""
    vacancy = Vacancy.objects.filter(pk=posted_number(vacancy_id)).first()
    if vacancy is None or not permissions.may_work_on(user=request.user, vacancy=vacancy):
        return None
    return vacancy


class VacancyWorkAdmin(RuleBasedAdmin):
    """An admin of a committee's work per vacancy (its lists, its interview slots): seen by
    seat holders; the stock change and history pages by id only for vacancies behind the gate
    (a seat of another committee gets the admin's "not found")."""

    def may_use(self, request) -> bool:
        return selectors.has_seat(user=request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(vacancy__in=selectors.vacancies_judged_by(user=request.user))
        )

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return permissions.may_work_on(user=request.user, vacancy=obj.vacancy)
        return self.may_use(request)

    def vacancy_or_404(self, request, vacancy_id):
        """The vacancy of a committee page, behind the gate (``permissions.may_work_on``):
        before the agreement is accepted, or on another committee's vacancy, not found."""
        vacancy = vacancy_behind_gate(request, vacancy_id)
        if vacancy is None:
            raise Http404
        return vacancy

    def vacancies_overview(self, request, *, title: str, template: str):
        """The changelist these admins replace: the vacancies the user works on, each linking
        to its page."""
        if not self.may_use(request):
            raise PermissionDenied  # the stock changelist's check, which this page replaces
        if selectors.unaccepted_seats(user=request.user).exists():
            return redirect("review:confidentiality")
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "vacancies": selectors.vacancies_judged_by(user=request.user),
        }
        return render(request, template, context)

"""Interview planning per vacancy: slots with their panels, invitations on the applicants'
stated availability, rescheduling, and the priority-interview checklist."""

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from core.errors import ServiceError
from review import selectors, services
from review.admin._common import VacancyWorkAdmin, post_text, posted_in
from review.forms import SlotForm
from review.models import Interview, InterviewSlot, PriorityInterviewCheck, ReviewRound


@admin.register(InterviewSlot)
class InterviewSlotAdmin(VacancyWorkAdmin):
    """Interview planning per vacancy: slots with their panels, invitations on the applicants'
    stated availability, rescheduling, and the priority-interview checklist."""

    def get_urls(self):
        return [
            path(
                "<int:vacancy_id>/plan/",
                self.admin_site.admin_view(self.plan_view),
                name="review_interviewslot_plan",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        return self.vacancies_overview(
            request, title=_("Interviews"), template="admin/review/interviewslot/overview.html"
        )

    def plan_view(self, request, vacancy_id):
        vacancy = self.vacancy_or_404(request, vacancy_id)
        committee = selectors.committee_of(vacancy_id=vacancy.pk)
        people = selectors.scoring_members(committee=committee)
        slot_form = SlotForm(
            request.POST if request.POST.get("op") == "slot" else None, people=people
        )
        if request.method == "POST":
            try:
                self._plan_action(request, vacancy, slot_form)
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                if request.POST.get("op") != "slot" or slot_form.is_valid():
                    return redirect("admin:review_interviewslot_plan", vacancy.pk)
        reachable = (
            selectors.applications_for_reviewer(user=request.user)
            .filter(
                vacancy=vacancy, status__in=(ApplicationStatus.ROUND_1, ApplicationStatus.ROUND_2)
            )
            .prefetch_related("availability__date")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Interviews: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "slots": selectors.interview_slots(user=request.user, vacancy=vacancy),
            "candidates": reachable,
            "reachable_ids": set(reachable.values_list("pk", flat=True)),
            "slot_form": slot_form,
            "may_plan": selectors.plans_interviews(user=request.user, vacancy=vacancy),
            "checks": {
                c.round: c
                for c in PriorityInterviewCheck.objects.filter(vacancy=vacancy).select_related(
                    "ticked_by"
                )
            },
            "rounds": [ReviewRound.ROUND_1, ReviewRound.ROUND_2],
        }
        return render(request, "admin/review/interviewslot/plan.html", context)

    def _plan_action(self, request, vacancy, slot_form) -> None:
        """One step of the planning page, named by the posted ``op``; any other op does
        nothing. The services check who may plan or tick."""
        op = request.POST.get("op")
        if op == "slot":
            self._add_slot(request, vacancy, slot_form)
        elif op == "invite":
            self._invite(request, vacancy)
        elif op == "move":
            self._reschedule(request, vacancy)
        elif op == "priority":
            self._tick_priority(request, vacancy)

    def _posted(self, request, vacancy, *names: str, refusal: str) -> list:
        """The slot, application or interview posted under each of ``names``, looked up in
        that order among this vacancy's that the user may reach (an interview or application
        only if the user may read the application); ``refusal`` as a ServiceError when any is
        not found."""
        found = [
            posted_in(request, _SCOPES[name](user=request.user, vacancy=vacancy), name)
            for name in names
        ]
        if any(obj is None for obj in found):
            raise ServiceError(refusal)
        return found

    def _add_slot(self, request, vacancy, slot_form) -> None:
        if not slot_form.is_valid():
            return  # the page shows the form again with its errors
        data = slot_form.cleaned_data
        services.slot_create(
            vacancy=vacancy,
            round_=data["round"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            online_link=data["online_link"],
            panel=data["panel"],
            actor=request.user,
        )
        self.message_user(request, _("Slot added."), messages.SUCCESS)

    def _invite(self, request, vacancy) -> None:
        slot, application = self._posted(
            request, vacancy, "slot", "application", refusal=_("Choose a slot and an applicant.")
        )
        services.interview_invite(slot=slot, application=application, actor=request.user)
        self.message_user(request, _("Invitation sent."), messages.SUCCESS)

    def _reschedule(self, request, vacancy) -> None:
        interview, slot = self._posted(
            request, vacancy, "interview", "slot", refusal=_("Choose a new slot.")
        )
        services.interview_reschedule(interview=interview, slot=slot, actor=request.user)
        self.message_user(
            request, _("The interview has moved; the applicant is told."), messages.SUCCESS
        )

    def _tick_priority(self, request, vacancy) -> None:
        services.priority_check_tick(
            vacancy=vacancy,
            round_=post_text(request, "round"),
            note=post_text(request, "note"),
            actor=request.user,
        )
        self.message_user(request, _("Checklist ticked."), messages.SUCCESS)


def _slots(*, user, vacancy):
    return InterviewSlot.objects.filter(vacancy=vacancy)


def _applications(*, user, vacancy):
    return selectors.applications_for_reviewer(user=user).filter(vacancy=vacancy)


def _interviews(*, user, vacancy):
    return Interview.objects.filter(
        slot__vacancy=vacancy, application__in=selectors.applications_for_reviewer(user=user)
    )


# What an op on the planning page may name, per vacancy: its slots, the applications the user
# may reach, and the interviews of those applications in its slots.
_SCOPES = {"slot": _slots, "application": _applications, "interview": _interviews}

"""Interview planning per vacancy: slots with their panels, invitations on the applicants'
stated availability, rescheduling, and the priority-interview checklist."""

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from core.errors import ServiceError
from review import selectors, services
from review.admin._common import VacancyWorkAdmin, post_id, post_text
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
        op, actor = request.POST.get("op"), request.user
        if op == "slot":
            if slot_form.is_valid():
                data = slot_form.cleaned_data
                services.slot_create(
                    vacancy=vacancy,
                    round_=data["round"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    online_link=data["online_link"],
                    panel=data["panel"],
                    actor=actor,
                )
                self.message_user(request, _("Slot added."), messages.SUCCESS)
        elif op == "invite":
            slot = InterviewSlot.objects.filter(
                vacancy=vacancy, pk=post_id(request, "slot")
            ).first()
            application = (
                selectors.applications_for_reviewer(user=actor)
                .filter(vacancy=vacancy, pk=post_id(request, "application"))
                .first()
            )
            if slot is None or application is None:
                raise ServiceError(_("Choose a slot and an applicant."))
            services.interview_invite(slot=slot, application=application, actor=actor)
            self.message_user(request, _("Invitation sent."), messages.SUCCESS)
        elif op == "move":
            interview = Interview.objects.filter(
                slot__vacancy=vacancy,
                pk=post_id(request, "interview"),
                application__in=selectors.applications_for_reviewer(user=actor),
            ).first()
            slot = InterviewSlot.objects.filter(
                vacancy=vacancy, pk=post_id(request, "slot")
            ).first()
            if interview is None or slot is None:
                raise ServiceError(_("Choose a new slot."))
            services.interview_reschedule(interview=interview, slot=slot, actor=actor)
            self.message_user(
                request, _("The interview has moved; the applicant is told."), messages.SUCCESS
            )
        elif op == "priority":
            services.priority_check_tick(
                vacancy=vacancy,
                round_=post_text(request, "round"),
                note=post_text(request, "note"),
                actor=actor,
            )
            self.message_user(request, _("Checklist ticked."), messages.SUCCESS)

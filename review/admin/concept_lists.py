"""The concept list per vacancy: the builder (places, the Schulze proposal and its matrix,
the representation dashboard, the Kiesraad details, the confidential notice), each member's
own ranking, and the board advice per portfolio."""

import json
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from applications.models import Application, ListGender
from core.errors import ServiceError
from core.posted import posted_number
from review import permissions, selectors, services
from review.admin._common import VacancyWorkAdmin, post_text
from review.models import ConceptList


def _places_from(request) -> list[dict]:
    try:
        places = json.loads(request.POST.get("places") or "[]")
    except (ValueError, RecursionError):  # RecursionError: nested too deep
        return []
    if not isinstance(places, list):
        return []
    return [p for p in places if isinstance(p, dict) and posted_number(p.get("application_id"))]


@admin.register(ConceptList)
class ConceptListAdmin(VacancyWorkAdmin):
    """The concept list builder with its representation dashboard, and each member's own
    ranking, per vacancy of the member's committees."""

    def get_urls(self):
        def view(function, name):
            return path(
                f"<int:vacancy_id>/{name}/",
                self.admin_site.admin_view(function),
                name=f"review_conceptlist_{name}",
            )

        return [
            view(self.build_view, "build"),
            view(self.dashboard_view, "dashboard"),
            view(self.rank_view, "rank"),
            view(self.advice_overview_view, "advice"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        return self.vacancies_overview(
            request, title=_("Concept lists"), template="admin/review/conceptlist/overview.html"
        )

    def build_view(self, request, vacancy_id):
        vacancy = self.vacancy_or_404(request, vacancy_id)
        concept_list = selectors.concept_list_of(vacancy=vacancy)
        may_edit = permissions.may_edit_list(user=request.user, concept_list=concept_list)
        if request.method == "POST" and may_edit:
            response = self._edit(request, concept_list)
            if response is not None:
                return response
        entries, hidden = selectors.list_entries_for(user=request.user, concept_list=concept_list)
        rankings_count = selectors.rankings_count(vacancy=vacancy)
        proposal = services.concept_list_proposal(vacancy=vacancy)
        if request.GET.get("start") == "schulze" and may_edit and not entries:
            pool = {a.pk: a for a in selectors.list_pool(user=request.user, vacancy=vacancy)}
            entries = [_UnsavedEntry(pool[pk], n) for n, pk in enumerate(proposal.order, 1)]
        placed = {entry.application_id for entry in entries}
        pool = selectors.list_pool(user=request.user, vacancy=vacancy).exclude(pk__in=placed)
        names = {a.pk: a.full_name for a in Application.objects.filter(pk__in=proposal.order)}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Concept list: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "concept_list": concept_list,
            "entries": entries,
            "hidden_places": hidden,
            "pool": pool,
            "may_edit": may_edit,
            "segments": selectors.representation(
                vacancy=vacancy,
                application_ids=[entry.application_id for entry in entries],
                top=concept_list.electable_places,
            ),
            "matrix": _matrix(proposal, names) if may_edit and rankings_count else None,
            "rankings_count": rankings_count,
            "versions": concept_list.versions.select_related("actor")[:10],
            "gender_choices": ListGender.choices,
        }
        return render(request, "admin/review/conceptlist/build.html", context)

    def _edit(self, request, concept_list):
        """An editor's step on the builder, named by the posted ``op``: the notice, the
        Kiesraad details, or (with no op or any other) the places. None when a save of the
        places is refused: the builder shows again, with the list as it is stored."""
        op = request.POST.get("op")
        if op == "notice":
            return self._send_notice(request, concept_list)
        if op == "details":
            return self._save_details(request, concept_list)
        return self._save_places(request, concept_list)

    def _save_places(self, request, concept_list):
        try:
            services.concept_list_save(
                concept_list=concept_list,
                places=_places_from(request),
                actor=request.user,
                reason=post_text(request, "reason"),
                revision=posted_number(request.POST.get("revision")),
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            concept_list.refresh_from_db()
            return None
        self.message_user(request, _("The concept list is saved."), messages.SUCCESS)
        return redirect("admin:review_conceptlist_build", concept_list.vacancy_id)

    def _send_notice(self, request, concept_list):
        try:
            services.not_selected_reason_save(
                concept_list=concept_list,
                reason=post_text(request, "not_selected_reason"),
                actor=request.user,
            )
            told = services.confidential_notice_send(concept_list=concept_list, actor=request.user)
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("The confidential notice went to %(count)d candidates.") % {"count": told},
                messages.SUCCESS,
            )
        return redirect("admin:review_conceptlist_build", concept_list.vacancy_id)

    def _save_details(self, request, concept_list):
        """The consent (model H 9) and gender marker per place, from the Kiesraad form."""
        details = {
            int(application_id): {
                "consent": request.POST.get(f"consent_{application_id}") == "on",
                "gender": post_text(request, f"gender_{application_id}"),
            }
            for application_id in request.POST.getlist("placed")
            if posted_number(application_id)
        }
        try:
            changed = services.concept_list_details_save(
                concept_list=concept_list, details=details, actor=request.user
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Kiesraad details saved for %(count)d places.") % {"count": changed},
                messages.SUCCESS,
            )
        return redirect("admin:review_conceptlist_build", concept_list.vacancy_id)

    def advice_overview_view(self, request, vacancy_id):
        vacancy = self.vacancy_or_404(request, vacancy_id)
        advice = selectors.board_advice_overview(user=request.user, vacancy=vacancy)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Advice per portfolio: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "portfolios": advice,
        }
        return render(request, "admin/review/conceptlist/advice.html", context)

    def dashboard_view(self, request, vacancy_id):
        vacancy = self.vacancy_or_404(request, vacancy_id)
        concept_list = selectors.concept_list_of(vacancy=vacancy)
        if request.method != "POST" or not permissions.may_edit_list(
            user=request.user, concept_list=concept_list
        ):
            raise PermissionDenied
        allowed = set(
            selectors.list_pool(user=request.user, vacancy=vacancy).values_list("pk", flat=True)
        )
        ids = [int(p["application_id"]) for p in _places_from(request)]
        ids = [pk for pk in ids if pk in allowed]
        segments = selectors.representation(
            vacancy=vacancy, application_ids=ids, top=concept_list.electable_places
        )
        return render(request, "admin/review/conceptlist/dashboard.html", {"segments": segments})

    def rank_view(self, request, vacancy_id):
        vacancy = self.vacancy_or_404(request, vacancy_id)
        pool = {a.pk: a for a in selectors.list_pool(user=request.user, vacancy=vacancy)}
        if request.method == "POST":
            try:
                services.ranking_submit(
                    reviewer=request.user,
                    vacancy=vacancy,
                    order=[int(p["application_id"]) for p in _places_from(request)],
                )
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, _("Your ranking is saved."), messages.SUCCESS)
                return redirect("admin:review_conceptlist_rank", vacancy.pk)
        mine = selectors.ranking_of(user=request.user, vacancy=vacancy)
        ranked = [pool[pk] for pk in mine if pk in pool]
        context = {
            **self.admin_site.each_context(request),
            "title": _("My ranking: %(vacancy)s") % {"vacancy": vacancy},
            "opts": self.model._meta,
            "vacancy": vacancy,
            "ranked": ranked,
            "unranked": [a for pk, a in pool.items() if pk not in set(mine)],
        }
        return render(request, "admin/review/conceptlist/rank.html", context)


@dataclass
class _UnsavedEntry:
    """A place of the Schulze proposal, shown in the builder before anyone saved it."""

    application: Application
    position: int
    is_pusher: bool = False
    justification: str = ""

    @property
    def application_id(self) -> int:
        return self.application.pk


def _matrix(proposal, names: dict) -> dict:
    order = proposal.order
    return {
        "candidates": [names.get(pk, pk) for pk in order],
        "rows": [
            (
                names.get(a, a),
                [
                    None if a == b else (proposal.pairwise[(a, b)], proposal.strongest[(a, b)])
                    for b in order
                ],
            )
            for a in order
        ],
    }

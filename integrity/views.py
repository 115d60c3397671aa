from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.models import Application
from core.errors import ServiceError
from integrity.forms import DeclarationForm, RelationForm, SidePositionFormSet, side_positions_from
from integrity.models import AnswerType
from integrity.privacy import declaration_views_shown
from integrity.reviewers import reviewers_of
from integrity.selectors import (
    declaration_current,
    declaration_history,
    position_conflicts,
    positions_held,
    questionnaire_current,
    rules_touching,
)
from integrity.services import declaration_sign, relation_declare


def _side_position_initial(declaration, questionnaire) -> list[dict]:
    if declaration is None:
        return []
    keys = [
        q.key for q in questionnaire.questions.all() if q.answer_type == AnswerType.SIDE_POSITIONS
    ]
    return [item for key in keys for item in declaration.answers.get(key, [])]


@login_required
def declaration_edit(request: HttpRequest) -> HttpResponse:
    """Fill in, sign and later update one's own integrity declaration."""
    questionnaire = questionnaire_current()
    if questionnaire is None:
        return render(request, "integrity/declaration_unavailable.html", status=503)
    current = declaration_current(user=request.user)
    previous_answers = current.answers if current else {}
    form = DeclarationForm(
        request.POST or None,
        questionnaire=questionnaire,
        answers=previous_answers,
        initial={"signed_name": request.user.get_full_name()},
    )
    formset = SidePositionFormSet(
        request.POST or None,
        prefix="side",
        initial=_side_position_initial(current, questionnaire),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            declaration = declaration_sign(
                user=request.user,
                questionnaire=questionnaire,
                answers=form.answers(side_positions_from(formset)),
                signed_name=form.cleaned_data["signed_name"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your integrity declaration was signed on %(when)s.")
                % {
                    "when": formats.date_format(
                        timezone.localtime(declaration.signed_at), "j F Y, H:i"
                    )
                },
            )
            return redirect("integrity:declaration")
    held_kinds = positions_held(email=request.user.email).values_list("kind", flat=True)
    context = {
        "questionnaire": questionnaire,
        "rules": rules_touching(kinds=held_kinds),
        "conflicts": position_conflicts(emails=[request.user.email]),
        "form": form,
        "formset": formset,
        "current": current,
        "history": declaration_history(user=request.user),
        "views": declaration_views_shown(request.user),
    }
    return render(request, "integrity/declaration_form.html", context)


@login_required
def name_relations(request: HttpRequest, pk: int) -> HttpResponse:
    """An applicant names the committee members of their procedure they know (as conference
    authors name their conflicts). The chair then decides; until then that member does not
    see the application."""
    application = get_object_or_404(
        Application.objects.select_related("vacancy"), pk=pk, applicant=request.user
    )
    people = reviewers_of(application.vacancy_id).order_by("last_name", "first_name")
    form = RelationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            relation_declare(
                person=request.user,
                other=form.cleaned_data["other"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you. %(name)s will not judge your application unless the chair decides "
                    "otherwise."
                )
                % {"name": form.cleaned_data["other"].get_full_name()},
            )
            return redirect("integrity:name_relations", pk=application.pk)
    named = request.user.relations_declared.filter(other__in=people).select_related("other")
    return render(
        request,
        "integrity/name_relations.html",
        {"application": application, "people": people, "form": form, "named": named},
    )

"""The legal hold an adopted candidate list puts on its candidates' applications
(applications.hooks): the party must account for the list it submitted, so an erasure keeps a
listed candidate's name, place and the details the Kiesraad's list needs."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.hooks import Hold, register_hold_finder
from review.models import ConceptListEntry


def adopted_list_places(application_ids: list[int]) -> dict[int, list[Hold]]:
    found: dict[int, list[Hold]] = {}
    for entry in ConceptListEntry.objects.filter(
        application_id__in=application_ids, concept_list__adopted_at__isnull=False
    ).select_related("concept_list__vacancy"):
        adopted_at = entry.concept_list.adopted_at
        reason = _("Place %(place)d on the list “%(list)s”, adopted by the ALV on %(date)s") % {
            "place": entry.position,
            "list": entry.concept_list.vacancy.title,
            "date": date_format(adopted_at.date()),
        }
        found.setdefault(entry.application_id, []).append(
            Hold(ground="candidate_list_record", reason=reason, since=adopted_at)
        )
    return found


def register_holds() -> None:
    register_hold_finder(adopted_list_places, keeps=(ConceptListEntry,))

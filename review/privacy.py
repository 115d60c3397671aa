"""The committee's part of a person's data export (core.privacy).

For each of their applications: the scorecards with their comments and every saved version,
the steps through the pipeline with their reasons, the interviews, the place on the concept
list with its justification and its history, each member's ranking of them, the board advice
per portfolio, the appeal (its documents go into the zip as files) and the conflict-of-interest
flags (integrity keeps those; they are exported here, beside the judging they guard). For a
committee member: their seats, and when and where they judged, without whom.

Committee members appear by alias (core.privacy_people); ``WITHHELD`` says what is left out and
why. ``EXPORTED_MODELS`` and ``WITHHELD_MODELS`` declare which models' personal data this module
covers: a test fails when a model holding personal data is covered by no privacy module."""

import re

from django.db.models import Q

from applications.models import Application
from core.privacy_people import aliases_for
from integrity.models import ApplicationScan, ConflictFlag, Signal
from review.models import (
    Appeal,
    AppealDocument,
    BoardAdvice,
    CommitteeMember,
    ConceptListEntry,
    ConceptListVersion,
    CriterionScore,
    Interview,
    InterviewSlot,
    MemberRanking,
    PriorityInterviewCheck,
    Scorecard,
    ScorecardVersion,
    Transition,
)

EXPORTED_MODELS = (
    AppealDocument,
    Appeal,
    ApplicationScan,
    BoardAdvice,
    CommitteeMember,
    ConceptListEntry,
    ConceptListVersion,
    ConflictFlag,
    CriterionScore,
    Interview,
    InterviewSlot,
    MemberRanking,
    PriorityInterviewCheck,
    Scorecard,
    ScorecardVersion,
    Transition,
)
WITHHELD_MODELS: dict = {}

WITHHELD = [
    "The names of the committee members who scored, ranked, interviewed or flagged you: each "
    "is 'committee member N', the same number throughout this export. Their scores, comments "
    "and reasons are included; their identities are withheld to protect their privacy and the "
    "committee's freedom to judge. Others who acted on your file (the board, the disputes "
    "committee, an integrity officer) are 'someone else'.",
    "Other candidates: of the concept list's history you get your own place in each version, "
    "not the other places or the reasons for a change, which are about other candidates.",
    "A conflict flag about a committee member and you: what matched in their data (their "
    "surname, address, phone, e-mail domain or position) is withheld; the kind of match is "
    "given.",
    "As a committee member: when and for which vacancy you scored, ranked, interviewed or were "
    "flagged is included; the applicants and what you wrote about them are withheld, as they "
    "are about those applicants.",
    "The note on the chair's priority-interview checklist: it is about applicants with a "
    "disability.",
]

# Flags whose evidence is the committee member's own data (their surname and place, address,
# phone, e-mail domain or position), not something the applicant declared.
_EVIDENCE_OF_OTHERS = {
    Signal.SURNAME_PLACE,
    Signal.ADDRESS,
    Signal.PHONE,
    Signal.EMAIL_DOMAIN,
    Signal.BRANCH_BOARD,
    Signal.SAME_BODY,
}
_WITHHELD_MARK = "withheld"


def judges_of(user) -> set[int]:
    """Who judged the user's applications, for their aliases (core.privacy_people): the seats
    of the committees of their vacancies, and whoever scored, ranked, interviewed or was
    flagged on them (also after leaving the committee)."""
    vacancies = Application.objects.filter(applicant=user).values("vacancy_id")
    judges = set(
        CommitteeMember.objects.filter(committee__vacancy_links__vacancy__in=vacancies).values_list(
            "user_id", flat=True
        )
    )
    judges |= set(
        Scorecard.objects.filter(application__applicant=user).values_list("reviewer_id", flat=True)
    )
    judges |= set(
        MemberRanking.objects.filter(vacancy__in=vacancies).values_list("reviewer_id", flat=True)
    )
    judges |= set(
        InterviewSlot.panel.through.objects.filter(
            interviewslot__interview__application__applicant=user
        ).values_list("user_id", flat=True)
    )
    judges |= set(
        ConflictFlag.objects.filter(application__applicant=user).values_list("person_id", flat=True)
    )
    return judges


def audit_about(user) -> Q:
    """The audit rows about the user's applications, the flags on them or about the user, and
    the relations others declared with the user (core.privacy_audit)."""
    applications = [str(pk) for pk in user.applications.values_list("pk", flat=True)]
    flags = [
        str(pk)
        for pk in ConflictFlag.objects.filter(
            Q(application__applicant=user) | Q(person=user)
        ).values_list("pk", flat=True)
    ]
    relations = [str(pk) for pk in user.relations_named_in.values_list("pk", flat=True)]
    return (
        Q(object_type=Application._meta.label_lower, object_id__in=applications)
        | Q(object_type=ConflictFlag._meta.label_lower, object_id__in=flags)
        | Q(object_type="integrity.relation", object_id__in=relations)
    )


def export_review(user):
    aliases = aliases_for(user)
    records, files = [], []
    applications = user.applications.select_related("vacancy", "conflict_scan").prefetch_related(
        "vacancy__requirements"
    )
    for application in applications:
        record, documents = _application_record(application, user=user, aliases=aliases)
        records.append(record)
        files += documents
    return {
        "applications": records,
        "as_committee_member": _committee_work(user),
        "withheld": WITHHELD,
    }, files


def _application_record(application: Application, *, user, aliases) -> tuple[dict, list]:
    requirements = {r.pk: r.text for r in application.vacancy.requirements.all()}
    appeal, files = _appeal(application, aliases=aliases)
    return {
        "application": application.receipt_number or application.pk,
        "vacancy": application.vacancy.title,
        "scorecards": _scorecards(application, requirements=requirements, aliases=aliases),
        "status_history": [
            {
                "at": step.at,
                "from": step.from_status,
                "to": step.to_status,
                "reason": step.reason,
                "by": aliases.in_role(step.actor_id),
            }
            for step in Transition.objects.filter(application=application).order_by("at", "pk")
        ],
        "interviews": _interviews(application),
        "rankings": _rankings(application, aliases=aliases),
        **_list_place(application, aliases=aliases),
        "board_advice": [
            {
                "portfolio": advice.portfolio.name,
                "suitable": advice.suitable,
                "reasons": advice.reasons,
                "by": aliases.in_role(advice.decided_by_id),
                "at": advice.decided_at,
            }
            for advice in BoardAdvice.objects.filter(application=application).select_related(
                "portfolio"
            )
        ],
        "appeal": appeal,
        "conflict_checks": _conflict_checks(application, user=user, aliases=aliases),
    }, files


def _score_rows(scores, requirements: dict[int, str]) -> list[dict]:
    return [
        {"requirement": requirements.get(int(pk), pk), "score": value, "comment": comment}
        for pk, value, comment in scores
    ]


def _scorecards(application, *, requirements, aliases) -> list[dict]:
    cards = (
        Scorecard.objects.filter(application=application)
        .prefetch_related("scores", "versions")
        .order_by("round", "pk")
    )
    return [
        {
            "round": card.round,
            "by": aliases(card.reviewer_id),
            "recommendation": card.recommendation,
            "comment": card.comment,
            "weighted_score": card.total,
            "scores": _score_rows(
                [(s.requirement_id, s.value, s.comment) for s in card.scores.all()], requirements
            ),
            "submitted_at": card.submitted_at,
            "updated_at": card.updated_at,
            "versions": [
                {
                    "saved_at": version.saved_at,
                    "recommendation": version.snapshot.get("recommendation"),
                    "comment": version.snapshot.get("comment"),
                    "weighted_score": version.snapshot.get("total"),
                    "scores": _score_rows(
                        [(pk, *pair) for pk, pair in version.snapshot.get("scores", {}).items()],
                        requirements,
                    ),
                }
                for version in card.versions.all()
            ],
        }
        for card in cards
    ]


def _interviews(application) -> list[dict]:
    """The panel by its size only: the applicant met its members, so their numbers would name
    whose scores are whose."""
    interviews = Interview.objects.filter(application=application).select_related("slot")
    records = []
    for interview in interviews.prefetch_related("slot__panel"):
        slot = interview.slot
        panel = list(slot.panel.all()) if slot else []
        records.append(
            {
                "round": interview.round,
                "status": interview.status,
                "invited_at": interview.invited_at,
                "starts_at": slot.starts_at if slot else None,
                "ends_at": slot.ends_at if slot else None,
                "place": slot.location if slot else "",
                "online_link": slot.online_link if slot else "",
                "panel_size": len(panel),
            }
        )
    return records


def _rankings(application, *, aliases) -> list[dict]:
    """Each member's own order of the candidates: the place they gave this application."""
    rankings = MemberRanking.objects.filter(vacancy_id=application.vacancy_id).order_by("pk")
    return [
        {
            "by": aliases(ranking.reviewer_id),
            "place": ranking.order.index(application.pk) + 1
            if application.pk in ranking.order
            else None,
            "of": len(ranking.order),
            "submitted_at": ranking.submitted_at,
        }
        for ranking in rankings
    ]


def _list_place(application, *, aliases) -> dict:
    entry = (
        ConceptListEntry.objects.filter(application=application)
        .select_related("concept_list")
        .first()
    )
    versions = ConceptListVersion.objects.filter(
        concept_list__vacancy_id=application.vacancy_id
    ).order_by("at", "pk")
    history = []
    for version in versions:
        ids = [item[0] for item in version.order]
        place = ids.index(application.pk) + 1 if application.pk in ids else None
        history.append(
            {"at": version.at, "your_place": place, "by": aliases.in_role(version.actor_id)}
        )
    return {
        "list_place": {
            "place": entry.position,
            "list_pusher": entry.is_pusher,
            "justification": entry.justification,
            "confirmed_at": entry.confirmed_at,
            "consent_received_at": entry.consent_received_at,
            "list_adopted_at": entry.concept_list.adopted_at,
        }
        if entry
        else None,
        "list_history": history,
    }


def _appeal(application, *, aliases) -> tuple[dict | None, list]:
    appeal = Appeal.objects.filter(application=application).first()
    if appeal is None:
        return None, []
    documents = list(appeal.documents.order_by("uploaded_at", "pk"))
    names = {d.pk: f"appeal-{application.pk}-{d.pk}-{d.original_name}" for d in documents}
    return {
        "reasons": appeal.reasons,
        "lodged_at": appeal.lodged_at,
        "status": appeal.status,
        "hearing_at": appeal.hearing_at,
        "hearing_notes": appeal.hearing_notes,
        "hearing_noted_at": appeal.hearing_noted_at,
        "advice": appeal.advice,
        "advised_at": appeal.advised_at,
        "decision": appeal.decision,
        "decided_at": appeal.decided_at,
        "documents": [
            {
                "name": d.original_name,
                "uploaded_at": d.uploaded_at,
                "uploaded_by": aliases(d.uploaded_by_id),
                "file": f"files/{names[d.pk]}",
            }
            for d in documents
        ],
    }, [(names[d.pk], d.file) for d in documents]


def _conflict_checks(application, *, user, aliases) -> dict:
    try:
        checked_at = application.conflict_scan.scanned_at
    except ApplicationScan.DoesNotExist:
        checked_at = None
    flags = ConflictFlag.objects.filter(application=application).select_related("rule")
    return {
        "last_checked_at": checked_at,
        "flags": [
            {
                "about": aliases(flag.person_id),
                "signal": flag.signal,
                "severity": flag.severity,
                "evidence": _WITHHELD_MARK
                if flag.signal in _EVIDENCE_OF_OTHERS and flag.person_id != user.pk
                else flag.evidence,
                "rule": flag.rule.explanation if flag.rule else "",
                "status": flag.status,
                "reason": flag.reason,
                "raised_at": flag.created_at,
                "resolved_by": aliases.in_role(flag.resolved_by_id) if flag.resolved_at else None,
                "resolved_at": flag.resolved_at,
            }
            for flag in flags.order_by("created_at", "pk")
        ],
    }


def _committee_work(user) -> dict:
    """The user's own seats and work as a committee member, without the applicants."""
    others = ~Q(application__applicant=user)
    return {
        "seats": [
            {
                "committee": seat.committee.name,
                "role": seat.role,
                "vacancies": [link.vacancy.title for link in seat.committee.vacancy_links.all()],
                "joined_at": seat.joined_at,
                "confidentiality_accepted_at": seat.confidentiality_accepted_at,
            }
            for seat in CommitteeMember.objects.filter(user=user)
            .select_related("committee")
            .prefetch_related("committee__vacancy_links__vacancy")
        ],
        "scorecards_written": list(
            Scorecard.objects.filter(others, reviewer=user)
            .order_by("updated_at")
            .values("application__vacancy__title", "round", "submitted_at", "updated_at")
        ),
        "rankings_submitted": [
            {
                "vacancy": ranking.vacancy.title,
                "candidates_ranked": len(ranking.order),
                "at": ranking.submitted_at,
            }
            for ranking in MemberRanking.objects.filter(reviewer=user).select_related("vacancy")
        ],
        "interview_panels": list(
            InterviewSlot.objects.filter(panel=user)
            .order_by("starts_at")
            .values("vacancy__title", "round", "starts_at", "ends_at", "location")
        ),
        "priority_checks_ticked": list(
            PriorityInterviewCheck.objects.filter(ticked_by=user).values(
                "vacancy__title", "round", "ticked_at"
            )
        ),
        "conflict_flags_about_you": list(
            ConflictFlag.objects.filter(others, person=user)
            .order_by("created_at")
            .values(
                "application__vacancy__title",
                "signal",
                "severity",
                "status",
                "created_at",
                "resolved_at",
            )
        ),
    }


def erase_name_mentions(user) -> list:
    """The reasons the committee typed for list changes may name the person: in the lists of
    the procedures they applied to, their names are blotted out (the rest of each reason, and
    the order, stay as the list's history)."""
    from review.models import ConceptListEntry, ConceptListVersion

    # A place kept under a legal hold keeps its number, not the committee's words about them.
    ConceptListEntry.objects.filter(application__applicant=user).update(justification="")
    names = {user.first_name, user.last_name}
    for application in user.applications.all():
        names |= {application.first_name, application.last_name, application.full_name}
    pattern = _names_pattern(names)
    if pattern is None:
        return []
    versions = ConceptListVersion.objects.filter(
        concept_list__vacancy__applications__applicant=user
    ).distinct()
    for version in versions:
        blotted = pattern.sub("[…]", version.reason)
        if blotted != version.reason:
            ConceptListVersion.objects.filter(pk=version.pk).update(reason=blotted)
    return []


def _names_pattern(names):
    words = sorted(
        {name.strip() for name in names if len(name.strip()) >= 2}, key=len, reverse=True
    )
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)

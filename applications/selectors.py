import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Prefetch, QuerySet

from applications.models import Application, ApplicationFile, Transcript
from members.models import Member
from vacancies.models import Vacancy
from vacancies.selectors import milestones_with_dates

SEARCH_CONFIG = "dutch"


def applications_of(*, user) -> QuerySet:
    """An applicant's own applications with their vacancy and its timeline, for the portal."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("vacancy")
        .prefetch_related(
            Prefetch("files", queryset=ApplicationFile.objects.select_related("transcript")),
            "portfolios",
            milestones_with_dates("vacancy__milestones"),
        )
        .order_by("-created_at")
    )


def application_for(*, vacancy: Vacancy, applicant) -> Application | None:
    """The applicant's application for this vacancy, if they saved one."""
    return Application.objects.filter(vacancy=vacancy, applicant=applicant).first()


def application_new(*, vacancy: Vacancy, applicant) -> Application:
    """An unsaved application with what we already know about the applicant filled in: the
    empty form before the first save, and the draft that save creates."""
    member = Member.objects.filter(user=applicant).first()
    return Application(
        vacancy=vacancy,
        applicant=applicant,
        first_name=member.first_name if member else applicant.first_name,
        name_prefix=member.name_prefix if member else "",
        last_name=member.last_name if member else applicant.last_name,
        membership_number=member.membership_number if member else "",
    )


def application_ids_of(*, user_id: int) -> list[int]:
    return list(Application.objects.filter(applicant_id=user_id).values_list("pk", flat=True))


def transcripts_matching(*, applications: QuerySet, query: str) -> QuerySet:
    """The finished transcripts of these applications that contain every word of ``query``.
    On PostgreSQL this is full-text search with the Dutch configuration (so "verkiezing" also
    finds "verkiezingen"; quotes and "or" as in a web search), best matches first; on SQLite
    (the embedded mode) every word must occur as typed (icontains)."""
    transcripts = (
        Transcript.objects.filter(file__application__in=applications)
        .exclude(text="")
        .select_related("file__application__vacancy")
    )
    if not query.split():
        return transcripts.none()
    if connection.vendor == "postgresql":
        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        # The same expression as the GIN index of migration 0008, so the index serves it.
        vector = SearchVector("text", config=SEARCH_CONFIG)
        return (
            transcripts.annotate(search=vector, rank=SearchRank(vector, search))
            .filter(search=search)
            .order_by("-rank", "file__application__last_name", "pk")
        )
    for word in query.split():
        transcripts = transcripts.filter(text__icontains=word.strip("\"'"))
    return transcripts.order_by("file__application__last_name", "pk")


_WORD = re.compile(r"\w+", re.UNICODE)


def matching_segments(segments: list[dict], query: str) -> list[dict]:
    """The segments a search hit points at, for the result list: those with a word that starts
    like a searched word (its first five letters, a rough stand-in for the stemming the
    database did; words under three letters are left out). Display only: the database decided
    which transcripts match."""
    stems = {word.lower()[:5] for word in _WORD.findall(query) if len(word) >= 3}
    stems -= {"and", "or"}
    return [
        segment
        for segment in segments
        if any(word.lower()[:5] in stems for word in _WORD.findall(segment["text"]))
    ]

"""A demo candidate committee: the demo committee account chairs it, a deputy and a member sit
on it, and it judges the demo vacancies. Its conflict check runs here, so one suggestion is
waiting for the chair (an applicant shares the chair's surname and place)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from demo.members import DEMO_PASSWORD, DEMO_TOTP_SECRET
from integrity.conflicts import conflicts_check
from members.models import Member, User
from review.models import DEFAULT_CONFIDENTIALITY, Committee, CommitteeRole
from review.selectors import committee_of, concept_list_of
from review.services import (
    committee_seat_add,
    committee_vacancy_add,
    concept_list_details_save,
    concept_list_save,
    seat_check,
)
from vacancies.models import Vacancy

NAME = "Kandidatencommissie 2027"
SEATS = [
    # email, first, last, role
    ("commissie@example.org", "Kees", "Commissaris", CommitteeRole.CHAIR),
    ("vervanger@example.org", "Vera", "Vervanger", CommitteeRole.DEPUTY_CHAIR),
    ("beoordelaar@example.org", "Bo", "Beoordelaar", CommitteeRole.MEMBER),
]
# The gender marker each demo candidate chose for the Kiesraad's list (by e-mail).
LIST_GENDER = {
    "lin@example.org": "v",
    "ruben@example.org": "m",
    "aisha@example.org": "v",
    "mirjam@example.org": "v",
    "yusuf@example.org": "m",
    "priya@example.org": "v",
    "eva@example.org": "v",
    "joao@example.org": "m",
}
SLUGS = ("landelijk-bestuur", "kandidatenlijst-tweede-kamer", "programmasecretaris-verkiezingen")


def _account(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _concept_list() -> None:
    """A first proposal for the Tweede Kamer list, so the builder and its dashboard show."""
    vacancy = Vacancy.objects.filter(slug="kandidatenlijst-tweede-kamer").first()
    if vacancy is None:
        return
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list.electable_places = 5
    concept_list.save()
    candidates = list(vacancy.applications.order_by("submitted_at"))
    concept_list_save(
        concept_list=concept_list,
        places=[
            {"application_id": a.pk, "is_pusher": n == len(candidates)}
            for n, a in enumerate(candidates, 1)
        ],
        actor=None,  # the chair has yet to accept the agreement when the demo signs in
        reason="Eerste voorstel (demo)",
    )
    # Consents in for all but the last place, and the gender markers the candidates gave for
    # the Kiesraad's list, so the internal PDF shows both states.
    concept_list_details_save(
        concept_list=concept_list,
        details={
            a.pk: {"consent": n < len(candidates), "gender": LIST_GENDER.get(a.applicant.email, "")}
            for n, a in enumerate(candidates, 1)
        },
        actor=None,
    )


def seed(*, stdout) -> None:
    committee, created = Committee.objects.get_or_create(
        name=NAME, defaults={"confidentiality_text": str(DEFAULT_CONFIDENTIALITY)}
    )
    if created:
        for slug in SLUGS:
            vacancy = Vacancy.objects.filter(slug=slug).first()
            if vacancy is not None and committee_of(vacancy_id=vacancy.pk) is None:
                committee_vacancy_add(committee=committee, vacancy=vacancy, actor=None)
        for email, first, last, role in SEATS:
            user = _account(email, first, last)
            seat = committee_seat_add(committee=committee, user=user, role=role, actor=None)
            seat_check(seat_id=seat.pk)
    Member.objects.filter(email="commissie@example.org").update(place="Groningen")
    new_flags = conflicts_check()
    if created:
        _concept_list()
    stdout.write(
        f"review: committee {NAME!r} with {len(SEATS)} seats; {new_flags} new conflict flags"
    )

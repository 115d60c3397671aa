from datetime import date, timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, ApplicationFile
from integrity.models import Position, PositionKind
from members.models import Member, User
from vacancies.models import (
    Milestone,
    MilestoneKind,
    Portfolio,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    membership_number = factory.Sequence(lambda n: f"{200000 + n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    joined_on = factory.Faker("date_between", start_date="-8y", end_date="-1y")


def give_totp(user: User) -> str:
    """Activate a TOTP authenticator for the user; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    kind = VacancyKind.STAFF
    title = factory.Sequence(lambda n: f"Vacature {n}")
    slug = factory.Sequence(lambda n: f"vacature-{n}")
    summary = "Een korte samenvatting."
    body = "Een **tekst** over de functie."
    status = VacancyStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    hours_per_week_min = Decimal("20")
    hours_per_week_max = Decimal("24")


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    vacancy = factory.SubFactory(VacancyFactory, kind=VacancyKind.BOARD)
    name = factory.Sequence(lambda n: f"Portefeuille {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    vacancy = factory.SubFactory(VacancyFactory)
    kind = MilestoneKind.INTERVIEW_ROUND


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    email = factory.Sequence(lambda n: f"holder{n}@example.org")
    name = factory.Faker("name")
    kind = PositionKind.NATIONAL_BOARD
    body = "Landelijk bestuur"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    applicant = factory.SubFactory(UserFactory)
    initials = "N."
    first_name = "Noor"
    last_name = "Voorbeeld"
    date_of_birth = date(1990, 5, 17)
    place_of_residence = "Utrecht"
    motivation = "Ik wil bijdragen aan radicale gelijkwaardigheid."
    consent_political_data = True


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.Committee"

    name = factory.Sequence(lambda n: f"Kandidatencommissie {n}")
    confidentiality_text = "Ik houd alles vertrouwelijk."


def seat_ready(committee, user, role="member"):
    """A seat that has been checked and whose holder accepted the agreement, as after the
    check task ran and the member clicked 'accept'."""
    from review.services import committee_seat_add, confidentiality_accept, seat_check

    seat = committee_seat_add(committee=committee, user=user, role=role, actor=None)
    seat_check(seat_id=seat.pk)
    confidentiality_accept(seat=seat, actor=user)
    seat.refresh_from_db()
    return seat


def committee_for(vacancy, **kwargs):
    from review.services import committee_vacancy_add

    committee = CommitteeFactory(**kwargs)
    committee_vacancy_add(committee=committee, vacancy=vacancy, actor=None)
    return committee


def submitted(application):
    """Mark a factory-made application sent, as application_submit would (without its
    completeness checks), and run the conflict check the submit hook enqueues."""
    from applications.models import ApplicationStatus
    from integrity.conflicts import conflicts_check

    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    conflicts_check(application_ids=[application.pk])
    return application


def attached_file(application, *, kind, name, content_type, content: bytes, **fields):
    """A file of ``application``, stored in MEDIA_ROOT as an upload is."""
    attached = ApplicationFile(
        application=application,
        kind=kind,
        original_name=name,
        extension=name.rsplit(".", 1)[-1],
        content_type=content_type,
        size=len(content),
        **fields,
    )
    attached.file.save("upload", ContentFile(content), save=True)
    return attached

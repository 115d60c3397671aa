"""The rules an application is judged by, read only (nothing here writes or locks): who may
apply, what a draft still lacks before it can be sent, when its answers can no longer change,
the last day to withdraw, and which other applications look like the same person. The
services (applications.services) enforce them; pages and reminders show them."""

from datetime import date, datetime, time

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from applications.hooks import registered_submission_problems
from applications.models import Application, ApplicationStatus, FileCheck, FileKind
from core.keys import phone_key
from members.models import Member
from vacancies.models import MilestoneKind, Vacancy, VacancyKind

MOTIVATION_FILES = (FileKind.LETTER, FileKind.VIDEO, FileKind.VOICE)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def eligibility_problems(
    *, vacancy: Vacancy, user, date_of_birth: date | None, membership_number: str
) -> list[str]:
    """What stands between this person and applying, in plain words with what to do about it.
    Empty when they may apply."""
    problems: list[str] = []
    reference = vacancy.local_deadline.date()
    if vacancy.members_only:
        member = Member.objects.filter(
            membership_number=membership_number.strip(), email__iexact=user.email
        ).first()
        if member is None or member.status != Member.Status.ACTIVE:
            problems.append(
                _(
                    "Only members can apply. We could not find an active membership with this "
                    "membership number and your e-mail address. Check both, or become a member "
                    "first; the membership administration can help."
                )
            )
        elif (
            vacancy.min_membership_months
            and _months_between(member.joined_on, reference) < vacancy.min_membership_months
        ):
            problems.append(
                _(
                    "You need to have been a member for at least %(months)d months by the "
                    "deadline; you joined on %(joined)s."
                )
                % {"months": vacancy.min_membership_months, "joined": member.joined_on}
            )
    if vacancy.min_age:
        day = vacancy.age_reference_date or reference
        if date_of_birth is None:
            problems.append(_("Fill in your date of birth: this vacancy has a minimum age."))
        elif _age_on(date_of_birth, day) < vacancy.min_age:
            problems.append(
                _(
                    "You must be at least %(age)d years old on %(day)s. You can apply again for "
                    "a later vacancy."
                )
                % {"age": vacancy.min_age, "day": day.strftime("%d-%m-%Y")}
            )
    return problems


def interview_dates(vacancy: Vacancy) -> list:
    return [
        milestone_date
        for milestone in vacancy.milestones.all()
        if milestone.kind == MilestoneKind.INTERVIEW_ROUND
        for milestone_date in milestone.dates.all()
    ]


def draft_closed_reason(application: Application) -> str:
    """Why the applicant can no longer change this application's answers, or "" while it is
    a draft they may still work on."""
    if application.status == ApplicationStatus.WITHDRAWN:
        return _("This application has been withdrawn.")
    if application.status != ApplicationStatus.DRAFT:
        return _("This application has been sent; it can no longer be changed.")
    if not application.vacancy.accepts_applications():
        return _("The deadline of this vacancy has passed.")
    return ""


def submission_problems(application: Application) -> list[str]:
    """Everything that still has to be done before this application can be sent."""
    vacancy, user = application.vacancy, application.applicant
    problems: list[str] = []
    if not vacancy.accepts_applications():
        return [_("The deadline of this vacancy has passed.")]
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        problems.append(_("Confirm your e-mail address first: we sent you a link."))
    missing = [
        str(Application._meta.get_field(name).verbose_name)
        for name in ("initials", "first_name", "last_name", "date_of_birth", "place_of_residence")
        if not getattr(application, name)
    ]
    if missing:
        problems.append(_("Fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    problems += eligibility_problems(
        vacancy=vacancy,
        user=user,
        date_of_birth=application.date_of_birth,
        membership_number=application.membership_number,
    )
    kinds = set(
        application.files.exclude(check_status=FileCheck.REJECTED).values_list("kind", flat=True)
    )
    if not application.motivation.strip() and not kinds & set(MOTIVATION_FILES):
        problems.append(
            _(
                "Tell us your motivation your own way: write it, or add a letter, a video or a "
                "voice note."
            )
        )
    if vacancy.cv_required and FileKind.CV not in kinds:
        problems.append(_("Add your CV."))
    has_portfolios = vacancy.kind == VacancyKind.BOARD and vacancy.portfolios.exists()
    if has_portfolios and not application.portfolios.exists():
        problems.append(_("Choose at least one portfolio."))
    problems += registered_submission_problems(application)
    answered = set(application.availability.values_list("date_id", flat=True))
    if any(d.pk not in answered for d in interview_dates(vacancy)):
        problems.append(_("Tell us for each interview date whether you can come."))
    if not application.consent_political_data:
        problems.append(
            _(
                "Give your consent to the processing of your data, which reveal your political "
                "opinion."
            )
        )
    return problems


def possible_duplicates(application: Application) -> list[dict]:
    """Other sent applications to the same vacancy, from another account, with the same phone
    number or the same name and date of birth: someone applying twice, or an account shared.
    The committee is warned; nothing is refused, because namesakes exist."""
    others = Application.objects.filter(
        vacancy=application.vacancy, status=ApplicationStatus.SUBMITTED
    ).exclude(applicant=application.applicant)
    phone = phone_key(application.phone)
    signals = []
    for other in others.only("pk", "phone", "first_name", "last_name", "date_of_birth"):
        reasons = []
        if phone and phone_key(other.phone) == phone:
            reasons.append("phone")
        same_name = (other.first_name.lower(), other.last_name.lower()) == (
            application.first_name.lower(),
            application.last_name.lower(),
        )
        if same_name and other.date_of_birth and other.date_of_birth == application.date_of_birth:
            reasons.append("name_and_birth_date")
        if reasons:
            signals.append({"application": other.pk, "reasons": reasons})
    return signals


def withdrawal_deadline(vacancy: Vacancy) -> datetime | None:
    """The end of the last day to withdraw (in the vacancy's time zone), if the timeline has
    one."""
    days = [
        milestone_date.date
        for milestone in vacancy.milestones.all()
        if milestone.kind == MilestoneKind.WITHDRAWAL_DEADLINE
        for milestone_date in milestone.dates.all()
    ]
    if not days:
        return None
    return datetime.combine(max(days), time.max).replace(tzinfo=vacancy.zone)

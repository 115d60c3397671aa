"""Fictitious accounts and register rows for the embedded demo (`manage.py seed_demo`)."""

from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from members.models import Member, User
from members.roles import (
    ALV_CHAIR,
    BOARD,
    CANDIDATE_COMMITTEE,
    DISPUTES_COMMITTEE,
    INTEGRITY_OFFICER,
)
from members.services import members_link_verified_users

DEMO_PASSWORD = "bij1-demo-2026"  # noqa: S105 - published demo credential
# Published in the README so anyone trying the demo can add it to an authenticator app
# (or run `make totp`). Demo accounts only: seed_demo refuses to run with DEBUG off.
DEMO_TOTP_SECRET = "BIJEENDEMOGEHEIMBIJEENDEMOGEHEIM"  # noqa: S105

DEMO_ACCOUNTS = [
    # email, first name, last name, superuser, groups, second factor
    ("admin@example.org", "Demi", "Beheer", True, [], True),
    ("commissie@example.org", "Kees", "Commissaris", False, [CANDIDATE_COMMITTEE], True),
    ("integriteit@example.org", "Ines", "Integer", False, [INTEGRITY_OFFICER], True),
    ("alv@example.org", "Ayla", "Vergaderleider", False, [ALV_CHAIR], True),
    ("bestuur@example.org", "Bo", "Bestuurder", False, [BOARD], True),
    ("geschillen@example.org", "Gijs", "Geschil", False, [DISPUTES_COMMITTEE], True),
    ("lid@example.org", "Noor", "Voorbeeld", False, [], False),
]

DEMO_MEMBERS = [
    # number, first, prefix, last, email, branch, joined
    ("100001", "Noor", "", "Voorbeeld", "lid@example.org", "Amsterdam", date(2019, 3, 1)),
    ("100002", "Jayden", "van der", "Berg", "jayden@example.org", "Rotterdam", date(2021, 9, 14)),
    ("100003", "Amal", "", "Haddou", "amal@example.org", "Utrecht", date(2017, 1, 20)),
    ("100004", "Rosa", "de", "Vries", "rosa@example.org", "Den Haag", date(2024, 11, 2)),
    ("100005", "Kees", "", "Commissaris", "commissie@example.org", "Groningen", date(2018, 6, 5)),
]


def _ensure_account(email, first_name, last_name, superuser, groups, second_factor) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(
            email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    if groups and not user.is_staff:  # party roles work in the admin
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if (
        second_factor
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def seed(*, stdout) -> None:
    for account in DEMO_ACCOUNTS:
        _ensure_account(*account)
    for number, first, prefix, last, email, branch, joined in DEMO_MEMBERS:
        Member.objects.get_or_create(
            membership_number=number,
            defaults={
                "first_name": first,
                "name_prefix": prefix,
                "last_name": last,
                "email": email,
                "branch": branch,
                "joined_on": joined,
                "dues_paid_until": date(2026, 12, 31),
            },
        )
    members_link_verified_users()
    stdout.write(
        f"members: {len(DEMO_ACCOUNTS)} demo accounts (password {DEMO_PASSWORD!r}), "
        f"{len(DEMO_MEMBERS)} register rows"
    )

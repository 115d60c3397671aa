"""The member register written twice at the same moment, on real PostgreSQL (tests/races.py
makes each race happen every run): two imports of one file, and an address verified while
an import links the same member."""

import pytest
from django.db import connection

from core.models import AuditEntry
from members.models import Member, User
from members.services import member_import_csv, member_link_user
from tests.factories import MemberFactory, UserFactory
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REGISTER = (
    "membership_number,first_name,last_name,email,joined_on\n"
    "100001,Noor,Voorbeeld,noor@example.org,2019-03-01\n"
    "100002,Sam,Voorbeeld,sam@example.org,2020-04-01\n"
)


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def test_two_imports_of_one_file_at_once(monkeypatch):
    outcomes = race(
        monkeypatch,
        "members.services.members_link_verified_users",
        lambda: member_import_csv(text=REGISTER),
        lambda: member_import_csv(text=REGISTER),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    assert sorted((len(o.value.created), len(o.value.unchanged)) for o in outcomes) == [
        (0, 2),
        (2, 0),
    ]
    assert Member.objects.count() == 2


def test_a_member_is_linked_once_when_two_links_come_at_once(monkeypatch):
    user = UserFactory(password=None, email="noor@example.org")  # a verified address
    member = MemberFactory(email="noor@example.org")

    def link():
        # Each request reads its own copy of the account, as two requests do: a shared
        # object would carry the first thread's link to the second (Django caches the
        # reverse side of the one-to-one on it), and the second would answer "linked".
        return member_link_user(user=User.objects.get(pk=user.pk))

    outcomes = race(monkeypatch, "members.services.audit_log", link, link)

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    # The link commits before its audit row, so the second request either loses the race for
    # the row (None) or already finds the account linked (that member): never another link.
    assert {o.value.pk for o in outcomes if o.value is not None} == {member.pk}
    assert AuditEntry.objects.filter(action="members.link_user").count() == 1
    member.refresh_from_db()
    assert member.user_id == user.pk

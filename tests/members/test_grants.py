"""Rights granted and revoked are audited (issue #29, item 7): a superuser who adds themself to
the integrity officers or the board, or makes someone else a superuser, leaves a row naming
who granted what to whom, and the grantee finds it in their data export."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from core.models import AuditEntry
from core.privacy_audit import export_audit_trail
from members.roles import BOARD, INTEGRITY_OFFICER
from review.services import committee_seat_add
from tests.conftest import sign_in_with_second_factor
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")


def grants(**filters) -> list[tuple]:
    rows = AuditEntry.objects.filter(action__startswith="members.", **filters).order_by("pk")
    return [(row.action, row.actor_id, row.object_id, row.data) for row in rows]


def change_form_data(response, **changes) -> dict:
    """What the user admin's change form posts back as it was shown, with ``changes``."""
    form = response.context["adminform"].form
    data = {"_save": "Opslaan"}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = changes.get(name, form[name].value())
        if hasattr(field.widget, "widgets"):  # a split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif value is True:
            data[name] = "on"
        elif value in (False, None):
            continue
        else:
            data[name] = value
    return data


def test_a_superuser_adding_themself_to_the_integrity_officers_is_audited(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    officers, board = (
        Group.objects.get_or_create(name=name)[0] for name in (INTEGRITY_OFFICER, BOARD)
    )
    AuditEntry.objects.all().delete()
    sign_in_with_second_factor(client, superuser)
    url = reverse("admin:members_user_change", args=[superuser.pk])

    page = client.get(url)
    saved = client.post(url, change_form_data(page, groups=[officers.pk, board.pk]))

    assert saved.status_code == 302
    assert grants() == [
        ("members.group_added", superuser.pk, str(superuser.pk), {"group": name, "self": True})
        for name in sorted([INTEGRITY_OFFICER, BOARD], key=lambda n: Group.objects.get(name=n).pk)
    ]
    about_me = export_audit_trail(superuser)[0]["about_you"]
    assert {
        row["details"]["group"] for row in about_me if row["action"] == "members.group_added"
    } == {
        INTEGRITY_OFFICER,
        BOARD,
    }


def test_making_someone_a_superuser_and_taking_it_back_is_audited_with_who_did_it(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    other = UserFactory(is_staff=True)
    sign_in_with_second_factor(client, superuser)
    url = reverse("admin:members_user_change", args=[other.pk])
    AuditEntry.objects.all().delete()

    client.post(url, change_form_data(client.get(url), is_superuser=True))
    client.post(url, change_form_data(client.get(url), is_superuser=False, is_staff=False))

    assert grants() == [
        (
            "members.superuser_granted",
            superuser.pk,
            str(other.pk),
            {"flag": "is_superuser", "self": False},
        ),
        ("members.staff_revoked", superuser.pk, str(other.pk), {"flag": "is_staff", "self": False}),
        (
            "members.superuser_revoked",
            superuser.pk,
            str(other.pk),
            {"flag": "is_superuser", "self": False},
        ),
    ]


def test_grants_outside_the_admin_are_audited_too_without_an_actor():
    person = UserFactory()
    integrity = Group.objects.get_or_create(name=INTEGRITY_OFFICER)[0]
    AuditEntry.objects.all().delete()

    integrity.user_set.add(person)  # from the group's side
    person.groups.clear()
    committee_seat_add(committee=CommitteeFactory(), user=person, actor=None)

    actions = [(action, data) for action, _, _, data in grants(object_id=str(person.pk))]
    assert actions[:2] == [
        ("members.group_added", {"group": INTEGRITY_OFFICER, "self": False}),
        ("members.group_removed", {"group": INTEGRITY_OFFICER, "self": False}),
    ]
    assert ("members.staff_granted", {"flag": "is_staff", "self": False}) in actions[2:]
    assert any(action == "members.group_added" for action, _ in actions[2:])
    assert {actor for _, actor, _, _ in grants()} == {None}


def test_signing_in_and_saving_a_name_write_no_grant_rows(client):
    person = UserFactory(is_staff=True)
    AuditEntry.objects.all().delete()

    client.force_login(person)  # saves last_login only
    person.first_name = "Nieuw"
    person.save()

    assert grants() == []

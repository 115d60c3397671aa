import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError

from members.roles import STAFF_GROUPS

User = get_user_model()


@pytest.mark.django_db
def test_email_is_the_login():
    user = User.objects.create_user(email="Sam@Example.org", password="a-long-password-1")

    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.email == "Sam@example.org"  # the domain is normalised
    assert authenticate(email="Sam@example.org", password="a-long-password-1") == user


@pytest.mark.django_db
def test_email_is_unique_regardless_of_case():
    User.objects.create_user(email="sam@example.org", password="x")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="SAM@example.org", password="x")


@pytest.mark.django_db
def test_superuser_is_staff():
    admin = User.objects.create_superuser(email="root@example.org", password="x")

    assert admin.is_staff and admin.is_superuser


@pytest.mark.django_db
def test_the_party_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(STAFF_GROUPS)
    assert set(STAFF_GROUPS) == {
        "Integriteitsfunctionaris",
        "Kandidatencommissie",
        "Bestuur",
        "ALV-voorzitter",
        "Geschillencommissie",
    }

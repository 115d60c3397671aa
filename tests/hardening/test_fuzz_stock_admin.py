"""Fuzzing the admin's own add forms, for every model a superuser of the board may add: the
form's fields and its inlines are read from the page, and filled with values of the right
kind and with hostile ones (the vacancy with its seven inlines, the poll whose candidates'
names must suit a recount, the committee whose seats go through the services ...)."""

import pytest
from django import forms as django_forms
from django.test import Client
from hypothesis import strategies as st

from members.roles import ALV_CHAIR, BOARD
from tests.conftest import sign_in_with_second_factor
from tests.factories import UserFactory
from tests.hardening import fuzz
from tests.hardening.fuzz import Target, any_of, forms, hostile_text, numbers

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

DATES = any_of("2027-03-01", "2027-02-30", "01-03-2027", "")
TIMES = any_of("10:00", "25:00", "")


# Every model whose admin has an add form (the others are read-only, or written by services
# only: the completeness test holds each add route to one list or the other).
ADDABLE = [
    "auth_group",
    "account_emailaddress",
    "members_user",
    "members_member",
    "vacancies_vacancy",
    "vacancies_milestone",
    "integrity_position",
    "integrity_incompatibilityrule",
    "integrity_questionnaire",
    "review_committee",
    "voting_meeting",
    "voting_poll",
    "voting_listvote",
]


def field_values(field: django_forms.Field, name: str) -> dict:
    """Posted values for one form field, by its kind."""
    if isinstance(field, django_forms.SplitDateTimeField):
        return {f"{name}_0": DATES, f"{name}_1": TIMES}
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        return {name: st.lists(numbers(1, 2), max_size=3)}
    if isinstance(field, django_forms.ModelChoiceField):
        return {name: numbers(1, 2)}
    if isinstance(field, django_forms.ChoiceField):
        choices = [
            str(key) for key, _label in field.choices if not isinstance(_label, list | tuple)
        ]
        return {name: any_of(*(choices or [""]))}
    if isinstance(field, django_forms.BooleanField):
        return {name: any_of("on", "")}
    if isinstance(field, django_forms.IntegerField | django_forms.DecimalField):
        return {name: numbers(0, 1, 20, 32767, 32768)}
    if isinstance(field, django_forms.DateTimeField):
        return {name: any_of("2027-03-01 10:00", "2027-03-01T10:00", "")}
    if isinstance(field, django_forms.DateField):
        return {name: DATES}
    return {name: st.one_of(any_of("Tekst", "nieuw-1", "a@example.org", ""), hostile_text())}


def form_strategy(response) -> dict:
    """Every field of the add page's form and of one form of each inline, and the inlines'
    management forms."""
    adminform = response.context["adminform"]
    fields = {}
    for name, field in adminform.form.fields.items():
        fields |= field_values(field, name)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        prefix = formset.prefix
        fields |= {
            f"{prefix}-TOTAL_FORMS": numbers(0, 1, 2),
            f"{prefix}-INITIAL_FORMS": numbers(0, 1),
            f"{prefix}-MIN_NUM_FORMS": numbers(0),
            f"{prefix}-MAX_NUM_FORMS": numbers(1000),
        }
        for name, field in formset.empty_form.fields.items():
            fields |= field_values(field, f"{prefix}-0-{name}")
    return fields


@pytest.mark.parametrize("model", ADDABLE)
@fuzz.fuzzes(*(f"admin:{model}_add" for model in ADDABLE))
def test_fuzz_the_admin_add_forms(model, request):
    superuser = UserFactory(is_staff=True, is_superuser=True, groups=[BOARD, ALV_CHAIR])
    client = sign_in_with_second_factor(Client(), superuser)
    url = f"/admin/{model.replace('_', '/', 1)}/add/"
    page = client.get(url)
    assert page.status_code == 200
    fuzz.run(
        Target(f"admin:{model}_add", client, url),
        forms(form_strategy(page), fixed={"_save": "Opslaan"}),
        request,
    )

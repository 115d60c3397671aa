"""Clean names (core.text.clean_name), the shared text fields (core.forms), limits on bare
posted text (core.posted) and spreadsheet cells that cannot run (core.spreadsheet_safe)."""

import unicodedata

import pytest
from django import forms
from django.contrib import admin
from django.forms import modelform_factory
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ServiceError
from core.forms import LimitedTextField, NameField
from core.posted import posted_text
from core.spreadsheet_safe import FORMULA_STARTS, read_cell, safe_cell
from core.text import clean_name
from members.forms import MemberAdminForm
from members.models import Member
from members.roles import ALV_CHAIR
from tests.factories import UserFactory
from voting.admin import OptionInline
from voting.models import Meeting, Poll

BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.mark.parametrize("character", BIDI_CONTROLS + ZERO_WIDTH + "\u00ad\x00\x07")
def test_invisible_and_control_characters_leave_a_name(character):
    assert clean_name(f"Voor{character}beeld") == "Voorbeeld"


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("\u202eleumaS\u202c", "leumaS"),  # shows "Samuel" backwards without the override
        ("Zu\u0308tphen", "Zütphen"),  # composed: one character ü (NFC)
        ("  van\u00a0der \t Meer\n", "van der Meer"),
        ("\u200b", ""),
        (None, ""),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("محمد علی", "محمد علی"),  # right-to-left text stays as it is
    ],
)
def test_a_name_is_composed_on_one_line_with_single_spaces(typed, clean):
    assert clean_name(typed) == clean


@given(st.text())
def test_a_clean_name_has_nothing_invisible_and_stays_as_it_is(text):
    clean = clean_name(text)

    assert clean_name(clean) == clean
    assert unicodedata.is_normalized("NFC", clean)
    assert not [c for c in clean if unicodedata.category(c) in ("Cf", "Cc", "Cs")]
    assert clean == clean.strip() and "  " not in clean


def test_a_name_field_refuses_a_name_of_invisible_characters_only():
    class NameForm(forms.Form):
        name = NameField(max_length=20)

    assert NameForm({"name": " \u200b\u202e "}).errors["name"]
    form = NameForm({"name": "Fatima\u200d El\u2066 Amrani"})
    assert form.is_valid() and form.cleaned_data["name"] == "Fatima El Amrani"


def test_a_limited_text_field_states_its_limit_in_the_language_of_the_request():
    class NoteForm(forms.Form):
        note = LimitedTextField(max_length=4000, help_text="Kort graag.")

    with translation.override("en"):
        assert str(NoteForm().fields["note"].help_text) == "Kort graag. At most 4,000 characters."
        assert NoteForm({"note": "x" * 4001}).errors["note"] == [
            "This text has 4,001 characters; at most 4,000 fit. Please make it shorter."
        ]
    with translation.override("nl"):
        assert "Hoogstens 4.000 tekens." in str(NoteForm().fields["note"].help_text)
    assert 'maxlength="' not in str(NoteForm()["note"])  # the browser would cut a paste short


def test_bare_posted_text_is_refused_past_its_limit():
    assert posted_text("a\x00b", max_length=2) == "ab"
    with translation.override("nl"), pytest.raises(ServiceError) as refused:
        posted_text("abc", max_length=2)
    assert refused.value.message == (
        "Deze tekst heeft 3 tekens; er passen er hoogstens 2 in. Maak hem korter."
    )


@pytest.mark.parametrize(
    "formula",
    ["=1+1", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "'=1", "＝1"],
)
def test_a_cell_that_would_run_gets_a_quote(formula):
    assert safe_cell(formula) == "'" + formula
    assert read_cell(safe_cell(formula)) == formula


@pytest.mark.parametrize("value", ["Anna", "'t Hart", "", 5, -5, 2.5, None])
def test_other_cells_stay_as_they_are(value):
    assert safe_cell(value) == value


@given(st.text())
def test_reading_a_safe_cell_gives_the_text_back(text):
    cell = safe_cell(text)

    assert read_cell(cell) == text
    assert cell.lstrip("' ")[:1] not in FORMULA_STARTS or cell.startswith("'")


@pytest.mark.django_db
def test_the_chairs_admin_cleans_titles_and_candidates_names():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, groups=[ALV_CHAIR], password=None)
    poll_form = admin.site._registry[Poll].get_form(request)
    meeting_form = admin.site._registry[Meeting].get_form(request)
    options = OptionInline(Poll, admin.site).get_formset(request).form

    assert isinstance(poll_form.base_fields["title"], NameField)
    assert isinstance(meeting_form.base_fields["title"], NameField)
    option = options({"label": "\u202eAnna\u200b", "order": "0"})
    option.is_valid()
    assert option.cleaned_data["label"] == "Anna"


def test_the_member_admin_form_cleans_names():
    form_class = modelform_factory(Member, form=MemberAdminForm, fields=["first_name", "last_name"])

    form = form_class({"first_name": "No\u200bor", "last_name": "\u2067Voorbeeld\u2069"})

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["first_name"], form.cleaned_data["last_name"]) == (
        "Noor",
        "Voorbeeld",
    )

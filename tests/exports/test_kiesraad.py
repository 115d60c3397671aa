"""How names are written for the Kiesraad: pure functions, no database."""

from datetime import date

import pytest

from exports.kiesraad import (
    date_for_list,
    malformed_initials,
    multi_letter_initials,
    name_for_list,
    normalise_initials,
    residence_for_list,
    surname_for_list,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("ab c", "A.B.C."),
        ("A B C", "A.B.C."),
        ("A.B", "A.B."),
        ("a.b.c.", "A.B.C."),
        (" M. E. ", "M.E."),
        ("ij", "IJ."),  # IJ is one letter in Dutch
        ("IJ.A.", "IJ.A."),
        ("I.J.", "I.J."),  # written with two dots: two initials
        ("Th.", "Th."),  # kept, so the checks can point it out
        ("Chr. A", "Chr.A."),
        ("", ""),
    ],
)
def test_initials_get_a_dot_each_and_nothing_between(typed, normalised):
    assert normalise_initials(typed) == normalised


def test_multi_letter_and_non_letter_initials_are_found():
    assert multi_letter_initials("Th. A. IJ.") == ["Th."]
    assert multi_letter_initials("A.B.") == []
    assert malformed_initials("W-A") == ["-."]
    assert malformed_initials("A.2") == ["2."]
    assert malformed_initials("Ö.A.") == []


def test_the_prefix_stands_before_the_surname_in_lowercase():
    assert surname_for_list(prefix="Van  der", last_name="Meer") == "van der Meer"
    assert surname_for_list(prefix="", last_name=" Mensah ") == "Mensah"


@pytest.mark.parametrize(
    ("parts", "printed"),
    [
        (
            {"initials": "e", "prefix": "van der", "last_name": "Meer", "first_name": "Eva"},
            "van der Meer, E. (Eva)",
        ),
        (
            {
                "initials": "ab",
                "prefix": "de",
                "last_name": "Vries",
                "first_name": "Anna",
                "gender": "v",
            },
            "de Vries, A.B. (Anna) (v)",
        ),
        ({"initials": "K.A.", "prefix": "", "last_name": "Mensah"}, "Mensah, K.A."),
        (
            {"initials": "k", "prefix": "", "last_name": "Mensah", "gender": "m"},
            "Mensah, K. (m)",
        ),
    ],
)
def test_the_name_as_the_kiesraad_list_prints_it(parts, printed):
    assert name_for_list(**parts) == printed


def test_a_place_abroad_gets_its_country_code_and_dates_are_day_month_year():
    assert residence_for_list(place="Utrecht", country="NL") == "Utrecht"
    assert residence_for_list(place="Gent", country="be") == "Gent (BE)"
    assert date_for_list(date(1990, 3, 7)) == "07-03-1990"
    assert date_for_list(None) == ""

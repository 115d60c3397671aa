"""Results as plain data for the pages and the PDF: fractions as text and as rounded floats."""

from fractions import Fraction

from counting import meek_stv, schulze_order, sequential_stv
from counting.data import fraction_data, result_to_data

from .ranked import ballots


def test_a_fraction_is_its_exact_text_and_a_float_to_four_places():
    assert fraction_data(Fraction(123, 7)) == {"exact": "123/7", "approx": 17.5714}
    assert fraction_data(5) == {"exact": "5", "approx": 5.0}
    assert fraction_data(None) is None


def test_schulze_data_has_both_matrices_by_rows_and_columns():
    data = result_to_data(schulze_order(ballots((2, "AB"), (1, "BA")), "AB"), {"A": "Anna"})

    assert data["pairwise"] == [[None, 2], [1, None]]
    assert data["strongest"] == [[None, 2], [0, None]]
    assert data["order"] == ["A", "B"]
    assert data["candidates"] == [{"id": "A", "label": "Anna"}, {"id": "B", "label": "B"}]


def test_meek_data_has_quota_and_keep_values_per_round():
    data = result_to_data(meek_stv(ballots((4, "AB"), (2, "B"), (1, "C")), "ABC", seats=2))

    first = data["stages"][0]
    assert first["quota"]["approx"] == 2.3333
    assert first["keep_values"][0] == {"candidate": "A", "keep": {"exact": "1", "approx": 1.0}}
    assert first["title"] == "Round 1: candidates reach the quota"


def test_sequential_data_has_one_count_per_place_and_names_the_candidates_by_label():
    # Place 1: A (3 of 5). Place 2: a two-seat count (quota 2) where A's surplus of 1 makes
    # B's 1 vote a quota.
    result = sequential_stv(ballots((3, "AB"), (1, "B"), (1, "CB")), "ABC")

    data = result_to_data(result, {"A": "Anna", "B": "Bram", "C": "Chris"})

    assert data["order"] == ["A", "B", "C"]
    assert [place["candidate"] for place in data["places"]] == ["A", "B", "C"]
    first, second = data["places"][0]["count"], data["places"][1]["count"]
    assert first["method"] == "irv" and second["protected"] == ["A"]
    assert first["stages"][0]["votes"][0] == {
        "candidate": "A",
        "votes": {"exact": "3", "approx": 3.0},
    }
    assert second["stages"][1]["title"] == "Stage 2: surplus of Anna transferred"
    assert second["stages"][1]["transfers"][0]["description"] == "Anna → Bram: 1 (ballots: 3)"
    assert second["stages"][1]["elected"] == ["B"]

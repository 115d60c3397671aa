"""The Schulze method on members' ballots: published examples and the reading of short ballots."""

from counting import schulze_order

from .ranked import ballots

WIKIPEDIA_45 = ballots(
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
)


def test_the_45_voter_example_of_schulzes_paper_gives_e_a_c_b_d():
    result = schulze_order(WIKIPEDIA_45, "ABCDE")

    assert result.order == tuple("EACBD")
    assert [result.pairwise[("A", c)] for c in "BCDE"] == [20, 26, 30, 22]
    assert [result.pairwise[(c, "A")] for c in "BCDE"] == [25, 19, 15, 23]
    assert [result.strongest[("E", c)] for c in "ABCD"] == [25, 28, 28, 31]
    assert [result.strongest[(c, "E")] for c in "ABCD"] == [24, 24, 24, 24]
    assert result.wins == {"E": 4, "A": 3, "C": 2, "B": 1, "D": 0}
    assert result.tie_breaks == () and result.lots is None


def test_the_tennessee_capital_example_orders_nashville_first():
    # https://en.wikipedia.org/wiki/Condorcet_method: 42 % Memphis, 26 % Nashville,
    # 15 % Chattanooga, 17 % Knoxville.
    election = ballots((42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM"))

    assert schulze_order(election, "MNCK").order == tuple("NCKM")


def test_a_ranked_candidate_beats_every_unranked_one():
    # Three members rank only A; two rank B over A. A is first on a majority of ballots.
    result = schulze_order(ballots((3, "A"), (2, "BA")), "AB")

    assert result.pairwise[("A", "B")] == 3 and result.pairwise[("B", "A")] == 2
    assert result.order == ("A", "B")


def test_blank_and_invalid_ballots_are_counted_apart():
    result = schulze_order([["A"], [], ["A", "Q"]], "AB")

    assert (result.ballots, result.valid, result.blank, result.invalid) == (3, 1, 1, 1)

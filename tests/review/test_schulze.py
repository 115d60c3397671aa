from counting.schulze_paths import schulze


def ballots(*groups):
    return [list(order) for count, order in groups for _ in range(count)]


def test_the_45_voter_example_gives_e_a_c_b_d():
    # The example in Schulze's paper and on Wikipedia ("Schulze method").
    rankings = ballots(
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    )

    result = schulze(rankings, "ABCDE")

    assert result.order == list("EACBD")
    assert result.pairwise[("A", "B")] == 20 and result.pairwise[("B", "A")] == 25
    assert result.strongest[("E", "D")] == 31
    assert result.strongest[("A", "B")] == 28 and result.strongest[("B", "A")] == 25


def test_a_candidate_left_out_of_a_ranking_is_not_counted_against():
    # The second voter has a conflict with C and leaves it out: no opinion about C.
    result = schulze([["C", "A", "B"], ["A", "B"]], ["A", "B", "C"])

    assert result.pairwise[("A", "C")] == 0
    assert result.order == ["C", "A", "B"]


def test_ties_follow_the_given_order():
    assert schulze([["A", "B"], ["B", "A"]], ["B", "A"]).order == ["B", "A"]

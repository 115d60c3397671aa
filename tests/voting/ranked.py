"""Helpers for the tests of the ranked methods: ballots from groups and random elections."""

from hypothesis import strategies as st

LETTERS = "ABCDEFG"


def ballots(*groups) -> list[list]:
    """``ballots((5, "ACB"), (3, "B"))``: five ballots A > C > B and three B."""
    return [list(ranking) for count, ranking in groups for _ in range(count)]


def grouped(*groups) -> list[tuple[tuple, int]]:
    return [(tuple(ranking), count) for count, ranking in groups]


@st.composite
def elections(draw, *, min_candidates: int = 2, max_candidates: int = 7, min_ballots: int = 1):
    """(candidates, groups of (ranking, count)): rankings of any length, most ballots in a few
    groups so that the totals are not all tiny and equal."""
    n = draw(st.integers(min_candidates, max_candidates))
    candidates = list(LETTERS[:n])
    ranking = st.tuples(st.permutations(candidates), st.integers(1, n)).map(
        lambda pair: tuple(pair[0][: pair[1]])
    )
    groups = draw(
        st.lists(st.tuples(ranking, st.integers(1, 12)), min_size=min_ballots, max_size=10)
    )
    return candidates, groups


def expand(groups) -> list[list]:
    return [list(ranking) for ranking, count in groups for _ in range(count)]


# The examples of stvpoll's tests.py: (candidates, groups, seats, elected).
OPA = (
    ["Alice", "Bob", "Chris", "Don", "Eric"],
    grouped(
        (28, ["Alice", "Bob", "Chris"]),
        (26, ["Bob", "Alice", "Chris"]),
        (3, ["Chris"]),
        (2, ["Don"]),
        (1, ["Eric"]),
    ),
    3,
    {"Alice", "Bob", "Chris"},
)
# https://en.wikipedia.org/wiki/Single_transferable_vote (the desserts)
WIKIPEDIA_STV = (
    ["orange", "chocolate", "pear", "strawberry", "bonbon"],
    grouped(
        (4, ["orange"]),
        (2, ["pear", "orange"]),
        (8, ["chocolate", "strawberry"]),
        (4, ["chocolate", "bonbon"]),
        (1, ["strawberry"]),
        (1, ["bonbon"]),
    ),
    3,
    {"chocolate", "orange", "strawberry"},
)
# https://en.wikipedia.org/wiki/CPO-STV, counted by plain STV
WIKIPEDIA_CPO = (
    ["Andrea", "Carter", "Brad", "Delilah", "Scott"],
    grouped(
        (25, ["Andrea"]),
        (34, ["Carter", "Brad", "Delilah"]),
        (7, ["Brad", "Delilah"]),
        (8, ["Delilah", "Brad"]),
        (5, ["Delilah", "Scott"]),
        (21, ["Scott", "Delilah"]),
    ),
    3,
    {"Carter", "Scott", "Andrea"},
)
# stvpoll's "vote transfers check": fifteen ballots, five seats
TRANSFERS_CHECK = (
    [6041, 6042, 6044, 6038, 6034, 6043, 6040, 6039, 6035, 6036, 6037],
    [
        (tuple(ranking), 1)
        for ranking in [
            [6039, 6043, 6042, 6044, 6034],
            [6043, 6042, 6039, 6036, 6037, 6044, 6041, 6040, 6038, 6035, 6034],
            [6038, 6042, 6036, 6035, 6034, 6037, 6040, 6039, 6043, 6044, 6041],
            [6034, 6035, 6036, 6037, 6038],
            [6037, 6038, 6044],
            [6039, 6038, 6037, 6042, 6044],
            [6038, 6039, 6037, 6036, 6035, 6034, 6040, 6042],
            [6036, 6035, 6039, 6040, 6042, 6037, 6041, 6043, 6044],
            [6034, 6038, 6039, 6040, 6042],
            [6034, 6036, 6035, 6040, 6042, 6043, 6044, 6041, 6039, 6037, 6038],
            [6037, 6042, 6040, 6044, 6035],
            [6034, 6042, 6037, 6044, 6036, 6035, 6043, 6040, 6039, 6041, 6038],
            [6037, 6043, 6038, 6035, 6034, 6036, 6039, 6040, 6041, 6042, 6044],
            [6036, 6035, 6034, 6038, 6041, 6042, 6040],
            [6037, 6044, 6042, 6040, 6034, 6036, 6035, 6038, 6041],
        ]
    ],
    5,
    None,
)

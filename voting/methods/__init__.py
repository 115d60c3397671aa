"""Counting ranked ballots: pure Python, exact fractions, no database.

| method       | seats      | module                         |
|--------------|------------|--------------------------------|
| ``irv``      | one        | ``voting.methods.irv``         |
| ``stv``      | several    | ``voting.methods.stv`` (Scottish STV, 2007 Order) |
| ``meek``     | several    | ``voting.methods.meek``        |
| ``sequential`` | an order | ``voting.methods.sequential``  |
| ``schulze``  | an order   | ``voting.methods.schulze``     |

A ballot is a sequence of candidate ids, best first (``voting.methods.ballots``). Ties are
broken by looking back at earlier stages, then by lots with a recorded seed
(``voting.methods.ties``). Every result explains itself stage by stage; ``data.result_to_data``
makes it JSON, ``report.result_text`` plain text, and ``export`` writes and reads the
anonymised ballots for a recount (``manage.py tally``).

The counts are built for large ballots without giving up exactness: identical ballots are
counted once (``ballots``), papers of equal value move as parcels (``piles``), Meek STV counts
in whole units of its 10⁻⁹ precision, and Schulze adds up its pairwise matrix in one pass.
``bench/tally.py`` times them (10,000 ballots x 30 candidates); the tests in
``tests/voting/test_methods_aggregated.py`` hold them to plain ballot-by-ballot counts.
"""

from collections.abc import Hashable, Iterable, Sequence

from voting.methods.irv import instant_runoff
from voting.methods.meek import meek_stv
from voting.methods.schulze import schulze_order
from voting.methods.sequential import sequential_stv
from voting.methods.stv import scottish_stv

METHODS = ("schulze", "stv", "meek", "irv", "sequential")


def count_ranked(
    method: str,
    ballots: Iterable[Sequence[Hashable]],
    candidates: Sequence[Hashable],
    *,
    seats: int | None = None,
    seed: str | int | None = None,
):
    """Count by ``method``. ``seats``: the seats for ``stv`` and ``meek`` (default 1), the
    number of places to fill for ``sequential`` (default all); ``irv`` and ``schulze`` ignore
    it."""
    if method == "irv":
        return instant_runoff(ballots, candidates, seed=seed)
    if method == "stv":
        return scottish_stv(ballots, candidates, seats=seats or 1, seed=seed)
    if method == "meek":
        return meek_stv(ballots, candidates, seats=seats or 1, seed=seed)
    if method == "sequential":
        return sequential_stv(ballots, candidates, places=seats, seed=seed)
    if method == "schulze":
        return schulze_order(ballots, candidates, seed=seed)
    raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")

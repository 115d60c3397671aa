"""Counting ranked ballots: pure Python, exact fractions, no database.

The ground floor of the project: no models, no Django app, and nothing imported from the
apps above it. Two things come from outside the standard library: Django's ``gettext`` (the
texts of ``report``, translated through the project's catalogue in ``locale/``) and
``core.spreadsheet_safe`` (the cells ``export`` writes and reads back).

| method         | seats    | module                                                 |
|----------------|----------|--------------------------------------------------------|
| ``irv``        | one      | ``counting.irv``                                       |
| ``stv``        | several  | ``counting.stv`` (Scottish STV, 2007 Order)            |
| ``meek``       | several  | ``counting.meek``                                      |
| ``sequential`` | an order | ``counting.sequential``                                |
| ``schulze``    | an order | ``counting.schulze`` (on ``counting.schulze_paths``)   |

``counting.schulze_paths`` is the Schulze method's maths (pairwise counts, widest paths),
shared with the committee's ordering of applications (``review.services``).

A ballot is a sequence of candidate ids, best first (``counting.ballots``). Ties are
broken by looking back at earlier stages, then by lots with a recorded seed
(``counting.ties``). Every result explains itself stage by stage; ``data.result_to_data``
makes it JSON, ``report.result_text`` plain text, and ``export`` writes and reads the
anonymised ballots for a recount (``manage.py tally``).

The counts are built for large ballots without giving up exactness: identical ballots are
counted once (``ballots``), papers of equal value move as parcels (``piles``), Meek STV counts
in whole units of its 10⁻⁹ precision, and Schulze adds up its pairwise matrix in one pass.
``bench/tally.py`` times them (10,000 ballots x 30 candidates); the tests in
``tests/voting/test_methods_aggregated.py`` hold them to plain ballot-by-ballot counts.
"""

from collections.abc import Hashable, Iterable, Sequence

from counting.irv import instant_runoff
from counting.meek import meek_stv
from counting.schulze import schulze_order
from counting.sequential import sequential_stv
from counting.stv import scottish_stv

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

"""How long do the ranked counts take on a large ballot?

Generates N ranked ballots over C candidates (default 10,000 x 30) from a fixed seed: every
candidate has a popularity, every voter belongs to one of three blocs that favour their own
slate, draws a full preference order by popularity (the Plackett-Luce model: the next
preference is drawn among those left, in proportion to their popularity) and ranks a prefix
of it of random length 1..C. Then times, on the same ballots in the same run:
- the Schulze order (``counting.schulze_order``);
- Scottish STV for S seats (default 15; ``counting.scottish_stv``, exact fractions);
- stvpoll's Scottish STV (the test-only reference, with its five-decimal rounding switched
  off through its ``round`` hook, as the tests compare it), and the ratio of the two;
and checks that both STV counts elect the same candidates. They run R times (default 5) by
turns, so that load from elsewhere on a shared machine falls on all alike, and the median is
printed with the spread; then each runs once more under tracemalloc for its peak Python heap.
Last, Meek STV and sequential STV on a smaller case (1,000 ballots x 20 candidates, 5 seats).
No database is needed.
Usage: python bench/tally.py [N] [C] [S] [--repeat R]
Goals: the same winners as stvpoll, STV >= 10x faster than it, Schulze <= 0.1 s.
"""

import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stvpoll.scottish_stv import ScottishSTV
from stvpoll.types import SelectionMethod

from counting import meek_stv, schulze_order, scottish_stv, sequential_stv

SEED = 2026
BLOCS = ((0.5, 1.0), (0.3, 4.0), (0.2, 8.0))  # (share of voters, weight on the bloc's slate)


class UnroundedScottishSTV(ScottishSTV):
    round = staticmethod(lambda value: value)


def generate(ballots: int, candidates: int, seed: int = SEED) -> tuple[list, list[list]]:
    """Candidates (ids 101, 102, ...) and the ballots, deterministically from ``seed``."""
    rng = random.Random(seed)
    ids = list(range(101, 101 + candidates))
    popularity = [rng.lognormvariate(0, 0.9) for _ in ids]
    slates = [set(rng.sample(ids, max(1, candidates // 3))) for _ in BLOCS]
    weights = [
        [p * (boost if c in slate else 1.0) for c, p in zip(ids, popularity, strict=True)]
        for slate, (_, boost) in zip(slates, BLOCS, strict=True)
    ]
    shares = [share for share, _ in BLOCS]
    result = []
    for _ in range(ballots):
        bloc = rng.choices(range(len(BLOCS)), shares)[0]
        # Plackett-Luce by an exponential race: the smallest Exp(w) arrives first.
        order = sorted(ids, key=lambda c, w=weights[bloc]: rng.expovariate(w[c - 101]))
        result.append(order[: rng.randint(1, candidates)])
    return ids, result


def stvpoll_stv(ballots: list[list], candidates: list, seats: int):
    random.seed(SEED)  # stvpoll shuffles the candidates with the global random
    poll = UnroundedScottishSTV(seats=seats, candidates=candidates)
    for ballot in ballots:
        poll.add_ballot(ballot)
    return poll.calculate()


def rounds(functions: dict, repeat: int) -> dict:
    """name -> (median seconds, seconds of each run, result). The functions take turns, round
    after round, so that load from elsewhere on a shared machine falls on all of them alike;
    garbage is collected before each run."""
    times: dict = {name: [] for name in functions}
    results: dict = {}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            started = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - started)
    return {
        name: (statistics.median(times[name]), times[name], results[name]) for name in functions
    }


def peak_mb(function) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def report(label: str, function, measured: tuple) -> None:
    median, times, _ = measured
    spread = f"{min(times):.3f}-{max(times):.3f}"
    print(
        f"{label}: {median:.3f} s (median of {len(times)}: {spread}), "
        f"peak {peak_mb(function):.1f} MB"
    )


def main() -> None:
    args = sys.argv[1:]
    repeat = 5
    if "--repeat" in args:
        at = args.index("--repeat")
        repeat = int(args[at + 1])
        del args[at : at + 2]
    numbers = [int(arg) for arg in args if arg.isdigit()]
    n, c, seats = numbers[:3] + [10_000, 30, 15][len(numbers[:3]) :]

    candidates, ballots = generate(n, c)
    lengths = [len(b) for b in ballots]
    print(
        f"{n} ballots x {c} candidates, {seats} seats: {len({tuple(b) for b in ballots})} "
        f"different rankings, {statistics.mean(lengths):.1f} preferences on average"
    )

    functions = {
        "Schulze         ": lambda: schulze_order(ballots, candidates, seed=1),
        "Scottish STV    ": lambda: scottish_stv(ballots, candidates, seats=seats, seed=1),
        "stvpoll STV     ": lambda: stvpoll_stv(ballots, candidates, seats),
    }
    measured = rounds(functions, repeat)
    for label, function in functions.items():
        report(label, function, measured[label])
    (schulze_s, _, schulze), (stv_s, _, stv), (reference_s, _, reference) = measured.values()
    print(f"  Schulze order: {' '.join(map(str, schulze.order[:seats]))} ...")
    ties = {SelectionMethod.TiebreakHistory, SelectionMethod.TiebreakRandom}
    same = set(stv.elected) == set(reference)
    print(
        f"  STV elected: {' '.join(map(str, stv.elected))} in {len(stv.stages)} stages; "
        f"stvpoll elects the same: {'yes' if same else 'NO'}"
        f" (tie-breaks: ours {len(stv.tie_breaks)}, stvpoll "
        f"{sum(r.selection_method in ties for r in reference.rounds)})"
    )
    print(
        f"STV ratio: stvpoll / ours = {reference_s / stv_s:.1f}x (goal >= 10x); "
        f"Schulze {schulze_s:.3f} s (goal <= 0.1 s)"
    )

    small_candidates, small = generate(1000, 20, seed=SEED + 1)
    functions = {
        "Meek STV   1000 x 20, 5 seats  ": lambda: meek_stv(
            small, small_candidates, seats=5, seed=1
        ),
        "Sequential 1000 x 20, 5 places ": lambda: sequential_stv(
            small, small_candidates, places=5, seed=1
        ),
    }
    measured = rounds(functions, repeat)
    for label, function in functions.items():
        report(label, function, measured[label])


if __name__ == "__main__":
    main()

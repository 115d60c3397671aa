"""Words for a tally: stage titles, transfers, tie-breaks and a full round-by-round text.

The texts are translatable (the results pages and the PDF report show them); the ``tally``
management command prints them in English. Candidates are shown by ``labels[id]`` when a
mapping of labels is given, else by their id.
"""

from collections.abc import Callable, Hashable, Mapping
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counting.results import CountResult, Stage, StageKind, Transfer
from counting.schulze import SchulzeResult
from counting.sequential import SequentialResult
from counting.ties import LotsRecord, TieBreak, TiePurpose, TieRule

METHOD_NAMES = {
    "irv": gettext_lazy("Instant-runoff voting"),
    "stv": gettext_lazy("Scottish STV"),
    "meek": gettext_lazy("Meek STV"),
    "sequential": gettext_lazy("Sequential STV"),
    "schulze": gettext_lazy("Schulze method"),
}

STAGE_TITLES = {
    StageKind.FIRST_PREFERENCES: gettext_lazy("Stage %(number)s: first preferences"),
    StageKind.SURPLUS: gettext_lazy("Stage %(number)s: surplus of %(candidate)s transferred"),
    StageKind.EXCLUSION: gettext_lazy("Stage %(number)s: %(candidate)s excluded"),
    StageKind.FILL: gettext_lazy(
        "Stage %(number)s: no more continuing candidates than seats left, all elected"
    ),
}
ROUND_TITLES = {
    StageKind.FIRST_PREFERENCES: gettext_lazy("Round %(number)s: first preferences"),
    StageKind.ELECTION: gettext_lazy("Round %(number)s: candidates reach the quota"),
    StageKind.EXCLUSION: gettext_lazy("Round %(number)s: %(candidate)s excluded"),
    StageKind.FILL: gettext_lazy(
        "Round %(number)s: no more hopeful candidates than seats left, all elected"
    ),
}

TIE_PURPOSES = {
    TiePurpose.EXCLUSION: gettext_lazy("exclusion"),
    TiePurpose.ELECTION_ORDER: gettext_lazy("order of election"),
    TiePurpose.SURPLUS_ORDER: gettext_lazy("order of surplus transfers"),
    TiePurpose.PLACE: gettext_lazy("place in the order"),
}

Labeller = Callable[[Hashable], str]


def labeller(labels: Mapping | None) -> Labeller:
    return lambda candidate: str(labels.get(candidate, candidate) if labels else candidate)


def number(value: Fraction | int) -> str:
    """``12`` for whole numbers, else the value to four decimals and the exact fraction."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4f} ({value})"


def names(candidates, label: Labeller) -> str:
    return ", ".join(label(c) for c in candidates) or "—"


def stage_title(stage: Stage, method: str, label: Labeller = str) -> str:
    """Scottish STV counts in stages; instant-runoff and Meek STV in rounds."""
    titles = STAGE_TITLES if method == "stv" else ROUND_TITLES
    candidate = label(stage.subject) if stage.subject is not None else ""
    return str(titles[stage.kind]) % {"number": stage.number, "candidate": candidate}


def transfer_text(transfer: Transfer, label: Labeller = str) -> str:
    values = {
        "source": label(transfer.source),
        "target": label(transfer.target) if transfer.target is not None else "",
        "value": number(transfer.value),
        "papers": transfer.papers,
    }
    if transfer.target is None:
        return _("%(source)s → exhausted: %(value)s (ballots: %(papers)s)") % values
    return _("%(source)s → %(target)s: %(value)s (ballots: %(papers)s)") % values


def tie_break_text(tie: TieBreak, label: Labeller = str) -> str:
    values = {
        "purpose": TIE_PURPOSES[tie.purpose],
        "tied": names(tie.tied, label),
        "chosen": label(tie.chosen),
        "stage": tie.stage,
        "among": names(tie.drawn_among, label),
    }
    if tie.rule == TieRule.LOOK_BACK:
        return (
            _("Tie for %(purpose)s between %(tied)s: %(chosen)s, by the votes at stage %(stage)s")
            % values
        )
    return _("Tie for %(purpose)s between %(tied)s: %(chosen)s, by lots among %(among)s") % values


def lots_text(lots: LotsRecord, label: Labeller = str) -> str:
    values = {"seed": lots.seed, "order": names(lots.order, label)}
    if lots.generated:
        return _("Lots drawn with seed %(seed)s (drawn by the system); lot order: %(order)s") % (
            values
        )
    return _("Lots drawn with seed %(seed)s; lot order: %(order)s") % values


def ballots_text(result) -> str:
    return _("Ballots: %(total)s; valid %(valid)s, blank %(blank)s, invalid %(invalid)s") % {
        "total": result.ballots,
        "valid": result.valid,
        "blank": result.blank,
        "invalid": result.invalid,
    }


def stage_details(stage: Stage, method: str, label: Labeller = str) -> list[str]:
    """The lines under a stage's title: what moved, the totals, who was elected, the ties."""
    lines = []
    if stage.surplus is not None:
        lines.append(
            _("Surplus %(surplus)s; each ballot passes on %(factor)s of its value")
            % {"surplus": number(stage.surplus), "factor": number(stage.transfer_value)}
        )
    if stage.quota is not None:
        lines.append(
            _("Keep values settled (iterations: %(iterations)s); quota %(quota)s")
            % {"iterations": stage.iterations, "quota": number(stage.quota)}
        )
    if stage.continuing is not None:
        lines.append(
            _("Majority: more than half of %(votes)s votes on continuing ballots")
            % {"votes": number(stage.continuing)}
        )
    lines.extend(transfer_text(transfer, label) for transfer in stage.transfers)
    if stage.lost:
        lines.append(_("Lost to rounding: %(votes)s") % {"votes": number(stage.lost)})
    width = max((len(label(c)) for c in stage.votes), default=0)
    for candidate, votes in stage.votes.items():
        keep = stage.keep_values.get(candidate)
        suffix = "" if keep is None else "   " + _("keep %(keep)s") % {"keep": number(keep)}
        lines.append(f"  {label(candidate):<{width}}  {number(votes)}{suffix}")
    lines.append(_("Exhausted so far: %(votes)s") % {"votes": number(stage.exhausted)})
    lines.extend(tie_break_text(tie, label) for tie in stage.tie_breaks)
    if stage.elected:
        lines.append(_("Elected: %(candidates)s") % {"candidates": names(stage.elected, label)})
    return lines


def count_text(result: CountResult, label: Labeller = str) -> list[str]:
    lines = [f"{METHOD_NAMES[result.method]}", ballots_text(result)]
    if result.method != "irv":
        lines.append(_("Seats: %(seats)s") % {"seats": result.seats})
    if result.method == "stv":
        lines.append(_("Quota: %(quota)s") % {"quota": number(result.quota)})
        if result.precision is not None:
            lines.append(
                _("Transfer values truncated to %(places)s decimal places")
                % {"places": result.precision}
            )
    if result.protected:
        lines.append(
            _("Kept from earlier places: %(candidates)s")
            % {"candidates": names(result.protected, label)}
        )
    for stage in result.stages:
        lines.extend(["", stage_title(stage, result.method, label)])
        lines.extend(stage_details(stage, result.method, label))
    lines.append("")
    if result.elected:
        lines.append(_("Elected: %(candidates)s") % {"candidates": names(result.elected, label)})
    else:
        lines.append(_("No candidate elected."))
    if result.lots:
        lines.append(lots_text(result.lots, label))
    return lines


def sequential_text(result: SequentialResult, label: Labeller = str) -> list[str]:
    lines = [str(METHOD_NAMES["sequential"]), ballots_text(result)]
    for place, (candidate, count) in enumerate(zip(result.order, result.counts, strict=True), 1):
        lines.extend(
            [
                "",
                "=" * 72,
                _("Place %(place)s: %(candidate)s")
                % {"place": place, "candidate": label(candidate)},
            ]
        )
        lines.extend("  " + line if line else "" for line in count_text(count, label))
    lines.extend(["", _("Order: %(candidates)s") % {"candidates": names(result.order, label)}])
    if result.lots:
        lines.append(lots_text(result.lots, label))
    return lines


def matrix_text(matrix: dict, candidates, label: Labeller) -> list[str]:
    heads = [label(c) for c in candidates]
    width = max([len(h) for h in heads] + [3])
    lines = [" " * width + "".join(f" {h:>{width}}" for h in heads)]
    for a, head in zip(candidates, heads, strict=True):
        cells = ["—" if a == b else str(matrix[(a, b)]) for b in candidates]
        lines.append(f"{head:<{width}}" + "".join(f" {cell:>{width}}" for cell in cells))
    return lines


def schulze_text(result: SchulzeResult, label: Labeller = str) -> list[str]:
    candidates = result.candidates
    lines = [str(METHOD_NAMES["schulze"]), ballots_text(result), ""]
    lines.append(_("Pairwise preferences: ballots preferring the row to the column"))
    lines.extend(matrix_text(result.pairwise, candidates, label))
    lines.extend(["", _("Strongest paths from the row to the column")])
    lines.extend(matrix_text(result.strongest, candidates, label))
    lines.append("")
    for place, candidate in enumerate(result.order, 1):
        lines.append(
            _("%(place)s. %(candidate)s (beats %(wins)s)")
            % {"place": place, "candidate": label(candidate), "wins": result.wins[candidate]}
        )
    lines.extend(tie_break_text(tie, label) for tie in result.tie_breaks)
    if result.lots:
        lines.append(lots_text(result.lots, label))
    return lines


def result_text(result, labels: Mapping | None = None) -> str:
    """The whole tally as plain text, round by round."""
    label = labeller(labels)
    if isinstance(result, SchulzeResult):
        lines = schulze_text(result, label)
    elif isinstance(result, SequentialResult):
        lines = sequential_text(result, label)
    else:
        lines = count_text(result, label)
    return "\n".join(lines) + "\n"

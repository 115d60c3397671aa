"""Moved to ``counting.schulze_paths`` (issue #20): this shim keeps ``review.schulze`` working
for its importers until they import from ``counting`` themselves."""

from counting.schulze_paths import (
    SchulzeResult,
    pairwise_preferences,
    precedence,
    schulze,
    strongest_paths,
    widest_paths,
)

__all__ = [
    "SchulzeResult",
    "pairwise_preferences",
    "precedence",
    "schulze",
    "strongest_paths",
    "widest_paths",
]

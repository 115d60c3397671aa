"""Moved to the ``counting`` package (issue #20): this shim keeps ``voting.methods`` working
for its importers until they import from ``counting`` themselves."""

from counting import (
    METHODS,
    count_ranked,
    instant_runoff,
    meek_stv,
    schulze_order,
    scottish_stv,
    sequential_stv,
)

__all__ = [
    "METHODS",
    "count_ranked",
    "instant_runoff",
    "meek_stv",
    "schulze_order",
    "scottish_stv",
    "sequential_stv",
]

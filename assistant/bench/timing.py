"""Figures, medians and the n log n bound the scale rows are held to."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured row: a value against a baseline measured in the same run."""

    group: str
    name: str
    unit: str  # "ms", "s", "MB"
    value: float | None = None
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def unavailable(group: str, name: str, unit: str, why: str, target: str = "") -> Figure:
    return Figure(group, name, unit, target=target, note=f"not available: {why}")


# CPU time of this process, not wall time: other work on the machine (tests, other programs)
# then cannot make one size or one side of a ratio look slower than it is.
clock = time.process_time


def seconds(action: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    """Median CPU time of ``action`` over ``repeat`` runs, each after a full collection."""
    runs: list[float] = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        action()
        runs.append(clock() - start)
    return statistics.median(runs), runs


def per_call(action: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Median time of one call, from ``repeat`` batches of ``calls`` calls."""
    batches: list[float] = []
    for _ in range(repeat):
        start = clock()
        for _ in range(calls):
            action()
        batches.append((clock() - start) / calls)
    return statistics.median(batches)


def nlogn_ratio(small: int, large: int) -> float:
    """How much n log n grows from ``small`` to ``large``: the ceiling for a growth ratio."""
    return (large * math.log(large)) / (small * math.log(small))

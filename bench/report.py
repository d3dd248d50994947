"""The one table the benchmark prints: each figure, its goal and whether it was met."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Figure:
    """One measured number, and the goal it is held against (``None``: reported only)."""

    key: str
    label: str
    value: float
    unit: str = ""
    goal: tuple[str, float] | None = None
    detail: str = ""

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        op, limit = self.goal
        return _COMPARE[op](self.value, limit)

    def shown_value(self) -> str:
        return f"{_number(self.value)}{' ' + self.unit if self.unit else ''}"

    def shown_goal(self) -> str:
        if self.goal is None:
            return "—"
        op, limit = self.goal
        return f"{op.replace('<=', '≤').replace('>=', '≥')} {_number(limit)}" + (
            f" {self.unit}" if self.unit else ""
        )


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    if value == int(value) and abs(value) < 1e9:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def verdict(figure: Figure, *, judged: bool) -> str:
    met = figure.met
    if met is None:
        return "info"
    if not judged:
        return "(yes)" if met else "(no)"
    return "yes" if met else "NO"


def table(figures: Sequence[Figure], *, judged: bool = True) -> str:
    """A plain-text table; with ``judged`` false (``--quick``) verdicts are shown in brackets."""
    header = ("#", "figure", "value", "goal", "met", "detail")
    rows = [
        (f.key, f.label, f.shown_value(), f.shown_goal(), verdict(f, judged=judged), f.detail)
        for f in figures
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    widths[-1] = len(header[-1])

    def line(cells: Sequence[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row).rstrip() for row in rows)])

"""What the flow tests share about the move tables: a step lands where its table says."""

from __future__ import annotations

from typing import Any

from flows.base import Event, TimerExpired
from flows.machine import Machine


def lands_where_the_table_says(
    machine: Machine[Any, Any], before: Any, event: Event, after: Any
) -> None:
    """An accepted move was legal before, and leads to the table's phase (a stale timer stays)."""
    assert machine.legal(before, type(event)), f"{type(event).__name__} accepted but not legal"
    move = machine.moves[type(event)]
    was, now = machine.phase_of(before), machine.phase_of(after)
    target = move.target(was)
    if target is None:
        assert now is was, f"{type(event).__name__} left {was} for {now}"
    elif isinstance(event, TimerExpired):
        assert now in (was, target)
    else:
        assert now is target, f"{type(event).__name__} led to {now}, not {target}"

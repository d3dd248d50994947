"""Each format's phase diagram, rendered as text from its move table.

The diagrams in ``docs/PHASES.md`` are this module's output, and a test
compares the two, so the documentation can't drift from the rules: change a
table, and the test asks for the file to be written again.
"""

from __future__ import annotations

from typing import Any

from flows.base import TimerExpired
from flows.closing import MACHINE as CLOSING
from flows.council import MACHINE as COUNCIL
from flows.fishbowl import MACHINE as FISHBOWL
from flows.machine import Machine
from flows.pinboard import MACHINE as PINBOARD
from flows.questions import MACHINE as QUESTIONS
from flows.survey import MACHINE as SURVEY

MACHINES: tuple[Machine[Any, Any], ...] = (PINBOARD, FISHBOWL, COUNCIL, QUESTIONS, CLOSING,
                                          SURVEY)
"""Every format's machine, in the order the documentation shows them."""

UPDATE = (
    "python -c \"from flows.phases import document; print(document(), end='')\""
    " > docs/PHASES.md"
)


def diagram(machine: Machine[Any, Any]) -> str:
    """One format's phases: how a round starts, where each move leads, and what stays put."""
    opening = machine.opening
    lines = [f"(no round) --{opening.event.__name__}--> {opening.start.value}"]
    for phase in machine.phase_type:
        staying: list[str] = []
        leaving: list[str] = []
        for _, event_type, target in (t for t in machine.transitions() if t[0] is phase):
            name = event_type.__name__
            if target is None or target is phase:
                staying.append(name)
            elif event_type is TimerExpired:
                leaving.append(f"{phase.value} --{name}--> {target.value}  (the current timer)")
            else:
                leaving.append(f"{phase.value} --{name}--> {target.value}")
        lines += leaving
        lines.append(f"{phase.value} stays on: {', '.join(staying) if staying else 'nothing'}")
    return "\n".join(lines)


def document() -> str:
    """The whole of ``docs/PHASES.md``."""
    parts = [
        "# Phase diagrams",
        "",
        "Rendered from each format's move table (`MACHINE` in `flows/pinboard/machine.py`,",
        "`flows/fishbowl/machine.py`, `flows/council/machine.py`, `flows/questions/machine.py`,",
        "`flows/closing/machine.py`, and the survey before the event's",
        "`flows/survey/machine.py`) by `flows.phases.document()`;",
        "`tests/flows/test_phases.py` fails when this file differs from the tables.",
        "After changing a table, write it again:",
        "",
        f"    {UPDATE}",
        "",
        "A line `a --Event--> b` is a move that leads from phase `a` to phase `b`;",
        "`a stays on:` lists the moves allowed in `a` that keep the phase. A timer",
        "changes the phase only when it is the round's current one.",
    ]
    for machine in MACHINES:
        parts += ["", f"## {machine.name}", "", "```text", diagram(machine), "```"]
    return "\n".join(parts) + "\n"

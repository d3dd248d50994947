"""The facilitator's panel as rules: which moves it offers now, how a new round is set up.

The panel offers exactly the moves the format's move table (``flows.machine``)
allows in the round's phase and the person's role may send; ``STEERING`` only
says which of a format's event types a panel can carry out with a tap (the
others need words: a note, an interest). A new round is set up in steps: the
format, its title, for some formats lines (a pinboard's guiding questions, a
council's interest groups), for some a yes or no (anonymous private questions,
a closing round's rating), then the duration from a few buttons. Whether the
answers make a round is the format's own opening rule, asked before anything
is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows import closing, council, fishbowl, pinboard, questions, roles
from flows.base import Event, Step
from flows.machine import Machine
from flows.minutes import WriteMinutes
from flows.people import ChooseContributor

MACHINES: dict[str, Machine[Any, Any]] = {
    "pinboard": pinboard.MACHINE,
    "fishbowl": fishbowl.MACHINE,
    "council": council.MACHINE,
    "questions": questions.MACHINE,
    "closing": closing.MACHINE,
}
"""Each format's move table, by the kind its rounds are stored under."""

STEERING: dict[str, tuple[type[Event], ...]] = {
    "pinboard": (pinboard.StartClustering, pinboard.AcceptSuggestion, pinboard.StartVote,
                 pinboard.ShowTallies, pinboard.Extend, pinboard.Close),
    "fishbowl": (fishbowl.SeatNext, fishbowl.SeatPerson, fishbowl.Speaks, fishbowl.FixSeat,
                 fishbowl.Extend, fishbowl.Close),
    "council": (council.NextRound, council.GoBack, council.RemindMissing, council.Extend,
                council.Close),
    "questions": (questions.MarkAnswered, questions.Extend, questions.Close),
    "closing": (closing.Extend, closing.Close),
}
"""The event types a tap on the panel can send, per format, in the order the panel shows them
(none of them needs words); which of them it shows is the move table's answer."""

DURATIONS = (0, 5, 10, 15, 20, 30)
"""Minutes offered for a new round; 0 means no timer."""
EXTENSIONS = (5, 10)
"""Minutes a running round can be given more."""
VOTE_BUDGET = 3
"""Points each person gets when the panel starts a dot vote."""


def offered(kind: str, state: Any, role: roles.Role) -> tuple[type[Event], ...]:
    """The moves the panel shows now: those the format's table allows in the state's phase
    and the role may send."""
    machine = MACHINES[kind]
    return tuple(event_type for event_type in STEERING[kind]
                 if machine.legal(state, event_type) and roles.may(role, event_type))


DOCUMENTING: tuple[tuple[str, type[Event]], ...] = (
    ("minutes", WriteMinutes),
    ("impulse", ChooseContributor),
    ("moderation", ChooseContributor),
    ("podium", ChooseContributor),
)
"""What the panel offers for the session's documentation besides its rounds: the summary,
and who gave the impulse, moderated and sat on the podium, each with the move it makes."""


def documenting(role: roles.Role) -> tuple[str, ...]:
    """The parts of the documentation the role may fill in from the panel."""
    return tuple(part for part, event_type in DOCUMENTING if roles.may(role, event_type))


def may_open(kind: str, role: roles.Role) -> bool:
    """Whether the role may start a round of this format (one open round at a time aside)."""
    return roles.may(role, MACHINES[kind].opening.event)


def phase_of(kind: str, state: Any) -> str:
    """The round's phase, as its format names it."""
    return str(MACHINES[kind].phase_of(state))


@dataclass(frozen=True)
class Setup:
    """How a new round of one format is set up on the panel."""

    kind: str
    lines: bool
    """Whether lines follow the title (guiding questions, interest groups)."""
    choice: bool = False
    """Whether a yes or no follows (anonymous private questions, a rating)."""
    default: str | None = None
    """The catalogue key of a title offered with one tap (the closing round's question)."""

    def opening(self, actor: int, title: str, lines: Sequence[str],
                minutes: float | None, choice: bool = False) -> Event:
        """The event that opens the round with these answers."""
        if self.kind == "pinboard":
            return pinboard.OpenBoard(actor=actor, title=title, questions=tuple(lines),
                                      minutes=minutes)
        if self.kind == "fishbowl":
            return fishbowl.OpenFishbowl(actor=actor, topic=title, minutes=minutes)
        if self.kind == "questions":
            return questions.OpenQuestions(actor=actor, title=title, anonymity_allowed=choice,
                                           minutes=minutes)
        if self.kind == "closing":  # the "title" holds the question(s), one a line
            return closing.OpenClosing(actor=actor, questions=split_lines(title), rating=choice,
                                       minutes=minutes)
        return council.OpenCouncil(actor=actor, question=title, groups=tuple(lines),
                                   minutes=minutes)

    def check(self, actor: int, title: str, lines: Sequence[str], now: datetime) -> Step[Any]:
        """Refuse (``FlowError``) answers the format would not open a round with."""
        return MACHINES[self.kind].apply(None, self.opening(actor, title, lines, None), now)


SETUPS: dict[str, Setup] = {
    "pinboard": Setup("pinboard", lines=True),
    "fishbowl": Setup("fishbowl", lines=False),
    "council": Setup("council", lines=True),
    "questions": Setup("questions", lines=False, choice=True, default="questions.default_title"),
    "closing": Setup("closing", lines=False, choice=True, default="closing.default_question"),
}
"""The formats a panel can open, in the order it offers them."""


def split_lines(text: str) -> tuple[str, ...]:
    """One answer a line, blank lines left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())

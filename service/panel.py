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

``MOVES`` says how each of those event types is offered and made, for every
adapter alike (the chat's panel draws them as buttons, the Mini App as buttons
and pickers): its taps (a label and the arguments a tap carries, e.g. one per
person waiting for a seat, one per extension) and the event a tap sends, rebuilt
from the round as it is then, so the flow refuses one that is no longer legal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Any

from flows import closing, council, fishbowl, pinboard, questions, roles
from flows.base import Event, FlowError, Step, short
from flows.machine import Machine
from flows.minutes import WriteMinutes
from flows.people import ChooseContributor
from flows.pinboard.similarity import suggest_clusters
from locales import Translator
from service.formats import RoundFormat

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


def round_lines(kind: str, state: Any, t: Translator, now: datetime) -> list[str]:
    """The round's format, title, phase, time left and counts, as the panel shows them."""
    phase = phase_of(kind, state)
    lines = [t(f"panel.round_{kind}", title=title_of(kind, state)),
             t("panel.phase", phase=t(f"panel.phase_{kind}_{phase}"))]
    deadline = getattr(state, "deadline", None)
    if isinstance(deadline, datetime) and deadline > now:
        minutes = ceil((deadline - now).total_seconds() / 60)
        lines.append(t("panel.minutes_left", count=minutes))
    lines.append(counts(t, kind, state))
    return lines


def title_of(kind: str, state: Any) -> str:
    if isinstance(state, pinboard.PinboardState | questions.QuestionsState):
        return state.title
    if isinstance(state, fishbowl.FishbowlState):
        return state.topic
    if isinstance(state, closing.ClosingState):
        return " / ".join(state.questions)
    assert isinstance(state, council.CouncilState), kind
    return state.question


def counts(t: Translator, kind: str, state: Any) -> str:
    """What the facilitator counts at a glance, per format."""
    if isinstance(state, pinboard.PinboardState):
        notes = sum(1 for note in state.notes if not note.hidden)
        parts = [t("panel.notes", count=notes), t("panel.groups", count=len(state.clusters))]
        if state.budget is not None:
            parts.append(t("panel.dots", count=len(state.dots)))
        return " · ".join(parts)
    if isinstance(state, fishbowl.FishbowlState):
        seated = len(fishbowl.occupants(state))
        return " · ".join([t("panel.chairs", seated=seated, chairs=state.chairs),
                           t("panel.waiting", count=len(state.queue))])
    if isinstance(state, questions.QuestionsState):
        return " · ".join([t("questions.count", count=len(questions.shown(state))),
                           t("questions.answered_count", count=questions.answered_count(state))])
    if isinstance(state, closing.ClosingState):
        parts = [t("closing.answers", count=len(state.answers))]
        if state.rating:
            parts.append(t("closing.ratings", count=len(state.ratings)))
        return " · ".join(parts)
    assert isinstance(state, council.CouncilState), kind
    return " · ".join([t("panel.interest_groups", count=len(state.groups)),
                       t("panel.interests", count=len(state.interests)),
                       t("panel.proposals", count=len(state.proposals))])


MAX_SUGGESTIONS = 5
"""Suggested groups offered at once (more are offered as these are taken)."""
ANSWERED_OFFERED = 3
"""Open questions with the most votes offered to be marked answered (the list has all)."""


@dataclass(frozen=True)
class Tap:
    """One way to make a move: its label, and the code and arguments a tap on it carries."""

    label: str
    code: str
    args: tuple[object, ...] = ()


Names = Callable[[int], str]
"""A person's name by their user id (for seats and the queue)."""
Taps = Callable[[Any, Translator, Names], Sequence[Tap]]
Build = Callable[[RoundFormat[Any], int, Any, Sequence[str]], Event]


@dataclass(frozen=True)
class PanelMove:
    """How one event type is offered (its taps) and what a tap on it sends."""

    code: str
    taps: Taps
    build: Build


def number(args: Sequence[str], index: int = 0) -> int:
    """An argument a tap carried, as a whole number; a broken one is a stale tap."""
    if len(args) <= index or not args[index].lstrip("-").isdigit():
        raise FlowError("core.stale_button")
    return int(args[index])


def one(code: str, key: str, event: Callable[[int], Event]) -> PanelMove:
    """A move with one tap and no arguments."""
    return PanelMove(code, lambda state, t, name: [Tap(t(key), code)],
                     lambda fmt, actor, state, args: event(actor))


def extend_taps(state: Any, t: Translator, name: Names) -> list[Tap]:
    return [Tap(t("panel.extend", minutes=m), "ext", (m,)) for m in EXTENSIONS]


EXTEND = PanelMove("ext", extend_taps,
                   lambda fmt, actor, state, args: fmt.extend_event(actor, number(args)))
CLOSE = PanelMove("end", lambda state, t, name: [Tap(t("panel.close"), "end")],
                  lambda fmt, actor, state, args: fmt.close_event(actor))


def suggestion_taps(state: pinboard.PinboardState, t: Translator, name: Names) -> list[Tap]:
    return [Tap(t("panel.accept", name=short(s.name, 24), count=len(s.notes)), "sug",
                (s.question, s.digest())) for s in suggest_clusters(state)[:MAX_SUGGESTIONS]]


def accept(fmt: RoundFormat[Any], actor: int, state: pinboard.PinboardState,
           args: Sequence[str]) -> Event:
    """The suggestion tapped, if it is still what it was when shown."""
    wanted = args[1] if len(args) > 1 else ""
    match = next((s for s in suggest_clusters(state)
                  if s.question == number(args) and s.digest() == wanted), None)
    if match is None:
        raise FlowError("pinboard.suggestion_stale")
    return match.accept(actor)


def seat_next_taps(state: fishbowl.FishbowlState, t: Translator, name: Names) -> list[Tap]:
    waiting = fishbowl.queue_order(state)
    return [Tap(t("panel.seat_next", name=name(waiting[0])), "nxt")] if waiting else []


def seat_taps(state: fishbowl.FishbowlState, t: Translator, name: Names) -> list[Tap]:
    return [Tap(t("panel.seat", name=name(uid)), "sit", (uid,))
            for uid in fishbowl.queue_order(state)[1:]]


def speaks_taps(state: fishbowl.FishbowlState, t: Translator, name: Names) -> list[Tap]:
    speaker = fishbowl.current_speaker(state)
    return [Tap(t("panel.clock_stop" if seat.user_id == speaker else "panel.clock_start",
                  name=name(seat.user_id)), "spk", (seat.user_id, int(seat.user_id != speaker)))
            for seat in fishbowl.occupants(state)]


def fix_taps(state: fishbowl.FishbowlState, t: Translator, name: Names) -> list[Tap]:
    """Each seated person: fix their seat, or free it when it is fixed."""
    return [Tap(t("panel.unfix" if seat.fixed else "panel.fix", name=name(seat.user_id)), "fix",
                (seat.user_id, int(not seat.fixed))) for seat in fishbowl.occupants(state)]


def answered_taps(state: questions.QuestionsState, t: Translator, name: Names) -> list[Tap]:
    return [Tap(t("panel.answered", number=q.number, text=short(q.text, 24)), "ans", (q.number,))
            for q in questions.top(state, ANSWERED_OFFERED)]


MOVES: dict[type[Event], PanelMove] = {
    pinboard.StartClustering: one("clu", "panel.start_clustering",
                                  lambda actor: pinboard.StartClustering(actor=actor)),
    pinboard.AcceptSuggestion: PanelMove("sug", suggestion_taps, accept),
    pinboard.StartVote: one("vot", "panel.start_vote",
                            lambda actor: pinboard.StartVote(actor=actor, budget=VOTE_BUDGET)),
    pinboard.ShowTallies: one("tal", "panel.show_tallies",
                              lambda actor: pinboard.ShowTallies(actor=actor)),
    pinboard.Extend: EXTEND,
    pinboard.Close: CLOSE,
    fishbowl.SeatNext: PanelMove("nxt", seat_next_taps,
                                 lambda fmt, actor, state, args: fishbowl.SeatNext(actor=actor)),
    fishbowl.SeatPerson: PanelMove(
        "sit", seat_taps,
        lambda fmt, actor, state, args: fishbowl.SeatPerson(actor=actor, user_id=number(args))),
    fishbowl.Speaks: PanelMove(
        "spk", speaks_taps,
        lambda fmt, actor, state, args: fishbowl.Speaks(
            actor=actor, user_id=number(args), start=bool(number(args, 1)))),
    fishbowl.FixSeat: PanelMove(
        "fix", fix_taps,
        lambda fmt, actor, state, args: fishbowl.FixSeat(
            actor=actor, user_id=number(args), fixed=bool(number(args, 1)))),
    fishbowl.Extend: EXTEND,
    fishbowl.Close: CLOSE,
    council.NextRound: one("rnd", "panel.next_round",
                           lambda actor: council.NextRound(actor=actor)),
    council.GoBack: one("bck", "panel.go_back", lambda actor: council.GoBack(actor=actor)),
    council.RemindMissing: one("rem", "panel.remind_missing",
                               lambda actor: council.RemindMissing(actor=actor)),
    council.Extend: EXTEND,
    council.Close: CLOSE,
    questions.MarkAnswered: PanelMove(
        "ans", answered_taps,
        lambda fmt, actor, state, args: questions.MarkAnswered(actor=actor, number=number(args))),
    questions.Extend: EXTEND,
    questions.Close: CLOSE,
    closing.Extend: EXTEND,
    closing.Close: CLOSE,
}
"""Every event type ``STEERING`` names, as it is offered and made."""

BY_CODE: dict[str, PanelMove] = {move.code: move for move in MOVES.values()}


@dataclass(frozen=True)
class Offer:
    """One move offered now, with its taps (one, or one per choice: a person, minutes)."""

    code: str
    taps: tuple[Tap, ...]


def offers(kind: str, state: Any, role: roles.Role, t: Translator,
           name: Names) -> tuple[Offer, ...]:
    """The moves offered now with their taps, in the order ``STEERING`` gives (a move without
    a tap now, such as "seat the next" with nobody waiting, is left out)."""
    found = []
    for event_type in offered(kind, state, role):
        move = MOVES[event_type]
        taps = tuple(move.taps(state, t, name))
        if taps:
            found.append(Offer(move.code, taps))
    return tuple(found)


def build(code: str, fmt: RoundFormat[Any], actor: int, state: Any,
          args: Sequence[str]) -> Event:
    """The event a tap on ``code`` with ``args`` sends to the round as it is now; an unknown
    code is a stale tap, and the flow refuses what is no longer legal."""
    move = BY_CODE.get(code)
    if move is None:
        raise FlowError("core.stale_button")
    return move.build(fmt, actor, state, args)

"""The panel's move buttons: for each event type the flow allows now, its buttons and its event.

Which event types are shown is ``service.panel.offered`` (the format's move
table and the person's role); here is only how each looks as buttons and
which event a tap sends. A button carries a short code and its arguments; the
tap rebuilds the event from the round as it is then, and the flow refuses it
if it is no longer legal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.formats import Format
from bot.pinboard.cluster import digest
from bot.pinboard.render import short
from flows import closing, council, fishbowl, pinboard, questions
from flows.base import Event, FlowError
from flows.pinboard.similarity import suggest_clusters
from locales import Translator
from service.panel import EXTENSIONS, VOTE_BUDGET

MAX_SUGGESTIONS = 5
"""Suggested groups offered at once (more are offered as these are taken)."""


@dataclass(frozen=True)
class Tap:
    """One button of a move: its label, and the code and arguments its press carries."""

    label: str
    code: str
    args: tuple[object, ...] = ()


Names = Callable[[int], str]
Buttons = Callable[[Any, Translator, Names], Sequence[Tap]]
Build = Callable[[Format[Any], int, Any, list[str]], Event]


@dataclass(frozen=True)
class PanelMove:
    """How one event type appears on the panel and what a tap on it sends."""

    code: str
    buttons: Buttons
    build: Build


def number(args: list[str], index: int = 0) -> int:
    """An argument a button carried, as a whole number; a broken one is a stale button."""
    if len(args) <= index or not args[index].lstrip("-").isdigit():
        raise FlowError("core.stale_button")
    return int(args[index])


def one(code: str, key: str, event: Callable[[int], Event]) -> PanelMove:
    """A move with one button and no arguments."""
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
                (s.question, digest(s))) for s in suggest_clusters(state)[:MAX_SUGGESTIONS]]


def accept(fmt: Format[Any], actor: int, state: pinboard.PinboardState,
           args: list[str]) -> Event:
    """The suggestion on the button, if it is still what it was when shown."""
    wanted = args[1] if len(args) > 1 else ""
    match = next((s for s in suggest_clusters(state)
                  if s.question == number(args) and digest(s) == wanted), None)
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


ANSWERED_OFFERED = 3
"""Open questions with the most votes the panel offers to mark answered (the list has all)."""


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
"""Every event type ``service.panel.STEERING`` names, as the panel shows it."""

BY_CODE: dict[str, PanelMove] = {move.code: move for move in MOVES.values()}

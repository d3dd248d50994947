"""The pinboard as a round: the flow's state and ``apply``, its live message and its result."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup

from bot.pinboard.cluster import suggestion_board
from bot.pinboard.common import KIND
from bot.pinboard.render import render_live, result_text
from bot.rounds import Format, LiveView
from flows import pinboard
from flows.base import Announce, Event, Step
from flows.pinboard import Close, Extend, Phase, PinboardState
from storage.dumping import IncrementalDump


class PinboardFormat(Format[PinboardState]):
    """Carries events to ``flows.pinboard`` and shows its state; the rules stay in the flow."""

    kind = KIND
    state_type = PinboardState
    quiet = frozenset({"pinboard.opened", "pinboard.opened_timed", "pinboard.tallies_shown"})
    """The opening and the shown tallies are in the live message; the facilitator is told."""
    notices = frozenset({
        "pinboard.clustering_started", "pinboard.collection_ended", "pinboard.voting_started",
        "pinboard.voting_started_limited", "pinboard.extended", "pinboard.collection_ends_soon",
        "pinboard.vote_ends_soon",
    })
    """A phase change and the time: one short line, replacing the one before."""

    def __init__(self) -> None:
        self._dump = IncrementalDump(("notes", "dots"))

    def dump(self, round_id: int, state: PinboardState) -> str:
        """A board's notes and dots are written from their kept JSON: a note costs the same
        on a board of ten as on a board of a thousand."""
        if state.phase == Phase.CLOSED:
            self._dump.forget(round_id)
            return state.model_dump_json()
        return self._dump(round_id, state)

    def apply(
        self, state: PinboardState | None, event: Event, now: datetime
    ) -> Step[PinboardState]:
        return pinboard.apply(state, event, now)

    def is_open(self, state: PinboardState) -> bool:
        return state.phase != Phase.CLOSED

    def render_live(
        self, state: PinboardState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        return render_live(state, view)

    def close_event(self, actor: int) -> Event:
        return Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return Extend(actor=actor, minutes=minutes)

    def forget(self, state: PinboardState, user_id: int, erase: bool) -> PinboardState:
        return pinboard.forget(state, user_id, erase)

    def present(
        self, effect: Announce, state: PinboardState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        """The close is posted with the result under it, whoever or whatever closed the board;
        the start of grouping with the suggestions to accept, in the one notice."""
        said = view.t(effect.key, **effect.params)
        if effect.key == "pinboard.clustering_started":
            text, markup = suggestion_board(view.t, view.signer, view.session.chat_id,
                                            view.round_id, state)
            return f"{said}\n\n{text}", markup
        if effect.key != "pinboard.closed":
            return None
        return result_text(state, view.t, said), None


FORMAT = PinboardFormat()

"""A format as the bot shows it: the round service's pure format, plus live message and handlers.

The flow, the state and the timers a format derives are ``service.formats``;
here is only what Telegram needs: how a round's live message looks, how an
announcement is shown, and the format's handlers.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup
from telegram.ext import BaseHandler

from bot.buttons import ButtonSigner
from flows.base import Announce, Value
from locales import Translator
from service.formats import RoundFormat
from storage.records import Person, Session

StateT = TypeVar("StateT", bound=Value)


@dataclass(frozen=True)
class LiveView:
    """What a live message needs to render: texts, names, signed buttons, deep links."""

    round_id: int
    session: Session
    t: Translator
    persons: dict[int, Person]
    signer: ButtonSigner
    bot_username: str
    now: datetime

    def name(self, user_id: int) -> str:
        person = self.persons.get(user_id)
        return person.name if person else "?"

    def deep_link(self, payload: str) -> str:
        return f"https://t.me/{self.bot_username}?start={payload}"

    def button_data(self, action: str, *args: object) -> str:
        return self.signer.pack(self.session.chat_id, action, self.round_id, *args)


class Format(RoundFormat[StateT]):
    """One workshop format as the bot sees it."""

    quiet: frozenset[str] = frozenset()
    """Announcements the live message already shows: only the person who acted is told."""
    notices: frozenset[str] = frozenset()
    """Short lines people must notice: each replaces (deletes) the session's previous one."""
    folded: frozenset[str] = frozenset()
    """Announcements another one of the same step shows (a result's lines in the result)."""

    @abstractmethod
    def render_live(
        self, state: StateT, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None]: ...

    def present(
        self, effect: Announce, state: StateT, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        """How the session sees one announcement, when its catalogue text is not enough.

        A format may add buttons (to tap, or to reply to) or append a summary of
        the state; ``None`` sends the catalogue text as it is.
        """
        return None

    def handlers(self) -> Sequence[BaseHandler[Any, Any, Any]]:
        return ()

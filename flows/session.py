"""Events and sessions: who may link chats, appoint roles and end a session.

These moves have no phases; they exist here so that the one role matrix
(``flows.roles``) covers every steering command, not only the formats'.
An organizer links a chat or topic to their event, appoints facilitators and
note-takers, changes its sectors, deletes it, and may end a session;
facilitators may end their session too.
"""

from __future__ import annotations

from typing import Literal

from flows.access import ORGANIZE, STEER, TAKE_PART, Matrix, Role
from flows.base import Event, FlowError, has_visible_text

MAX_TITLE = 200


class LinkSession(Event):
    """Make a group chat or forum topic a session of the event."""

    title: str


class Appoint(Event):
    target: int
    role: Literal["facilitator", "notetaker"]


class EndSession(Event):
    pass


class ShowSession(Event):
    pass


class SetSessionText(Event):
    """The session's guiding question, impulse or moderation, as the draft shows them."""

    field: Literal["question", "impulse", "moderation"]
    text: str


SESSION_TEXT_WORDS: dict[str, Literal["question", "impulse", "moderation"]] = {
    "frage": "question", "question": "question", "leitfrage": "question",
    "impuls": "impulse", "impulse": "impulse",
    "moderation": "moderation",
}
"""The words after /session that set a text (event codes can never be one of them)."""


def parse_session_text(actor: int, word: str, text: str) -> SetSessionText:
    field = SESSION_TEXT_WORDS[word.lower()]
    cleaned = " ".join(text.split())
    if not has_visible_text(cleaned):
        raise FlowError("core.session_text_missing", word=word.lower())
    if len(cleaned) > 1000:
        raise FlowError("core.title_too_long", max=1000)
    return SetSessionText(actor=actor, field=field, text=cleaned)


class ReplaceSectors(Event):
    sectors: tuple[str, ...]


class ChooseAddress(Event):
    """How the event's German texts address people: "sie" (the default) or "du"."""

    address: Literal["sie", "du"]


class DeleteEvent(Event):
    """Delete an event with its sessions, rounds and contributions."""

    event_id: int


PERMISSIONS: Matrix = {
    LinkSession: ORGANIZE,
    Appoint: ORGANIZE,
    ReplaceSectors: ORGANIZE,
    ChooseAddress: ORGANIZE,
    DeleteEvent: ORGANIZE,
    EndSession: STEER,
    SetSessionText: STEER,
    ShowSession: TAKE_PART | {Role.OUTSIDER},
}
"""Who may send the events around the formats, for the role matrix (``flows.roles``)."""


def clean_title(text: str) -> str:
    """A title as given, trimmed; empty (nothing visible) or too long is refused."""
    title = " ".join(text.split())
    if not has_visible_text(title):
        raise FlowError("core.title_missing")
    if len(title) > MAX_TITLE:
        raise FlowError("core.title_too_long", max=MAX_TITLE)
    return title


def parse_sectors(text: str) -> tuple[str, ...]:
    """One sector a line (2 to 12), for an event that counts its participants differently."""
    sectors = tuple(dict.fromkeys(" ".join(line.split()) for line in text.splitlines()))
    sectors = tuple(sector for sector in sectors if has_visible_text(sector))
    if not 2 <= len(sectors) <= 12:
        raise FlowError("core.sectors_count", min=2, max=12)
    if any(len(sector) > 60 for sector in sectors):
        raise FlowError("core.sector_too_long", max=60)
    return sectors

"""A small workshop stored through the public storage functions, for the contract tests."""

from __future__ import annotations

from dataclasses import dataclass

from flows.base import Event as FlowEvent
from flows.base import Value
from storage import people, rounds
from storage.db import Database
from storage.records import Event, RoundRecord, Session

ORGANIZER = 1
ANNA = 2
BEN = 3


class Note(Value):
    text: str


class Board(Value):
    """A state with a long tuple of frozen items, like a pinboard's notes."""

    title: str = "Wand"
    notes: tuple[Note, ...] = ()


class Pin(FlowEvent):
    text: str


@dataclass(frozen=True)
class Workshop:
    event: Event
    session: Session
    round: RoundRecord


async def workshop(db: Database, chat_id: int = -100, kind: str = "board") -> Workshop:
    """An event with one session (a group chat) and an open round in it."""
    async with db.transaction() as tx:
        await people.see_person(tx, ORGANIZER, "Olga", "olga", "de")
        event = await people.create_event(tx, "Werkstatt", "1. Mai", "Rathaus", "de", ORGANIZER)
        session, _ = await people.link_session(tx, event.id, chat_id, 0, "Gruppe", "Runde 1")
        record = await rounds.create_round(tx, session.id, kind, Board(), None)
    return Workshop(event=event, session=session, round=record)

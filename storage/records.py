"""The rows the bot works with, as frozen values."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from flows.base import Value

DEFAULT_SECTORS: tuple[str, ...] = (
    "municipal",
    "state",
    "federal",
    "civil_society",
    "foundation",
    "research",
)
"""The reference documentation's sectors; each key has a text in the catalogue (sector.<key>)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def parse_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class Event(Record):
    id: int
    code: str
    title: str
    dates: str
    place: str
    language: str
    address: str
    """How the German texts address people: "sie" or "du"."""
    sectors: tuple[str, ...]
    custom_sectors: bool
    created_by: int
    created_at: datetime
    note_authors: bool = False
    """Whether the draft names the authors of pinboard notes (off by default)."""
    composition_source: str = "participants"
    """Where the composition's numbers come from: participants, import or typed."""
    composition_label: str | None = None
    """The imported registration list's file name."""


class Person(Record):
    user_id: int
    telegram_name: str
    username: str | None
    language: str
    display_name: str | None
    sector: str | None
    consent_name: bool
    registered: bool
    organization: str | None = None
    function: str | None = None
    """Shown after the name, "Name (Organisation | Funktion)", only with consent."""

    @property
    def name(self) -> str:
        """The name the person chose, or Telegram's."""
        return self.display_name or self.telegram_name


class Session(Record):
    id: int
    event_id: int
    chat_id: int
    thread_id: int
    chat_title: str
    title: str
    created_at: datetime
    ended_at: datetime | None


class RoundRecord(Record):
    id: int
    session_id: int
    kind: str
    state_json: str
    is_open: bool
    deadline: datetime | None
    live_message_id: int | None
    live_text: str | None
    version: int = 0
    """Moves on with every step stored (``storage.rounds.store_state``)."""

    def state(self, model: type[StateT]) -> StateT:
        """The flow state, parsed as the format's model."""
        return model.model_validate_json(self.state_json)


StateT = TypeVar("StateT", bound=Value)


def _column(row: Any, name: str, default: Any) -> Any:
    """A column that a database not yet migrated to it (step by step, in a test) lacks."""
    return row[name] if name in row.keys() else default  # noqa: SIM118 - a Row's "in" is values


def row_to_event(row: Any) -> Event:
    sectors = json.loads(row["sectors"]) if row["sectors"] else None
    return Event(
        id=row["id"],
        code=row["code"],
        title=row["title"],
        dates=row["dates"],
        place=row["place"],
        language=row["language"],
        address=row["address"],
        sectors=tuple(sectors) if sectors else DEFAULT_SECTORS,
        custom_sectors=bool(sectors),
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        note_authors=bool(_column(row, "note_authors", 0)),
        composition_source=_column(row, "composition_source", "participants"),
        composition_label=_column(row, "composition_label", None),
    )


def row_to_person(row: Any) -> Person:
    return Person(
        user_id=row["user_id"],
        telegram_name=row["telegram_name"],
        username=row["username"],
        language=row["language"],
        display_name=row["display_name"],
        sector=row["sector"],
        consent_name=bool(row["consent_name"]),
        registered=row["registered_at"] is not None,
        organization=_column(row, "organization", None),
        function=_column(row, "function", None),
    )


def row_to_session(row: Any) -> Session:
    return Session(
        id=row["id"],
        event_id=row["event_id"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        chat_title=row["chat_title"],
        title=row["title"],
        created_at=datetime.fromisoformat(row["created_at"]),
        ended_at=parse_iso(row["ended_at"]),
    )


def row_to_round(row: Any) -> RoundRecord:
    return RoundRecord(
        id=row["id"],
        session_id=row["session_id"],
        kind=row["kind"],
        state_json=row["state"],
        is_open=bool(row["is_open"]),
        deadline=parse_iso(row["deadline"]),
        live_message_id=row["live_message_id"],
        live_text=row["live_text"],
        version=_version(row),
    )


def _version(row: Any) -> int:
    """A round's version (0 in a database migrated only up to before versions: tests)."""
    try:
        return int(row["version"])
    except (IndexError, KeyError):
        return 0

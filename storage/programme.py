"""An event's programme: its entries (day, time, title, kind), each maybe linked to a session."""

from __future__ import annotations

from typing import Any

from flows.programme import Entry, Kind
from storage.db import Tx


def _entry(row: Any) -> Entry:
    return Entry(id=row["id"], day=row["day"], time=row["time"], title=row["title"],
                 kind=row["kind"], session_id=row["session_id"])


async def add_entry(tx: Tx, event_id: int, day: int, time: str | None, title: str, kind: Kind,
                    session_id: int | None = None) -> Entry:
    row = await tx.one(
        "INSERT INTO programme (event_id, day, time, title, kind, session_id)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
        (event_id, day, time, title, kind, session_id),
    )
    assert row is not None
    return _entry(row)


async def get_entry(tx: Tx, entry_id: int) -> tuple[int, Entry] | None:
    """The entry and its event's id."""
    row = await tx.one("SELECT * FROM programme WHERE id = ?", (entry_id,))
    return (int(row["event_id"]), _entry(row)) if row else None


async def replace_entry(tx: Tx, entry: Entry) -> bool:
    """Store the entry's day, time, title, kind and session as given (by its id)."""
    changed = await tx.changes(
        "UPDATE programme SET day = ?, time = ?, title = ?, kind = ?, session_id = ?"
        " WHERE id = ?",
        (entry.day, entry.time, entry.title, entry.kind, entry.session_id, entry.id),
    )
    return changed > 0


async def delete_entry(tx: Tx, entry_id: int) -> bool:
    changed = await tx.changes("DELETE FROM programme WHERE id = ?", (entry_id,))
    return changed > 0


async def programme_of(tx: Tx, event_id: int) -> list[Entry]:
    """Every entry of the event in the order entered (``flows.programme.in_order`` sorts)."""
    rows = await tx.all("SELECT * FROM programme WHERE event_id = ? ORDER BY id", (event_id,))
    return [_entry(row) for row in rows]

"""A session's minutes: the summary text as it is now, and everyone who wrote to it."""

from __future__ import annotations

from flows.base import Value
from storage.db import Tx
from storage.records import Session, iso, row_to_session, utcnow

RECORDING_ROLES = ("organizer", "facilitator", "notetaker")
"""Roles held in an event that write its sessions' minutes."""


class MinutesRecord(Value):
    session_id: int
    text: str
    authors: tuple[int, ...]
    """Everyone who wrote to the summary, in the order they first did."""


async def get_minutes(tx: Tx, session_id: int) -> MinutesRecord | None:
    row = await tx.one("SELECT text FROM minutes WHERE session_id = ?", (session_id,))
    if row is None:
        return None
    authors = await tx.all(
        "SELECT user_id FROM minutes_authors WHERE session_id = ? ORDER BY first_at, user_id",
        (session_id,),
    )
    return MinutesRecord(session_id=session_id, text=row["text"],
                         authors=tuple(int(a["user_id"]) for a in authors))


async def write_minutes(tx: Tx, session_id: int, text: str | None, author: int) -> None:
    """Keep ``text`` as the session's summary, written (also) by ``author``; ``None`` clears
    the summary and who wrote it."""
    now = iso(utcnow())
    if text is None:
        await tx.execute("DELETE FROM minutes WHERE session_id = ?", (session_id,))
        await tx.execute("DELETE FROM minutes_authors WHERE session_id = ?", (session_id,))
        return
    await tx.execute(
        "INSERT INTO minutes (session_id, text, updated_by, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(session_id) DO UPDATE SET text = excluded.text,"
        " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        (session_id, text, author, now),
    )
    await tx.execute(
        "INSERT INTO minutes_authors (session_id, user_id, first_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (session_id, author, now),
    )


async def recorded_sessions(tx: Tx, user_id: int) -> list[Session]:
    """The sessions whose minutes the person may write (of every event they organize,
    facilitate or take notes in), the newest first."""
    marks = ", ".join("?" for _ in RECORDING_ROLES)
    rows = await tx.all(
        "SELECT DISTINCT s.* FROM sessions s JOIN roles r ON r.event_id = s.event_id"
        f" WHERE r.user_id = ? AND r.role IN ({marks}) ORDER BY s.created_at DESC, s.id DESC",
        (user_id, *RECORDING_ROLES),
    )
    return [row_to_session(row) for row in rows]

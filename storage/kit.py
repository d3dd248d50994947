"""The organizer's kit: registrations for an event, who wants its documentation and who got it,
co-organizers leaving, and sessions waiting for a group."""

from __future__ import annotations

import secrets
from typing import Any

from storage.db import Tx
from storage.records import Record, iso, utcnow


async def register(tx: Tx, event_id: int, user_id: int) -> bool:
    """Register the person for the event; ``False`` if they were registered already."""
    changed = await tx.changes(
        "INSERT INTO registrations (event_id, user_id, registered_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (event_id, user_id, iso(utcnow())),
    )
    return changed > 0


async def is_registered(tx: Tx, event_id: int, user_id: int) -> bool:
    row = await tx.one("SELECT 1 FROM registrations WHERE event_id = ? AND user_id = ?",
                       (event_id, user_id))
    return row is not None


async def registered_for(tx: Tx, event_id: int) -> set[int]:
    """Everyone registered for the event."""
    rows = await tx.all("SELECT user_id FROM registrations WHERE event_id = ?", (event_id,))
    return {int(row["user_id"]) for row in rows}


async def set_wants_results(tx: Tx, user_id: int, wanted: bool) -> None:
    """Whether the person wants the final documentation of their events."""
    await tx.execute("UPDATE people SET wants_results = ? WHERE user_id = ?",
                     (int(wanted), user_id))


async def wants_results(tx: Tx, user_id: int) -> bool | None:
    """The person's answer; ``None`` while they were never asked (or are unknown)."""
    row = await tx.one("SELECT wants_results FROM people WHERE user_id = ?", (user_id,))
    return None if row is None or row["wants_results"] is None else bool(row["wants_results"])


async def results_recipients(tx: Tx, event_id: int, took_part: set[int]) -> list[int]:
    """Who is to get the event's documentation: registered for it or among ``took_part``, who
    said yes, and who was not sent it yet; in the order of their ids."""
    rows = await tx.all(
        "SELECT user_id FROM people WHERE wants_results = 1 AND user_id NOT IN"
        " (SELECT user_id FROM results_sent WHERE event_id = ?) ORDER BY user_id",
        (event_id,),
    )
    invited = await registered_for(tx, event_id) | took_part
    return [int(row["user_id"]) for row in rows if int(row["user_id"]) in invited]


async def mark_results_sent(tx: Tx, event_id: int, user_id: int) -> None:
    await tx.execute(
        "INSERT INTO results_sent (event_id, user_id, sent_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (event_id, user_id, iso(utcnow())),
    )


async def results_sent_to(tx: Tx, event_id: int) -> set[int]:
    rows = await tx.all("SELECT user_id FROM results_sent WHERE event_id = ?", (event_id,))
    return {int(row["user_id"]) for row in rows}


async def leave_role(tx: Tx, event_id: int, user_id: int, role: str) -> bool:
    """The person no longer holds the role in the event; ``False`` if they did not."""
    changed = await tx.changes(
        "DELETE FROM roles WHERE event_id = ? AND user_id = ? AND role = ?",
        (event_id, user_id, role),
    )
    return changed > 0


class Waiting(Record):
    """A session planned before its group exists, with the token of its "add to a group" link."""

    id: int
    event_id: int
    token: str
    title: str
    session_id: int | None


def _waiting(row: Any) -> Waiting:
    return Waiting(id=row["id"], event_id=row["event_id"], token=row["token"],
                   title=row["title"], session_id=row["session_id"])


async def add_waiting_session(tx: Tx, event_id: int, title: str) -> Waiting:
    """A session waiting for a group, with a new random token (letters and digits)."""
    token = secrets.token_hex(5)
    row = await tx.one(
        "INSERT INTO waiting_sessions (event_id, token, title, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING *",
        (event_id, token, title, iso(utcnow())),
    )
    assert row is not None
    return _waiting(row)


async def waiting_sessions(tx: Tx, event_id: int) -> list[Waiting]:
    """The event's planned sessions, those linked to a group included, in the order planned."""
    rows = await tx.all("SELECT * FROM waiting_sessions WHERE event_id = ? ORDER BY id",
                        (event_id,))
    return [_waiting(row) for row in rows]


async def waiting_by_token(tx: Tx, event_id: int, token: str) -> Waiting | None:
    row = await tx.one("SELECT * FROM waiting_sessions WHERE event_id = ? AND token = ?",
                       (event_id, token))
    return _waiting(row) if row else None


async def link_waiting(tx: Tx, waiting_id: int, session_id: int) -> bool:
    """The planned session found its group; ``False`` if it had one already."""
    changed = await tx.changes(
        "UPDATE waiting_sessions SET session_id = ? WHERE id = ? AND session_id IS NULL",
        (session_id, waiting_id),
    )
    return changed > 0


async def forget_in_kit(tx: Tx, user_id: int) -> None:
    """A forgotten person is registered nowhere and was sent nothing."""
    for table in ("registrations", "results_sent"):
        await tx.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))

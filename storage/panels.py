"""The facilitator's panel: which private message it is and which session it shows."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Tx
from storage.records import Session, iso, row_to_session, utcnow

STEERING_ROLES = ("organizer", "facilitator")
"""Roles held in an event that steer its sessions (group administrators are found apart)."""


@dataclass(frozen=True)
class Panel:
    """The panel message (``None`` before the first) and the session chosen on it."""

    message_id: int | None
    session_id: int | None


async def get_panel(tx: Tx, user_id: int) -> Panel:
    """The person's panel; an empty one if they never opened it."""
    row = await tx.one("SELECT message_id, session_id FROM panels WHERE user_id = ?", (user_id,))
    return Panel(row["message_id"], row["session_id"]) if row else Panel(None, None)


async def set_panel(tx: Tx, user_id: int, message_id: int | None, session_id: int | None) -> None:
    """Keep the panel's message and session (replacing what was kept)."""
    await tx.execute(
        "INSERT INTO panels (user_id, message_id, session_id, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET message_id = excluded.message_id,"
        " session_id = excluded.session_id, updated_at = excluded.updated_at",
        (user_id, message_id, session_id, iso(utcnow())),
    )


async def steered_sessions(tx: Tx, user_id: int) -> list[Session]:
    """The sessions still running of every event the person organizes or facilitates."""
    marks = ", ".join("?" for _ in STEERING_ROLES)
    rows = await tx.all(
        "SELECT DISTINCT s.* FROM sessions s JOIN roles r ON r.event_id = s.event_id"
        f" WHERE r.user_id = ? AND r.role IN ({marks}) AND s.ended_at IS NULL"
        " ORDER BY s.created_at, s.id",
        (user_id, *STEERING_ROLES),
    )
    return [row_to_session(row) for row in rows]

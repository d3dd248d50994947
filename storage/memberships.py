"""The sessions a person takes part in (for the Mini App's list of sessions)."""

from __future__ import annotations

from storage.db import Tx
from storage.records import Session, row_to_session


async def running_sessions_of(tx: Tx, user_id: int) -> list[Session]:
    """The sessions still running that the person was seen in, oldest first."""
    rows = await tx.all(
        "SELECT s.* FROM sessions s JOIN session_members m ON m.session_id = s.id"
        " WHERE m.user_id = ? AND s.ended_at IS NULL ORDER BY s.created_at, s.id",
        (user_id,),
    )
    return [row_to_session(row) for row in rows]

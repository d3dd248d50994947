"""The current notice of each session: kept so that the next one deletes it, restart or not."""

from __future__ import annotations

from storage.db import Tx


async def get_notice(tx: Tx, session_id: int) -> int | None:
    """The message id of the session's current notice, if it has one."""
    row = await tx.one("SELECT message_id FROM notices WHERE session_id = ?", (session_id,))
    return int(row["message_id"]) if row else None


async def set_notice(tx: Tx, session_id: int, message_id: int) -> None:
    """Keep ``message_id`` as the session's current notice (replacing the one before)."""
    await tx.execute(
        "INSERT INTO notices (session_id, message_id) VALUES (?, ?)"
        " ON CONFLICT (session_id) DO UPDATE SET message_id = excluded.message_id",
        (session_id, message_id),
    )

"""Replies in a group the bot deletes when due: kept, so that a restart still deletes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Tx
from storage.records import iso


@dataclass(frozen=True)
class Passing:
    """A bot message in a group, to be deleted at ``due``."""

    chat_id: int
    message_id: int
    due: datetime


async def keep_passing(tx: Tx, chat_id: int, message_id: int, due: datetime) -> None:
    """Remember to delete the message at ``due``."""
    await tx.execute(
        "INSERT INTO passing (chat_id, message_id, due) VALUES (?, ?, ?)"
        " ON CONFLICT (chat_id, message_id) DO UPDATE SET due = excluded.due",
        (chat_id, message_id, iso(due)),
    )


async def all_passing(tx: Tx) -> list[Passing]:
    """Every message still to be deleted, the earliest due first."""
    rows = await tx.all("SELECT chat_id, message_id, due FROM passing ORDER BY due, message_id")
    return [Passing(int(row["chat_id"]), int(row["message_id"]),
                    datetime.fromisoformat(row["due"])) for row in rows]


async def passed(tx: Tx, chat_id: int, message_id: int) -> None:
    """The message was deleted (or is gone): nothing left to do for it."""
    await tx.execute("DELETE FROM passing WHERE chat_id = ? AND message_id = ?",
                     (chat_id, message_id))

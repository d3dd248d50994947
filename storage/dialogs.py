"""Step-by-step dialogues (new event, registration, guided entries), kept across restarts."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Tx
from storage.records import iso, utcnow


async def start_dialog(tx: Tx, user_id: int, chat_id: int, kind: str, data: dict[str, Any],
                       *, thread_id: int = 0) -> None:
    """Start (or replace) the person's dialogue in a chat, or in one forum topic of it."""
    await tx.execute(
        "INSERT INTO dialogs (user_id, chat_id, thread_id, kind, data, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, chat_id, thread_id) DO UPDATE"
        " SET kind = excluded.kind, data = excluded.data, updated_at = excluded.updated_at",
        (user_id, chat_id, thread_id, kind, json.dumps(data, ensure_ascii=False),
         iso(utcnow())),
    )


async def get_dialog(tx: Tx, user_id: int, chat_id: int, *, thread_id: int = 0
                     ) -> tuple[str, dict[str, Any]] | None:
    row = await tx.one(
        "SELECT kind, data FROM dialogs WHERE user_id = ? AND chat_id = ? AND thread_id = ?",
        (user_id, chat_id, thread_id),
    )
    return (row["kind"], json.loads(row["data"])) if row else None


async def end_dialog(tx: Tx, user_id: int, chat_id: int, *, thread_id: int = 0) -> bool:
    changed = await tx.changes(
        "DELETE FROM dialogs WHERE user_id = ? AND chat_id = ? AND thread_id = ?",
        (user_id, chat_id, thread_id),
    )
    return changed > 0


async def meta_value(tx: Tx, key: str, default: str) -> str:
    """A stored setting of the installation (created with ``default`` the first time)."""
    await tx.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (key, default))
    row = await tx.one("SELECT value FROM meta WHERE key = ?", (key,))
    assert row is not None
    return str(row["value"])

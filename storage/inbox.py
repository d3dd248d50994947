"""The durable inbox: updates as they arrived, until they were handled (see ``bot.inbox``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storage.db import Tx
from storage.records import iso, utcnow


async def receive(tx: Tx, updates: Sequence[tuple[int, str]], *, confirmed_below: int = 0,
                  chats: Mapping[int, int] | None = None) -> None:
    """Keep a batch (id, JSON) as it arrived; an update kept before stays as it is.

    ``confirmed_below``: Telegram was told that every update below this id arrived, so it
    never sends them again and their handled rows need not be kept any longer. ``chats``:
    the chat (else the user) of each update, whose updates go in order (``of_chat``).
    """
    if confirmed_below > 0:
        await tx.write("DELETE FROM inbox WHERE handled_at IS NOT NULL AND update_id < ?",
                       (confirmed_below,))
    if updates:
        at = iso(utcnow())
        chat = chats or {}
        await tx.write_rows(
            "INSERT INTO inbox (update_id, payload, received_at, chat_id)",
            [(update_id, payload, at, chat.get(update_id)) for update_id, payload in updates],
            tail=" ON CONFLICT DO NOTHING")


async def unhandled(tx: Tx) -> list[tuple[int, str]]:
    """The updates kept and not yet handled, in the order Telegram sent them."""
    rows = await tx.all(
        "SELECT update_id, payload FROM inbox WHERE handled_at IS NULL ORDER BY update_id")
    return [(int(row["update_id"]), str(row["payload"])) for row in rows]


async def of_chat(tx: Tx, chat_id: int) -> list[tuple[int, str]]:
    """The chat's updates kept and not yet handled, in Telegram's order."""
    rows = await tx.all(
        "SELECT update_id, payload FROM inbox WHERE handled_at IS NULL AND chat_id = ?"
        " ORDER BY update_id", (chat_id,))
    return [(int(row["update_id"]), str(row["payload"])) for row in rows]


async def waiting_chats(tx: Tx, now: str) -> list[int]:
    """The chats with updates not yet handled whose lease (``storage.leases``, ``chat:<id>``)
    nobody holds at ``now``: a process that took them died, or none has looked yet."""
    rows = await tx.all(
        "SELECT DISTINCT chat_id FROM inbox WHERE handled_at IS NULL AND chat_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM leases WHERE leases.name = 'chat:' || inbox.chat_id"
        " AND leases.until > ?) ORDER BY chat_id", (now,))
    return [int(row["chat_id"]) for row in rows]


async def handled_ids(tx: Tx) -> set[int]:
    """The ids of the updates handled (and not yet pruned)."""
    rows = await tx.all("SELECT update_id FROM inbox WHERE handled_at IS NOT NULL")
    return {int(row["update_id"]) for row in rows}


async def mark_handled(tx: Tx, update_ids: Sequence[int]) -> None:
    """These updates were handled: their content goes, their ids stay (also for updates that
    never passed the inbox, such as a test's)."""
    at = iso(utcnow())
    await tx.write_rows(
        "INSERT INTO inbox (update_id, payload, received_at, handled_at)",
        [(update_id, None, at, at) for update_id in dict.fromkeys(update_ids)],
        tail=" ON CONFLICT (update_id) DO UPDATE SET payload = NULL,"
             " handled_at = excluded.handled_at",
    )


async def prune(tx: Tx, before: str) -> int:
    """Telegram redelivers updates for a day at most; older handled ids need not be kept."""
    return await tx.changes(
        "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (before,))

"""The durable inbox: updates as they arrived, until they were handled (see ``bot.inbox``)."""

from __future__ import annotations

from collections.abc import Sequence

from storage.db import Tx
from storage.records import iso, utcnow


async def receive(tx: Tx, updates: Sequence[tuple[int, str]], *, confirmed_below: int = 0
                  ) -> None:
    """Keep a batch (id, JSON) as it arrived; an update kept before stays as it is.

    ``confirmed_below``: Telegram was told that every update below this id arrived, so it
    never sends them again and their handled rows need not be kept any longer.
    """
    if confirmed_below > 0:
        await tx.changes("DELETE FROM inbox WHERE handled_at IS NOT NULL AND update_id < ?",
                         (confirmed_below,))
    if updates:
        at = iso(utcnow())
        await tx.insert_rows("INSERT INTO inbox (update_id, payload, received_at)",
                             [(update_id, payload, at) for update_id, payload in updates],
                             tail=" ON CONFLICT DO NOTHING")


async def unhandled(tx: Tx) -> list[tuple[int, str]]:
    """The updates kept and not yet handled, in the order Telegram sent them."""
    rows = await tx.all(
        "SELECT update_id, payload FROM inbox WHERE handled_at IS NULL ORDER BY update_id")
    return [(int(row["update_id"]), str(row["payload"])) for row in rows]


async def handled_ids(tx: Tx) -> set[int]:
    """The ids of the updates handled (and not yet pruned)."""
    rows = await tx.all("SELECT update_id FROM inbox WHERE handled_at IS NOT NULL")
    return {int(row["update_id"]) for row in rows}


async def mark_handled(tx: Tx, update_ids: Sequence[int]) -> None:
    """These updates were handled: their content goes, their ids stay (also for updates that
    never passed the inbox, such as a test's)."""
    at = iso(utcnow())
    await tx.insert_rows(
        "INSERT INTO inbox (update_id, payload, received_at, handled_at)",
        [(update_id, None, at, at) for update_id in dict.fromkeys(update_ids)],
        tail=" ON CONFLICT (update_id) DO UPDATE SET payload = NULL,"
             " handled_at = excluded.handled_at",
    )


async def prune(tx: Tx, before: str) -> int:
    """Telegram redelivers updates for a day at most; older handled ids need not be kept."""
    return await tx.changes(
        "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (before,))

"""Telegram's limits for every process of one bot together: what was sent, in sliding windows.

A window is a chat (``"bot"`` for everything the bot sends, or a group's chat id) and
how many messages it takes in how many milliseconds. ``take_turn`` either counts a
message in every window it belongs to, or says how long to wait until each has room.
Times are the database server's clock, so processes on machines whose clocks differ
count alike. On PostgreSQL a turn holds a transaction-level advisory lock per window
(in one order, so turns never deadlock) until it commits: two processes never both
take a window's last place. A pooler in transaction mode keeps such locks.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from storage.db import Tx

SEND_LOCK = 0x53656E64  # "Send": the first key of the windows' advisory locks
PRUNE_AFTER = 120_000
"""Milliseconds after which ``prune_sent`` deletes any row, whatever its window."""


@dataclass(frozen=True)
class Window:
    """At most ``most`` messages to ``chat`` within any ``period_ms`` milliseconds."""

    chat: str
    most: int
    period_ms: int


async def server_now(tx: Tx) -> int:
    """The database server's time in milliseconds since 1970 (a SQLite file's server is this
    process: its clock)."""
    if tx.dialect != "postgresql":
        return int(time.time() * 1000)
    row = await tx.one("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now")
    assert row is not None
    return int(row["now"])


async def take_turn(tx: Tx, windows: Sequence[Window]) -> int:
    """Count one message in every window, if each has room now (0); else change nothing and
    return the milliseconds until each has (at least 1)."""
    ordered = sorted(windows, key=lambda window: window.chat)
    if tx.dialect == "postgresql":
        for window in ordered:
            await tx.all("SELECT pg_advisory_xact_lock(?::int, hashtext(?::text))",
                         (SEND_LOCK, window.chat))
    now = await server_now(tx)
    wait = 0
    for window in ordered:
        await tx.changes("DELETE FROM sent_messages WHERE chat = ? AND at <= ?",
                         (window.chat, now - window.period_ms))
        row = await tx.one("SELECT count(*) AS sent, min(at) AS oldest FROM sent_messages"
                           " WHERE chat = ?", (window.chat,))
        assert row is not None
        if int(row["sent"]) >= window.most:
            wait = max(wait, int(row["oldest"]) + window.period_ms - now, 1)
    if wait:
        return wait
    await tx.insert_rows("INSERT INTO sent_messages (chat, at)",
                         [(window.chat, now) for window in ordered])
    return 0


async def prune_sent(tx: Tx) -> int:
    """Delete what every window has forgotten (a group that fell silent keeps its last rows
    otherwise); how many rows."""
    return await tx.changes("DELETE FROM sent_messages WHERE at <= ?",
                            (await server_now(tx) - PRUNE_AFTER,))

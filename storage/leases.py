"""Leases: something one process of several does at a time, held until a given time.

Several bot processes on one PostgreSQL database (``Database.shared``) share the work
by name: a chat's updates (``chat:<id>``), a live message's next edit (``live:<round>``),
a timer's firing (``timer:…``). ``take`` gives a lease to one holder until ``until``; a
holder that died lets go by itself when its time runs out, and another takes over. Times
are ISO texts, as everywhere in storage, on the database server's clock (``server_time``):
processes on machines whose clocks differ take and give up leases alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.db import Tx
from storage.records import utcnow


async def server_time(tx: Tx) -> datetime:
    """The database server's time, to reckon leases with (a SQLite file's server is this
    process: its clock)."""
    if tx.dialect != "postgresql":
        return utcnow()
    row = await tx.one("SELECT clock_timestamp() AS now")
    assert row is not None
    moment = row["now"]
    assert isinstance(moment, datetime)
    return moment


async def take(tx: Tx, name: str, holder: str, until: str, now: str, *,
               again: bool = True) -> bool:
    """Whether ``holder`` holds the lease ``name`` until ``until`` now: it was free, had run
    out by ``now``, or (``again``) was the holder's already (then prolonged). Without
    ``again`` its holder waits for it to run out like everyone else (a turn per interval)."""
    row = await tx.one(
        "INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until"
        " WHERE leases.until <= ? OR (?5 = 1 AND leases.holder = excluded.holder)"
        " RETURNING holder",
        (name, holder, until, now, int(again)))
    return row is not None


async def held_until(tx: Tx, name: str) -> str | None:
    """Until when the lease is held (``None``: by nobody)."""
    row = await tx.one("SELECT until FROM leases WHERE name = ?", (name,))
    return None if row is None else str(row["until"])


async def prolong(tx: Tx, holder: str, names: Sequence[str], until: str) -> int:
    """Keep the holder's leases of these names until ``until``; how many it still held."""
    if not names:
        return 0
    marks = ", ".join("?" * len(names))
    return await tx.changes(
        f"UPDATE leases SET until = ? WHERE holder = ? AND name IN ({marks})",
        (until, holder, *names))


async def release(tx: Tx, holder: str, name: str) -> None:
    """Let go of a lease (nothing when another holds it by now)."""
    await tx.changes("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))


async def prune(tx: Tx, before: str) -> int:
    """Leases that ran out before then (a timer's record that it fired, kept for a while)."""
    return await tx.changes("DELETE FROM leases WHERE until < ?", (before,))

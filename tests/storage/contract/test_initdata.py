"""Mini App init data exchanged once: by its signature, across processes, until it expires."""

from __future__ import annotations

import asyncio

from storage.db import Database
from storage.initdata import use_init_data
from tests.storage.contract.coverage import covers

NOW = 1_800_000_000
DAY = 24 * 60 * 60


async def use(db: Database, signature: str, expires: int = NOW + DAY, now: int = NOW) -> bool:
    async with db.beside() as tx:
        return await use_init_data(tx, signature, expires, now)


@covers(use_init_data)
async def test_init_data_is_used_once_until_it_expires(backend: Database) -> None:
    assert await use(backend, "a" * 64)
    assert not await use(backend, "a" * 64)
    assert not await use(backend, "a" * 64, now=NOW + DAY)  # still good at its last second
    assert await use(backend, "b" * 64)  # another signature is its own
    generation = backend.generation
    assert await use(backend, "c" * 64, now=NOW + DAY + 1)  # the expired ones are forgotten
    async with backend.read() as tx:
        rows = await tx.all("SELECT signature FROM used_init_data ORDER BY signature")
    assert [row["signature"] for row in rows] == ["c" * 64]
    assert backend.generation == generation  # no change of who is who


@covers(use_init_data)
async def test_init_data_sent_to_two_processes_at_once_is_used_once(backend: Database) -> None:
    others = [backend]
    if backend.dialect == "postgresql":  # a SQLite file is one process's
        other = Database(backend.path)
        await other.open()
        others.append(other)
    try:
        firsts = await asyncio.gather(*(use(db, "d" * 64) for db in others for _ in range(4)))
        assert sorted(firsts) == [False] * (len(firsts) - 1) + [True]
        for db in others:  # and remembered by every one of them, as after a restart
            assert not await use(db, "d" * 64)
    finally:
        for db in others[1:]:
            await db.close()

"""One SQLite connection, serialized transactions, and numbered migrations applied at start-up.

One aiosqlite connection is one transaction at a time: coroutines that
interleave on it could commit or roll back each other's work. Every read and
write therefore goes through ``transaction()``, which holds one lock. WAL and
``synchronous=NORMAL`` make a commit cheap and durable across a crash of the
process.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str]]:
    """The shipped migrations as (number, SQL), in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found


class Database:
    """The project's one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        """Connect, switch on WAL and foreign keys, and migrate to the newest schema."""
        await self.open_without_migrating()
        await self.migrate()

    async def open_without_migrating(self) -> None:
        """Connect with the pragmas every connection needs (tests migrate step by step)."""
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute("PRAGMA busy_timeout=5000")

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, upto: int | None = None) -> int:
        """Apply every shipped migration newer than the file's version; return the new version."""
        async with self._lock:
            current = await self.schema_version()
            for number, sql in migrations():
                if number <= current or (upto is not None and number > upto):
                    continue
                await self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
                current = number
            return current

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One serialized transaction: committed when the block ends, rolled back on error."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self.conn)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")


    async def execute_alone(self, sql: str, params: Iterable[Any] = ()) -> None:
        """One statement that is its own transaction (SQLite's autocommit), still serialized."""
        async with self._lock:
            await self.conn.execute(sql, tuple(params))


class Tx:
    """The statements of one transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement; return the last inserted row id (or the change count for others)."""
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return int(cursor.lastrowid or cursor.rowcount or 0)

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return int(cursor.rowcount)

    async def one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

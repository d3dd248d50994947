"""The SQLite backend: one file, one connection that writes and one that only reads.

One aiosqlite connection is one transaction at a time: coroutines that
interleave on it could commit or roll back each other's work, so every write
goes through ``Database.transaction()`` and its lock. WAL and
``synchronous=NORMAL`` make a commit cheap and durable across a crash of the
process; in WAL mode the reading connection sees the last committed state and
never waits for the writer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import aiosqlite

from storage.db import Database, Row, Tx, migrations
from storage.guard import check_file


class SqliteDatabase(Database):
    """A Werkstatt database in one SQLite file (or ``:memory:``)."""

    dialect: ClassVar[str] = "sqlite"

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self._conn: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._read_lock = asyncio.Lock()

    async def open(self) -> None:
        """Refuse a file that is not Werkstatt's (``DatabaseFileError``, the file untouched);
        connect, switch on WAL and foreign keys, and migrate to the newest schema."""
        await asyncio.to_thread(check_file, self.path, migrations()[-1][0])
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
        if self._reader is not None:
            await self._reader.close()
            self._reader = None
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
        async with self._lock:
            current = await self.schema_version()
            for number, sql in migrations():
                if number <= current or (upto is not None and number > upto):
                    continue
                await self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
                current = number
                self.generation += 1
            return current

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Tx]:
        yield SqliteTx(self.conn)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """Reads on the second, read-only connection (an in-memory database has none: there
        the reads wait their turn)."""
        if self.path == ":memory:":
            async with self._lock:
                yield SqliteTx(self.conn)
            return
        async with self._read_lock:
            if self._reader is None:
                self.conn  # noqa: B018 - opened (and migrated) first
                self._reader = await aiosqlite.connect(self.path, isolation_level=None)
                self._reader.row_factory = aiosqlite.Row
                await self._reader.execute("PRAGMA query_only=ON")
                await self._reader.execute("PRAGMA busy_timeout=5000")
            yield SqliteTx(self._reader)


class SqliteTx(Tx):
    """The statements of one transaction on SQLite.

    Each statement is one hop to aiosqlite's thread (``execute_fetchall`` and
    ``execute_insert`` run, fetch and close in the thread): a cursor per
    statement would cost three hops, and the hops, not SQLite, were most of a
    note's time under a burst. The change counts are taken in the thread, from the
    connection's ``total_changes`` before and after each statement.

    ``BEGIN IMMEDIATE`` goes with the transaction's first statement, in its hop (a
    transaction with no statement begins nothing). A ``write`` (a statement whose outcome
    nobody reads) waits and goes with the next statement or the ``COMMIT``: the journal's
    transaction (the inbox, the senders, every round's state, the log, the handled
    updates) is one hop, however many rounds it stores. Nothing else of this process
    writes meanwhile: ``Database.transaction`` holds the lock from its start;
    ``lock_sessions`` begins at once, as it must hold the file from then on.
    """

    dialect: ClassVar[str] = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__()
        self.conn = conn
        self._to_begin = False
        """``BEGIN IMMEDIATE`` is due before the next statement."""
        self._later: list[_Later] = []
        """Writes waiting for the next statement or the commit."""

    async def _run(self, sql: str | None, params: Iterable[Any] = (), *,
                   insert: bool = False) -> tuple[Any, int]:
        """The writes waiting, then one statement (``None``: none), in one hop to aiosqlite's
        thread, with the ``BEGIN`` that is due; the statement's rows (for an INSERT the last
        row id) and how many rows it changed."""
        begin, self._to_begin = self._to_begin, False
        later, self._later = self._later, []
        raw = self.conn._conn  # aiosqlite's sqlite3 connection, used only in its thread
        values = tuple(params)

        def statements() -> tuple[Any, int, list[int]]:
            if begin:
                raw.execute("BEGIN IMMEDIATE")
            changed: list[int] = []
            for number, write in enumerate(later):
                before = raw.total_changes
                try:
                    raw.execute(write.sql, write.values)
                except Exception as error:
                    raise _LaterFailed(number, error) from error
                changed.append(raw.total_changes - before)
            if sql is None:
                return None, 0, changed
            before = raw.total_changes
            cursor = raw.execute(sql, values)
            if insert:
                cursor.execute("SELECT last_insert_rowid()")
                result = cursor.fetchone()
            else:
                result = cursor.fetchall()
            return result, raw.total_changes - before, changed

        try:
            result, count, changed = await self.conn._execute(  # type: ignore[no-untyped-call]
                statements)
        except _LaterFailed as failed:
            write = later[failed.number]
            raise (write.failure(failed.error) if write.failure else failed.error) from None
        for write, write_count in zip(later, changed, strict=True):
            if write_count:
                self._changed(write.sql)
        return result, count

    async def write(self, sql: str, params: Iterable[Any] = (), *,
                    failure: Callable[[Exception], Exception] | None = None) -> None:
        self._later.append(_Later(sql, tuple(params), failure))
        self.changed = True  # (as far as ``Database.fault`` knows: it will, most likely)

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        row, count = await self._run(sql, params, insert=True)
        if not count or row is None:
            return 0
        self._changed(sql)
        return int(row[0])

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        _, count = await self._run(sql, params)
        if count:
            self._changed(sql)
        return int(count)

    async def all(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        rows, count = await self._run(sql, params)
        if count:
            self._changed(sql)
        return list(rows)

    async def lock_sessions(self, session_ids: Iterable[int]) -> None:
        """SQLite holds the whole file from ``BEGIN IMMEDIATE``: begun now, if not yet."""
        if self._to_begin:
            await self._run(None)

    async def _begin(self) -> None:
        self._to_begin = True

    async def _commit(self) -> None:
        if self._to_begin and not self._later:  # no statement ran: nothing began
            self._to_begin = False
            return
        await self._run("COMMIT")

    async def _rollback(self) -> None:
        self._to_begin = False
        self._later = []
        if self.conn.in_transaction:
            await self.conn.execute_fetchall("ROLLBACK")


@dataclass(frozen=True)
class _Later:
    """A write waiting for the transaction's next statement (``SqliteTx.write``)."""

    sql: str
    values: tuple[Any, ...]
    failure: Callable[[Exception], Exception] | None


class _LaterFailed(Exception):
    """A waiting write failed, in the thread: which one, and how."""

    def __init__(self, number: int, error: Exception) -> None:
        super().__init__(number, error)
        self.number = number
        self.error = error

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
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from storage.guard import check_file

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_WRITE_TARGET = re.compile(
    r"^\s*(INSERT|REPLACE|UPDATE|DELETE)(?:\s+OR\s+(\w+))?\s+(?:INTO\s+|FROM\s+)?(\w+)",
    re.IGNORECASE,
)
_UPSERT_SET = re.compile(r"\bDO\s+UPDATE\s+SET\b(.*)$", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r"(\w+)\s*=")
CONTRIBUTION_TABLES = frozenset(
    {"rounds", "round_log", "inbox", "dialogs", "meta", "quotes", "photos", "minutes",
     "minutes_authors", "contributors", "programme", "composition_counts", "passing",
     "surveys", "registrations", "results_sent"}
)
"""Tables whose writes leave who is who unchanged: people, events, roles, sessions and
memberships live elsewhere. A write that changes any other table moves ``generation``."""
INSERT_CHUNK = 200
"""Rows per multi-row INSERT (well below SQLite's limit of 32766 parameters)."""
NEWCOMER_TABLES = frozenset({"people", "session_members"})
"""Tables where an INSERT only adds someone (a person seen for the first time; a new member
of a session): it changes nothing known about anyone else, so it does not move
``generation``. Updates and deletes there do, and so does an INSERT that replaces, or
whose upsert sets more than ``SIGHTING_COLUMNS``."""
SIGHTING_COLUMNS = frozenset({"telegram_name", "username", "seen_at"})
"""What Telegram shows of a person: a cached sender is checked against it anyway."""


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
    """The project's one SQLite file: a connection that writes, and one that only reads.

    All writing goes through the one writing connection, a transaction at a
    time. ``read()`` uses a second, read-only connection: in WAL mode it sees
    the last committed state and never waits for a transaction under way.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._reader: aiosqlite.Connection | None = None
        self._read_lock = asyncio.Lock()
        self.before_transaction: Callable[[], Awaitable[None]] | None = None
        """Run before every transaction: rows waiting to be written (the journal's senders)
        are committed first, so the transaction sees them."""
        self.generation = 0
        """Moves on with every transaction that changed people, events, roles, sessions or
        memberships (or anything not known to leave them alone): caches of who is who
        are valid while it stands still."""
        self.memberships = 0
        """Moves on with every transaction that made someone a member of a session (which
        leaves ``generation`` alone): what depends on a person's sessions is valid while
        both stand still."""
        self.fault: Callable[[], None] | None = None
        """Called before every COMMIT of a transaction that changed rows; a test sets it to
        raise what a full or read-only disk raises (``sqlite3.OperationalError``)."""

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
                self.generation += 1
            return current

    @asynccontextmanager
    async def transaction(self, *, after_pending: bool = True) -> AsyncIterator[Tx]:
        """One serialized transaction: committed when the block ends, rolled back on error.

        ``after_pending``: first wait for ``before_transaction`` (only the journal, which
        writes those rows itself, does not)."""
        if after_pending and self.before_transaction is not None:
            await self.before_transaction()
        async with self._lock:
            await self.conn.execute_fetchall("BEGIN IMMEDIATE")
            changes = self.conn.total_changes
            tx = Tx(self.conn)
            try:
                yield tx
            except BaseException:
                await self.conn.execute_fetchall("ROLLBACK")
                raise
            try:
                if self.fault is not None and self.conn.total_changes != changes:
                    self.fault()
                await self.conn.execute_fetchall("COMMIT")
            except BaseException:
                # A COMMIT that failed (a full disk) may leave the transaction open: without
                # this ROLLBACK every later BEGIN would fail, and the bot never recover.
                if self.conn.in_transaction:
                    await self.conn.execute_fetchall("ROLLBACK")
                raise
            if tx.touched_people:
                self.generation += 1
            if tx.added_members:
                self.memberships += 1

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """Reads of what is committed, each statement consistent on its own, without waiting
        for a transaction under way (an in-memory database has no second connection: there
        the reads wait their turn)."""
        if self.path == ":memory:":
            async with self._lock:
                yield Tx(self.conn)
            return
        async with self._read_lock:
            if self._reader is None:
                self.conn  # noqa: B018 - opened (and migrated) first
                self._reader = await aiosqlite.connect(self.path, isolation_level=None)
                self._reader.row_factory = aiosqlite.Row
                await self._reader.execute("PRAGMA query_only=ON")
                await self._reader.execute("PRAGMA busy_timeout=5000")
            yield Tx(self._reader)


def _adds_newcomers(sql: str, target: re.Match[str]) -> bool:
    """A plain INSERT (or INSERT OR IGNORE) into a newcomer table, whose upsert, if any,
    refreshes only what Telegram shows of a person."""
    verb, conflict, table = target.group(1).upper(), target.group(2), target.group(3).lower()
    if verb != "INSERT" or table not in NEWCOMER_TABLES:
        return False
    if conflict is not None and conflict.upper() != "IGNORE":
        return False
    upsert = _UPSERT_SET.search(sql)
    return upsert is None or set(_ASSIGNED.findall(upsert.group(1))) <= SIGHTING_COLUMNS


class Tx:
    """The statements of one transaction.

    Each statement is one hop to aiosqlite's thread (``execute_fetchall`` and
    ``execute_insert`` run, fetch and close in the thread): a cursor per
    statement would cost three hops, and the hops, not SQLite, were most of a
    note's time under a burst. The change counts come from the connection's
    ``total_changes``, read while the lock keeps the thread idle.
    """

    added_members = False
    """Whether a statement made someone a member of a session."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.touched_people = False
        """Whether a statement changed rows outside ``CONTRIBUTION_TABLES``."""

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement; return the inserted row id (an INSERT), else how many rows changed."""
        if sql.lstrip()[:6].upper() == "INSERT":
            return await self.insert(sql, params)
        return await self.changes(sql, params)

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run an INSERT; return the new row's id, or 0 when it inserted nothing (OR IGNORE)."""
        before = self.conn.total_changes
        row = await self.conn.execute_insert(sql, tuple(params))
        if self.conn.total_changes == before or row is None:
            return 0
        self._changed(sql)
        return int(row[0])

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        before = self.conn.total_changes
        await self.conn.execute_fetchall(sql, tuple(params))
        changed = self.conn.total_changes - before
        if changed:
            self._changed(sql)
        return changed

    def _changed(self, sql: str) -> None:
        target = _WRITE_TARGET.match(sql)
        if target is None:
            self.touched_people = True
            return
        table = target.group(3).lower()
        self.added_members |= table == "session_members"
        if table in CONTRIBUTION_TABLES or _adds_newcomers(sql, target):
            return
        self.touched_people = True

    async def insert_rows(self, head: str, rows: Sequence[Sequence[Any]], *, tail: str = "",
                          chunk: int = INSERT_CHUNK) -> int:
        """``head`` (``INSERT INTO t (a, b)``) with a ``VALUES`` group per row, then ``tail``
        (an ``ON CONFLICT`` clause): one hop per ``chunk`` rows, where ``executemany`` would
        take two. Returns how many rows changed."""
        changed = 0
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            marks = "(" + ", ".join("?" * len(part[0])) + ")"
            changed += await self.changes(
                f"{head} VALUES {', '.join([marks] * len(part))}{tail}",
                [value for row in part for value in row],
            )
        return changed

    async def one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """The first row of a query (or of a write's ``RETURNING``), or ``None``."""
        rows = await self.all(sql, params)
        return rows[0] if rows else None

    async def all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Every row of a query (or of a write's ``RETURNING``)."""
        before = self.conn.total_changes
        rows = list(await self.conn.execute_fetchall(sql, tuple(params)))
        if self.conn.total_changes != before:
            self._changed(sql)
        return rows

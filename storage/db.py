"""The database behind storage: SQLite (a file, the default) or PostgreSQL (a server).

``Database(target)`` opens SQLite for a path and PostgreSQL for a URL
(``postgresql://user@host/db``): each backend is a subclass (``storage.sqlite``,
``storage.postgres``), as ``pathlib.Path`` is, so callers never name one. Both
keep the same contract (``tests/storage/contract`` runs on each): transactions
are explicit and serialized within the process, reads see what is committed
without waiting for a transaction under way, the numbered migrations are applied
at start-up, and ``generation`` tells caches when who-is-who changed.

Every storage module writes SQL once, in the subset both understand: ``?``
parameters (``?1`` to repeat one), ``ON CONFLICT`` instead of ``INSERT OR
IGNORE`` or ``OR REPLACE``, integers for truth values and ISO texts for times.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Protocol

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_DIALECT_MIGRATION = re.compile(r"^(\d{4})_[a-z0-9_]+\.(postgresql)\.sql$")
_WRITE_TARGET = re.compile(
    r"^\s*(INSERT|REPLACE|UPDATE|DELETE)(?:\s+OR\s+(\w+))?\s+(?:INTO\s+|FROM\s+)?(\w+)",
    re.IGNORECASE,
)
_UPSERT_SET = re.compile(r"\bDO\s+UPDATE\s+SET\b(.*)$", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r"(\w+)\s*=")
SERVER_SCHEMES = ("postgresql://", "postgres://")
"""A database setting starting with one of these is a PostgreSQL server; anything else is
a SQLite file."""
CONTRIBUTION_TABLES = frozenset(
    {"rounds", "round_log", "inbox", "dialogs", "meta", "quotes", "photos", "minutes",
     "minutes_authors", "contributors", "programme", "composition_counts", "passing",
     "surveys", "registrations", "results_sent", "sent_messages", "leases", "generations",
     "used_init_data"}
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




def is_server(target: str | Path) -> bool:
    """Whether the database setting names a PostgreSQL server rather than a SQLite file."""
    return str(target).startswith(SERVER_SCHEMES)


def migrations(dialect: str = "sqlite") -> list[tuple[int, str]]:
    """The shipped migrations as (number, SQL), in order, in the dialect's SQL.

    A migration is written once, in SQL both dialects understand; for PostgreSQL its
    types are translated (``storage.postgres.translate_migration``), unless a file
    ``NNNN_name.postgresql.sql`` beside it says the same in PostgreSQL's own words."""
    found: dict[int, str] = {}
    own: dict[int, str] = {}
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            number = int(match.group(1))
            if number in found:
                raise RuntimeError(f"two migrations share the number {number}")
            found[number] = entry.read_text(encoding="utf-8")
        twin = _DIALECT_MIGRATION.match(entry.name)
        if twin and twin.group(2) == dialect:
            own[int(twin.group(1))] = entry.read_text(encoding="utf-8")
    if set(own) - set(found):
        raise RuntimeError(f"{dialect} migrations without their twin: {set(own) - set(found)}")
    if dialect == "sqlite":
        return sorted(found.items())
    from storage.postgres import translate_migration

    return [(number, own.get(number) or translate_migration(sql))
            for number, sql in sorted(found.items())]


class Row(Protocol):
    """A row as both drivers give it: by column name (or position), with its names, and its
    values in order."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> Iterable[str]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Channel(Protocol):
    """Short notices between every process on one database (PostgreSQL's ``NOTIFY`` and
    ``LISTEN``): what one process sends, each listening process hears, itself included."""

    async def listen(self, heard: Callable[[str], None], lost: Callable[[], None]) -> None:
        """Hear every notice from now on (``heard`` with its text, in the loop that called);
        ``lost`` after a lost connection was made again, since notices sent meanwhile were
        missed. Raises when the database cannot be reached now."""
        ...

    async def send(self, payload: str) -> None:
        """Send a notice (at most ``NOTICE_BYTES``) to every listener, at once."""
        ...

    async def close(self) -> None:
        """Stop listening."""
        ...


NOTICE_BYTES = 7900
"""The most a notice may carry (PostgreSQL takes up to 8000 bytes)."""


class Database:
    """The project's database; ``Database(path_or_url)`` is a ``SqliteDatabase`` or a
    ``PostgresDatabase``.

    All writing goes through ``transaction()``, one at a time within the process (a
    lock): what a transaction reads stays as it read it until it commits, on either
    backend. ``read()`` sees the last committed state and never waits for a
    transaction under way.
    """

    dialect: ClassVar[str] = ""
    """"sqlite" or "postgresql": which SQL a storage module may have to choose (rarely)."""
    shared: ClassVar[bool] = False
    """Whether several bot processes may use the database at once (PostgreSQL): then
    ``generation`` is kept in the database (``catch_up``), moves on a round are serialised
    per session across processes (``Tx.lock_sessions``), and the bot claims chats, timers and
    live messages through ``storage.leases``."""

    def __new__(cls, path: str | Path) -> Database:
        if cls is Database:
            if is_server(path):
                from storage.postgres import PostgresDatabase

                return super().__new__(PostgresDatabase)
            from storage.sqlite import SqliteDatabase

            return super().__new__(SqliteDatabase)
        return super().__new__(cls)

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = asyncio.Lock()
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
        """Connect and migrate to the newest schema; refuse what is not Werkstatt's
        (``storage.guard.DatabaseFileError``), leaving it untouched."""
        raise NotImplementedError

    async def open_without_migrating(self) -> None:
        """Connect only (tests migrate step by step)."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def schema_version(self) -> int:
        """The number of the newest migration applied (0: none)."""
        raise NotImplementedError

    async def migrate(self, upto: int | None = None) -> int:
        """Apply every shipped migration newer than the database's version; return the new
        version."""
        raise NotImplementedError

    async def catch_up(self) -> None:
        """Read ``generation`` and ``memberships`` as the database has them, when other processes
        may have moved them (``shared``); a single process knows them already."""

    def _session(self) -> AbstractAsyncContextManager[Tx]:
        """A connection for one transaction (the backend's)."""
        raise NotImplementedError

    @asynccontextmanager
    async def transaction(self, *, after_pending: bool = True) -> AsyncIterator[Tx]:
        """One serialized transaction: committed when the block ends, rolled back on error.

        ``after_pending``: first wait for ``before_transaction`` (only the journal, which
        writes those rows itself, and the inbox, which reads none, do not)."""
        if after_pending and self.before_transaction is not None:
            await self.before_transaction()
        async with self._lock, self._session() as tx:
            await tx._begin()
            try:
                yield tx
            except BaseException:
                await tx._rollback()
                raise
            try:
                shared = None
                if self.shared and (tx.touched_people or tx.added_members):
                    shared = await tx._move_generations(tx.touched_people, tx.added_members)
                if self.fault is not None and tx.changed:
                    self.fault()
                await tx._commit()
            except BaseException:
                # A COMMIT that failed (a full disk) may leave the transaction open: without
                # this ROLLBACK every later BEGIN would fail, and the bot never recover.
                await tx._rollback()
                raise
            if shared is not None:
                self.generation, self.memberships = shared
                return
            if tx.touched_people:
                self.generation += 1
            if tx.added_members:
                self.memberships += 1

    def read(self) -> AbstractAsyncContextManager[Tx]:
        """Reads of what is committed, each statement consistent on its own, without waiting
        for a transaction under way."""
        raise NotImplementedError

    def beside(self) -> AbstractAsyncContextManager[Tx]:
        """A short transaction of its own, for what needs no order with the others (counting
        what the bot sends): on PostgreSQL on a connection of its own, beside a transaction
        under way; on SQLite in line with them, as SQLite writes one at a time."""
        return self.transaction(after_pending=False)

    def channel(self, name: str) -> Channel | None:
        """Notices to and from every other process on this database; ``None`` where no other
        process can share it (a SQLite file is one bot's)."""
        return None


def _adds_newcomers(sql: str, target: re.Match[str]) -> bool:
    """A plain INSERT (or one that ignores a conflict) into a newcomer table, whose upsert, if any,
    refreshes only what Telegram shows of a person."""
    verb, conflict, table = target.group(1).upper(), target.group(2), target.group(3).lower()
    if verb != "INSERT" or table not in NEWCOMER_TABLES:
        return False
    if conflict is not None and conflict.upper() != "IGNORE":
        return False
    upsert = _UPSERT_SET.search(sql)
    return upsert is None or set(_ASSIGNED.findall(upsert.group(1))) <= SIGHTING_COLUMNS


def _rows_statements(head: str, rows: Sequence[Sequence[Any]], tail: str, chunk: int
                     ) -> Iterator[tuple[str, list[Any]]]:
    """``head VALUES (…), (…)tail`` per ``chunk`` rows, with their values."""
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        marks = "(" + ", ".join("?" * len(part[0])) + ")"
        yield (f"{head} VALUES {', '.join([marks] * len(part))}{tail}",
               [value for row in part for value in row])


class Tx:
    """The statements of one transaction (or of one ``read``), in the backend's driver.

    SQL is written with ``?`` parameters; each backend runs it its own way and tells
    whether a statement changed rows, and of which table (``touched_people``)."""

    dialect: ClassVar[str] = ""
    added_members = False
    """Whether a statement made someone a member of a session."""

    def __init__(self) -> None:
        self.touched_people = False
        """Whether a statement changed rows outside ``CONTRIBUTION_TABLES``."""
        self.changed = False
        """Whether a statement changed rows at all."""

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement; return the inserted row id (an INSERT), else how many rows changed."""
        if sql.lstrip()[:6].upper() == "INSERT":
            return await self.insert(sql, params)
        return await self.changes(sql, params)

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run an INSERT; return the new row's id, or 0 when it inserted nothing (a conflict)."""
        raise NotImplementedError

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement and return how many rows it changed."""
        raise NotImplementedError

    async def all(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        """Every row of a query (or of a write's ``RETURNING``)."""
        raise NotImplementedError

    async def one(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        """The first row of a query (or of a write's ``RETURNING``), or ``None``."""
        rows = await self.all(sql, params)
        return rows[0] if rows else None

    async def write(self, sql: str, params: Iterable[Any] = (), *,
                    failure: Callable[[Exception], Exception] | None = None) -> None:
        """A write whose outcome nobody reads: run now, or on SQLite with the transaction's
        next statement or its commit, in one trip (an error surfaces there, passed through
        ``failure``, which turns the driver's error into the one to raise)."""
        try:
            await self.changes(sql, params)
        except Exception as error:
            if failure is None:
                raise
            raise failure(error) from error

    async def write_rows(self, head: str, rows: Sequence[Sequence[Any]], *, tail: str = "",
                         failure: Callable[[Exception], Exception] | None = None) -> None:
        """``insert_rows`` as ``write``s: nobody reads how many rows changed."""
        for sql, values in _rows_statements(head, rows, tail, INSERT_CHUNK):
            await self.write(sql, values, failure=failure)

    async def insert_rows(self, head: str, rows: Sequence[Sequence[Any]], *, tail: str = "",
                          chunk: int = INSERT_CHUNK) -> int:
        """``head`` (``INSERT INTO t (a, b)``) with a ``VALUES`` group per row, then ``tail``
        (an ``ON CONFLICT`` clause): one round trip per ``chunk`` rows, where ``executemany``
        would take two. Returns how many rows changed."""
        changed = 0
        for sql, values in _rows_statements(head, rows, tail, chunk):
            changed += await self.changes(sql, values)
        return changed

    def _changed(self, sql: str) -> None:
        self.changed = True
        target = _WRITE_TARGET.match(sql)
        if target is None:
            self.touched_people = True
            return
        table = target.group(3).lower()
        self.added_members |= table == "session_members"
        if table in CONTRIBUTION_TABLES or _adds_newcomers(sql, target):
            return
        self.touched_people = True

    async def lock_sessions(self, session_ids: Iterable[int]) -> None:
        """Hold these sessions until the transaction ends, against every other process that
        changes a round of one of them (``Database.shared``; one process has its own locks)."""

    async def _move_generations(self, people: bool, members: bool) -> tuple[int, int]:
        """Move the database's ``generation`` and ``memberships`` on (``Database.shared``);
        both as they are now."""
        raise NotImplementedError

    async def _begin(self) -> None:
        raise NotImplementedError

    async def _commit(self) -> None:
        raise NotImplementedError

    async def _rollback(self) -> None:
        """Roll back what is open; nothing when no transaction is open."""
        raise NotImplementedError

"""Databases for the tests: a SQLite file in the test's folder, or a fresh PostgreSQL database.

PostgreSQL databases are made on the server ``WERKSTATT_TEST_POSTGRES`` names (default
``postgresql://postgres@127.0.0.1:5432/test``): each is cloned from a template database
that was migrated once (``CREATE DATABASE … TEMPLATE``, a few hundredths of a second)
and dropped when its test ends. ``WERKSTATT_TEST_DATABASE=postgresql://…`` runs every
test's bot (``World``) and ``db`` fixture on PostgreSQL instead of SQLite; the contract
suite runs on both in any case.

The server is driven from a thread of its own with its own event loop, so that a test
(whose loop is the test's) can ask for a database without awaiting anything.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import sqlite3
import threading
from collections.abc import Container, Coroutine, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from storage.db import Database, Tx, is_server, migrations
from storage.postgres import SCHEMA_TABLE, numbered

SERVER = os.environ.get("WERKSTATT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
"""The PostgreSQL server the tests make their databases on (and its database to connect to)."""
E2E = os.environ.get("WERKSTATT_TEST_DATABASE", "")
"""``postgresql://…``: the bot's tests run on PostgreSQL (databases on ``SERVER`` when the value
is just ``postgresql://``, else on the server it names)."""
PREFIX = "werkstatt_test"
TEMPLATE_LOCK = 0x7465737473  # another process of the tests may be building the template

T = TypeVar("T")


def on_postgres() -> bool:
    """Whether the bot's tests run on PostgreSQL (``WERKSTATT_TEST_DATABASE``)."""
    return is_server(E2E)


def _server_url() -> str:
    return E2E if on_postgres() and urlsplit(E2E).netloc else SERVER


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Server:
    """The test server, driven from a thread of its own."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._admin: asyncpg.Connection | None = None
        self._names = itertools.count(1)
        self._template: str | None = None
        self.problem: str | None = None

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="test-postgres", daemon=True).start()
            self._loop = loop
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=120)

    async def _connection(self) -> asyncpg.Connection:
        if self._admin is None or self._admin.is_closed():
            self._admin = await asyncpg.connect(self.url, timeout=10)
        return self._admin

    def reachable(self) -> bool:
        """Whether the server answers (``problem`` says why not)."""
        if self.problem is None and self._admin is None:
            try:
                self._run(self._connection())
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
                self.problem = f"no PostgreSQL at {self.url}: {error}"
        return self.problem is None

    def fresh(self, *, migrated: bool = True) -> str:
        """The URL of a new database: migrated to the newest schema, or empty."""
        return self._run(self._fresh(migrated))

    def drop(self, url: str) -> None:
        self._run(self._drop(urlsplit(url).path.lstrip("/")))

    def query(self, url: str, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._run(self._query(url, sql, params))

    async def _query(self, url: str, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        conn = await asyncpg.connect(url)
        try:
            if not params and ";" in sql:
                await conn.execute(sql)  # a script: several statements, no rows
                return []
            return [tuple(row) for row in await conn.fetch(numbered(sql), *params)]
        finally:
            await conn.close()

    async def _fresh(self, migrated: bool) -> str:
        admin = await self._connection()
        name = f"{PREFIX}_{os.getpid()}_{next(self._names)}"
        source = await self._template_name() if migrated else "template0"
        for attempt in itertools.count():
            try:
                await admin.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
                break
            except asyncpg.ObjectInUseError:  # another process clones the template right now
                if attempt > 50:
                    raise
                await asyncio.sleep(0.05)
        return _with_database(self.url, name)

    async def _drop(self, name: str) -> None:
        admin = await self._connection()
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    async def _template_name(self) -> str:
        """A database migrated to the newest schema, built once for these migrations (also by
        another test process, which the lock waits for)."""
        if self._template is not None:
            return self._template
        digest = hashlib.sha256(
            "".join(sql for _, sql in migrations("postgresql")).encode()).hexdigest()[:12]
        name = f"{PREFIX}_template_{digest}"
        admin = await self._connection()
        await admin.execute("SELECT pg_advisory_lock($1)", TEMPLATE_LOCK)
        try:
            await self._drop_leftovers(admin)
            if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                building = f"{name}_{os.getpid()}"
                await admin.execute(f"DROP DATABASE IF EXISTS {building}")
                await admin.execute(f"CREATE DATABASE {building} TEMPLATE template0")
                database = Database(_with_database(self.url, building))
                await database.open()
                await database.close()
                await admin.execute(f"ALTER DATABASE {building} RENAME TO {name}")
        finally:
            await admin.execute("SELECT pg_advisory_unlock($1)", TEMPLATE_LOCK)
        self._template = name
        return name


    async def _drop_leftovers(self, admin: asyncpg.Connection) -> None:
        """The databases of test processes that were killed (on this machine's own server)."""
        if urlsplit(self.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            return
        for row in await admin.fetch("SELECT datname FROM pg_database WHERE datname ~ $1",
                                     f"^{PREFIX}_[0-9]+_[0-9]+$"):
            pid = int(str(row["datname"]).split("_")[-2])
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                await self._drop(str(row["datname"]))
            except PermissionError:  # another user's process: alive
                pass


SERVER_FOR_TESTS = Server(_server_url())


def require_server() -> None:
    """Skip the test when the test server does not answer, except in CI (``.ci/run`` starts
    one), where that fails it."""
    if not SERVER_FOR_TESTS.reachable():
        if os.environ.get("CI"):
            pytest.fail(str(SERVER_FOR_TESTS.problem))
        pytest.skip(str(SERVER_FOR_TESTS.problem))


class Databases:
    """The databases of one test, by the SQLite path the test asked for: on PostgreSQL the same
    path gives the same database (a bot started again on it), another path another one."""

    def __init__(self) -> None:
        self.made: dict[str, str] = {}

    def target(self, path: str | Path) -> str:
        """The database setting for ``path``: the path itself, or a fresh PostgreSQL database."""
        if not on_postgres() or is_server(path) or str(path) == ":memory:":
            return str(path)
        if str(path) not in self.made:
            self.made[str(path)] = SERVER_FOR_TESTS.fresh()
        return self.made[str(path)]

    def drop_all(self) -> None:
        for url in self.made.values():
            SERVER_FOR_TESTS.drop(url)
        self.made.clear()


CURRENT = Databases()
"""The running test's databases (dropped by the autouse fixture in ``tests/conftest.py``)."""


async def every_row(tx: Tx, leave_out: Container[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of Werkstatt's (but those left out), by table, in one order
    whatever the backend returns them in: to compare what was stored before and after."""
    if tx.dialect == "postgresql":
        query = ("SELECT table_name AS name FROM information_schema.tables WHERE table_schema ="
                 f" current_schema() AND table_name != '{SCHEMA_TABLE}'")
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
    names = [str(row["name"]) for row in await tx.all(query)]
    return {name: sorted((tuple(row) for row in await tx.all(f"SELECT * FROM {name}")), key=repr)
            for name in sorted(names) if name not in leave_out}


def run_sql(database: str | Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run SQL on a test's database from outside the bot (as a crash, a full disk or an
    operator would), committed at once; the rows it returns. Without parameters ``sql`` may
    be a script of several statements (returning nothing)."""
    if is_server(database):
        return SERVER_FOR_TESTS.query(str(database), sql, params)
    with closing(sqlite3.connect(database)) as conn, conn:
        if not params and ";" in sql:
            conn.executescript(sql)
            return []
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]


def refuse_writes(database: str | Path, table: str) -> None:
    """The database refuses every new row of ``table`` as a full disk would, until
    ``allow_writes``."""
    if is_server(database):
        run_sql(database, "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'"
                " USING ERRCODE = 'disk_full'; END $$;"
                f" CREATE TRIGGER disk_full BEFORE INSERT ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION full_disk();")
    else:
        run_sql(database, f"CREATE TRIGGER disk_full BEFORE INSERT ON {table}"
                " BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;")


def allow_writes(database: str | Path, table: str) -> None:
    run_sql(database, f"DROP TRIGGER disk_full{f' ON {table}' if is_server(database) else ''};")

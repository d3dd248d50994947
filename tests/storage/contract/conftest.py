"""The one way into the contract suite: a storage backend, opened (or not yet migrated).

Every test here takes ``backend`` (or ``unmigrated_backend``) and uses only the
storage package's public functions, so each backend runs the suite unchanged: every
test runs once on SQLite (a file in the test's folder) and once on PostgreSQL (a
database of its own on the test server, see ``tests/databases.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from storage.db import Database
from tests.databases import SERVER_FOR_TESTS, require_server


@contextmanager
def sqlite_file(folder: Path, migrated: bool) -> Iterator[str]:
    yield str(folder / "contract.sqlite3")


@contextmanager
def postgresql_database(folder: Path, migrated: bool) -> Iterator[str]:
    """A database of its own on the test server: cloned from the migrated template, or empty.
    Without a server the tests are skipped, except in CI (``.ci/run`` starts one)."""
    require_server()
    url = SERVER_FOR_TESTS.fresh(migrated=migrated)
    try:
        yield url
    finally:
        SERVER_FOR_TESTS.drop(url)


BACKENDS: dict[str, Callable[[Path, bool], AbstractContextManager[str]]] = {
    "sqlite": sqlite_file,
    "postgresql": postgresql_database,
}
"""Each backend by name: the database setting of a database of its own for one test (in the
test's folder, or on the test server), migrated or not."""


@pytest.fixture(params=sorted(BACKENDS))
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def backend(backend_name: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of the backend, opened and migrated to the newest schema."""
    with BACKENDS[backend_name](tmp_path, True) as target:
        database = Database(target)
        await database.open()
        yield database
        await database.close()


@pytest.fixture
async def unmigrated_backend(backend_name: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of the backend that has not been opened yet (for the migrations)."""
    with BACKENDS[backend_name](tmp_path, False) as target:
        database = Database(target)
        yield database
        await database.close()

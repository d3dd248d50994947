"""The one way into the contract suite: a storage backend, opened (or not yet migrated).

Every test here takes ``backend`` (or ``unmigrated_backend``) and uses only the
storage package's public functions, so a second backend runs the suite unchanged:
add it to ``BACKENDS``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from storage.db import Database

BACKENDS: dict[str, Callable[[Path], Database]] = {
    "sqlite": lambda folder: Database(folder / "contract.sqlite3"),
}
"""Each backend by name: how to make a database of its own in a test's folder."""


@pytest.fixture(params=sorted(BACKENDS))
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def backend(backend_name: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of the backend, opened and migrated to the newest schema."""
    database = BACKENDS[backend_name](tmp_path)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
async def unmigrated_backend(backend_name: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database of the backend that has not been opened yet (for the migrations)."""
    database = BACKENDS[backend_name](tmp_path)
    yield database
    await database.close()

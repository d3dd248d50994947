"""Shared fixtures: a simulated Telegram around the real Application, on a real SQLite file
(or, with ``WERKSTATT_TEST_DATABASE=postgresql://``, a PostgreSQL database of the test's own:
see ``tests/databases.py``)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.settings import Settings
from bot.simulate import World
from locales import DEFAULT_ZONE, use_zone
from storage.db import Database
from tests.databases import CURRENT, SERVER_FOR_TESTS, on_postgres


def offline_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings for a test: a fresh database file (or PostgreSQL database), no token, no waiting
    between edits."""
    values: dict[str, object] = {
        "database": str(tmp_path / "werkstatt.sqlite3"),
        "live_interval": 0.0,
        "rate_limit": False,
        "telegram_token": None,
        "draft_pdf": False,  # LibreOffice takes seconds a draft; the PDF tests turn it on
    }
    values.update(overrides)
    values["database"] = CURRENT.target(str(values["database"]))
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, the tests about the SQLite file itself are skipped (they say why)."""
    if not on_postgres():
        return
    if not SERVER_FOR_TESTS.reachable():
        raise pytest.UsageError(str(SERVER_FOR_TESTS.problem))
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {marker.args[0]}"))


@pytest.fixture(autouse=True)
def test_databases() -> Iterator[None]:
    """The PostgreSQL databases a test made are dropped when it ends."""
    yield
    CURRENT.drop_all()


@pytest.fixture(autouse=True)
def berlin_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times as the tests expect them, whatever WERKSTATT_TIMEZONE the machine has."""
    monkeypatch.delenv("WERKSTATT_TIMEZONE", raising=False)
    use_zone(DEFAULT_ZONE)
    yield
    use_zone(DEFAULT_ZONE)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    sim = World(offline_settings(tmp_path))
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite file (or PostgreSQL database) of its own."""
    database = Database(CURRENT.target(tmp_path / "storage.sqlite3"))
    await database.open()
    yield database
    await database.close()

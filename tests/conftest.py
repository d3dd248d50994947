"""Shared fixtures: a simulated Telegram around the real Application, on a real SQLite file."""

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


def offline_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings for a test: a fresh database file, no token, no waiting between edits."""
    values: dict[str, object] = {
        "database": str(tmp_path / "werkstatt.sqlite3"),
        "live_interval": 0.0,
        "rate_limit": False,
        "telegram_token": None,
        "draft_pdf": False,  # LibreOffice takes seconds a draft; the PDF tests turn it on
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


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
    """A migrated SQLite file of its own."""
    database = Database(tmp_path / "storage.sqlite3")
    await database.open()
    yield database
    await database.close()

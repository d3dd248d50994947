"""What several processes on one PostgreSQL database take in turn: a timer fires in one of them,
a live message is edited by one of them per interval (another process is another holder)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import sharing
from storage import leases
from storage.db import Database
from tests.databases import SERVER_FOR_TESTS, require_server


@pytest.fixture
async def shared() -> AsyncIterator[Database]:
    require_server()
    url = SERVER_FOR_TESTS.fresh(migrated=True)
    db = Database(url)
    await db.open()
    try:
        yield db
    finally:
        await db.close()
        SERVER_FOR_TESTS.drop(url)


async def test_a_timer_fires_in_one_process_and_another_looks_again_only_if_it_died(
    shared: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert await sharing.take_timer(None, "timer:x") == 0.0  # a process of its own fires all
    assert await sharing.take_timer(shared, "timer:expire:1:a") == 0.0
    monkeypatch.setattr(sharing, "HOLDER", "another process")
    wait = await sharing.take_timer(shared, "timer:expire:1:a")
    assert wait is not None and sharing.TIMER_HOLD - 5 < wait <= sharing.TIMER_HOLD + 0.5
    monkeypatch.undo()
    await sharing.timer_fired(shared, "timer:expire:1:a")
    assert await sharing.take_timer(shared, "timer:expire:1:a") is None  # not again, here
    monkeypatch.setattr(sharing, "HOLDER", "another process")
    assert await sharing.take_timer(shared, "timer:expire:1:a") is None  # nor there


async def test_a_live_message_is_edited_by_one_process_per_interval(
    shared: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert await sharing.edit_slot(None, "live:1", 5.0) == 0.0
    assert await sharing.edit_slot(shared, "live:1", 5.0) == 0.0
    assert await sharing.edit_slot(shared, "live:1", 5.0) > 4.0  # this process waits too
    monkeypatch.setattr(sharing, "HOLDER", "another process")
    turn = await sharing.edit_slot(shared, "live:1", 5.0)
    assert 4.0 < turn <= 5.0  # its turn comes when the interval is over
    assert await sharing.edit_slot(shared, "live:2", 5.0) == 0.0  # another message: at once


async def test_leases_count_on_the_database_servers_clock(
    shared: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process on a machine whose clock runs an hour ahead takes no lease another holds."""
    assert await sharing.edit_slot(shared, "live:9", 5.0) == 0.0
    assert await sharing.take_timer(shared, "timer:expire:9:a") == 0.0

    def ahead() -> datetime:
        return datetime.now(UTC) + timedelta(hours=1)

    monkeypatch.setattr(sharing, "utcnow", ahead, raising=False)
    monkeypatch.setattr(leases, "utcnow", ahead)
    monkeypatch.setattr(sharing, "HOLDER", "a process whose clock is ahead")
    assert 4.0 < await sharing.edit_slot(shared, "live:9", 5.0) <= 5.0
    wait = await sharing.take_timer(shared, "timer:expire:9:a")
    assert wait is not None and sharing.TIMER_HOLD - 5 < wait <= sharing.TIMER_HOLD + 0.5
    async with shared.transaction() as tx:
        server = await leases.server_time(tx)
    assert abs((server - datetime.now(UTC)).total_seconds()) < 5

"""Replies to delete when due: kept until deleted, read back earliest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import passing
from storage.db import Database
from tests.storage.contract.coverage import covers

NOON = datetime(2023, 5, 5, 12, 0, tzinfo=UTC)


@covers(passing.keep_passing, passing.all_passing, passing.passed)
async def test_a_passing_reply_is_kept_until_it_was_deleted(backend: Database) -> None:
    async with backend.transaction() as tx:
        await passing.keep_passing(tx, -100, 7, NOON + timedelta(seconds=30))
        await passing.keep_passing(tx, -200, 3, NOON)
        await passing.keep_passing(tx, -100, 7, NOON + timedelta(seconds=30))  # once
        kept = await passing.all_passing(tx)
        await passing.passed(tx, -200, 3)
        await passing.passed(tx, -200, 3)  # gone already: nothing happens
        left = await passing.all_passing(tx)
    assert kept == [passing.Passing(-200, 3, NOON),
                    passing.Passing(-100, 7, NOON + timedelta(seconds=30))]
    assert left == [passing.Passing(-100, 7, NOON + timedelta(seconds=30))]

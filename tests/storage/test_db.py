"""The SQLite file: migrations, pragmas, serialized transactions."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from flows.base import Event, Value
from storage import people, rounds
from storage.db import migrations
from storage.sqlite import SqliteDatabase


class Counter(Value):
    count: int = 0


class Bump(Event):
    pass


async def test_an_empty_database_is_migrated_to_the_newest_schema(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "new.sqlite3")
    await db.open()
    assert await db.schema_version() == migrations()[-1][0]
    async with db.conn.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
    async with db.conn.execute("PRAGMA foreign_keys") as cursor:
        assert (await cursor.fetchone())[0] == 1  # type: ignore[index]
    await db.close()


async def test_a_database_at_the_previous_schema_is_migrated_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    numbers = [number for number, _ in migrations()]
    previous = numbers[-2] if len(numbers) > 1 else 0
    db = SqliteDatabase(path)
    await db.open_without_migrating()
    await db.migrate(upto=previous)
    if previous:
        async with db.transaction() as tx:
            await people.see_person(tx, 42, "Alte Daten", None, "de")
    await db.close()
    again = SqliteDatabase(path)
    await again.open()
    assert await again.schema_version() == numbers[-1]
    if previous:
        async with again.transaction() as tx:
            kept = await people.get_person(tx, 42)
        assert kept is not None and kept.telegram_name == "Alte Daten"
    await again.close()


async def test_events_from_before_the_address_setting_keep_their_du(tmp_path: Path) -> None:
    path = tmp_path / "du.sqlite3"
    db = SqliteDatabase(path)
    await db.open_without_migrating()
    await db.migrate(upto=4)
    await db.conn.execute(
        "INSERT INTO events (code, title, dates, place, created_by, created_at)"
        " VALUES ('ALT123', 'Alt', '', '', 1, '2023-05-05T10:00:00+00:00')")
    await db.conn.commit()
    await db.close()
    again = SqliteDatabase(path)
    await again.open()
    async with again.transaction() as tx:
        old = await people.event_by_code(tx, "ALT123")
        new = await people.create_event(tx, "Neu", "", "", "de", 1)
    assert old is not None and old.address == "du"
    assert new.address == "sie"
    await again.close()


async def test_opening_twice_applies_no_migration_again(tmp_path: Path) -> None:
    path = tmp_path / "twice.sqlite3"
    for _ in range(2):
        db = SqliteDatabase(path)
        await db.open()
        assert await db.schema_version() == migrations()[-1][0]
        await db.close()


async def test_a_failed_transaction_rolls_back_everything_it_wrote(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "tx.sqlite3")
    await db.open()
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await people.see_person(tx, 7, "Gone", None, "de")
            raise RuntimeError("boom")
    async with db.transaction() as tx:
        assert await people.get_person(tx, 7) is None
    await db.close()


async def test_interleaved_coroutines_do_not_lose_each_others_writes(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "race.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        event = await people.create_event(tx, "E", "heute", "hier", "de", 1)
        session, _ = await people.link_session(tx, event.id, -100, 0, "G", "S")
        record = await rounds.create_round(tx, session.id, "counter", Counter(), None)

    async def bump(index: int) -> None:
        async with db.transaction() as tx:
            current = await rounds.get_round(tx, record.id)
            assert current is not None
            state = current.state(Counter)
            await asyncio.sleep(0)
            await rounds.save_step(
                tx, record.id, Counter(count=state.count + 1), Bump(actor=index),
                source=f"m{index}", is_open=True, deadline=None,
            )

    await asyncio.gather(*(bump(i) for i in range(50)))
    async with db.transaction() as tx:
        final = await rounds.get_round(tx, record.id)
    assert final is not None and final.state(Counter).count == 50
    await db.close()


async def test_the_same_source_is_stored_once_per_round(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "once.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        event = await people.create_event(tx, "E", "heute", "hier", "de", 1)
        session, _ = await people.link_session(tx, event.id, -100, 0, "G", "S")
        record = await rounds.create_round(tx, session.id, "counter", Counter(), None)
        await rounds.save_step(tx, record.id, Counter(count=1), Bump(actor=1), source="-100:5",
                               is_open=True, deadline=None)
        assert await rounds.source_seen(tx, record.id, "-100:5")
    with pytest.raises(Exception, match="UNIQUE"):
        async with db.transaction() as tx:
            await rounds.save_step(tx, record.id, Counter(count=2), Bump(actor=1),
                                   source="-100:5", is_open=True, deadline=None)
    await db.close()


async def test_deleting_an_event_removes_its_sessions_roles_and_rounds(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "cascade.sqlite3")
    await db.open()
    async with db.transaction() as tx:
        event = await people.create_event(tx, "E", "heute", "hier", "de", 1)
        session, _ = await people.link_session(tx, event.id, -100, 0, "G", "S")
        await rounds.create_round(tx, session.id, "counter", Counter(), None)
        await tx.execute("DELETE FROM events WHERE id = ?", (event.id,))
        assert await tx.all("SELECT * FROM sessions") == []
        assert await tx.all("SELECT * FROM rounds") == []
        assert await tx.all("SELECT * FROM roles") == []
    await db.close()

"""The database: migrations, transactions that commit or leave nothing, reads that don't wait,
and the generation that tells caches when who-is-who changed."""

from __future__ import annotations

import asyncio

import pytest

from storage import contributors, minutes, people, rounds
from storage.db import Database, Tx, is_server, migrations
from storage.errors import INTEGRITY_ERRORS, DuplicateSource, breaks_unique
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, Board, Note, Pin, workshop


@covers(Database.open, Database.schema_version, migrations)
async def test_an_opened_database_is_at_the_newest_schema(backend: Database) -> None:
    numbers = [number for number, _ in migrations()]
    # Numbers are handed out ahead to branches that land in turn: they rise from 1, and a
    # gap closes when the branch holding its number lands (before any newer one is used).
    assert numbers[0] == 1 and numbers == sorted(set(numbers))
    assert await backend.schema_version() == numbers[-1]


@covers(Database.open_without_migrating, Database.migrate)
async def test_a_new_database_is_migrated_step_by_step_and_keeps_its_data(
    unmigrated_backend: Database,
) -> None:
    db = unmigrated_backend
    await db.open_without_migrating()
    assert await db.schema_version() == 0
    assert await db.migrate(upto=1) == 1
    async with db.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
    newest = migrations()[-1][0]
    assert await db.migrate() == newest
    assert await db.migrate() == newest
    async with db.transaction() as tx:
        kept = await people.get_person(tx, ANNA)
    assert kept is not None and kept.telegram_name == "Anna"


@covers(Database.close, Database.open)
async def test_what_was_committed_is_there_after_closing_and_opening_again(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    await backend.close()
    await backend.open()
    assert await backend.schema_version() == migrations()[-1][0]
    async with backend.transaction() as tx:
        found = await people.event_by_code(tx, shop.event.code)
    assert found == shop.event


@covers(Database.transaction)
async def test_a_failed_transaction_leaves_nothing_behind(backend: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with backend.transaction() as tx:
            await people.see_person(tx, ANNA, "Anna", None, "de")
            raise RuntimeError("boom")
    async with backend.transaction() as tx:
        assert await people.get_person(tx, ANNA) is None


@covers(Database.transaction)
async def test_interleaved_transactions_do_not_lose_each_others_writes(
    backend: Database,
) -> None:
    async def register(user_id: int) -> None:
        async with backend.transaction() as tx:
            await people.see_person(tx, user_id, f"P{user_id}", None, "de")
            await asyncio.sleep(0)
            await people.update_profile(tx, user_id, display_name=f"Person {user_id}")

    await asyncio.gather(*(register(user_id) for user_id in range(10, 40)))
    async with backend.transaction() as tx:
        found = await people.people_by_id(tx, list(range(10, 40)))
    assert {uid: p.name for uid, p in found.items()} == {
        uid: f"Person {uid}" for uid in range(10, 40)
    }


@covers(Database.transaction)
async def test_every_transaction_first_waits_for_what_is_pending_except_the_journals(
    backend: Database,
) -> None:
    waited: list[str] = []

    async def pending() -> None:
        waited.append("pending")

    backend.before_transaction = pending
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
    async with backend.transaction(after_pending=False) as tx:
        await people.see_person(tx, BEN, "Ben", None, "de")
    assert waited == ["pending"]


@covers(Database.read)
async def test_a_read_sees_what_is_committed_without_waiting_for_a_transaction_under_way(
    backend: Database,
) -> None:
    written, release = asyncio.Event(), asyncio.Event()

    async def slow_registration() -> None:
        async with backend.transaction() as tx:
            await people.see_person(tx, ANNA, "Anna", None, "de")
            written.set()
            await release.wait()

    writer = asyncio.create_task(slow_registration())
    await written.wait()
    async with asyncio.timeout(5), backend.read() as tx:
        assert await people.get_person(tx, ANNA) is None
    release.set()
    await writer
    async with backend.read() as tx:
        found = await people.get_person(tx, ANNA)
    assert found is not None and found.telegram_name == "Anna"


@covers(Database.transaction)
async def test_the_generation_moves_with_who_is_who_and_stands_still_for_contributions(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    moves: list[bool] = []

    async def moved(change: str) -> None:
        before = backend.generation
        async with backend.transaction() as tx:
            if change == "newcomer":
                await people.see_person(tx, ANNA, "Anna", None, "de")
            elif change == "member":
                await people.add_member(tx, shop.session.id, ANNA)
            elif change == "note":
                await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text="x"),)),
                                       Pin(actor=ANNA, text="x"), source="-100:1",
                                       is_open=True, deadline=None)
            elif change == "profile":
                await people.update_profile(tx, ANNA, display_name="Anna A.")
            elif change == "role":
                await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
            elif change == "event":
                await people.create_event(tx, "Zweiter Tag", "", "", "de", ANNA)
            elif change == "minutes":
                await minutes.write_minutes(tx, shop.session.id, "Bericht", ANNA)
            elif change == "speaker":
                await contributors.add_contributor(tx, shop.session.id, "impulse", ANNA, ANNA)
        moves.append(backend.generation != before)

    for change in ("newcomer", "member", "note", "profile", "role", "event", "minutes",
                   "speaker"):
        await moved(change)
    assert moves == [False, False, False, True, True, True, False, False]


@covers(is_server)
def test_a_url_of_postgresql_names_a_server_and_anything_else_a_sqlite_file() -> None:
    assert is_server("postgresql://werkstatt@db.example/werkstatt")
    assert is_server("postgres://werkstatt@db.example:5433/werkstatt")
    assert not is_server("werkstatt.sqlite3")
    assert not is_server("/var/lib/werkstatt/postgresql.sqlite3")
    assert not is_server(":memory:")


@covers(breaks_unique, rounds.log_events)
async def test_a_repeated_source_is_told_apart_from_a_round_that_is_gone(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await rounds.log_events(tx, [(shop.round.id, ANNA, "Pin {}", "-100:7", "2024-05-01")])
    with pytest.raises(DuplicateSource) as repeated:
        async with backend.transaction() as tx:
            await rounds.log_events(tx, [(shop.round.id, BEN, "Pin {}", "-100:7", "2024-05-01")])
    assert repeated.value.round_id == shop.round.id
    assert breaks_unique(repeated.value.__cause__, "round_log")  # type: ignore[arg-type]
    with pytest.raises(INTEGRITY_ERRORS) as gone:
        async with backend.transaction() as tx:
            await rounds.log_events(tx, [(shop.round.id + 99, BEN, "Pin {}", "x", "2024-05-01")])
    assert not isinstance(gone.value, DuplicateSource)
    assert not breaks_unique(gone.value, "round_log")


@covers(Tx.write, Tx.write_rows, rounds.log_events, rounds.store_state)
async def test_writes_nobody_reads_land_with_the_transaction_and_fail_it_when_they_fail(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    before = backend.generation
    async with backend.transaction() as tx:
        await tx.write_rows("INSERT INTO people (user_id, telegram_name, username, language,"
                            " seen_at)", [(ANNA, "Anna", None, "de", "2024-05-01"),
                                          (BEN, "Ben", None, "de", "2024-05-01")])
        await tx.write("UPDATE people SET display_name = ? WHERE user_id = ?", ("Anna A.", ANNA))
        seen = await people.people_by_id(tx, [ANNA, BEN])  # a read sees the writes before it
        assert await rounds.store_state(tx, shop.round.id, '{"notes": []}', is_open=True,
                                        deadline=None, at="2024-05-01", later=True)
        await rounds.log_events(tx, [(shop.round.id, ANNA, "Pin {}", "-100:8", "2024-05-01")],
                                later=True)
    assert seen[ANNA].display_name == "Anna A." and seen[BEN].telegram_name == "Ben"
    assert backend.generation != before  # a profile changed: who is who moved on
    async with backend.read() as tx:
        assert await rounds.source_seen(tx, shop.round.id, "-100:8")

    # A write that fails, at the commit: the whole transaction goes, with the error the
    # write's ``failure`` makes of the driver's.
    with pytest.raises(DuplicateSource) as repeated:
        async with backend.transaction() as tx:
            await people.see_person(tx, 4242, "Clara", None, "de")
            await rounds.log_events(tx, [(shop.round.id, BEN, "Pin {}", "-100:8", "2024-05-01")],
                                    later=True)
    assert repeated.value.round_id == shop.round.id
    with pytest.raises(INTEGRITY_ERRORS):
        async with backend.transaction() as tx:
            await tx.write("INSERT INTO session_members (session_id, user_id, first_seen)"
                           " VALUES (?, ?, ?)", (shop.session.id + 99, ANNA, "2024-05-01"))
    async with backend.read() as tx:
        assert await people.get_person(tx, 4242) is None

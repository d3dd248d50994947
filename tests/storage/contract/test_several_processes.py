"""Several processes on one database: leases, a chat's waiting updates, a round's version, the
sessions held by a transaction and who-is-who's generation. A second ``Database`` on the same
target stands for a second process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from storage import inbox, leases, people, rounds
from storage.db import Database, Tx
from storage.errors import StaleRound
from storage.journal import Journal
from storage.records import iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import BEN, workshop
from tests.storage.contract.test_journal import Told, board, note


@asynccontextmanager
async def second_process(backend: Database) -> AsyncIterator[Database]:
    other = Database(backend.path)
    await other.open()
    try:
        yield other
    finally:
        await other.close()


def at(seconds: float) -> str:
    return iso(utcnow() + timedelta(seconds=seconds))


@covers(leases.take, leases.held_until, leases.prolong, leases.release, leases.prune)
async def test_a_lease_has_one_holder_until_it_runs_out_or_is_released(backend: Database) -> None:
    now = at(0)
    async with backend.transaction() as tx:
        assert await leases.take(tx, "chat:5", "a", at(10), now)
        assert not await leases.take(tx, "chat:5", "b", at(10), now)
        assert await leases.take(tx, "chat:5", "a", at(20), now)  # the holder's own: prolonged
        assert await leases.prolong(tx, "a", ["chat:5", "chat:6"], at(30)) == 1
        assert await leases.prolong(tx, "b", ["chat:5"], at(30)) == 0
        assert await leases.prolong(tx, "b", [], at(30)) == 0
        # Once its time ran out, another takes it (a holder that died lets go by itself).
        assert await leases.take(tx, "chat:5", "b", at(60), at(31))
        await leases.release(tx, "a", "chat:5")  # no longer a's: nothing happens
        held = await leases.held_until(tx, "chat:5")
        await leases.release(tx, "b", "chat:5")
        free = await leases.held_until(tx, "chat:5")
        assert await leases.take(tx, "live:1", "a", at(5), now, again=False)
        assert not await leases.take(tx, "live:1", "a", at(5), now, again=False)  # its turn: later
        assert await leases.take(tx, "live:1", "a", at(10), at(6), again=False)
        assert await leases.take(tx, "timer:1", "a", at(5), now)
        pruned = (await leases.prune(tx, at(0)), await leases.prune(tx, at(6)))
    assert held is not None and held > at(31)
    assert free is None
    assert pruned == (0, 1)  # timer:1 ran out by then (live:1 not yet)


@covers(leases.server_time)
async def test_leases_are_reckoned_on_the_database_servers_clock(backend: Database) -> None:
    """Both processes read the same clock: the server's (a SQLite file's server is the
    process itself); an ISO text of it compares with the leases' times."""
    before = utcnow()
    async with backend.transaction() as tx:
        first = await leases.server_time(tx)
        assert await leases.take(tx, "chat:8", "a", iso(first + timedelta(seconds=10)),
                                 iso(first))
    async with second_process(backend) as other, other.transaction() as tx:
        second = await leases.server_time(tx)
        assert not await leases.take(tx, "chat:8", "b", iso(second + timedelta(seconds=10)),
                                     iso(second))
    assert first.tzinfo is not None
    assert first <= second
    assert abs((first - before).total_seconds()) < 5


@covers(inbox.of_chat, inbox.waiting_chats)
async def test_a_chats_waiting_updates_come_in_order_and_a_held_chat_is_not_waiting(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await inbox.receive(tx, [(3, '{"c": 1}'), (1, '{"a": 1}'), (2, '{"b": 1}')],
                            chats={1: -100, 2: 7, 3: -100})
        await inbox.receive(tx, [(4, "{}")])  # kept before chats were known: nobody's
        assert await inbox.of_chat(tx, -100) == [(1, '{"a": 1}'), (3, '{"c": 1}')]
        assert await inbox.waiting_chats(tx, at(0)) == [-100, 7]
        await leases.take(tx, "chat:-100", "a", at(10), at(0))
        assert await inbox.waiting_chats(tx, at(0)) == [7]
        assert await inbox.waiting_chats(tx, at(11)) == [-100, 7]  # its holder died
        await inbox.mark_handled(tx, [2])
        assert await inbox.waiting_chats(tx, at(11)) == [-100]
        assert await inbox.of_chat(tx, 7) == []


@covers(rounds.store_state)
async def test_a_contribution_built_on_an_older_version_of_its_round_is_not_stored(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    assert shop.round.version == 0
    async with second_process(backend) as other:
        told_here, told_there = Told(), Told()
        here = Journal(backend, told_here.on_commit, told_here.on_failure)
        there = Journal(other, told_there.on_commit, told_there.on_failure)
        first = note(shop, ["Idee A"], "-100:1")
        first.expected = 0
        await here.add(first)
        late = note(shop, ["Idee B"], "-100:2")  # applied to the board without Idee A
        late.expected = 0
        with pytest.raises(StaleRound):
            await there.add(late)
        await there.drain()
        assert told_there.failed == [({shop.round.id}, set())]
        async with other.read() as tx:
            record = await rounds.get_round(tx, shop.round.id)
            assert not await rounds.source_seen(tx, shop.round.id, "-100:2")
        assert record is not None and record.version == 1
        again = note(shop, ["Idee A", "Idee B"], "-100:2")
        again.expected = record.version
        await there.add(again)
        assert [n.text for n in (await board(backend, shop)).notes] == ["Idee A", "Idee B"]


@covers(Database.catch_up)
async def test_who_is_who_changed_by_another_process_moves_the_generation(
    backend: Database,
) -> None:
    async with second_process(backend) as other:
        await backend.catch_up()
        before = backend.generation
        async with other.transaction() as tx:
            await people.see_person(tx, BEN, "Ben", "ben", "de")
            await people.update_profile(tx, BEN, language="en")
        await backend.catch_up()
        if backend.shared:  # a database several processes share keeps it
            assert backend.generation != before
            assert backend.generation == other.generation
        else:  # one process per SQLite file: its own count is the truth
            assert backend.generation == before


@covers(Tx.lock_sessions)
async def test_a_session_held_by_one_transaction_waits_for_it_in_another(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    order: list[str] = []
    async with second_process(backend) as other:
        holding = asyncio.Event()

        async def first() -> None:
            async with backend.transaction() as tx:
                await tx.lock_sessions([shop.session.id])
                holding.set()
                await asyncio.sleep(0.3)
                order.append("first done")

        async def second() -> None:
            await holding.wait()
            async with other.transaction() as tx:
                await tx.lock_sessions([shop.session.id, shop.session.id])
                order.append("second holds")

        await asyncio.gather(first(), second())
    assert order == ["first done", "second holds"]


@covers(rounds.open_rounds_due, rounds.open_rounds_of)
async def test_open_rounds_are_found_by_their_deadline_and_by_their_format(
    backend: Database,
) -> None:
    soon = await workshop(backend, chat_id=-101)
    later = await workshop(backend, chat_id=-102, kind="other")
    never = await workshop(backend, chat_id=-103)
    due = utcnow() + timedelta(seconds=5)
    async with backend.transaction() as tx:
        for shop, deadline in ((soon, due), (later, due + timedelta(minutes=5))):
            await rounds.store_state(tx, shop.round.id, shop.round.state_json, is_open=True,
                                     deadline=iso(deadline), at=iso(utcnow()))
        await rounds.store_state(tx, never.round.id, never.round.state_json, is_open=False,
                                 deadline=iso(due), at=iso(utcnow()))
        by_deadline = await rounds.open_rounds_due(tx, due + timedelta(seconds=1))
        by_kind = await rounds.open_rounds_of(tx, ["other"])
        none = await rounds.open_rounds_of(tx, [])
    assert [r.id for r in by_deadline] == [soon.round.id]
    assert [r.id for r in by_kind] == [later.round.id]
    assert none == []


@covers(Journal.marked)
async def test_waiting_for_handled_updates_ends_once_they_are_stored_as_handled(
    backend: Database,
) -> None:
    told = Told()
    journal = Journal(backend, told.on_commit, told.on_failure)
    await journal.marked([1])  # nothing queued: nothing to wait for
    journal.remember_update(5)
    journal.remember_update(6)
    await journal.marked([5, 7])  # 7 was never handed over: only 5 is waited for
    async with backend.read() as tx:
        assert {5} <= await inbox.handled_ids(tx)
    await journal.drain()

"""The group commit: contributions, senders seen and handled updates stored together."""

from __future__ import annotations

import asyncio

from storage import inbox, people, rounds
from storage.db import Database
from storage.journal import Journal, Sighting, Write
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, Board, Note, Pin, Workshop, workshop


class Told:
    """What the journal reports: committed rounds with their JSON, and what failed."""

    def __init__(self) -> None:
        self.committed: list[tuple[int, str]] = []
        self.failed: list[tuple[set[int], set[int]]] = []

    def on_commit(self, write: Write, state_json: str) -> None:
        self.committed.append((write.round_id, state_json))

    def on_failure(self, round_ids: set[int], user_ids: set[int]) -> None:
        self.failed.append((round_ids, user_ids))


def note(shop: Workshop, texts: list[str], source: str | None) -> Write:
    """The round's state after these notes, as the last of them brings it."""
    state = Board(notes=tuple(Note(text=text) for text in texts))
    pin = Pin(actor=ANNA, text=texts[-1])
    return Write(round_id=shop.round.id, session_id=shop.session.id, actor=ANNA,
                 event=rounds.log_text(pin), source=source, value=state,
                 dump=state.model_dump_json, is_open=True, deadline=None)


async def board(db: Database, shop: Workshop) -> Board:
    async with db.read() as tx:
        record = await rounds.get_round(tx, shop.round.id)
    assert record is not None
    return record.state(Board)


@covers(Journal.add, Journal.drain)
async def test_contributions_are_committed_together_and_each_rounds_newest_state_is_told(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    told = Told()
    journal = Journal(backend, told.on_commit, told.on_failure)
    texts = [f"Idee {n}" for n in range(1, 31)]
    done = [journal.add(note(shop, texts[:n], f"-100:{n}")) for n in range(1, 31)]
    await asyncio.gather(*done)
    await journal.drain()
    final = Board(notes=tuple(Note(text=text) for text in texts))
    assert await board(backend, shop) == final
    assert told.committed[-1] == (shop.round.id, final.model_dump_json())
    assert 1 <= journal.transactions <= 2 and told.failed == []
    async with backend.read() as tx:
        assert await rounds.source_seen(tx, shop.round.id, "-100:30")


@covers(Journal.see, Journal.store_senders)
async def test_a_sender_seen_is_stored_before_any_other_transaction(backend: Database) -> None:
    shop = await workshop(backend)
    journal = Journal(backend, Told().on_commit, Told().on_failure)
    sighting = Sighting(user_id=BEN, telegram_name="Ben", username="ben_k", language="en",
                        session_id=shop.session.id)
    journal.see(sighting)
    journal.see(Sighting(user_id=ANNA, telegram_name="Anna", username=None, language="de",
                         session_id=None))
    await journal.store_senders()
    assert sighting.done.done()
    async with backend.read() as tx:
        ben = await people.get_person(tx, BEN)
        member = await people.is_member(tx, shop.session.id, BEN)
        anna_member = await people.is_member(tx, shop.session.id, ANNA)
    assert ben == people.newcomer(BEN, "Ben", "ben_k", "en")
    assert member and not anna_member
    journal.see(Sighting(user_id=BEN, telegram_name="Benjamin", username=None, language="de",
                         session_id=None))
    async with backend.transaction() as tx:  # waits for the journal's senders first
        renamed = await people.get_person(tx, BEN)
    assert renamed is not None and renamed.telegram_name == "Benjamin"
    assert renamed.language == "en"


@covers(Journal.remember_update)
async def test_handled_update_ids_are_stored_with_the_next_transaction(
    backend: Database,
) -> None:
    journal = Journal(backend, Told().on_commit, Told().on_failure)
    journal.remember_update(700)
    journal.remember_update(701)
    await journal.drain()
    async with backend.read() as tx:
        assert await inbox.handled_ids(tx) == {700, 701}


@covers(Journal.settle)
async def test_settling_waits_for_the_sessions_queued_contributions_only(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    journal = Journal(backend, Told().on_commit, Told().on_failure)
    queued = journal.add(note(shop, ["eins"], "-100:1"))
    assert not await journal.settle(other.session.id)
    assert await journal.settle(shop.session.id)
    assert queued.done() and queued.exception() is None
    assert await board(backend, shop) == Board(notes=(Note(text="eins"),))
    assert not await journal.settle(shop.session.id)


@covers(Journal.exclusive, Journal.is_open, Journal.opened)
async def test_an_exclusive_block_starts_after_everything_queued_and_holds_the_door(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    journal = Journal(backend, Told().on_commit, Told().on_failure)
    queued = journal.add(note(shop, ["eins"], "-100:1"))
    waited: list[bool] = []

    async def contributor() -> None:
        await journal.opened()
        waited.append(journal.is_open)

    assert journal.is_open
    async with journal.exclusive():
        assert queued.done() and not journal.is_open
        waiting = asyncio.create_task(contributor())
        await asyncio.sleep(0.01)
        assert waited == []
    await waiting
    assert waited == [True] and journal.is_open
    await journal.opened()


@covers(Journal.add)
async def test_a_contribution_that_breaks_a_constraint_fails_only_its_own_round(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text="alt"),)),
                               Pin(actor=ANNA, text="alt"), source="-100:1", is_open=True,
                               deadline=None)
    told = Told()
    journal = Journal(backend, told.on_commit, told.on_failure)
    blocker = journal.add(note(other, ["vorher"], "-300:0"))  # the next two wait together
    repeated = journal.add(note(shop, ["alt", "nochmal"], "-100:1"))
    fine = journal.add(note(other, ["vorher", "neu"], "-300:1"))
    await asyncio.wait([blocker, repeated, fine])
    await journal.drain()
    assert repeated.exception() is not None
    assert blocker.exception() is None and fine.exception() is None
    assert told.failed == [({shop.round.id}, set())]
    assert await board(backend, shop) == Board(notes=(Note(text="alt"),))
    assert await board(backend, other) == Board(notes=(Note(text="vorher"), Note(text="neu")))


@covers(Journal.receive)
async def test_received_updates_are_kept_with_the_contributions_even_beside_a_broken_round(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    told = Told()
    journal = Journal(backend, told.on_commit, told.on_failure)
    await journal.add(note(shop, ["Idee 1"], "-100:1"))
    arrived = journal.receive([(701, '{"update_id": 701}')])
    repeated = journal.add(note(shop, ["Idee 1", "Idee 1"], "-100:1"))  # the same message again
    later = journal.receive([(702, '{"update_id": 702}'), (703, '{"update_id": 703}')])
    results = await asyncio.gather(arrived, repeated, later, return_exceptions=True)

    assert results[0] is None and results[2] is None  # kept although the round's rows failed
    assert isinstance(results[1], Exception) and told.failed == [({shop.round.id}, set())]
    async with backend.read() as tx:
        kept = await inbox.unhandled(tx)
    assert kept == [(n, f'{{"update_id": {n}}}') for n in (701, 702, 703)]

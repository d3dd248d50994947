"""The journal's group commit, and the generation that tells caches who-is-who changed."""

from __future__ import annotations

import asyncio

import pytest

from storage import people, rounds
from storage.db import Database, Tx
from storage.errors import INTEGRITY_ERRORS
from storage.journal import Journal, Sighting, Write
from tests.storage.test_db import Counter


async def a_round(db: Database, chat_id: int = -100) -> tuple[int, int]:
    """A session in its own event, with an open round; (session id, round id)."""
    async with db.transaction() as tx:
        await people.see_person(tx, 1, "Olga", None, "de")
        event = await people.create_event(tx, "Tag", "", "", "de", 1)
        session, _ = await people.link_session(tx, event.id, chat_id, 0, "Gruppe", "Gruppe")
        record = await rounds.create_round(tx, session.id, "counter", Counter(), None)
    return session.id, record.id


def write(session_id: int, round_id: int, count: int, source: str | None = None) -> Write:
    state = Counter(count=count)
    return Write(round_id=round_id, session_id=session_id, actor=7, event=f"Bump {{{count}}}",
                 source=source if source is not None else f"-100:{count}", value=state,
                 dump=state.model_dump_json, is_open=True, deadline=None)


class Recorder:
    def __init__(self) -> None:
        self.committed: list[tuple[int, str]] = []
        self.failed: list[set[int]] = []
        self.senders_failed: set[int] = set()

    def on_commit(self, w: Write, state_json: str) -> None:
        self.committed.append((w.round_id, state_json))

    def on_failure(self, round_ids: set[int], user_ids: set[int]) -> None:
        self.failed.append(round_ids)
        self.senders_failed.update(user_ids)


async def journal_on(db: Database) -> tuple[int, int, Recorder, Journal]:
    """A session with an open round, and a journal that records what it reports:
    (session id, round id, recorder, journal)."""
    session_id, round_id = await a_round(db)
    seen = Recorder()
    return session_id, round_id, seen, Journal(db, seen.on_commit, seen.on_failure)


async def log_sources(db: Database, round_id: int) -> list[str]:
    async with db.transaction() as tx:
        rows = await tx.all("SELECT source FROM round_log WHERE round_id = ? ORDER BY id",
                            (round_id,))
    return [row["source"] for row in rows]


async def test_what_arrives_while_a_transaction_runs_is_stored_together_in_the_next(
    db: Database,
) -> None:
    session_id, round_id, seen, journal = await journal_on(db)
    first = journal.add(write(session_id, round_id, 1))
    rest = [journal.add(write(session_id, round_id, n)) for n in range(2, 51)]
    journal.remember_update(501)
    await asyncio.gather(first, *rest)
    await journal.drain()

    assert journal.transactions <= 2  # the first alone at most, then the other 49 at once
    assert await log_sources(db, round_id) == [f"-100:{n}" for n in range(1, 51)]
    async with db.transaction() as tx:
        record = await rounds.get_round(tx, round_id)
        seen_ids = await tx.all("SELECT update_id FROM inbox WHERE handled_at IS NOT NULL")
    assert record is not None and record.state(Counter).count == 50
    assert [row["update_id"] for row in seen_ids] == [501]
    assert seen.committed[-1] == (round_id, Counter(count=50).model_dump_json())
    assert seen.failed == []


async def test_a_failed_transaction_fails_its_writes_and_those_behind_them_for_its_rounds(
    db: Database,
) -> None:
    session_id, round_id, seen, journal = await journal_on(db)
    other_session, other_round = await a_round(db, chat_id=-200)
    await journal.add(write(session_id, round_id, 1, source="-100:1"))
    # The same message a second time, in one round of a transaction with two rounds:
    duplicate = journal.add(write(session_id, round_id, 2, source="-100:1"))
    innocent = journal.add(write(other_session, other_round, 1, source="-200:1"))
    results = await asyncio.gather(duplicate, innocent, return_exceptions=True)

    assert isinstance(results[0], Exception)
    assert results[1] is None  # the other round's contribution still landed
    assert seen.failed == [{round_id}]
    assert await log_sources(db, round_id) == ["-100:1"]
    assert await log_sources(db, other_round) == ["-200:1"]


async def test_a_write_to_a_round_that_is_gone_fails_and_tells_which_round(db: Database) -> None:
    session_id, round_id, seen, journal = await journal_on(db)
    failing = journal.add(write(session_id, round_id + 99, 1))
    with pytest.raises(INTEGRITY_ERRORS, match=r"(?i)foreign key"):
        await failing
    assert seen.failed == [{round_id + 99}]
    assert seen.committed == []


async def test_settle_waits_for_the_sessions_writes_only(db: Database) -> None:
    session_id, round_id, _, journal = await journal_on(db)
    pending = journal.add(write(session_id, round_id, 1))
    await journal.settle(session_id)
    assert pending.done()
    await journal.settle(session_id + 1)  # nothing queued: returns at once


async def test_exclusive_stores_everything_first_and_holds_new_contributions_back(
    db: Database,
) -> None:
    session_id, round_id, _, journal = await journal_on(db)
    queued = journal.add(write(session_id, round_id, 1))
    order: list[str] = []

    async def contributor() -> None:
        await journal.opened()
        order.append("contribution")

    async with journal.exclusive():
        assert queued.done()
        assert not journal.is_open
        waiting = asyncio.create_task(contributor())
        await asyncio.sleep(0.01)
        order.append("exclusive change")
    await waiting
    assert order == ["exclusive change", "contribution"]
    assert journal.is_open


async def test_generation_moves_with_people_and_sessions_not_with_contributions(
    db: Database,
) -> None:
    session_id, round_id, _, journal = await journal_on(db)
    start = db.generation
    await journal.add(write(session_id, round_id, 1))
    async with db.transaction() as tx:
        await people.see_person(tx, 42, "Anna", "anna", "de")  # a newcomer: nobody else changes
        await people.add_member(tx, session_id, 42)
    assert db.generation == start

    async with db.transaction() as tx:
        await people.add_member(tx, session_id, 42)  # already a member: nothing changed
        await tx.execute("UPDATE people SET sector = 'Verwaltung' WHERE user_id = 99")  # nobody
    assert db.generation == start

    async with db.transaction() as tx:
        session = await people.get_session(tx, session_id)
        assert session is not None
        await people.grant_role(tx, session.event_id, 42, "facilitator")
    assert db.generation == start + 1

    async with db.transaction() as tx:
        await people.update_profile(tx, 42, sector="Verwaltung")
    assert db.generation == start + 2

    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await people.rename_session(tx, session_id, "Neu")
            raise RuntimeError("rolled back")
    assert db.generation == start + 2  # a rolled-back change changed nothing


async def test_reads_see_only_what_is_committed_and_never_wait_for_a_transaction(
    db: Database,
) -> None:
    async with db.transaction() as tx:
        await people.see_person(tx, 5, "Bert", None, "de")
        async with db.read() as reader:  # would wait for ever on the writing connection's lock
            assert await people.sender(reader, 5, None, None) == people.Sender(
                None, "", frozenset(), False)
    async with db.read() as reader:
        found = await people.sender(reader, 5, None, None)
    assert found.person is not None and found.person.telegram_name == "Bert"


async def test_a_newcomer_is_stored_with_their_note_and_before_any_other_transaction(
    db: Database,
) -> None:
    session_id, round_id, _, journal = await journal_on(db)
    journal.see(Sighting(user_id=77, telegram_name="Neu", username="neu", language="en",
                         session_id=session_id))
    first = journal.add(write(session_id, round_id, 1))
    async with db.transaction() as tx:  # waits for the newcomer to be committed first
        person = await people.get_person(tx, 77)
        member = await people.is_member(tx, session_id, 77)
    await first
    assert person is not None and (person.telegram_name, person.language) == ("Neu", "en")
    assert member
    assert journal.transactions == 1  # the newcomer and the note in one transaction

    journal.see(Sighting(user_id=77, telegram_name="Umbenannt", username=None, language="de",
                         session_id=None))
    await journal.drain()
    async with db.transaction() as tx:
        renamed = await people.get_person(tx, 77)
    assert renamed is not None
    assert (renamed.telegram_name, renamed.username, renamed.language) == ("Umbenannt", None, "en")


async def test_a_broken_round_does_not_take_the_newcomers_of_its_transaction_with_it(
    db: Database,
) -> None:
    session_id, round_id, seen, journal = await journal_on(db)
    journal.see(Sighting(user_id=88, telegram_name="Neu", username=None, language="de",
                         session_id=session_id))
    failing = journal.add(write(session_id, round_id + 99, 1))
    with pytest.raises(INTEGRITY_ERRORS):
        await failing
    await journal.drain()
    async with db.transaction() as tx:
        assert await people.get_person(tx, 88) is not None
    assert seen.failed == [{round_id + 99}] and seen.senders_failed == set()


async def test_rows_are_inserted_in_chunks_with_the_conflict_clause_on_each(
    db: Database,
) -> None:
    rows = [(n % 5, f"Person {n}", None, "de", "2026-01-01T00:00:00.000+00:00") for n in range(7)]
    async with db.transaction() as tx:
        await tx.insert_rows(
            "INSERT INTO people (user_id, telegram_name, username, language, seen_at)", rows,
            tail=" ON CONFLICT(user_id) DO UPDATE SET telegram_name = excluded.telegram_name",
            chunk=3)
        stored = await tx.all("SELECT user_id, telegram_name FROM people ORDER BY user_id")
    assert [(row[0], row[1]) for row in stored] == [
        (0, "Person 5"), (1, "Person 6"), (2, "Person 2"), (3, "Person 3"), (4, "Person 4")]


@pytest.mark.parametrize(("sql", "moves"), [
    ("INSERT INTO people (user_id) VALUES (?) ON CONFLICT(user_id) DO UPDATE SET"
     " telegram_name = excluded.telegram_name, seen_at = excluded.seen_at RETURNING *", False),
    ("INSERT OR IGNORE INTO session_members (session_id) VALUES (?)", False),
    ("INSERT INTO round_log (round_id) VALUES (?)", False),
    ("UPDATE rounds SET state = ? WHERE id = ?", False),
    ("INSERT OR REPLACE INTO people (user_id) VALUES (?)", True),
    ("INSERT INTO people (user_id) VALUES (?) ON CONFLICT(user_id) DO UPDATE SET"
     " language = excluded.language", True),
    ("UPDATE people SET sector = ? WHERE user_id = ?", True),
    ("DELETE FROM session_members WHERE user_id = ?", True),
    ("INSERT INTO roles (event_id) VALUES (?)", True),
    ("WITH x AS (SELECT 1) DELETE FROM roles", True),
])
def test_which_writes_move_the_generation(sql: str, moves: bool) -> None:
    tx = Tx.__new__(Tx)
    tx.touched_people = False
    tx._changed(sql)
    assert tx.touched_people is moves


@pytest.mark.sqlite_only("an SQLite trigger refuses the write")
async def test_received_updates_fail_with_their_transaction(db: Database) -> None:
    journal = Journal(db, lambda *_: None, lambda *_: None)
    async with db.transaction() as tx:
        await tx.execute("CREATE TRIGGER refuse BEFORE INSERT ON inbox BEGIN"
                         " SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(Exception, match="disk full"):
        await journal.receive([(801, "{}")])
    await journal.drain()

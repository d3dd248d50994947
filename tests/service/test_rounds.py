"""The round service on a real SQLite file, with no adapter around it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.base import FlowError
from flows.roles import Role
from service.rounds import Actor, RoundService, one_open_round
from storage import people
from storage import rounds as stored
from storage.db import Database
from storage.errors import DuplicateSource
from storage.records import Session
from tests.service.tally import Bump, StartTally, StopTally, Tally, TallyFormat

FACILITATOR = Actor(1, Role.FACILITATOR)
PARTICIPANT = Actor(2, Role.PARTICIPANT)
FORMATS = {"tally": TallyFormat()}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def service(db: Database) -> AsyncIterator[RoundService]:
    rounds = RoundService(db, FORMATS, clock=Clock())
    yield rounds
    await rounds.journal.drain()


async def a_session(db: Database) -> Session:
    async with db.transaction() as tx:
        await people.see_person(tx, 1, "Fatma", None, "de")
        event = await people.create_event(tx, "Werkstatt", "heute", "Kassel", "de", 1)
        session, _ = await people.link_session(tx, event.id, -100, 0, "Gruppe", "Runde")
    return session


async def an_open_tally(service: RoundService) -> Session:
    session = await a_session(service.db)
    await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1))
    return session


async def stored_tally(db: Database, session: Session) -> tuple[Tally, list[str]]:
    """The session's newest round's state and its log's sources, as they are on disk."""
    async with db.transaction() as tx:
        record = await stored.last_round(tx, session.id, "tally")
        assert record is not None
        rows = await tx.all("SELECT source FROM round_log WHERE round_id = ? ORDER BY id",
                            (record.id,))
    return record.state(Tally), [row["source"] for row in rows]


async def test_act_applies_the_event_and_stores_the_step_with_its_source(
    service: RoundService,
) -> None:
    session = await an_open_tally(service)
    applied = await service.act(session, PARTICIPANT, Bump(actor=2), source="-100:7")

    assert applied.step.state.count == 1 and applied.before.count == 0
    assert applied.round.state_json == applied.step.state.model_dump_json()
    assert await stored_tally(service.db, session) == (applied.step.state, ["-100:7"])


async def test_a_repeated_source_is_refused_as_duplicate_and_changes_nothing(
    service: RoundService,
) -> None:
    session = await an_open_tally(service)
    await service.act(session, PARTICIPANT, Bump(actor=2), source="-100:7")
    with pytest.raises(FlowError) as refused:
        await service.act(session, PARTICIPANT, Bump(actor=2), source="-100:7")

    assert refused.value.key == "duplicate"
    state, sources = await stored_tally(service.db, session)
    assert (state.count, sources) == (1, ["-100:7"])


async def test_a_second_round_is_refused_while_one_is_open(service: RoundService) -> None:
    session = await an_open_tally(service)
    with pytest.raises(FlowError) as refused:
        await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1))
    with pytest.raises(FlowError):
        await service.none_open(session.id)

    assert (refused.value.key, refused.value.params) == ("core.round_already_open",
                                                          {"kind": "tally"})
    async with service.db.transaction() as tx:
        assert len(await stored.rounds_of_session(tx, session.id)) == 1


async def test_a_new_round_may_open_once_the_last_one_is_closed(service: RoundService) -> None:
    session = await an_open_tally(service)
    closed = await service.act(session, FACILITATOR, StopTally(actor=1))
    assert not closed.round.is_open
    one_open_round(closed.round)  # a closed round is no reason to refuse
    await service.none_open(session.id)
    await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1))


async def test_a_round_opened_by_a_request_opens_once_even_after_it_closed(
    service: RoundService,
) -> None:
    session = await a_session(service.db)
    opened = await service.open_round(session, FACILITATOR, FORMATS["tally"],
                                      StartTally(actor=1), source="app:open-request-1")
    assert await stored_tally(service.db, session) == (opened.step.state,
                                                       ["app:open-request-1"])
    await service.act(session, FACILITATOR, StopTally(actor=1))
    with pytest.raises(FlowError) as again:  # the same request once more: nothing opens
        await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1),
                                 source="app:open-request-1")
    assert again.value.key == "duplicate"
    async with service.db.transaction() as tx:
        assert len(await stored.rounds_of_session(tx, session.id)) == 1
    await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1),
                             source="app:open-request-2")


async def test_a_contribution_is_stored_by_the_journal_and_resolves_only_then(
    service: RoundService,
) -> None:
    session = await an_open_tally(service)
    first = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                     source="-100:8")
    second = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                      source="-100:9")
    assert not first.stored.done() and not second.stored.done()  # nothing committed yet
    assert (first.step.state.count, second.step.state.count) == (1, 2)  # built on the head

    await first.stored
    await second.stored
    state, sources = await stored_tally(service.db, session)
    assert (state.count, sources) == (2, ["-100:8", "-100:9"])


async def test_a_contribution_from_a_repeated_source_fails_as_duplicate_when_stored(
    service: RoundService,
) -> None:
    session = await an_open_tally(service)
    await (await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                    source="-100:8")).stored
    again = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                     source="-100:8")
    with pytest.raises(DuplicateSource):
        await again.stored

    state, sources = await stored_tally(service.db, session)
    assert (state.count, sources) == (1, ["-100:8"])


async def test_the_role_is_resolved_from_what_the_adapter_knows(service: RoundService) -> None:
    session = await an_open_tally(service)
    member = Actor.from_facts(3, set(), is_chat_admin=False, member=True)
    admin = Actor.from_facts(4, set(), is_chat_admin=True, member=True)
    stranger = Actor.from_facts(5, set(), is_chat_admin=False, member=False)

    with pytest.raises(FlowError) as refused:
        await service.act(session, member, StopTally(actor=3))
    assert refused.value.params == {"who": "steer"}
    with pytest.raises(FlowError):
        await service.act(session, stranger, Bump(actor=5))
    await service.act(session, member, Bump(actor=3))
    closed = await service.act(session, admin, StopTally(actor=4))
    assert not closed.round.is_open


async def test_apply_sees_the_injected_clock(db: Database) -> None:
    clock = Clock()
    service = RoundService(db, FORMATS, clock=clock)
    session = await a_session(db)
    opened = await service.open_round(session, FACILITATOR, FORMATS["tally"],
                                      StartTally(actor=1))
    clock.now += timedelta(minutes=5)
    bumped = await service.act(session, PARTICIPANT, Bump(actor=2))
    clock.now += timedelta(minutes=5)
    noted = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                     source="-100:1")
    await noted.stored

    assert opened.step.state.last_at == datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    assert bumped.step.state.last_at == datetime(2026, 5, 4, 9, 5, tzinfo=UTC)
    assert noted.step.state.last_at == datetime(2026, 5, 4, 9, 10, tzinfo=UTC)


def test_the_service_imports_no_telegram() -> None:
    """In a fresh interpreter: the test suite itself has Telegram loaded already."""
    probe = ("import sys, service.rounds, service.formats, service.states; "
             "print(sorted(m for m in sys.modules if m == 'telegram' or m.startswith('bot')))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).parents[2])
    assert found.stdout.strip() == "[]"


async def test_two_processes_contributing_to_one_round_lose_nothing(
    service: RoundService,
) -> None:
    """A second process (its own database connection, heads and journal) changes the round
    behind the first one's head: the first's contributions are applied again to the round as
    it is, never stored over the other's."""
    session = await an_open_tally(service)
    other_db = Database(service.db.path)
    await other_db.open()
    other = RoundService(other_db, FORMATS, clock=Clock())
    try:
        await (await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                        source="-100:1")).stored  # the first's head: 1
        await (await other.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                      source="7:1")).stored  # read from the database: 2
        late = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                        source="-100:2")
        assert late.step.state.count == 2  # built on a head the other process passed
        landed = await late.stored
        assert landed.step.state.count == 3  # applied again to the round as it is
        await other.act(session, FACILITATOR, StopTally(actor=1), kind="tally")
        with pytest.raises(FlowError):  # the round closed in the other process meanwhile
            await (await service.contribute(session, PARTICIPANT, Bump(actor=2),
                                            kind="tally", source="-100:3")).stored
    finally:
        await other.journal.drain()
        await other_db.close()
    state, sources = await stored_tally(service.db, session)
    assert state.count == 3
    assert sorted(s for s in sources if s) == ["-100:1", "-100:2", "7:1"]

"""Which sessions changed: the broadcaster a live page waits on, and the round service telling it
after every stored step (and only then)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from service.changes import EVERY, Changes, Fanout
from service.rounds import RoundService
from storage.db import NOTICE_BYTES, Database
from tests.service.tally import Bump
from tests.service.test_rounds import FACILITATOR, FORMATS, PARTICIPANT, Clock, an_open_tally


@pytest.fixture
async def service(db: Database) -> AsyncIterator[RoundService]:
    rounds = RoundService(db, FORMATS, clock=Clock())
    yield rounds
    await rounds.journal.drain()


async def test_a_waiter_wakes_on_its_sessions_change_and_not_on_anothers() -> None:
    changes = Changes()
    seen = changes.version(1)
    waiting = asyncio.create_task(changes.wait(1, seen, within=5))
    changes.changed(2)
    await asyncio.sleep(0)
    assert not waiting.done()
    changes.changed(1)
    assert await waiting is True
    assert changes.version(1) != seen and changes.version(2) != changes.version(3)


async def test_a_change_before_the_wait_returns_at_once() -> None:
    changes = Changes()
    seen = changes.version(1)
    changes.changed(1)
    async with asyncio.timeout(0.5):
        assert await changes.wait(1, seen, within=60) is True


async def test_a_change_for_every_session_moves_each_version() -> None:
    changes = Changes()
    changes.changed(1)
    before = (changes.version(1), changes.version(7))
    waiting = asyncio.create_task(changes.wait(1, before[0], within=5))
    await asyncio.sleep(0)
    changes.changed_all()
    assert await waiting is True
    assert (changes.version(1), changes.version(7)) != before
    assert changes.version(1) != before[0] and changes.version(7) != before[1]


async def test_closing_ends_every_wait_now_and_later() -> None:
    changes = Changes()
    waiting = asyncio.create_task(changes.wait(1, changes.version(1), within=60))
    await asyncio.sleep(0)
    changes.close()
    async with asyncio.timeout(0.5):
        assert await waiting is False
    assert await changes.wait(1, changes.version(1), within=60) is False
    changes.reopen()
    assert not changes.closed


async def test_the_round_service_tells_after_opening_acting_and_committing_contributions(
    service: RoundService,
) -> None:
    changes = service.changes
    session = await an_open_tally(service)
    opened = changes.version(session.id)
    assert opened != 0
    await service.act(session, FACILITATOR, Bump(actor=1), source="-100:1")
    acted = changes.version(session.id)
    assert acted != opened
    done = await service.contribute(session, PARTICIPANT, Bump(actor=2), kind="tally",
                                    source="-100:2")
    assert changes.version(session.id) == acted  # not before it is stored
    await done.stored
    assert changes.version(session.id) != acted


async def test_a_refused_move_tells_nobody(service: RoundService) -> None:
    session = await an_open_tally(service)
    before = service.changes.version(session.id)
    await service.act(session, FACILITATOR, Bump(actor=1), source="-100:1")
    after = service.changes.version(session.id)
    with pytest.raises(Exception, match="duplicate"):
        await service.act(session, FACILITATOR, Bump(actor=1), source="-100:1")
    assert service.changes.version(session.id) == after != before


class Bus:
    """A database's channel as every process hears it: each notice reaches every listener, the
    sender's own included (as PostgreSQL's NOTIFY does)."""

    def __init__(self) -> None:
        self.listeners: list[Callable[[str], None]] = []
        self.sent: list[str] = []

    def channel(self) -> BusChannel:
        return BusChannel(self)


class BusChannel:
    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.heard: Callable[[str], None] | None = None

    async def listen(self, heard: Callable[[str], None], lost: Callable[[], None]) -> None:
        self.heard = heard
        self.bus.listeners.append(heard)

    async def send(self, payload: str) -> None:
        assert len(payload.encode()) <= NOTICE_BYTES
        self.bus.sent.append(payload)
        await asyncio.sleep(0.01)  # a round trip to the server
        for heard in list(self.bus.listeners):
            heard(payload)

    async def close(self) -> None:
        if self.heard is not None:
            self.bus.listeners.remove(self.heard)


async def settled(bus: Bus, count: int) -> None:
    """Until ``count`` notices were sent, and heard."""
    for _ in range(400):
        if len(bus.sent) >= count:
            break
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.05)


@dataclass
class Pair:
    """Two processes on one database: their changes and what carries them."""

    bus: Bus
    here: Changes
    there: Changes
    ours: Fanout
    theirs: Fanout


@pytest.fixture
async def pair() -> AsyncIterator[Pair]:
    bus = Bus()
    here, there = Changes(), Changes()
    ours, theirs = Fanout(here, bus.channel()), Fanout(there, bus.channel())
    await ours.start()
    await theirs.start()
    yield Pair(bus, here, there, ours, theirs)
    await ours.close()
    await theirs.close()


async def test_a_change_made_in_one_process_wakes_the_others_and_not_itself_twice(
    pair: Pair,
) -> None:
    bus, here, there, ours, theirs = pair.bus, pair.here, pair.there, pair.ours, pair.theirs
    seen_here, seen_there = here.version(1), there.version(1)
    waiting = asyncio.create_task(there.wait(1, seen_there, within=5))
    here.changed(1)
    assert await waiting is True
    await settled(bus, 1)
    assert here.version(1) == seen_here + 1  # its own echo is left out
    assert there.version(1) == seen_there + 1 and there.version(2) == 0
    assert bus.sent == [f"{ours.origin} 1"]

    there.changed_all()
    await settled(bus, 2)
    assert bus.sent[-1] == f"{theirs.origin} {EVERY}"
    assert here.version(1) == seen_here + 2 and there.version(1) == seen_there + 2


async def test_a_burst_of_changes_is_told_in_few_notices_each_small_enough(pair: Pair) -> None:
    bus, here, there, ours = pair.bus, pair.here, pair.there, pair.ours
    for session_id in range(1, 3001):
        here.changed(session_id)
        if session_id % 1000 == 0:
            await asyncio.sleep(0)  # a commit now and then lets the notice go
    await settled(bus, 2)
    assert len(bus.sent) < 10
    assert all(there.version(session_id) >= 1 for session_id in range(1, 3001))
    assert ours.payloads(set(range(10**9, 10**9 + 2000)), every=False)[1:]  # split in two

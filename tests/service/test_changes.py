"""Which sessions changed: the broadcaster a live page waits on, and the round service telling it
after every stored step (and only then)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from service.changes import Changes
from service.rounds import RoundService
from storage.db import Database
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

"""Telegram down for a minute: the bot keeps its state, backs off, and delivers what waited.

The outage and the retries' waits run on a fast clock (a hundred seconds in
one): the minute passes in 0.6 s, the calls under way keep overlapping as they
would, and the waits between tries can be read back.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.ratelimit import MAX_BACKOFF
from bot.simulate import World
from tests.bot.test_pinboard import board_state, opened


class FastClock:
    """The wall clock, a hundred times faster; waits on it are as much shorter."""

    SPEED = 100.0

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.waits: list[float] = []

    def __call__(self) -> float:
        return (time.monotonic() - self.start) * self.SPEED

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds / self.SPEED)


@pytest.mark.parametrize("status", [502, 500, None], ids=["502", "500", "no-answer"])
async def test_a_minute_long_outage_delays_answers_and_loses_nothing(
    world: World, status: int | None,
) -> None:
    assert world.app is not None
    clock = FastClock()
    limits = world.app.bot.rate_limiter
    limits.clock, limits.sleep, world.api.clock = clock, clock.sleep, clock
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Vor dem Ausfall")
    edits_before = len(world.api.sent("editMessageText"))
    calls_before = len(world.api.calls)

    world.api.outage(60, status)
    start = clock()
    people = [world.person(f"Person {n}") for n in range(10)]
    for n, person in enumerate(people):
        await here.say(person, f"/note {n % 3 + 1} Im Ausfall {n}", settle=False)
    ben = world.person("Ben", "en")
    await ben.say(None, "/start", settle=False)
    await world.settle()

    assert clock() - start >= 60  # it was really down for a minute of the clock
    failed = [call for call in world.api.calls[calls_before:] if call.status != 200]
    assert {"sendMessage", "setMessageReaction"} <= {call.method for call in failed}
    assert world.app.running
    texts = sorted(note.text for note in (await board_state(world)).notes)
    assert texts == sorted(["Vor dem Ausfall", *(f"Im Ausfall {n}" for n in range(10))])
    reacted = {int(call.params["message_id"]) for call in here.reactions() if call.status == 200}
    assert len(reacted) == 11  # every note acknowledged once Telegram answered again
    assert world.api.texts(ben.id)[-1].startswith("Hello Ben")
    delivered_edits = [call for call in world.api.sent("editMessageText")[edits_before:]
                       if call.status == 200]
    assert 1 <= len(delivered_edits) <= 2  # the waiting live edits went out as one or two
    assert all(count in delivered_edits[-1].params["text"] for count in (
        "Orte? – 5 Notizen", "Kosten? – 3 Notizen", "machen? – 3 Notizen"))
    assert {0.5, 1.0, 2.0, 4.0, 8.0, 16.0} <= set(clock.waits)  # each call backs off
    assert max(clock.waits) == MAX_BACKOFF

    await here.say(anna, "/note 2 Nach dem Ausfall")
    assert len({int(c.params["message_id"]) for c in here.reactions() if c.status == 200}) == 12

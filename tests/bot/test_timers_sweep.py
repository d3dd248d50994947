"""Timers another process armed: the sweep of processes sharing a database arms them here once
they come due (a deadline, a fishbowl's seat-time reminders), so they fire without it."""

from __future__ import annotations

import pytest
from telegram.ext import CallbackContext

import bot.timers
from bot.simulate import World
from tests.bot.test_fishbowl_room import TOPIC, open_room, seat_rapporteurs


async def test_the_sweep_arms_the_deadlines_and_reminders_due_soon(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    room = await open_room(world)
    await room.say(room.fatma, f"/fishbowl 5 1m {TOPIC}")
    await seat_rapporteurs(room)
    await room.say(room.fatma, "/extend 1m")
    assert world.app is not None
    timers = world.app.bot_data["services"].timers
    round_id = room.round_id()
    assert len(timers.jobs.names("remind:")) == 3 and timers.jobs.pending(f"deadline:{round_id}")
    timers.arm(round_id, None)  # as if another process had armed them, not this one
    timers.arm_reminders(round_id, ())
    context: CallbackContext = CallbackContext(world.app)  # type: ignore[type-arg]

    await timers.sweep(context)
    assert timers.jobs.names("remind:") == []  # not due within the next sweeps
    assert not timers.jobs.pending(f"deadline:{round_id}")

    monkeypatch.setattr(bot.timers, "SWEEP_SECONDS", 40.0)  # a minute is soon now
    await timers.sweep(context)
    assert len(timers.jobs.names("remind:")) == 3
    assert timers.jobs.pending(f"deadline:{round_id}")
    await timers.sweep(context)  # once armed, each stays as it is
    assert len(timers.jobs.names("remind:")) == 3

"""A person past the flood limit is slowed, not silenced: their messages wait, in order."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.flood import Clock
from bot.inbox import processor
from bot.simulate import World
from locales import translator
from tests.bot.test_inbox import inbox_rows, note, poll
from tests.bot.test_pinboard import Room, opened, texts_of_notes
from tests.conftest import offline_settings


class ManualClock(Clock):
    """Time that passes only when the test says so."""

    def __init__(self) -> None:
        self.time = 1000.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.time + seconds, future))
        await future

    async def advance(self, seconds: float) -> None:
        self.time += seconds
        for wake, future in list(self._sleepers):
            if wake <= self.time:
                self._sleepers.remove((wake, future))
                if not future.done():
                    future.set_result(None)
        for _ in range(5):  # let the woken run up to their next wait
            await asyncio.sleep(0)


async def flooding_world(tmp_path: Path, limit: int = 20) -> tuple[World, ManualClock]:
    """A world whose flood window runs on a clock of the test's (the limit holds once the
    board is open: setting it up takes the organizers more than a few messages)."""
    world = World(offline_settings(tmp_path, flood_limit=max(limit, 20)))
    await world.start()
    assert world.app is not None
    clock = ManualClock()
    processor(world.app).flood.clock = clock
    return world, clock


async def board(world: World, limit: int) -> Room:
    here = await opened(world)
    assert world.app is not None
    processor(world.app).flood.limit = limit
    return here


async def test_sixty_notes_in_ten_seconds_are_all_stored_in_order_with_one_slow_down(
    tmp_path: Path,
) -> None:
    world, clock = await flooding_world(tmp_path, limit=20)
    try:
        here = await opened(world)
        anna = world.person("Anna", "de")
        for number in range(60):
            await here.say(anna, f"/note 1 Notiz {number}", settle=False)
            await clock.advance(10 / 60)
        await world.settle()
        assert len(await texts_of_notes(world)) == 20
        assert processor(world.app).flood.waiting(anna.id) == 40  # type: ignore[arg-type]
        for _ in range(2):
            await clock.advance(60)
            await world.settle()
        await processor(world.app).flood.idle()  # type: ignore[arg-type]
        await world.settle()
        assert await texts_of_notes(world) == [(1, f"Notiz {n}") for n in range(60)]
        slowed = [t for t in here.texts() if t == translator("de")("core.flood_slowed", limit="20")]
        assert len(slowed) == 1
        assert len(here.reactions()) == 60
    finally:
        await world.stop()


async def test_someone_else_does_not_wait_for_a_fast_writer(tmp_path: Path) -> None:
    world, _clock = await flooding_world(tmp_path)
    try:
        here = await board(world, 2)
        anna, ben = world.person("Anna", "de"), world.person("Ben", "de")
        for number in range(5):
            await here.say(anna, f"/note 1 Anna {number}", settle=False)
        await here.say(ben, "/note 1 Ben kommt durch")
        assert await texts_of_notes(world) == [(1, "Anna 0"), (1, "Anna 1"),
                                               (1, "Ben kommt durch")]
    finally:
        await world.stop()


async def test_beyond_the_queue_a_message_is_refused_and_its_author_told_which(
    tmp_path: Path,
) -> None:
    world, clock = await flooding_world(tmp_path)
    try:
        assert world.app is not None
        processor(world.app).flood.bound = 2
        here = await board(world, 1)
        anna = world.person("Anna", "en")
        for number in range(5):
            await here.say(anna, f"/note 1 Idea {number}", settle=False)
        await world.settle()
        refused = [t for t in here.texts() if t.startswith("I did not take this message")]
        assert len(refused) == 2
        assert "/note 1 Idea 3" in refused[0] and "/note 1 Idea 4" in refused[1]
        for _ in range(2):
            await clock.advance(60)
        await processor(world.app).flood.idle()
        await world.settle()
        assert await texts_of_notes(world) == [(1, f"Idea {n}") for n in range(3)]
    finally:
        await world.stop()


async def test_messages_waiting_for_their_turn_stay_in_the_inbox_across_a_restart(
    tmp_path: Path,
) -> None:
    world, _clock = await flooding_world(tmp_path)
    here = await board(world, 1)
    anna = world.person("Anna", "de")
    for number in range(3):
        world.api.push_update(note(world, anna, here.chat, f"/note 1 Notiz {number}"))
    await poll(world, 0)
    await world.settle()
    assert [handled for _, _, handled in inbox_rows(world.settings.database)][-3:] == [
        True, False, False]
    await world.stop()  # two notes still wait: they are not lost

    await world.start()
    await world.settle()
    assert [text for _, text in await texts_of_notes(world)] == [
        "Notiz 0", "Notiz 1", "Notiz 2"]
    await world.stop()

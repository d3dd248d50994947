"""The live wall under a burst, in a fresh process: many open walls, one session, many notes.

Run by the benchmark as ``python -m bench.wall FOLDER WALLS PEOPLE NOTES_EACH``:
the real bot with its web side on a free port of 127.0.0.1, a pinboard open, the
organizer's ``/wall``, then ``WALLS`` event streams of that wall opened over the
socket, then a burst of ``PEOPLE × NOTES_EACH`` notes. It prints one JSON line:
for the note acknowledged last, how long after its acknowledgement each wall
showed it, and the process's peak resident memory. A process of its own, so the
peak is this bot's. Every request goes to the loopback address and the run stops
by itself (``WAIT`` seconds at most for the walls).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

import httpx2 as httpx

from bench.sim import enqueue, handled, note_burst, open_room, settings_for, wait_until
from bench.startup import current_rss_mb, peak_rss_mb
from bot.simulate import World
from bot.webside import WebCompanion

WAIT = 15.0
"""Seconds the walls get to show the last note before it counts as never seen."""
LINK = re.compile(r"/wall/([A-Za-z0-9_-]{22})")
NOTE = re.compile(r"Idee \d+ von Person\d+")
"""What tells the burst's notes apart (``bench.sim.note_burst``'s texts)."""


@dataclass(frozen=True)
class WallFigures:
    walls: int
    notes: int
    seen: int
    """Walls that showed the note acknowledged last within ``WAIT`` seconds."""
    p50: float
    slowest: float
    """Seconds from the last note's acknowledgement to the slowest wall showing it."""
    burst_seconds: float
    rss_before_mb: float
    peak_rss_mb: float


class Wall:
    """One open event stream: when it first showed each note (only that is kept: the client
    side's memory is not the bot's)."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.opened = asyncio.Event()

    async def watch(self, client: httpx.AsyncClient, path: str) -> None:
        async with client.stream("GET", path) as response:
            data: list[str] = []
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif line == "" and data:
                    now = time.monotonic()
                    for note in NOTE.findall("\n".join(data)):
                        self.first.setdefault(note, now)
                    self.opened.set()
                    data = []

    def saw(self, note: str) -> float | None:
        return self.first.get(note)


async def measure(folder: Path, walls: int, people: int, notes_each: int) -> WallFigures:
    settings = settings_for(folder, "wall", web_port=0, wall_screens=walls)
    world = World(settings)
    room = await open_room(world, people)
    app = world.app
    assert app is not None
    companion = WebCompanion(settings)
    app.bot_data["companions"] = [companion]
    await companion.start(app)
    tasks: list[asyncio.Task[None]] = []
    try:
        await room.organizer.say(room.group, "/wall")
        caption = str(world.api.sent("sendPhoto", room.organizer.id)[-1].params["caption"])
        found = LINK.search(caption)
        assert found is not None, caption
        path = f"/wall/{found.group(1)}/events"
        limits = httpx.Limits(max_connections=walls + 10, max_keepalive_connections=walls + 10)
        async with httpx.AsyncClient(base_url=companion.base, limits=limits,
                                     timeout=httpx.Timeout(None)) as client:
            watchers = [Wall() for _ in range(walls)]
            tasks = [asyncio.create_task(wall.watch(client, path)) for wall in watchers]
            await asyncio.wait_for(asyncio.gather(*(w.opened.wait() for w in watchers)), 60)
            rss_before = current_rss_mb()
            burst = note_burst(world.api, app.bot, room.chat, room.people, notes_each)
            texts = {update.message.message_id: NOTE.findall(str(update.message.text))[0]
                     for update in burst.updates if update.message is not None}
            started = time.monotonic()
            await enqueue(app.update_queue, burst)
            await handled(app)
            burst_seconds = time.monotonic() - started
            acks = {int(call.params["message_id"]): call.at for call in world.api.calls
                    if call.method == "setMessageReaction" and call.status == 200
                    and int(call.params["message_id"]) in texts}
            if len(acks) != len(texts):
                raise RuntimeError(f"{len(acks)} of {len(texts)} notes acknowledged")
            last, acked = max(acks.items(), key=lambda item: item[1])
            await wait_until(lambda: all(wall.saw(texts[last]) is not None
                                         for wall in watchers), WAIT)
            delays = sorted(max(0.0, seen - acked) for wall in watchers
                            if (seen := wall.saw(texts[last])) is not None)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for task in tasks:
            task.cancel()
        await world.stop()
    return WallFigures(
        walls=walls, notes=len(texts), seen=len(delays),
        p50=delays[len(delays) // 2] if delays else float("inf"),
        slowest=delays[-1] if len(delays) == walls else float("inf"),
        burst_seconds=burst_seconds, rss_before_mb=rss_before, peak_rss_mb=peak_rss_mb(),
    )


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    folder, walls, people, notes_each = Path(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    figures = asyncio.run(measure(folder, walls, people, notes_each))
    print(json.dumps(asdict(figures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

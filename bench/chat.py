"""The full bot in a group: throughput, latency under a burst, and the chat's economy.

Each measurement starts its own World: the real Application from
``bot.app.build_application``, the offline Bot API, a fresh SQLite file. An
organizer creates an event privately, links the group and opens a board with
three questions; then participants send ``/note n text``. Settings are the
production ones (live board re-rendered at most every 3 s, the rate limiter
on), so acknowledgements (reactions) and live board edits are included.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bench.sim import (
    BOARD_QUESTIONS,
    Burst,
    Room,
    enqueue,
    handled,
    note_burst,
    open_room,
    settings_for,
    wait_until,
)
from bot.offline import OfflineBotAPI
from bot.pinboard.render import count_text
from bot.simulate import World
from locales import translator

REACTION = "setMessageReaction"
BOARD_EDIT = "editMessageText"


def acknowledged(room: Room, burst: Burst) -> dict[int, float]:
    """When each note of the burst was acknowledged: the reaction call's time, by message id."""
    wanted = set(burst.message_ids)
    acks: dict[int, float] = {}
    for call in room.world.api.calls:
        if call.method == REACTION and call.chat_id == room.group.id and call.status == 200:
            message_id = int(call.params["message_id"])
            if message_id in wanted:
                acks.setdefault(message_id, call.at)
    return acks


def require_all_acknowledged(room: Room, burst: Burst, what: str) -> dict[int, float]:
    acks = acknowledged(room, burst)
    if len(acks) != len(burst):
        refused = [c.params.get("text") for c in room.world.api.sent("sendMessage", room.group.id)]
        raise RuntimeError(
            f"{what}: {len(acks)} of {len(burst)} notes acknowledged; the bot said {refused[-3:]}"
        )
    return acks


def board_lines(counts: Counter[int]) -> list[str]:
    """The lines of the collecting board that show these counts (the bot's own texts)."""
    t = translator("de")
    return [
        t("pinboard.live_question", number=number, question=question,
          count=count_text(t, counts[number]))
        for number, question in enumerate(BOARD_QUESTIONS, start=1)
    ]


def board_shows(room: Room, board_id: int | None, counts: Counter[int]) -> bool:
    text = room.board_text(board_id)
    return all(line in text for line in board_lines(counts))


async def stop(world: World) -> None:
    await world.stop()


# --- 1. throughput -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    notes: int
    seconds: float
    cpu: float
    """CPU seconds the process spent meanwhile (the SQLite thread included)."""
    board_edits: int

    @property
    def rate(self) -> float:
        return self.notes / self.seconds


async def throughput(folder: Path, *, participants: int, notes_each: int) -> Throughput:
    """Notes per second, from the first enqueue until every note is acknowledged and shown."""
    world = World(settings_for(folder, "throughput"))
    room = await open_room(world, participants)
    app = world.app
    assert app is not None
    try:
        warm = note_burst(world.api, app.bot, room.chat, room.people[:10], 1, tag="warm ")
        await enqueue(app.update_queue, warm)
        await world.settle()
        burst = note_burst(world.api, app.bot, room.chat, room.people, notes_each)
        edits_before = len(world.api.sent(BOARD_EDIT, room.group.id))
        cpu = time.process_time()
        started = time.perf_counter()
        await enqueue(app.update_queue, burst)
        await handled(app)
        await app.bot_data["services"].live.flush(app)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        require_all_acknowledged(room, burst, "throughput")
        if not board_shows(room, await room.board_id(), warm.questions + burst.questions):
            raise RuntimeError("throughput: the board does not show every note")
        edits = len(world.api.sent(BOARD_EDIT, room.group.id)) - edits_before
    finally:
        await stop(world)
    return Throughput(len(burst), seconds, cpu, edits)


# --- 2. latency ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    notes: int
    p50: float
    p95: float
    p99: float
    worst: float
    seconds: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.99: the value 99 % of the samples don't exceed)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def latency(folder: Path, *, participants: int, notes_each: int,
                  spread: float = 0.0) -> Latency:
    """From entering the update queue to the reaction call, for a burst sent all at once."""
    world = World(settings_for(folder, f"latency{int(spread * 1000)}"))
    room = await open_room(world, participants)
    app = world.app
    assert app is not None
    try:
        burst = note_burst(world.api, app.bot, room.chat, room.people, notes_each)
        started = time.perf_counter()
        await enqueue(app.update_queue, burst, spread=spread)
        await handled(app)
        seconds = time.perf_counter() - started
        acks = require_all_acknowledged(room, burst, "latency")
    finally:
        await stop(world)
    waits = [acks[mid] - burst.entered[mid] for mid in burst.message_ids]
    return Latency(len(waits), percentile(waits, 0.50), percentile(waits, 0.95),
                   percentile(waits, 0.99), max(waits), seconds)


# --- 3. chat economy -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Economy:
    notes: int
    calls: Counter[str]
    """Outgoing calls to the group from the first note until the board showed every note."""
    too_many: int
    board_edits: int
    min_edit_gap: float
    """Seconds between the closest two versions of the board (its post and its edits)."""
    visible_after: float | None
    """Seconds from the last note sent until the board showed every note (``None``: never)."""

    @property
    def calls_per_100(self) -> float:
        return 100 * sum(self.calls.values()) / self.notes

    @property
    def messages_per_100(self) -> float:
        """Messages and edits (what counts against the group's 20 a minute) per 100 notes."""
        messages = sum(n for method, n in self.calls.items() if method != REACTION)
        return 100 * messages / self.notes


async def economy(folder: Path, *, participants: int, notes_each: int, spread: float,
                  wait: float) -> Economy:
    """A burst spread over ``spread`` seconds against a Bot API that enforces Telegram's limits."""
    world = World(settings_for(folder, "economy"), api=OfflineBotAPI(enforce_limits=True))
    room = await open_room(world, participants)
    app = world.app
    assert app is not None
    try:
        burst = note_burst(world.api, app.bot, room.chat, room.people, notes_each)
        board_id = await room.board_id()
        first_call = len(world.api.calls)
        await enqueue(app.update_queue, burst, spread=spread)
        sent = time.monotonic()
        visible = await wait_until(lambda: board_shows(room, board_id, burst.questions), wait)
        await handled(app)
        require_all_acknowledged(room, burst, "economy")
        calls = world.api.calls[first_call:]
        if visible is not None:
            calls = [c for c in calls if c.at <= sent + visible + 0.001]
        versions = [
            c.at for c in world.api.calls
            if c.chat_id == room.group.id and c.status == 200 and (
                (c.method == BOARD_EDIT and int(c.params["message_id"]) == board_id)
                or (c.method == "sendMessage" and isinstance(c.result, dict)
                    and c.result.get("message_id") == board_id)
            )
        ]
        gaps = [later - earlier for earlier, later in pairwise(versions)]
        result = Economy(
            notes=len(burst),
            calls=Counter(c.method for c in calls if c.chat_id == room.group.id),
            too_many=world.api.too_many_answers,
            board_edits=len(versions) - 1,
            min_edit_gap=min(gaps) if gaps else float("inf"),
            visible_after=visible,
        )
    finally:
        await stop(world)
    return result



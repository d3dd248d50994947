"""``python -m bench.soak``: a 30-minute conference, 300 people in 6 sessions, offline.

The conference runs on simulated time (each simulated minute takes as long
as the bot needs for it): three sessions hold a pinboard, one a fishbowl,
two a development council. Every minute a share of the participants
contributes (notes, queueing for the empty chair, interests with reasons);
the facilitator of the fishbowl seats the next person. Afterwards every
contribution the bot acknowledged (with a reaction) is looked up in the
database, and the resident memory measured after each minute is reported:
it must stay flat once the rooms are warm, and nothing acknowledged may be
missing. Exit code 1 if something was lost or memory kept growing.

``--minutes 3 --people 60`` is the short version the test suite runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "1")

import psutil

from bot.offline import Call
from bot.settings import Settings
from bot.simulate import SimChat, SimPerson, World, created_event_code
from storage import rounds as stored

PINBOARD = "/pinboard 45m {title}\nWas läuft gut?\nWas fehlt?\nWas probieren wir als Nächstes?"
COUNCIL = (
    "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik\nZivilgesellschaft\nWirtschaft"
)
GROUPS = ("Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft")
KINDS = ("pinboard", "pinboard", "pinboard", "fishbowl", "council", "council")
GROWTH_ALLOWED = 1.15
"""Memory after the last minute may be at most this much above memory after warm-up."""


@dataclass
class Room:
    kind: str
    chat: SimChat
    facilitator: SimPerson
    people: list[SimPerson]


@dataclass
class Ledger:
    """What was sent, and what the bot acknowledged."""

    sent: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)

    def watch(self, call: Call) -> None:
        if call.method == "setMessageReaction" and call.status == 200:
            key = (int(call.params["chat_id"]), int(call.params["message_id"]))
            if key in self.sent:
                self.acknowledged.append(self.sent.pop(key))


async def build(world: World, people: int) -> list[Room]:
    olga = world.person("Olga", "de", "olga")
    await olga.say(None, "/newevent")
    for answer in ("Soak-Konferenz", "heute", "Kassel"):
        await olga.say(None, answer)
    code = created_event_code(world.api, olga.id)
    rooms = []
    per_room = max(2, people // len(KINDS))
    for index, kind in enumerate(KINDS):
        chat = world.group(f"Werkstatt {index + 1}")
        await olga.say(chat, f"/start {code}")
        host = world.person(f"Moderation{index + 1}", "de", f"mod{index + 1}")
        hello = await host.say(chat, "Hallo!")
        await olga.say(chat, "/facilitator", reply_to=hello)
        crowd = [world.person(f"P{index}-{n}", "de") for n in range(per_room)]
        rooms.append(Room(kind, chat, host, crowd))
        if kind == "pinboard":
            await host.say(chat, PINBOARD.format(title=f"Werkstatt {index + 1}"))
        elif kind == "fishbowl":
            await host.say(chat, "/fishbowl 5 Was nehmen wir mit?")
        else:
            await host.say(chat, COUNCIL)
            live = message_with_button(world, chat, GROUPS[0])
            for n, person in enumerate(crowd):
                await person.press(live, GROUPS[n % len(GROUPS)])
    return rooms


def message_with_button(world: World, chat: SimChat, label: str) -> dict[str, Any]:
    """The latest bot message in the chat with a button labelled ``label``."""
    for call in reversed(world.api.sent("sendMessage", chat.id)):
        markup = call.params.get("reply_markup") or {}
        labels = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
        if any(label in text for text in labels):
            return world.last_bot_message(call)
    raise LookupError(f"no message with a {label!r} button")


async def contribute(world: World, room: Room, person: SimPerson, minute: int,
                     ledger: Ledger) -> None:
    if room.kind == "pinboard":
        text = f"Notiz von {person.first_name} in Minute {minute}"
        message = await person.say(room.chat, f"/note {1 + minute % 3} {text}", settle=False)
    elif room.kind == "fishbowl":
        text = str(person.id)
        message = await person.say(room.chat, "/join", settle=False)
    else:
        text = f"Interesse {person.first_name} {minute}"
        message = await person.say(room.chat, f"/interest {text} weil es wichtig ist",
                                   settle=False)
    ledger.sent[(room.chat.id, message["message_id"])] = (room.kind, text)


async def minute_of(world: World, rooms: list[Room], minute: int, share: float,
                    rng: random.Random, ledger: Ledger) -> None:
    for room in rooms:
        for person in room.people:
            if rng.random() < share:
                await contribute(world, room, person, minute, ledger)
        if room.kind == "fishbowl":
            await room.facilitator.say(room.chat, "/next", settle=False)
    await world.settle()


async def stored_contributions(world: World) -> set[tuple[str, str]]:
    """Every note text, queued or seated person and interest in the database."""
    assert world.app is not None
    found: set[tuple[str, str]] = set()
    async with world.app.bot_data["services"].db.transaction() as tx:
        records = await stored.all_open_rounds(tx)
    for record in records:
        state = json.loads(record.state_json)
        if record.kind == "pinboard":
            found |= {("pinboard", note["text"]) for note in state["notes"]}
        elif record.kind == "fishbowl":
            everyone = {str(entry["user_id"]) for entry in state["queue"]}
            everyone |= {str(seat["user_id"]) for seat in state["seats"]}
            found |= {("fishbowl", uid) for uid in everyone}
        else:
            found |= {("council", interest["text"]) for interest in state["interests"]}
    return found


def rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / 2**20


async def soak(minutes: int, people: int, share: float, seed: int = 7) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="werkstatt-soak-"))
    settings = Settings(
        _env_file=None, database=str(folder / "soak.sqlite3"), telegram_token=None,
        live_interval=0.0, rate_limit=False, log_level="WARNING", flood_limit=1000,
    )
    world = World(settings)
    ledger = Ledger()
    world.api.listeners.append(ledger.watch)
    await world.start()
    started = time.perf_counter()
    memory: list[float] = []
    try:
        rooms = await build(world, people)
        rng = random.Random(seed)
        for minute in range(minutes):
            await minute_of(world, rooms, minute, share, rng, ledger)
            world.api.calls.clear()  # a real Telegram keeps no call log in our memory
            world.transcript.clear()
            memory.append(rss_mb())
        found = await stored_contributions(world)
    finally:
        await world.stop()
    lost = [item for item in ledger.acknowledged if item not in found]
    warm = memory[min(len(memory) - 1, max(1, len(memory) // 6))]
    return {
        "minutes": minutes,
        "people": sum(len(room.people) for room in rooms),
        "sessions": len(rooms),
        "acknowledged": len(ledger.acknowledged),
        "lost": len(lost),
        "lost_items": lost[:5],
        "seconds": round(time.perf_counter() - started, 1),
        "rss_warm_mb": round(warm, 1),
        "rss_end_mb": round(memory[-1], 1),
        "rss_max_mb": round(max(memory), 1),
        "flat": memory[-1] <= warm * GROWTH_ALLOWED,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--share", type=float, default=0.1,
                        help="share of participants contributing in a minute")
    args = parser.parse_args(argv)
    result = asyncio.run(soak(args.minutes, args.people, args.share))
    for key, value in result.items():
        print(f"{key:>14}: {value}")
    ok = result["lost"] == 0 and result["flat"]
    print("OK: nothing lost, memory flat" if ok else "FAILED", file=sys.stdout)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

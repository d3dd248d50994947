"""The fishbowl end to end, in a group and in a forum topic, with a restart in the middle.

Fifteen participants, a facilitator (Fatma), a note-taker (Nils) and the
organizer go through the real Application and the offline Bot API: three
rapporteurs are seated with labels, the others queue, the empty chair
rotates, speaking clocks run, key points are recorded, seat time runs out,
the bot restarts, and ``/close`` posts the summary by sector. The other
fishbowl test modules build on ``open_room`` and ``Room`` from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.demo import register
from bot.offline import Call
from bot.simulate import SimPerson, World
from flows import fishbowl as fb
from locales import translator
from storage import people as directory
from storage import rounds as stored
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

T = translator("de")
"""The texts people in these rooms read (German, addressed with Sie)."""
TOPIC = "Was nehmen wir aus den Werkstätten mit?"
NO_FREE_CHAIR = T("fishbowl.no_free_chair")
JOIN = T("fishbowl.button_join")


def before_time(key: str) -> str:
    """A message's words before the time of day it names ("spricht seit")."""
    return T(key, time="\0").partition("\0")[0]
MUNICIPAL, CIVIL_SOCIETY, RESEARCH = 0, 3, 5
"""Positions of sectors on the registration keyboard (the event's default sectors)."""


class Clock:
    """The bot's clock in these tests: speaking times need minutes to pass, not seconds."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(world: World) -> Clock:
    """The round service's injected clock: what every move of the test's rounds sees."""
    fake = Clock()
    assert world.app is not None
    world.clock = world.app.bot_data["services"].rounds.clock = fake  # also after a restart
    return fake


@dataclass
class Room(SessionRoom):
    """A session with its people: how to talk there and what the bot shows."""

    nils: SimPerson
    people: list[SimPerson] = field(default_factory=list)
    hello: dict[int, dict[str, Any]] = field(default_factory=dict)

    def live_call(self) -> Call:
        calls = [
            c for c in self.world.api.sent("sendMessage", self.chat.id)
            if str(c.params.get("text", "")).startswith(T("fishbowl.live_title", topic=""))
            and c.params.get("reply_markup")
        ]
        return calls[-1]

    def live(self) -> dict[str, Any]:
        """The live fishbowl message as it is now."""
        return self.world.last_bot_message(self.live_call())

    def live_text(self) -> str:
        return str(self.live()["text"])

    def message_with(self, fragment: str) -> dict[str, Any]:
        """The latest message the bot sent to the session that contains ``fragment``."""
        calls = [
            c for c in self.world.api.sent("sendMessage", self.chat.id)
            if fragment in str(c.params.get("text", ""))
        ]
        return self.world.last_bot_message(calls[-1])

    def hints(self) -> list[str]:
        """What the bot answered to button presses (toasts and alerts)."""
        return [str(c.params["text"]) for c in self.world.api.sent("answerCallbackQuery")
                if c.params.get("text")]

    async def state(self) -> fb.FishbowlState:
        """The session's latest fishbowl as stored."""
        assert self.world.app is not None
        svc = self.world.app.bot_data["services"]
        async with svc.db.transaction() as tx:
            session = await directory.session_at(tx, self.chat.id, self.thread or 0)
            assert session is not None
            record = await stored.last_round(tx, session.id, "fishbowl")
        assert record is not None
        return record.state(fb.FishbowlState)


    def button_data(self, label: str) -> str:
        """The signed data of a button on the live message, as Telegram would send it back."""
        for row in self.live()["reply_markup"]["inline_keyboard"]:
            for button in row:
                if label in button["text"]:
                    return str(button["callback_data"])
        raise LookupError(label)

    def round_id(self) -> int:
        """The round the live message belongs to (every fishbowl button names it)."""
        return int(self.button_data("🙋").split("|")[1])


async def open_room(world: World, *, forum: bool = False, people: int = 15) -> Room:
    """An event and its session, Fatma facilitating, Nils taking notes, people who said hello."""
    shop = await workshop(world, forum=forum)
    thread: int | None = shop.group.topic if forum else None  # type: ignore[attr-defined]
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma, thread)
    nils = world.person("Nils", "de", "nils")
    room = Room(world, shop, fatma, thread, nils)
    await room.say(shop.organizer, "/notetaker", reply_to=await room.say(nils, "Ich schreibe mit."))
    for number in range(people):
        person = world.person(f"P{number}", "de", f"p{number}")
        room.people.append(person)
        room.hello[person.id] = await room.say(person, f"Hallo, ich bin P{number}.")
    return room


async def seat_rapporteurs(room: Room) -> list[SimPerson]:
    """The three workshops' rapporteurs, seated first: by reply, by @username, by reply."""
    ws1, ws2, ws3 = room.people[:3]
    await room.say(room.fatma, "/seat WS1", reply_to=room.hello[ws1.id])
    await room.say(room.fatma, f"/seat @{ws2.username} WS2")
    await room.say(room.fatma, "/seat WS3", reply_to=room.hello[ws3.id])
    return [ws1, ws2, ws3]


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_a_fishbowl_with_fifteen_people_survives_a_restart_and_ends_with_a_summary(
    world: World, clock: Clock, forum: bool
) -> None:
    room = await open_room(world, forum=forum)
    for person, sector in zip(room.people[:3], (MUNICIPAL, CIVIL_SOCIETY, RESEARCH), strict=True):
        await register(world, person, sector, consent=True)
    await room.say(room.fatma, f"/fishbowl 5 4m {TOPIC}")
    assert room.live_text().startswith(T("fishbowl.live_title", topic=TOPIC) + "\n" + T(
        "fishbowl.live_chairs_seat_time", chairs=5, time=4))

    posted = len(room.texts())
    ws1, ws2, ws3 = await seat_rapporteurs(room)
    assert len(room.texts()) == posted, "a seat change is shown in the live message only"
    for name, label in (("P0", "WS1"), ("P1", "WS2")):
        shown = f"🪑 {T('fishbowl.name_label', name=name, label=label)} · "
        assert shown + before_time("fishbowl.live_since") in room.live_text()
    assert T("fishbowl.live_free_chairs", count=2) in room.live_text()

    waiting = room.people[3:]
    for index, person in enumerate(waiting):
        if index % 2:
            await room.say(person, "/join")
        else:
            await person.press(room.live(), JOIN)
    assert T("fishbowl.queued", position=11) in room.hints()
    assert "12. P14" in room.live_text()

    await room.nils.press(room.live(), "🎙 P0")
    clock.advance(90)
    await room.say(room.nils, "Strategie braucht klare Ziele", reply_to=room.live())
    await room.nils.press(room.live(), "🎙 P1")
    clock.advance(60)
    await room.say(room.nils, "/point Verwaltung breit einbinden")
    speaking = before_time("fishbowl.live_speaks_since")
    assert "🎙 P1 (WS2)" in room.live_text() and speaking in room.live_text()

    await room.say(room.fatma, "/next")
    assert "🪑 P3 · " + before_time("fishbowl.live_since") in room.live_text()
    assert len(room.texts()) == posted
    await room.say(room.fatma, "/next")
    assert room.last_text() == T("fishbowl.took_empty_chair", newcomer="P4", leaver="P0")
    await room.say(room.fatma, "/next")
    assert room.last_text() == NO_FREE_CHAIR

    await room.say(room.fatma, "/extend 45m")
    edits_before = len(world.api.sent("editMessageText", room.chat.id))
    shown_before = room.live_text()
    await world.restart()
    assert len(world.api.sent("editMessageText", room.chat.id)) == edits_before
    assert room.live_text() == shown_before
    assert before_time("fishbowl.live_until") in shown_before
    jobs = [j.name or "" for j in world.app.job_queue.jobs()]  # type: ignore[union-attr]
    assert f"deadline:{room.round_id()}" in jobs  # the overall end, armed again
    assert len([name for name in jobs if name.startswith("remind:")]) == 5  # one per occupant

    await ws1.press(room.live(), T("fishbowl.button_leave_circle"))
    assert "P0 (WS1)" not in room.live_text()
    assert T("fishbowl.live_empty_chair") in room.live_text()
    latecomer = world.person("Quentin", "de", "quentin")
    await room.say(ws1, "/join")
    await room.say(latecomer, "/join")
    assert room.live_text().endswith("11. P0\n12. Quentin")
    await room.fatma.press(room.live(), T("fishbowl.button_order_first_time_first"))
    assert room.live_text().endswith("11. Quentin\n12. P0")

    await fire_seat_time(world, ws2.id)
    assert room.last_text() == T("fishbowl.seat_time_up", person="P1", minutes=4,
                                 facilitator="Fatma")
    assert "P1 (WS2) · " + before_time("fishbowl.live_since") in room.live_text()
    assert T("fishbowl.live_seat_time_up") in room.live_text()

    await room.say(room.fatma, "/close")
    summary = room.message_with(T("fishbowl.summary_sectors"))
    order = "P0 (WS1), P1 (WS2), P2 (WS3), P3, P4"
    assert T("fishbowl.summary_order", names=order) in summary["text"]
    line = "fishbowl.summary_sector_line"
    assert T(line, sector="Kommune", time="1:30", percent=60) in summary["text"]
    assert T(line, sector="Zivilgesellschaft", time="1", percent=40) in summary["text"]
    assert room.live_text().startswith(T("fishbowl.live_closed", topic=TOPIC))

    state = await room.state()
    assert state.phase is fb.Phase.CLOSED
    points = {turn.user_id: [p.text for p in turn.points] for turn in state.turns}
    assert points == {ws1.id: ["Strategie braucht klare Ziele"], ws2.id: [
        "Verwaltung breit einbinden"]}
    assert ws3.id in fb.seat_order(state)


async def fire_seat_time(world: World, user_id: int) -> None:
    """Run the seat-time reminder of one occupant now, as the JobQueue would when it is due."""
    app = world.app
    assert app is not None and app.job_queue is not None
    jobs = [j for j in app.job_queue.jobs() if (j.name or "").startswith("remind:")
            and f":seat:{user_id}:" in (j.name or "")]
    assert len(jobs) == 1
    await jobs[0].run(app)
    await world.settle()

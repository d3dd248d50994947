"""The Moderationspult end to end: a facilitator who is no administrator runs every format from
the panel, typing nothing but titles, questions and group names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import demo
from bot.simulate import SimPerson, World
from locales import translator
from storage import rounds as stored
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

T = translator("de")

PINBOARD_GROUP_BUDGET = 5
"""New group messages a whole pinboard round may cost (issue 14, item 3)."""


class Panel:
    """Fatma's private chat with the bot, where the panel lives."""

    def __init__(self, room: SessionRoom) -> None:
        self.room = room
        self.world = room.world
        self.fatma = room.fatma

    def message(self) -> dict[str, Any]:
        """The panel as it shows now: the latest private message with the panel's title."""
        calls = [c for c in self.world.api.sent("sendMessage", self.fatma.id)
                 if str(c.params.get("text", "")).startswith("🎛 Moderationspult")]
        return self.world.last_bot_message(calls[-1])

    def text(self) -> str:
        return str(self.message()["text"])

    def labels(self) -> list[str]:
        markup = self.message().get("reply_markup", {})
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]

    async def tap(self, label: str) -> None:
        await self.fatma.press(self.message(), label)

    async def type(self, text: str) -> None:
        await self.fatma.say(None, text)


async def room_with_panel(world: World) -> tuple[SessionRoom, Panel, list[SimPerson]]:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    room = SessionRoom(world, shop, fatma, None)
    people = [world.person(name, "de", name.lower()) for name in ("Anna", "Bernd", "Chiara")]
    for person in people:
        await room.say(person, "Hallo!")
    await fatma.say(None, "/panel")
    return room, Panel(room), people


def group_messages(world: World, room: SessionRoom) -> int:
    return len(world.api.sent("sendMessage", room.chat.id))


def live(world: World, room: SessionRoom, start: str) -> dict[str, Any]:
    """The round's live message: the latest with buttons whose text starts with ``start``."""
    calls = [c for c in world.api.sent("sendMessage", room.chat.id)
             if str(c.params.get("text", "")).startswith(start) and c.params.get("reply_markup")]
    return world.last_bot_message(calls[-1])


async def test_the_facilitator_is_no_administrator_and_sees_the_formats(world: World) -> None:
    room, panel, _ = await room_with_panel(world)
    assert room.fatma.id not in world.api.chat_admins[room.chat.id]
    assert "Moderationspult · Werkstatt 2" in panel.text()
    assert "Gerade läuft keine Runde" in panel.text()
    assert {"Pinnwand", "Fishbowl", "Entwicklungsbeirat"} <= set(panel.labels())


async def run_a_pinboard_from_the_panel(world: World) -> tuple[SessionRoom, int]:
    """A whole pinboard round from the panel; the room and the group messages it cost."""
    room, panel, (anna, bernd, chiara) = await room_with_panel(world)
    before = group_messages(world, room)
    await panel.tap("Pinnwand")
    assert "Titel der Pinnwand" in panel.text()
    await panel.type("Dritte Orte")
    await panel.type("Was sind Dritte Orte?\nWer trägt die Kosten?")
    assert "2 Leitfragen" in panel.text()
    await panel.tap("10 Min.")
    board = live(world, room, "📌")
    assert "🎛 Steuern" in str(board["reply_markup"])
    assert "Notizen sammeln" in panel.text() and "Noch 10 Minuten" in panel.text()
    for person, text in ((anna, "1 Bibliothek mit Café"), (bernd, "1 Bibliothek und Café"),
                         (chiara, "2 Die Kommune"), (anna, "1 Café in der Bibliothek")):
        await room.say(person, text, reply_to=live(world, room, "📌"))
    await panel.tap("🔄")
    assert "4 Notizen" in panel.text()
    await panel.tap("+5 Min.")
    assert "Noch 15 Minuten" in panel.text()
    await panel.tap("Gruppieren beginnen")
    assert "Phase: Gruppieren" in panel.text()
    assert "Gruppieren beginnen" not in panel.labels()
    await panel.tap("Übernehmen")
    assert "1 Gruppe" in panel.text()
    await panel.tap("Punktabfrage starten")
    assert "Phase: Punktabfrage" in panel.text()
    await panel.tap("Zwischenstand zeigen")
    await panel.tap("Beenden")
    assert "Gerade läuft keine Runde" in panel.text()
    async with world.app.bot_data["services"].db.transaction() as tx:  # type: ignore[union-attr]
        record = await stored.get_round(tx, 1)
    assert record is not None and not record.is_open
    return room, group_messages(world, room) - before


async def test_a_pinboard_runs_from_the_panel_alone(world: World) -> None:
    room, _ = await run_a_pinboard_from_the_panel(world)
    assert "geschlossen" in room.last_text()


async def test_a_pinboard_from_the_panel_stays_within_the_group_budget(world: World) -> None:
    _, cost = await run_a_pinboard_from_the_panel(world)
    assert cost <= PINBOARD_GROUP_BUDGET


async def test_a_fishbowl_runs_from_the_panel_alone(world: World) -> None:
    room, panel, (anna, bernd, chiara) = await room_with_panel(world)
    await panel.tap("Fishbowl")
    await panel.type("Was nehmen wir mit?")
    await panel.tap("ohne Zeitlimit")
    assert "Gespräch läuft" in panel.text() and "0 von 5 Stühlen besetzt" in panel.text()
    fishbowl = live(world, room, "🐟")
    for person in (anna, bernd, chiara):
        await person.press(fishbowl, "Stuhl")
    await panel.tap("🔄")
    assert "3 Personen warten" in panel.text()
    await panel.tap("Nächste Person: Anna")
    await panel.tap("In den Innenkreis: Chiara")
    assert "2 von 5 Stühlen besetzt" in panel.text() and "1 Person wartet" in panel.text()
    start, stop = T("panel.clock_start", name="Anna"), T("panel.clock_stop", name="Anna")
    await panel.tap(start)
    assert stop in panel.labels()
    await panel.tap(stop)
    assert start in panel.labels()
    await panel.tap("Beenden")
    assert "Gerade läuft keine Runde" in panel.text()


async def test_a_council_runs_from_the_panel_alone(world: World) -> None:
    room, panel, (anna, bernd, _) = await room_with_panel(world)
    await panel.tap("Entwicklungsbeirat")
    await panel.type("Wie nutzen wir den alten Bahnhof?")
    await panel.type("Verwaltung")
    assert "⚠️" in panel.text()  # one group is not a council
    await panel.type("Verwaltung\nPolitik")
    await panel.tap("15 Min.")
    assert "Runde 1, Interessen" in panel.text()
    council = live(world, room, "🏛")
    await anna.press(council, "Verwaltung")
    await bernd.press(council, "Politik")
    await room.say(anna, "/interest Flächen sichern weil Gewerbesteuer")
    await room.say(bernd, "/interest Kurze Wege weil Pendler")
    assert "Eine Runde zurück" not in panel.labels()
    await panel.tap("Nächste Runde")
    assert "Runde 2, Perspektivwechsel" in panel.text() and "2 Interessen" in panel.text()
    await panel.tap("Eine Runde zurück")
    assert "Runde 1, Interessen" in panel.text()
    await panel.tap("+10 Min.")
    await panel.tap("Beenden")
    assert "Gerade läuft keine Runde" in panel.text()


async def test_steuern_answers_a_facilitator_with_the_panels_link_and_others_with_a_hint(
    world: World,
) -> None:
    room, panel, (anna, _, _) = await room_with_panel(world)
    await panel.tap("Fishbowl")
    await panel.type("Was nehmen wir mit?")
    await panel.tap("ohne Zeitlimit")
    fishbowl = live(world, room, "🐟")
    await room.fatma.press(fishbowl, "Steuern")
    await anna.press(fishbowl, "Steuern")
    answers = world.api.sent("answerCallbackQuery")
    assert str(answers[-2].params.get("url", "")).endswith("?start=panel_1")
    assert answers[-1].params.get("show_alert") and "Moderation" in str(answers[-1].params["text"])
    await room.fatma.say(None, "/start panel_1")
    assert "Fishbowl „Was nehmen wir mit?“" in panel.text()
    await anna.say(None, "/start panel_1")
    assert "Moderationspult" not in world.api.texts(anna.id)[-1]


async def test_the_demo_steers_the_fishbowl_from_the_panel_and_prints_taps_as_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(demo, "SCENES", (demo.fishbowl.demo_scene,))
    played = await demo.run_demo(tmp_path / "demo.sqlite3", echo=False)
    taps = [line for line in played.transcript if "(taps)" in line]
    assert "Fatma: (taps) [🎛 Steuern]" in taps
    assert any(line.startswith("Fatma: (taps) [Nächste Person: ") for line in taps)
    assert any("🎛 Moderationspult · Werkstatt 3" in line for line in played.transcript)
    assert all(line.endswith("]") for line in taps)  # a label, never callback data

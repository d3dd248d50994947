"""The demo's fishbowl: an interim summary with rapporteurs from three workshops.

As in the reference documentation's "Zwischenresümee", the rapporteurs of
workshops 1 to 3 start in the inner circle on fixed seats (never asked to
make room); others join through the empty chair; the note-taker Nils times the
turns and records the key points (for whoever holds the floor, or the one he
names with a tap); the facilitator Fatma seats the next person from her
Moderationspult (reached through "Steuern" on the live message) and closes with
a summary by sector. Seat changes edit the live message; the group gets a
message only when someone must make room. It runs in the forum topic session
"Werkstatt 3: Konflikte austragen".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from bot.demo.cast import Cast
from bot.simulate import SimPerson, World
from locales import translator
from storage.records import utcnow

T = translator("de")
"""The demo event's texts: German, addressed with Sie."""
TOPIC = "Was nehmen wir aus den Werkstätten mit?"


class ScriptedClock:
    """The bot's clock during the scene, moved forward between turns by the script."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@contextmanager
def scripted_clock(world: World) -> Iterator[ScriptedClock]:
    """Let the script say how much time passes, for rounds and timers alike.

    A scripted scene takes seconds, but speaking times need minutes. The real
    clock comes back when the scene ends.
    """
    clock = ScriptedClock()
    assert world.app is not None
    svc = world.app.bot_data["services"]  # the clocks the bot was built with
    saved = svc.rounds.clock, svc.timers.clock
    svc.rounds.clock = svc.timers.clock = clock
    try:
        yield clock
    finally:
        svc.rounds.clock, svc.timers.clock = saved


class Scene:
    """Saying things in the forum topic and finding the bot's fishbowl messages there."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast

    async def say(
        self, person: SimPerson, text: str, reply_to: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return await person.say(self.cast.forum, text, reply_to=reply_to, thread=self.cast.topic)

    def latest(self, fragment: str, *, buttons: bool = False) -> dict[str, Any]:
        """The newest bot message in the forum whose text contains ``fragment``."""
        world = self.cast.world
        calls = [
            call for call in world.api.sent("sendMessage", self.cast.forum.id)
            if fragment in str(call.params.get("text", ""))
            and (call.params.get("reply_markup") or not buttons)
        ]
        return world.last_bot_message(calls[-1])

    def live(self) -> dict[str, Any]:
        return self.latest(T("fishbowl.live_title", topic=TOPIC), buttons=True)


async def demo_scene(cast: Cast) -> None:
    """Rapporteurs seated first, others through the empty chair, Nils's key points, the close."""
    scene = Scene(cast)
    fatma, nils = cast.facilitator, cast.notetaker
    aylin, bernd, chiara, dmitri, emma, farid, greta = cast.participants[:7]
    with scripted_clock(cast.world) as clock:
        cast.heading("Fishbowl im Forum-Thema: Zwischenresümee der drei Werkstätten")
        hello = {
            person.id: await scene.say(person, text)
            for person, text in (
                (aylin, "Ich berichte aus Werkstatt 1."),
                (chiara, "Ich berichte aus Werkstatt 3."),
            )
        }
        await scene.say(fatma, f"/fishbowl 5 4m {TOPIC}")
        await scene.say(fatma, "/seat WS1 fest", reply_to=hello[aylin.id])
        await scene.say(fatma, f"/seat @{bernd.username} WS2 fest")
        await scene.say(fatma, "/seat WS3 fest", reply_to=hello[chiara.id])

        cast.heading("Andere stellen sich für den freien Stuhl an")
        await dmitri.press(scene.live(), "🙋")
        await scene.say(emma, "/join")
        await farid.press(scene.live(), "🙋")
        await scene.say(greta, "/join")
        await greta.press(scene.live(), "🙋")  # a double tap: she already waits

        cast.heading("Nils nimmt die Redezeit und hält Kernpunkte fest")
        await turn(scene, clock, nils, aylin, 80, "Jede Kommune braucht eine Strategie, "
                   "die ihr Handeln für eine engagierte Bürgerschaft leitet.")
        await nils.press(scene.live(), f"🎙 {bernd.first_name}")
        clock.advance(70)
        await scene.say(nils, "/point Verwaltung breit einbinden, Betroffene beteiligen.")
        await turn(scene, clock, nils, chiara, 60, "Einsamkeit im Alter ist ein kommunales Thema.")
        await rotate(scene, clock, cast)


async def turn(
    scene: Scene, clock: ScriptedClock, nils: SimPerson, speaker: SimPerson, seconds: float,
    point: str,
) -> None:
    """Nils taps the speaker's name, time passes, his key point goes to the running clock."""
    await nils.press(scene.live(), f"🎙 {speaker.first_name}")
    clock.advance(seconds)
    await scene.say(nils, f"/point {point}")


def latest_private(cast: Cast, person: SimPerson, fragment: str) -> dict[str, Any]:
    """The newest private message to ``person`` that contains ``fragment``."""
    world = cast.world
    calls = [call for call in world.api.sent("sendMessage", person.id)
             if fragment in str(call.params.get("text", ""))]
    return world.last_bot_message(calls[-1])


async def from_the_panel(scene: Scene, fatma: SimPerson, label: str) -> None:
    """Fatma taps "Steuern" on the live message, follows the link and taps ``label`` there."""
    world = scene.cast.world
    await fatma.press(scene.live(), "Steuern")
    link = str(world.api.sent("answerCallbackQuery")[-1].params["url"])
    await fatma.say(None, "/start " + link.partition("start=")[2])
    panels = [call for call in world.api.sent("sendMessage", fatma.id)
              if str(call.params.get("text", "")).startswith("🎛")]
    await fatma.press(world.last_bot_message(panels[-1]), label)


async def rotate(scene: Scene, clock: ScriptedClock, cast: Cast) -> None:
    """The empty chair is taken; the longest seated on a seat not fixed makes room;
    first-time speakers go first; a key point without a clock is moved with a tap."""
    fatma, nils = cast.facilitator, cast.notetaker
    _, bernd, _, dmitri, emma, farid, _ = cast.participants[:7]
    cast.heading("Der freie Stuhl wird genommen – Fatma steuert vom Moderationspult aus")
    await from_the_panel(scene, fatma, "Nächste Person")
    await nils.press(scene.live(), f"🎙 {dmitri.first_name}")
    clock.advance(50)
    await scene.say(dmitri, "/point Foundations can fund the first steps.")
    await scene.say(fatma, "/next")
    await dmitri.press(scene.live(), T("fishbowl.button_leave_circle"))
    await fatma.press(scene.live(), T("fishbowl.button_order_first_time_first"))
    await scene.say(dmitri, "/join")
    await nils.press(scene.live(), f"🎙 {emma.first_name}")
    clock.advance(40)
    await scene.say(nils, "Forschung hilft, wenn man sie früh fragt.",
                    reply_to=scene.latest(T("fishbowl.took_free_chair", newcomer=emma.first_name)))
    await nils.press(scene.live(), f"⏹ {emma.first_name}")
    await farid.press(scene.live(), T("fishbowl.button_leave_queue"))
    cast.heading("Ohne laufende Redezeit: Nils ordnet den Kernpunkt per Tipp zu")
    await nils.say(None, "/start")  # the offer of other names comes privately
    clock.advance(30)
    await scene.say(nils, "/point Ohne Haushaltsmittel bleibt jede Strategie Papier.")
    offer = latest_private(cast, nils, T("fishbowl.point_for", name="\0").partition("\0")[0])
    await nils.press(offer, bernd.first_name)

    cast.heading("Fatma schließt: wer saß, in welcher Reihenfolge, Redezeit nach Bereich")
    await scene.say(fatma, "/close")

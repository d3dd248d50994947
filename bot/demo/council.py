"""The demo's development council: the future of an industrial area, as in the Herne example.

The reference documentation explains the format with the Kommunaler
Entwicklungsbeirat in Herne: administration, politics, civil society and
business carry out their conflict with reasons, restate each other's
interests, and end with a solution all accept. The scene runs in the forum
topic session "Werkstatt 3: Konflikte austragen" through all four rounds: one
proposal meets an objection, is amended and then agreed; another keeps an
objection that the result names.
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.demo.cast import Cast
from bot.simulate import SimPerson
from locales import translator

T = translator("de")
"""The demo event's texts: German, addressed with Sie; buttons and messages are found by them."""


def rate_prompt(interest: int, group: str) -> str:
    """How the prompt to rate the restatement of ``interest`` (of ``group``) begins."""
    return T("council.rate_prompt", interest=interest, group=group, by="\0", original="\0",
             reason="\0", text="\0").partition("\0")[0]


QUESTION = "Zukunft des Industriegebiets am Kanal"
GROUPS = ("Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft")
MEMBERS = {
    "Verwaltung": (0, 2),
    "Politik": (1, 5),
    "Zivilgesellschaft": (3, 4, 6),
    "Wirtschaft": (7, 8, 9),
}
"""Indexes into the cast's participants (Aylin … Jana); the first of each group speaks for it."""
_taps = itertools.count(1)
BURST_INTERVAL = 3.0
"""Seconds between two edits of the live message during a burst of taps (the default setting)."""


class Council:
    """Saying things in the forum topic and finding the council's messages there."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.people = {g: [cast.participants[i] for i in idx] for g, idx in MEMBERS.items()}

    def speaker(self, group: str) -> SimPerson:
        return self.people[group][0]

    async def say(self, person: SimPerson, text: str) -> dict[str, Any]:
        return await person.say(self.cast.forum, text, thread=self.cast.topic)

    def latest(self, start: str) -> dict[str, Any]:
        """The newest message the bot sent to the topic that begins with ``start``."""
        world = self.cast.world
        calls = [
            call
            for call in world.api.sent("sendMessage", self.cast.forum.id)
            if str(call.params.get("text", "")).startswith(start)
        ]
        return world.last_bot_message(calls[-1])

    def live(self) -> dict[str, Any]:
        return self.latest(T("council.live_title", question=QUESTION))

    async def taps(self, taps: list[tuple[SimPerson, str]]) -> None:
        """Several people tap buttons on the live message at nearly the same moment."""
        live = self.live()
        await self.burst([(person, live, label) for person, label in taps])

    async def burst(self, taps: list[tuple[SimPerson, dict[str, Any], str]]) -> None:
        """Several people tap buttons (on any of the bot's messages) at nearly the same moment.

        The demo runs without a pause between edits; for a burst it uses the
        production interval, so the room sees one edit of the live message for
        all the taps.
        """
        world = self.cast.world
        assert world.app is not None
        board = world.app.bot_data["services"].live
        saved, board.interval = board.interval, BURST_INTERVAL
        try:
            for person, message, label in taps:
                await self._tap(person, message, label)
            await world.settle()
        finally:
            board.interval = saved

    async def _tap(self, person: SimPerson, message: dict[str, Any], label: str) -> None:
        data = next(
            button["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for button in row
            if label in button["text"] and "callback_data" in button
        )
        query = {
            "id": f"council-demo-{next(_taps)}",
            "from": person.as_dict(),
            "chat_instance": str(self.cast.forum.id),
            "message": message,
            "data": data,
        }
        self.cast.world.log(person, None, f"(taps) {label}")
        await self.cast.world.deliver({"callback_query": query}, settle=False)

    async def private_answer(self, person: SimPerson, text: str) -> None:
        await person.say(None, text)


async def demo_scene(cast: Cast) -> None:
    """All four rounds of a council in the forum topic, to an agreed solution after an amendment."""
    council = Council(cast)
    cast.heading("Entwicklungsbeirat: Gegensätze begründet austragen")
    await council.say(cast.facilitator, f"/council 20m {QUESTION}\n" + "\n".join(GROUPS))
    await council.taps([(person, group) for group in GROUPS for person in council.people[group]])
    for group in GROUPS:
        await council.say(council.speaker(group), "/speaker")
    await interests(council)
    await perspective_change(council)
    await proposals(council)
    await agreement(council)
    await council.say(cast.facilitator, "/close")


async def interests(council: Council) -> None:
    """Round 1: each group's interests with reasons, one through the private dialogue."""
    cast = council.cast
    cast.heading("Runde 1: Interessen mit Begründung")
    aylin, bernd = council.speaker("Verwaltung"), council.speaker("Politik")
    dmitri, emma = council.people["Zivilgesellschaft"][:2]
    hanna = council.speaker("Wirtschaft")
    await council.say(
        aylin,
        "/interest Flächen für produzierendes Gewerbe sichern weil "
        "die Gewerbesteuer ein Drittel des Haushalts trägt",
    )
    await council.say(
        bernd,
        "/interest Eine Entscheidung in dieser Wahlperiode weil "
        "die Bürgerinnen und Bürger seit Jahren auf Klarheit warten",
    )
    await council.say(
        dmitri,
        "/interest A public park by the canal because "
        "the district has no green space within walking distance",
    )
    first = await council.say(emma, "/interest Bezahlbare Werkstätten für Initiativen")
    await emma.edit(
        first,
        "/interest Bezahlbare Werkstätten für Initiativen weil "
        "Vereine und Start-ups sonst keinen Raum finden",
    )
    link = next(
        button["url"]
        for row in council.live()["reply_markup"]["inline_keyboard"]
        for button in row
        if "url" in button and "start=coint_" in button["url"]
    )
    await hanna.say(None, "/start " + link.split("?start=")[1])
    await council.private_answer(hanna, "Verlässliche Planung für die nächsten zehn Jahre")
    await council.private_answer(hanna, "Investitionen in Hallen und Maschinen binden uns lange")


async def perspective_change(council: Council) -> None:
    """Round 2: each group restates another's interests; the owners rate, once with a correction."""
    cast = council.cast
    cast.heading("Runde 2: Perspektivwechsel")
    await council.say(cast.facilitator, "/round 15m")
    chiara, farid = council.people["Verwaltung"][1], council.people["Politik"][1]
    greta, ivo = council.people["Zivilgesellschaft"][2], council.people["Wirtschaft"][1]
    await council.say(chiara, "/restate 2 Ihr müsst zeigen, dass die Stadt noch handeln kann")
    await council.say(farid, "/restate 3 Ihr wollt einen Ort zum Durchatmen für das Viertel")
    await council.say(
        farid,
        "/restate 4 Ihr braucht günstige Räume, damit Engagement nicht an der Miete scheitert",
    )
    await council.say(
        greta,
        "/restate 5 Ihr braucht Verlässlichkeit, weil sich eure "
        "Investitionen erst nach Jahren lohnen",
    )
    await council.say(
        ivo,
        "/restate 1 Die Stadt braucht Einnahmen aus dem Gewerbe, "
        "um Schulen und Straßen zu bezahlen",
    )
    understood, partly = T("council.rating_understood"), T("council.rating_partly")
    ratings = [
        (2, "Politik", 0, understood),
        (3, "Zivilgesellschaft", 0, partly),
        (4, "Zivilgesellschaft", 1, understood),
        (5, "Wirtschaft", 0, understood),
        (1, "Verwaltung", 0, understood),
    ]
    await council.burst(
        [
            (
                council.people[group][member],
                council.latest(rate_prompt(interest, group)),
                label,
            )
            for interest, group, member, label in ratings
        ]
    )
    await council.private_answer(
        council.speaker("Zivilgesellschaft"),
        "Not only for residents: also for the people who work in the area",
    )


async def proposals(council: Council) -> None:
    """Round 3: two proposals, each marking the interests it addresses."""
    cast = council.cast
    cast.heading("Runde 3: Vorschläge")
    await council.say(cast.facilitator, "/round")
    jana, greta = council.people["Wirtschaft"][2], council.people["Zivilgesellschaft"][2]
    await council.say(
        jana,
        "/proposal Gewerbehof am Kanal: die Hälfte der Fläche für "
        "Betriebe, ein Uferstreifen als öffentlicher Park",
    )
    marking = council.latest(T("council.mark_prompt", proposal=1))
    for number in ("1.", "3.", "5."):
        await jana.press(marking, f"☐ {number}")
    await council.say(
        greta,
        "/proposal Die alte Gießereihalle wird zu günstigen "
        "Werkstätten für Initiativen und Start-ups",
    )
    await greta.press(council.latest(T("council.mark_prompt", proposal=2)), "☐ 4.")


async def agreement(council: Council) -> None:
    """Round 4: an objection, an amendment, then agreement; one objection stays open."""
    cast = council.cast
    cast.heading("Runde 4: Verständigung")
    await council.say(cast.facilitator, "/round")
    aylin, bernd = council.speaker("Verwaltung"), council.speaker("Politik")
    dmitri, hanna = council.speaker("Zivilgesellschaft"), council.speaker("Wirtschaft")
    await council.taps(
        [(aylin, "1 ✅"), (hanna, "1 ✅"), (aylin, "2 ✅"), (bernd, "2 ✅"), (dmitri, "2 ✅")]
    )
    await dmitri.press(council.live(), "1 ✋")
    await council.private_answer(
        dmitri, "The strip by the water is too narrow, and nobody pays for looking after the park"
    )
    await bernd.press(council.live(), "1 ⚠️")
    await council.private_answer(bernd, "Die Förderung durch das Land muss vorher geklärt sein")
    await hanna.press(council.live(), "2 ✋")
    await council.private_answer(hanna, "Die Halle brauchen wir als Erweiterungsfläche")
    jana = council.people["Wirtschaft"][2]
    await council.say(
        jana,
        "/amend 1 Gewerbehof am Kanal: die Hälfte der Fläche für Betriebe, "
        "ein 50 Meter breiter Uferpark, dessen Pflege die Betriebe über einen "
        "Fonds mittragen",
    )
    await council.taps([(aylin, "1 ✅"), (bernd, "1 ✅"), (dmitri, "1 ✅"), (hanna, "1 ✅")])

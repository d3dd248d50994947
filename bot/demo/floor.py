"""The demo's podium with questions from the floor, then the closing round (Blitzlicht).

In Werkstatt 2's group after its pinboard: Fatma opens a round of questions
(anonymous ones allowed, chosen privately), people ask by reply, with ``/ask``
and privately, and upvote; someone's vote on their own question is refused;
Fatma merges a duplicate and marks the top question answered from her private
list, then closes. The closing round asks "Was nehme ich mit?" with a rating:
answers by reply and privately, each author asked whether it may be quoted.
"""

from __future__ import annotations

from typing import Any

from bot.demo.cast import Cast
from bot.offline import Call
from bot.simulate import SimPerson
from locales import translator

t = translator("de")


def live(cast: Cast, mark: str) -> dict[str, Any]:
    """The round's live message as it is now (the latest with buttons starting with ``mark``)."""
    world = cast.world
    calls = [call for call in world.api.sent("sendMessage", cast.group.id)
             if str(call.params.get("text", "")).startswith(mark)
             and call.params.get("reply_markup")]
    return world.last_bot_message(calls[-1])


def latest(cast: Cast, person: SimPerson) -> Call:
    return cast.world.api.sent("sendMessage", person.id)[-1]


async def follow(cast: Cast, person: SimPerson, message: dict[str, Any], label: str) -> None:
    """Press a button that answers with a deep link, and follow it in the private chat."""
    await person.press(message, label)
    link = str(cast.world.api.sent("answerCallbackQuery")[-1].params["url"])
    await person.say(None, f"/start {link.split('?start=')[1]}")


async def questions_scene(cast: Cast) -> None:
    fatma, (aylin, bernd, chiara, dmitri, emma, farid, *_) = cast.facilitator, cast.participants
    group = cast.group
    cast.heading("Podium mit Fragen aus dem Publikum – Fatma wählt privat: anonyme Fragen erlaubt")
    await fatma.say(None, "/start")
    await fatma.say(group, "/questions Podium: Dritte Orte in der Kommune")
    await fatma.press(latest(cast, fatma), t("questions.anonymity_yes"))

    cast.heading("Fragen als Antwort, mit /ask und privat – auch anonym")
    await aylin.say(group, "Wer trägt die laufenden Kosten?", reply_to=live(cast, "❓"))
    await bernd.say(group, "/ask Wie erreichen wir Menschen, die nie ins Rathaus kommen?")
    await chiara.say(group, "/ask Wer bezahlt den Betrieb auf Dauer?")
    await follow(cast, dmitri, live(cast, "❓"), "privat stellen")
    await dmitri.press_at(latest(cast, dmitri), 0)  # in English: "Ask anonymously: off"
    await dmitri.say(None, "Was passiert, wenn die Förderung ausläuft?")

    cast.heading("👍 für Fragen – die eigene Frage zählt nicht")
    for person, number in ((emma, 1), (farid, 1), (chiara, 2), (aylin, 4), (bernd, 4), (emma, 4)):
        await person.press(live(cast, "❓"), f"👍 {number}")
    await aylin.press(live(cast, "❓"), "👍 1")

    cast.heading("Fatma legt eine doppelte Frage zusammen und markiert eine als beantwortet")
    await follow(cast, fatma, live(cast, "❓"), "Alle Fragen")
    await fatma.press(latest(cast, fatma), "⇄ 3")
    await fatma.press(latest(cast, fatma), "→ 1")
    await fatma.press(latest(cast, fatma), "✅ 1")
    await fatma.say(group, "/close")


async def closing_scene(cast: Cast) -> None:
    fatma, people = cast.facilitator, cast.participants
    group = cast.group
    cast.heading("Blitzlicht zum Abschluss: „Was nehme ich mit?“ mit Bewertung")
    await fatma.say(group, "/closing")
    await fatma.press(latest(cast, fatma), t("closing.rating_yes"))
    said = (("Dass Dritte Orte Haltung brauchen, nicht nur Räume.", "named", 5),
            ("Kontakte in drei Nachbarkommunen.", "anonymous", 4),
            ("Mehr Mut zu Experimenten.", "declined", 4))
    for person, (text, consent, rating) in zip(people[:3], said, strict=True):
        await person.say(group, text, reply_to=live(cast, "💬"))
        await person.press(live(cast, "💬"), str(rating))
        await person.press(latest(cast, person), t(f"documentation.quote_{consent}"))
    cast.heading("Emma antwortet privat und bewertet dort")
    emma = people[4]
    await follow(cast, emma, live(cast, "💬"), "Privat antworten")
    await emma.say(None, "Die Idee mit der Bibliothek nehme ich mit.")
    asked, rate = cast.world.api.sent("sendMessage", emma.id)[-2:]
    await emma.press(asked, t("documentation.quote_named"))
    await emma.press(rate, "3")
    await fatma.say(group, "/close")


async def demo_scene(cast: Cast) -> None:
    """``werkstatt demo``: a podium's questions, then the closing round."""
    await questions_scene(cast)
    await closing_scene(cast)

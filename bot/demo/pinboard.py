"""The demo's pinboard: workshop 2's "Dritte Orte" board, as the reference documents it.

Fatma opens the board with the reference's three guiding questions in the
group session "Werkstatt 2: Dritte Orte"; the participants post the notes the
organizers once typed up from the paper pinboard: by reply, with ``/note``,
without a number (and a button to choose), privately, edited, withdrawn; one
is refused, one hidden. Then Fatma groups, takes a suggested group, runs a
dot-vote and closes; the result lists per question the groups by dots.
Buttons and messages are found by their texts in the catalogue, so a
rewording there does not break the scene.
The live board is re-rendered once per wave of notes, as it would be in a
busy room.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.demo.cast import Cast
from bot.simulate import SimPerson
from locales import translator

T = translator("de")
"""The demo event's texts: German, addressed with Sie."""

QUESTIONS = ("Was sind Dritte Orte?", "Wer trägt die Kosten?", "Was müssen wir als Kommune machen?")
FIRST_WAVE: tuple[tuple[int, str], ...] = (
    (0, "1 Zivilgesellschaftlich geprägt\nSelbst geschaffen und für „alle“ zugänglich"),
    (2, "1 Kann auch themengebunden sein"),
    (3, "1 Ohne Konsumzwang"),
    (4, "1 Nicht kommerziell\nStadtteilbibliotheken in München + Gespräche"),
    (6, "1 „Alle“ Altersgruppen\nUrban vs. ländlich"),
    (7, "2 Träger kann jeder sein"),
)
VOTES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (0, ("Ohne Kommerz", "Hausmeister", "Offen für alle")),
    (1, ("Ohne Kommerz", "Ermöglichen")),
    (2, ("Soziale Knotenpunkte", "Ermöglichen", "Hausmeister")),
    (4, ("Ohne Kommerz", "Öffentlichkeitsarbeit")),
    (5, ("Soziale Knotenpunkte", "Hausmeister")),
    (6, ("Ohne Kommerz", "Zufallsbegegnung", "Träger kann jeder sein")),
    (7, ("Hausmeister", "Ermöglichen")),
    (8, ("Offen für alle", "Ohne Kommerz")),
)
"""Who puts dots where, by participant: the reference's board had no vote, so these are invented."""
BUSY_ROOM_INTERVAL = 60.0
"""Seconds between board edits during the scene: renders then happen when the script settles."""
SECOND_WAVE: tuple[tuple[int, str], ...] = (
    (0, "/note 3 Anlasslose Vernetzung aller Fachplanungen"),
    (1, "/note 3 Harte E-Förderung <-> weiche E-Förderung"),
    (2, "/note 3 Zugänge schaffen\nZufallsbegegnung\nSelbstwirksamkeit ermöglichen"),
)


class Board:
    """Saying things in the group session and finding the live board there."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast

    async def say(self, person: SimPerson, text: str, *, reply_to: dict[str, Any] | None = None,
                  settle: bool = True) -> dict[str, Any]:
        return await person.say(self.cast.group, text, reply_to=reply_to, settle=settle)

    def latest(self, fragment: str) -> dict[str, Any]:
        """The newest bot message in the group whose text contains ``fragment``."""
        world = self.cast.world
        calls = [call for call in world.api.sent("sendMessage", self.cast.group.id)
                 if fragment in str(call.params.get("text", ""))]
        return world.last_bot_message(calls[-1])

    def live(self) -> dict[str, Any]:
        return self.latest(T("pinboard.live_header", title="Dritte Orte", phase=""))

    async def taps(self, presses: Sequence[tuple[SimPerson, str]]) -> None:
        """Many taps on the live board at once: it is edited once for all of them."""
        world, board = self.cast.world, self.live()
        for number, (person, label) in enumerate(presses):
            data = next(button["callback_data"]
                        for row in board["reply_markup"]["inline_keyboard"] for button in row
                        if label in button["text"] and "callback_data" in button)
            query = {"id": f"demo-pin-{number}", "from": person.as_dict(), "data": data,
                     "chat_instance": str(self.cast.group.id), "message": board}
            world.log(person, None, f"(tippt) {label}")
            await world.deliver({"callback_query": query}, settle=False)
        await world.settle()

    async def wave(self, notes: tuple[tuple[int, str], ...], *, reply: bool) -> None:
        """Several people at once: the board is edited once for all of them."""
        board = self.live()
        for index, text in notes:
            await self.say(self.cast.participants[index], text,
                           reply_to=board if reply else None, settle=False)
        await self.cast.world.settle()


async def demo_scene(cast: Cast) -> None:
    """Collect, group, vote and close the "Dritte Orte" pinboard."""
    board = Board(cast)
    assert cast.world.app is not None
    live = cast.world.app.bot_data["services"].live
    interval, live.interval = live.interval, BUSY_ROOM_INTERVAL
    try:
        cast.heading("Pinnwand in Werkstatt 2: Dritte Orte")
        await board.say(cast.facilitator, "/pinboard 15m Dritte Orte\n" + "\n".join(QUESTIONS))
        await collect(board)
        await private_note(board)
        await corrections(board)
        await group(board)
        await vote(board)
        cast.heading("Die Pinnwand wird geschlossen: das Ergebnis")
        await board.say(cast.facilitator, "/close")
    finally:
        live.interval = interval


async def collect(board: Board) -> None:
    """Replies with the question's number, ``/note``, and one note without a number."""
    cast = board.cast
    bernd, farid, ivo = cast.participants[1], cast.participants[5], cast.participants[8]
    cast.heading("Notizen als Antwort auf die Pinnwand – der Bot reagiert mit ✍")
    await board.wave(FIRST_WAVE, reply=True)
    await board.say(bernd, "/note 1 Oldenburg 90er Jahre -> Orte der Kommunikation")
    cast.heading("Ohne Nummer fragt der Bot nach der Leitfrage")
    await board.say(farid, "Soziale Knotenpunkte", reply_to=board.live())
    await farid.press(board.latest(T("pinboard.which_question", count=3)), "1. Was sind")
    cast.heading("Eine Notiz wird nachträglich bearbeitet")
    kosten = await board.say(ivo, "2 Hausmeister & Versicherung", reply_to=board.live())
    await ivo.edit(kosten, "2 Hausmeister & Versicherung => typisch deutsch")
    await board.wave(SECOND_WAVE, reply=False)


async def private_note(board: Board) -> None:
    """Jana writes privately through the board's button."""
    cast = board.cast
    world, jana = cast.world, cast.participants[9]
    cast.heading("Jana schreibt privat über den Knopf der Pinnwand")
    await jana.press(board.live(), T("pinboard.button_private"))
    link = str(world.api.sent("answerCallbackQuery")[-1].params["url"])
    await jana.say(None, "/start " + link.split("?start=")[1])
    await jana.press(world.api.sent("sendMessage", jana.id)[-1], "3. Was müssen")
    await jana.say(None, "Verantwortlichkeiten in Verwaltung definieren (Querschnittsaufgabe)\n"
                         "Ermöglichung durch Haltung\nÖffentlichkeitsarbeit")


async def corrections(board: Board) -> None:
    """A refused note, a withdrawn one and a hidden one."""
    cast = board.cast
    emma, bernd, greta = cast.participants[4], cast.participants[1], cast.participants[6]
    cast.heading("Eine Leitfrage 5 gibt es nicht; ein Tippfehler wird zurückgezogen")
    await board.say(emma, "5 Wer macht mit?", reply_to=board.live())
    await board.say(bernd, "/note 3 Tipfehler")
    await board.say(bernd, "/undo")
    cast.heading("Die Moderation blendet Werbung aus")
    spam = await board.say(greta, "1 Mein Café hat heute bis 22 Uhr offen!", reply_to=board.live())
    await board.say(cast.facilitator, "/hide", reply_to=spam)


async def group(board: Board) -> None:
    """``/cluster``: the numbered notes, a suggested group taken, two groups by hand."""
    cast = board.cast
    fatma = cast.facilitator
    cast.heading("Gruppieren: nummerierte Notizen, mögliche Gruppen, Gruppen von Hand")
    await board.say(fatma, "/cluster")
    suggestions = board.latest(T("pinboard.suggestions_intro"))
    await fatma.press(suggestions, "✓ Ermöglichen")
    await board.say(fatma, "/cluster Ohne Kommerz: 4 5")
    await board.say(fatma, "Offen für alle: 2 7", reply_to=board.live())


async def vote(board: Board) -> None:
    """Three dots each, tapped in the group; Dmitri votes privately and moves a dot."""
    cast = board.cast
    world, fatma = cast.world, cast.facilitator
    cast.heading("Punktabfrage: drei Punkte für jede Person")
    await board.say(fatma, "/vote 3 10m")
    await board.taps([(cast.participants[index], choice)
                      for index, choices in VOTES for choice in choices])
    dmitri = cast.participants[3]
    await dmitri.press(board.live(), T("pinboard.button_vote_private"))
    await dmitri.say(None, "/start " + str(world.api.sent("answerCallbackQuery")[-1]
                                            .params["url"]).split("?start=")[1])
    private = world.api.sent("sendMessage", dmitri.id)[-1]
    await dmitri.press(private, "Offen für alle")
    await dmitri.press(private, "−")
    await dmitri.press(private, "Soziale Knotenpunkte")
    await fatma.press(board.live(), T("pinboard.button_show_tallies"))

"""Hostile and odd input in every text field: a clear answer or the text kept exactly, no crash.

Each field (event title, dates and place; display name; sector list; session title and
texts; the pinboard's title, questions, notes and cluster names; the fishbowl's topic,
labels and key points; the council's question, groups, interests, reasons,
restatements, proposals, concerns and objections; quotes) gets the same texts: empty,
whitespace only, zero-width characters only, 4096 characters, right-to-left scripts,
emoji with ZWJ sequences, combining characters, HTML and Markdown specials. A text with
something visible is stored exactly as given; one with nothing visible or past the
field's limit is refused (the limit named) and nothing is stored. Stickers, voice, files
and photos where a text is expected get a clear answer and change nothing. The bot
never apologizes, which is what its error handler does after a crash.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.simulate import SimPerson, World
from flows.council import CouncilState
from flows.fishbowl import FishbowlState
from flows.pinboard import PinboardState
from locales import translator
from storage import documentation as docs
from storage import people
from storage import rounds as stored
from tests.bot.helpers import Workshop, appoint_facilitator, create_event, workshop
from tests.conftest import offline_settings
from tests.databases import every_row

T = translator("de")

SORRY = tuple(translator(*how)("core.sorry") for how in (("de",), ("de", "du"), ("en",)))
TEXT_EXPECTED = T("core.text_expected")
BLANK = {"empty": "", "whitespace": " \t \u3000 ", "zero-width": "\u200b\u200c\u200d\u2060\ufeff"}
VISIBLE = {
    "right-to-left": "שלום مرحبا",
    "emoji": "👩‍👩‍👧‍👦🏳️‍🌈👍🏽",
    "combining": "Z\u0351a\u0352l\u0353g\u0354o e\u0301",
    "html": "<b>x</b><script>",
    "markdown": "*_[]()~>#+-=|{}.!``",
}
LONG = "4096 characters"
UNSTORED = {"people", "session_members", "inbox", "meta", "passing", "leases", "generations"}
"""Tables of who was seen and of the bot's own bookkeeping (a refusal's reply to delete, the
count of who-is-who's changes on PostgreSQL), not of what people did."""
NOT_TEXT: dict[str, dict[str, Any]] = {
    "sticker": {"sticker": {"file_id": "STK", "file_unique_id": "ustk", "type": "regular",
                            "width": 512, "height": 512, "is_animated": False,
                            "is_video": False}},
    "voice": {"voice": {"file_id": "VOC", "file_unique_id": "uvoc", "duration": 3}},
    "document": {"document": {"file_id": "DOC", "file_unique_id": "udoc",
                              "file_name": "notiz.pdf"}},
    "photo": {"photo": [{"file_id": "PHO", "file_unique_id": "upho", "width": 9, "height": 9}],
              "caption": "Unsere Notiz"},
}


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """The usual world, with flood control out of the way of a test that types fast."""
    sim = World(offline_settings(tmp_path, flood_limit=10_000))
    await sim.start()
    yield sim
    await sim.stop()


@dataclass
class Here:
    """The people of a workshop, the messages they wrote, and what the bot stored."""

    world: World
    olga: SimPerson
    fatma: SimPerson
    anna: SimPerson
    mia: SimPerson
    paul: SimPerson
    shop: Workshop | None = None
    said: dict[str, dict[str, Any]] = field(default_factory=dict)
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def say(self, person: SimPerson, text: str, reply: str | None = None,
                  *, private: bool = False) -> dict[str, Any]:
        chat = None if private or self.shop is None else self.shop.group
        return await person.say(chat, text, reply_to=self.message(reply) if reply else None)

    async def send(self, person: SimPerson, content: dict[str, Any], reply: str | None = None,
                   *, private: bool = False) -> dict[str, Any]:
        """Something that is not text, privately or in the group (as a reply if ``reply``)."""
        chat = person.private if private or self.shop is None else self.shop.group
        if chat.type == "private":
            self.world.api.started.add(person.id)
        message = self.world.message(person, chat, reply_to=self.message(reply) if reply
                                     else None)
        message.update(content)
        await self.world.deliver({"message": message})
        return message

    def message(self, name: str) -> dict[str, Any]:
        """A message said earlier, or the latest live message of a format ("📌", "🐟", "🏛")."""
        if name in self.said:
            return self.said[name]
        assert self.shop is not None
        calls = [c for c in self.world.api.sent("sendMessage", self.shop.group.id)
                 if str(c.params["text"]).startswith(name) and c.params.get("reply_markup")]
        return self.world.last_bot_message(calls[-1])

    async def press(self, person: SimPerson, live: str, label: str) -> None:
        await person.press(self.message(live), label)

    async def stored(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table that holds what people did (not who was seen where)."""
        async with self.db.transaction() as tx:
            return await every_row(tx, UNSTORED)

    @property
    def db(self) -> Any:
        assert self.world.app is not None
        return self.world.app.bot_data["services"].db

    async def latest(self, kind: str, state_type: type[Any]) -> Any:
        """The state of the newest round of ``kind``, or ``None``."""
        async with self.db.transaction() as tx:
            row = await tx.one("SELECT max(id) AS id FROM rounds WHERE kind = ?", (kind,))
            record = await stored.get_round(tx, row["id"]) if row["id"] else None
        return record.state(state_type) if record else None

    async def open_round(self) -> bool:
        async with self.db.transaction() as tx:
            return await tx.one("SELECT 1 FROM rounds WHERE is_open = 1") is not None

    async def event(self) -> Any:
        async with self.db.transaction() as tx:
            row = await tx.one("SELECT max(id) AS id FROM events")
            return await people.get_event(tx, row["id"])


# --- the rooms a field is typed in ------------------------------------------------------------


async def private(world: World) -> Here:
    olga, fatma, anna, mia, paul = (world.person(n, "de", n.lower())
                                    for n in ("Olga", "Fatma", "Anna", "Mia", "Paul"))
    here = Here(world, olga, fatma, anna, mia, paul)
    await create_event(world, here.olga)
    return here


async def session(world: World) -> Here:
    shop = await workshop(world)
    fatma, anna, mia, paul = (world.person(n, "de", n.lower())
                              for n in ("Fatma", "Anna", "Mia", "Paul"))
    await appoint_facilitator(shop, fatma)
    here = Here(world, shop.organizer, fatma, anna, mia, paul, shop)
    for person in (anna, mia, paul):
        here.said[person.first_name.lower()] = await here.say(person, "Hallo!")
    return here


async def pinboard(world: World) -> Here:
    here = await session(world)
    await here.say(here.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    return here


async def clustering(world: World) -> Here:
    here = await pinboard(world)
    await here.say(here.anna, "/note 1 " + "\n".join(f"Notiz {n}" for n in range(1, 13)))
    await here.say(here.fatma, "/cluster")
    return here


async def fishbowl(world: World) -> Here:
    here = await session(world)
    await here.say(here.fatma, "/fishbowl 5 Stühle Was nehmen wir mit?")
    return here


async def speaking(world: World) -> Here:
    here = await fishbowl(world)
    await here.say(here.fatma, "/seat @paul WS1")
    await here.say(here.fatma, "/speaks", "paul")
    return here


async def making_room(world: World) -> Here:
    """A full circle: Anna took the empty chair, and Paul, seated longest, is asked to make room
    (the one seat change the group gets a message for)."""
    here = await session(world)
    await here.say(here.fatma, "/fishbowl 3 Stühle Was nehmen wir mit?")
    await here.say(here.fatma, "/seat @paul WS1")
    await here.say(here.fatma, "/seat @mia WS2")
    await here.say(here.anna, "/join")
    await here.say(here.fatma, "/next")
    return here


async def council(world: World, rounds: int = 1) -> Here:
    here = await session(world)
    await here.say(here.fatma, "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik")
    await here.press(here.anna, "🏛", "Verwaltung")
    await here.press(here.mia, "🏛", "Politik")
    if rounds > 1:
        await here.say(here.anna, "/interest Ruhe am Abend weil Menschen dort wohnen")
        await here.say(here.mia, "/interest Arbeitsplätze weil die Stadt Steuern braucht")
        await here.say(here.fatma, "/round")
    if rounds > 2:
        await here.say(here.fatma, "/round")
    if rounds > 3:
        await here.say(here.anna, "/proposal Gewerbehof mit Lärmschutz")
        await here.say(here.fatma, "/round")
        await here.say(here.anna, "/start", private=True)
    return here


async def council2(world: World) -> Here:
    return await council(world, 2)


async def council3(world: World) -> Here:
    return await council(world, 3)


async def council4(world: World) -> Here:
    return await council(world, 4)


# --- the fields ----------------------------------------------------------------------------

Step = Callable[[Here], Awaitable[None]]


@dataclass(frozen=True)
class Say:
    """How a field's text is sent: by whom, inside which message, where."""

    who: str
    template: str
    reply: str | None = None
    private: bool = False

    def render(self, here: Here, text: str, number: int = 1) -> str:
        code = here.shop.code if here.shop else ""
        return (self.template.replace("{code}", code).replace("{n}", str(number))
                .replace("{}", text))

    async def __call__(self, here: Here, text: str) -> None:
        message = self.render(here, text, next(here.numbers))
        await here.say(getattr(here, self.who), message, self.reply, private=self.private)


@dataclass(frozen=True)
class Quoted:
    """Mia writes the text (an empty one is a sticker); Anna marks it with /quote."""

    private = False

    def render(self, here: Here, text: str, number: int = 1) -> str:
        return text

    async def __call__(self, here: Here, text: str) -> None:
        if text:
            here.said["words"] = await here.say(here.mia, text)
        else:
            here.said["words"] = await here.send(here.mia, NOT_TEXT["sticker"])
        await here.say(here.anna, "/quote", "words")


@dataclass(frozen=True)
class Field:
    name: str
    room: Callable[[World], Awaitable[Here]]
    send: Say | Quoted
    read: Callable[[Here], Awaitable[Any]]
    limit: int
    blank: tuple[str, ...]
    """What a text with nothing visible is answered; empty means it is taken as no text."""
    prepare: Step | None = None
    """Before each text: start the dialogue again, or open a fresh round."""
    finish: Step | None = None
    """After a text was taken: the dialogue's remaining questions."""
    kept: Callable[[str], Any] | None = None
    """What is stored for a text that was taken (the text itself unless said otherwise)."""


def answers(*texts: str) -> Step:
    """Olga answers the questions of /newevent."""
    async def step(here: Here) -> None:
        for text in texts:
            await here.say(here.olga, text, private=True)
    return step


def newevent(*texts: str) -> Step:
    """Olga starts /newevent and answers its first questions."""
    return answers("/newevent", *texts)


async def register(here: Here) -> None:
    await here.say(here.anna, "/start reg_", private=True)


async def sectors_dialog(here: Here) -> None:
    await here.say(here.olga, "/events", private=True)
    await here.olga.press(here.world.api.sent("sendMessage", here.olga.id)[-1], "Bereiche")


def fresh(opening: str | None = None) -> Step:
    """Close the open round, if any, and open another with ``opening``."""
    async def step(here: Here) -> None:
        if await here.open_round():
            await here.say(here.fatma, "/close")
        if opening:
            await here.say(here.fatma, opening)
    return step


ASKED = T("council.ask_reason_here", interest="\0").partition("\0")[0]
"""How the bot's question in the group for an interest's reason begins."""


def without_reason(interest: str) -> Step:
    """Anna states an interest without its reason: the bot asks for it in the group."""
    async def step(here: Here) -> None:
        await here.say(here.anna, f"/interest {interest}")
    return step


def stance(label: str) -> Step:
    async def step(here: Here) -> None:
        await here.press(here.anna, "🏛", label)
    return step


async def no_reason(_: Here) -> None:
    return None


async def read_title(here: Here) -> Any:
    return (await here.event()).title


async def read_dates(here: Here) -> Any:
    return (await here.event()).dates


async def read_place(here: Here) -> Any:
    return (await here.event()).place


async def read_sectors(here: Here) -> Any:
    return (await here.event()).sectors


async def read_display_name(here: Here) -> Any:
    async with here.db.transaction() as tx:
        person = await people.get_person(tx, here.anna.id)
    return person.display_name if person else None


async def read_session_title(here: Here) -> Any:
    async with here.db.transaction() as tx:
        found = await people.get_session(tx, 1)
    return found.title if found else None


async def read_session_question(here: Here) -> Any:
    async with here.db.transaction() as tx:
        return (await docs.session_texts(tx, 1)).question


async def read_quote(here: Here) -> Any:
    async with here.db.transaction() as tx:
        quotes = await docs.quotes_of_session(tx, 1)
    return quotes[-1].text if quotes else None


def pinboard_read(pick: Callable[[PinboardState], Any]) -> Callable[[Here], Awaitable[Any]]:
    async def read(here: Here) -> Any:
        state = await here.latest("pinboard", PinboardState)
        return pick(state) if state else None
    return read


def fishbowl_read(pick: Callable[[FishbowlState], Any]) -> Callable[[Here], Awaitable[Any]]:
    async def read(here: Here) -> Any:
        state = await here.latest("fishbowl", FishbowlState)
        return pick(state) if state else None
    return read


def council_read(pick: Callable[[CouncilState], Any]) -> Callable[[Here], Awaitable[Any]]:
    async def read(here: Here) -> Any:
        state = await here.latest("council", CouncilState)
        return pick(state) if state else None
    return read


def last(items: tuple[Any, ...], attribute: str) -> Any:
    return getattr(items[-1], attribute) if items else None


TITLE_MISSING = (T("core.title_missing"),)
FIELDS = [
    Field("event title", private, Say("olga", "{}", private=True), read_title, 200,
          TITLE_MISSING, newevent(), answers("5. Mai 2023", "Kassel")),
    Field("event dates", private, Say("olga", "{}", private=True), read_dates, 200,
          TITLE_MISSING, newevent("Kommunalkonferenz"), answers("Kassel")),
    Field("event place", private, Say("olga", "{}", private=True), read_place, 200,
          TITLE_MISSING, newevent("Kommunalkonferenz", "5. Mai 2023")),
    Field("display name", private, Say("anna", "{}", private=True), read_display_name, 200,
          TITLE_MISSING, register),
    Field("sector list", private, Say("olga", "Kommune\n{}", private=True), read_sectors, 60,
          (T("core.sectors_count", min=2, max=12),), sectors_dialog,
          kept=lambda text: ("Kommune", text)),
    Field("session title", session, Say("olga", "/session {code} {}"), read_session_title, 200,
          ("„Werkstatt 2“", *TITLE_MISSING)),
    Field("session text", session, Say("fatma", "/session frage {}"), read_session_question,
          1000, (T("core.session_text_missing", word="frage"),)),
    Field("pinboard title", session, Say("fatma", "/pinboard {}\nWas sind Dritte Orte?"),
          pinboard_read(lambda s: s.title), 200,
          (T("pinboard.title_missing"), T("pinboard.no_questions", max=12)), fresh()),
    Field("pinboard question", session, Say("fatma", "/pinboard Dritte Orte\n{}"),
          pinboard_read(lambda s: s.questions[0]), 300, (T("pinboard.no_questions", max=12),),
          fresh()),
    Field("note", pinboard, Say("anna", "/note 1 {}"),
          pinboard_read(lambda s: last(s.notes, "text")), 1000, (T("pinboard.note_empty"),)),
    Field("note as a reply", pinboard, Say("anna", "1 {}", reply="📌"),
          pinboard_read(lambda s: last(s.notes, "text")), 1000, (T("pinboard.note_empty"),)),
    Field("cluster name", clustering, Say("fatma", "/cluster {}: {n}"),
          pinboard_read(lambda s: last(s.clusters, "name")), 100,
          (T("pinboard.cluster_name_empty"),)),
    Field("fishbowl topic", session, Say("fatma", "/fishbowl 5 Stühle {}"),
          fishbowl_read(lambda s: s.topic), 200, (T("fishbowl.no_topic"),), fresh()),
    Field("fishbowl label", session, Say("fatma", "/seat {}", reply="paul"),
          fishbowl_read(lambda s: last(s.seats, "label") if s.seats else "nobody seated"), 20,
          (), fresh("/fishbowl 5 Stühle Was nehmen wir mit?")),
    Field("key point", speaking, Say("fatma", "/point {}"),
          fishbowl_read(lambda s: last(s.turns[-1].points, "text")), 1000,
          (T("fishbowl.empty_point"),)),
    Field("council question", session, Say("fatma", "/council {}\nVerwaltung\nPolitik"),
          council_read(lambda s: s.question), 1000, (T("council.too_few_groups", min=2),),
          fresh()),
    Field("council group", session, Say("fatma", "/council Zukunft?\n{}\nPolitik"),
          council_read(lambda s: s.groups[0].name), 40, (T("council.too_few_groups", min=2),),
          fresh()),
    Field("interest", council, Say("anna", "/interest {} weil Menschen dort wohnen"),
          council_read(lambda s: last(s.interests, "text")), 1000,
          (T("council.interest_empty"),)),
    Field("reason", council, Say("anna", "/interest Ruhe Nummer {n} weil {}"),
          council_read(lambda s: last(s.interests, "reason")), 1000,
          (T("council.interest_needs_reason"),)),
    Field("reason by reply", council, Say("anna", "{}", reply=ASKED),
          council_read(lambda s: last(s.interests, "reason")), 1000,
          (T("council.interest_needs_reason"), T("core.text_expected")),
          without_reason("Ruhe am Abend")),
    Field("restatement", council2, Say("anna", "/restate 2 {}"),
          council_read(lambda s: last(s.restatements, "text")), 1000,
          (T("council.restate_usage"),)),
    Field("proposal", council3, Say("anna", "/proposal {}"),
          council_read(lambda s: last(s.proposals, "current").text if s.proposals else None),
          1000, (T("council.proposal_empty"),)),
    Field("concern", council4, Say("anna", "{}", private=True),
          council_read(lambda s: last(s.stances, "reason")), 1000,
          (T("council.concern_needs_reason"),), stance("⚠️")),
    Field("objection", council4, Say("anna", "{}", private=True),
          council_read(lambda s: last(s.stances, "reason")), 1000,
          (T("council.objection_needs_reason"),), stance("✋")),
    Field("quote", session, Quoted(), read_quote, 2000,
          (T("documentation.quote_no_text"),)),
]


def texts_for(item: Field, here: Here) -> dict[str, str]:
    long = "x" * (4096 - len(item.send.render(here, "")))
    return {**BLANK, **VISIBLE, LONG: long}


def bot_said(world: World, since: int) -> list[str]:
    """Everything the bot wrote or answered to a press since call number ``since`` (not what
    Telegram refused: a refusal tried privately first, for someone who never opened the chat)."""
    return [str(c.params.get("text", "")) for c in world.api.calls[since:]
            if c.method in ("sendMessage", "editMessageText", "answerCallbackQuery")
            and c.status == 200]


def assert_no_apology(world: World) -> None:
    said = bot_said(world, 0)
    assert [text for text in said if text.startswith(SORRY)] == []


@pytest.mark.parametrize("item", FIELDS, ids=[f.name for f in FIELDS])
async def test_every_text_field_keeps_visible_text_exactly_and_refuses_blank_or_too_long_text(
    world: World, item: Field
) -> None:
    here = await item.room(world)
    for name, text in texts_for(item, here).items():
        if item.prepare is not None:
            await item.prepare(here)
        before, calls = await here.stored(), len(world.api.calls)
        await item.send(here, text)
        said = bot_said(world, calls)
        assert not any(reply.startswith(SORRY) for reply in said), name
        if name in VISIBLE:
            assert len(world.api.calls) > calls, name  # acknowledged, one way or another
            if item.finish is not None:
                await item.finish(here)
            assert await item.read(here) == (item.kept or (lambda t: t))(text), name
        elif name == LONG:
            assert len(item.send.render(here, text)) == 4096
            assert said and str(item.limit) in said[-1], (name, said)
            assert await here.stored() == before, name
        elif not item.blank:
            assert await item.read(here) is None, name  # taken as no text at all
        else:
            empty = item.send.private and item.send.render(here, text) == ""
            expected = (TEXT_EXPECTED,) if empty else item.blank
            assert said and any(e in said[-1] for e in expected), (name, said)
            assert await here.stored() == before, name
    assert_no_apology(world)


@pytest.mark.parametrize(
    "command", ["/note 2", "/note", "/note 1 \n \n", "/note 99999999999999999999"])
async def test_a_note_with_only_a_number_or_nothing_is_refused_and_nothing_is_stored(
    world: World, command: str
) -> None:
    here = await pinboard(world)
    await here.say(here.fatma, "/pinboard Dritte Orte\nFrage eins?\nFrage zwei?")
    before, calls = await here.stored(), len(world.api.calls)
    await here.say(here.anna, command)
    assert bot_said(world, calls) == [T("pinboard.note_empty")]
    assert await here.stored() == before
    assert_no_apology(world)


@pytest.mark.parametrize(
    ("dialogue", "room", "start"),
    [
        ("event title", private, newevent()),
        ("display name", private, register),
        ("sector list", private, sectors_dialog),
        ("private note", pinboard, None),
        ("council interest", council, None),
        ("objection", council4, stance("✋")),
    ],
)
async def test_stickers_voice_files_and_photos_in_a_private_dialogue_are_answered_and_not_kept(
    world: World, dialogue: str, room: Callable[[World], Awaitable[Here]], start: Step | None
) -> None:
    here = await room(world)
    if start is not None:
        await start(here)
    elif room is pinboard:
        await here.say(here.anna, "/start pin_1", private=True)
    else:
        await here.say(here.anna, "/start coint_1", private=True)
    person = here.olga if dialogue in ("event title", "sector list") else here.anna
    for kind, content in NOT_TEXT.items():
        before, calls = await here.stored(), len(world.api.calls)
        await here.send(person, content, private=True)
        assert bot_said(world, calls) == [TEXT_EXPECTED], kind
        assert await here.stored() == before, kind
    assert_no_apology(world)


@pytest.mark.parametrize(
    ("room", "live"),
    [(pinboard, "📌"), (speaking, "🐟"), (making_room, "🪑")],
    ids=["pinboard board", "fishbowl live message", "request to make room"],
)
async def test_stickers_voice_files_and_photos_as_a_reply_to_a_live_message_are_answered(
    world: World, room: Callable[[World], Awaitable[Here]], live: str
) -> None:
    here = await room(world)
    if live == "🪑":
        assert here.shop is not None
        posted = world.api.sent("sendMessage", here.shop.group.id)
        here.said[live] = world.last_bot_message(
            next(c for c in reversed(posted) if str(c.params["text"]).startswith(live)))
    for kind, content in NOT_TEXT.items():
        before, calls = await here.stored(), len(world.api.calls)
        await here.send(here.anna, content, live)
        assert bot_said(world, calls) == [TEXT_EXPECTED], kind
        assert await here.stored() == before, kind
    assert_no_apology(world)


@pytest.mark.parametrize(
    ("room", "text", "answer"),
    [
        (private, "/start reg_²", T("profile.ask_name")),
        (private, "/start pin_²", T("core.stale_button")),
        (private, "/start pinvote_①", T("core.stale_button")),
        (private, "/start draft_²", T("documentation.gone")),
        (private, "/start quote_²", T("documentation.quote_gone")),
        (private, "/start coint_²", T("core.stale_button")),
        (private, "/start corst_²", T("core.stale_button")),
        (private, "/start cocor_²_1", T("core.stale_button")),
        (private, "/start coreason_²_1_1_c", T("core.stale_button")),
        (council2, "/restate ² Ihr wollt Arbeitsplätze", T("council.restate_usage")),
        (council3, "/amend ² Ein anderer Wortlaut", T("council.amend_usage")),
        (council, "/assign ②", T("council.unknown_group_name", name="②")),
        (fishbowl, "/extend 99999999999999999999m", T("core.duration_out_of_range")),
        (session, "/fishbowl 5 99999999999999999999m Thema", T("core.duration_out_of_range")),
        (council, "/extend 99999999999999999999m", T("core.duration_out_of_range")),
        (council, "/round 99999999999999999999m", T("core.duration_out_of_range")),
        (session, "/council 99999999999999999999m Frage\nA\nB", T("core.duration_out_of_range")),
        (pinboard, "/extend 99999999999999999999m", T("core.duration_out_of_range")),
    ],
)
async def test_odd_numbers_and_durations_get_a_clear_answer_and_change_nothing(
    world: World, room: Callable[[World], Awaitable[Here]], text: str, answer: str
) -> None:
    here = await room(world)
    person = here.fatma if text.startswith(("/extend", "/round", "/fishbowl", "/council",
                                             "/assign")) else here.anna
    reply = "mia" if text.startswith("/assign") else None
    before, calls = await here.stored(), len(world.api.calls)
    await here.say(person, text, reply, private=text.startswith("/start"))
    said = bot_said(world, calls)
    assert said and answer in said[-1], said
    if not text.startswith("/start reg_"):
        assert await here.stored() == before
    assert_no_apology(world)

"""The documentation draft end to end: /endsession, quotes, photos and /export in Telegram.

Everything goes through the real Application and the offline Bot API: the
drafts arrive as documents (their bytes are read back), questions to quote
authors arrive privately with signed buttons, photos are downloaded with
getFile from the offline API's files.
"""

from __future__ import annotations

import asyncio
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import docx
from telegram import InlineKeyboardMarkup

from bot import demo
from bot.drafting import DraftOptions, export_command, export_files
from bot.offline import Call
from bot.rounds import Format, LiveView
from bot.simulate import SimPerson, World
from flows.base import Event, Step, Value
from flows.roles import STEER
from locales import translator
from storage import documentation as docs
from storage import people
from storage import rounds as stored
from storage.db import Database
from tests.bot.helpers import Workshop, appoint_facilitator, workshop

T = translator("de")

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def documents(world: World, person: SimPerson) -> list[Call]:
    """The documents that reached the person (a refused send is recorded too)."""
    return [call for call in world.api.sent("sendDocument", person.id) if call.status == 200]


def draft_markdown(calls: list[Call]) -> str:
    """The Markdown among the documents sent: a plain .md, or draft.md inside the zip."""
    for call in calls:
        data = next(iter(call.files.values()))
        if not data.startswith(b"PK"):
            return data.decode()
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "draft.md" in archive.namelist():
            return archive.read("draft.md").decode()
    raise LookupError("no Markdown draft was sent")


def draft_docx_texts(calls: list[Call]) -> list[str]:
    for call in calls:
        data = next(iter(call.files.values()))
        if data.startswith(b"PK") and "word/document.xml" in zipfile.ZipFile(
            io.BytesIO(data)
        ).namelist():
            return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    raise LookupError("no DOCX draft was sent")


def database(world: World) -> Database:
    assert world.app is not None
    db: Database = world.app.bot_data["services"].db
    return db


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def session_with_facilitator(world: World) -> tuple[Workshop, SimPerson]:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    return shop, fatma


async def test_endsession_sends_the_draft_privately_and_tells_the_group_once(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    group_before = len(world.api.texts(shop.group.id))
    await fatma.say(shop.group, "/endsession")
    for person in (shop.organizer, fatma):
        sent = documents(world, person)
        assert len(sent) == 2
        assert draft_markdown(sent).startswith("# Kommunalkonferenz\n")
        assert "Werkstatt 2" in draft_docx_texts(sent)
        assert "Dokumentationsentwurf: Werkstatt 2." in sent[0].params["caption"]
    group = world.api.texts(shop.group.id)[group_before:]
    assert group == [T("documentation.session_ended", title="Werkstatt 2") + " "
                     + T("documentation.draft_sent", count=2)]
    async with database(world).transaction() as tx:
        ended = await people.session_at(tx, shop.group.id, 0)
    assert ended is not None and ended.ended_at is not None


async def test_a_facilitator_without_a_private_chat_gets_a_button_that_brings_the_draft(
    world: World,
) -> None:
    shop = await workshop(world)
    paul = world.person("Paul", "de", "paul")
    await appoint_facilitator(shop, paul)
    await paul.say(shop.group, "/endsession")
    assert documents(world, paul) == []
    notice = world.last_bot_message(world.api.sent("sendMessage", shop.group.id)[-1])
    assert T("documentation.draft_unreached", names="Paul", count=1) in notice["text"]
    link = next(b["url"] for b in buttons(notice) if b["text"] == "Entwurf privat erhalten")
    await paul.say(None, "/start " + link.split("?start=")[1])
    assert len(documents(world, paul)) == 2


async def test_only_facilitators_and_organizers_end_a_session_or_follow_its_draft_link(
    world: World,
) -> None:
    shop, _ = await session_with_facilitator(world)
    mia = world.person("Mia", "de", "mia")
    await mia.say(shop.group, "/endsession")
    assert "Das dürfen nur die Moderation" in world.api.texts(shop.group.id)[-1]
    await mia.say(None, "/start draft_1")
    assert documents(world, mia) == []
    assert "Das dürfen nur die Moderation" in world.api.texts(mia.id)[-1]


class Tally(Value):
    """A stand-in format's state: a round that is open until closed."""

    is_open: bool = True


class StopTally(Event):
    pass


class TallyFormat(Format[Tally]):
    """The smallest format there is, so the test needs none of the real ones."""

    kind = "tally"
    state_type = Tally
    permissions = MappingProxyType({StopTally: STEER})

    def apply(self, state: Tally | None, event: Event, now: datetime) -> Step[Tally]:
        return Step(state=Tally(is_open=False))

    def is_open(self, state: Tally) -> bool:
        return state.is_open

    def render_live(self, state: Tally, view: LiveView) -> tuple[str, InlineKeyboardMarkup | None]:
        return ("Tally " + ("open" if state.is_open else "closed"), None)

    def close_event(self, actor: int) -> Event:
        return StopTally(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return StopTally(actor=actor)


async def test_endsession_closes_the_open_round_first(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    assert world.app is not None
    world.app.bot_data["services"].formats["tally"] = TallyFormat()
    async with database(world).transaction() as tx:
        session = await people.session_at(tx, shop.group.id, 0)
        assert session is not None
        await stored.create_round(tx, session.id, "tally", Tally(), None)
    await fatma.say(shop.group, "/endsession")
    async with database(world).transaction() as tx:
        rows = await tx.all("SELECT kind, is_open FROM rounds WHERE session_id = ?",
                            (session.id,))
    assert [(row["kind"], row["is_open"]) for row in rows] == [("tally", 0)]
    assert len(documents(world, fatma)) == 2


async def mark_quote(world: World, shop: Workshop, author: SimPerson, text: str) -> None:
    said = await author.say(shop.group, text)
    marker = world.person("Mia", "de", "mia")
    await marker.say(shop.group, "/quote", reply_to=said)


async def test_a_quote_appears_only_as_its_author_agreed(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/start")
    await mark_quote(world, shop, anna, "Demokratie lebt von Zufallsbegegnung.")
    question = world.last_bot_message(world.api.sent("sendMessage", anna.id)[-1])
    assert "„Demokratie lebt von Zufallsbegegnung.“" in question["text"]
    assert [b["text"] for b in buttons(question)] == [
        "Ja, mit meinem Namen und Bereich", "Ja, aber ohne Namen", "Nein, gar nicht",
    ]
    await anna.press(question, "mit meinem Namen")
    await anna.press(question, "ohne Namen")
    await anna.press(question, "ohne Namen")
    answered = world.api.messages[(anna.id, question["message_id"])]
    assert answered["text"].endswith(
        "Darf sie im Dokumentationsentwurf erscheinen?\n\n"
        + T("documentation.quote_thanks_anonymous"))
    assert len(buttons(answered)) == 3
    toasts = [str(c.params.get("text")) for c in world.api.sent("answerCallbackQuery")]
    assert toasts[-1] == T("documentation.quote_thanks_anonymous")
    assert not any("schiefgegangen" in toast for toast in toasts)
    await fatma.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, fatma))
    assert "> „Demokratie lebt von Zufallsbegegnung.“" in markdown
    assert "> — eine teilnehmende Person" in markdown
    assert "Anna" not in markdown


async def test_a_declined_or_unanswered_quote_stays_out_of_the_draft(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    anna, ben = world.person("Anna", "de", "anna"), world.person("Ben", "de", "ben")
    for person in (anna, ben):
        await person.say(None, "/start")
    await mark_quote(world, shop, anna, "Bitte nicht veröffentlichen.")
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "Nein, gar nicht")
    await mark_quote(world, shop, ben, "Noch keine Antwort.")
    await fatma.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, fatma))
    assert "Bitte nicht" not in markdown and "Noch keine Antwort" not in markdown


async def test_a_named_quote_carries_the_name_the_author_agreed_to(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    anna = world.person("Anna", "en", "anna")
    await anna.say(None, "/start")
    await mark_quote(world, shop, anna, "Go to the people!")
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "with my name")
    await fatma.say(shop.group, "/endsession")
    assert "> — Anna\n" in draft_markdown(documents(world, fatma))


async def test_an_author_who_never_started_the_bot_is_asked_after_pressing_the_groups_button(
    world: World,
) -> None:
    shop, _ = await session_with_facilitator(world)
    carl = world.person("Carl", "de", "carl")
    await mark_quote(world, shop, carl, "Raus aus den Blasen!")
    notice = world.last_bot_message(world.api.sent("sendMessage", shop.group.id)[-1])
    assert notice["text"] == T("documentation.quote_blocked", name="Carl")
    link = next(b["url"] for b in buttons(notice) if b["text"] == "Zitat freigeben")
    await carl.say(None, "/start " + link.split("?start=")[1])
    assert "„Raus aus den Blasen!“" in world.api.texts(carl.id)[-1]


async def test_nobody_but_the_author_can_answer_for_a_quote(world: World) -> None:
    shop, _ = await session_with_facilitator(world)
    anna, ben = world.person("Anna", "de", "anna"), world.person("Ben", "de", "ben")
    await anna.say(None, "/start")
    await mark_quote(world, shop, anna, "Mein Satz.")
    question = world.last_bot_message(world.api.sent("sendMessage", anna.id)[-1])
    named = next(b["callback_data"] for b in buttons(question) if "Namen und" in b["text"])
    await ben.press_data(question, named)
    alert = world.api.sent("answerCallbackQuery")[-1].params
    assert alert["text"] == T("documentation.quote_gone")
    async with database(world).transaction() as tx:
        quote = await docs.get_quote(tx, 1)
    assert quote is not None and quote.consent == "pending"


async def test_quote_without_a_reply_or_of_the_bot_is_explained(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(shop.group, "/quote")
    assert world.api.texts(fatma.id)[-1] == T("documentation.quote_how")
    bot_message = world.last_bot_message(world.api.sent("sendMessage", shop.group.id)[-1])
    await fatma.say(shop.group, "/quote", reply_to=bot_message)
    assert world.api.texts(fatma.id)[-1] == T("documentation.quote_bot")


def photo_message(file_id: str, caption: str | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"photo": [
        {"file_id": f"{file_id}-small", "file_unique_id": f"s{file_id}", "width": 1, "height": 1},
        {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1, "height": 1},
    ]}
    if caption is not None:
        content["caption"] = caption
    return content


async def confirm_photos(world: World, person: SimPerson, answer: str = "agreed") -> int:
    """Answer every private question about a photo's people; how many there were."""
    label = translator("de")(f"docx.photo_{answer}")
    questions = [call for call in world.api.sent("sendMessage", person.id)
                 if call.status == 200
                 and translator("de")("docx.photo_agreed") in str(call.params.get("reply_markup"))]
    for call in questions:
        await person.press(call, label)
    return len(questions)


async def test_a_doku_photo_and_a_photo_answered_with_photo_go_into_the_draft(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    world.api.files.update({"WALL": PNG, "GRAPHIC": PNG + b"\x00"})
    await fatma.send(shop.group, photo_message("WALL", "#doku Pinnwand WS 2"))
    posted = await fatma.send(shop.group, photo_message("GRAPHIC"))
    await fatma.say(shop.group, "/photo Graphic Recording", reply_to=posted)
    assert await confirm_photos(world, fatma) == 2
    await fatma.say(shop.group, "/endsession")
    zipped = next(next(iter(c.files.values())) for c in documents(world, fatma)
                  if "draft.md" in zipfile.ZipFile(io.BytesIO(next(iter(c.files.values()))))
                  .namelist())
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    images = sorted(name for name in archive.namelist()
                    if name.startswith("images/") and "chart-" not in name)  # photos only
    assert [archive.read(name) for name in images] == [PNG, PNG + b"\x00"]
    markdown = archive.read("draft.md").decode()
    t = translator("de")
    credit = t("docx.photo_credit", name=t("docx.photo_credit_organizers"))
    assert all(f"*{t('docx.photo_caption', caption=caption, credit=credit)}*" in markdown
               for caption in ("Pinnwand WS 2", "Graphic Recording"))


async def test_a_draft_too_big_for_telegram_with_its_photos_comes_without_them(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    world.api.files["WALL"] = PNG + os.urandom(120_000)  # a photo that doesn't compress
    await fatma.send(shop.group, photo_message("WALL", "#doku Pinnwand WS 2"))
    assert await confirm_photos(world, fatma, "nobody") == 1
    assert world.app is not None
    world.app.bot_data["services"].settings.upload_limit_mb = 0.1  # Telegram's is 50 MB
    world.app.bot_data["services"].settings.draft_charts = False  # no picture but the photo
    await fatma.say(shop.group, "/endsession")

    sent = documents(world, fatma)
    files = [next(iter(call.files.values())) for call in sent]
    assert len(files) == 2 and all(len(data) < 100_000 for data in files)
    assert all("ohne Fotos" in str(call.params["caption"]) for call in sent)
    markdown = [data for data in files if not data.startswith(b"PK")]  # a plain .md, no zip
    assert len(markdown) == 1 and "# " in markdown[0].decode()
    word = docx.Document(io.BytesIO(next(data for data in files if data.startswith(b"PK"))))
    assert not word.inline_shapes


async def test_participants_photos_are_refused_and_nothing_is_stored(world: World) -> None:
    shop, _ = await session_with_facilitator(world)
    mia = world.person("Mia", "de", "mia")
    world.api.files["SELFIE"] = PNG
    await mia.send(shop.group, photo_message("SELFIE", "#doku wir alle"))
    assert "Das dürfen nur Moderation, Protokoll" in world.api.texts(shop.group.id)[-1]
    async with database(world).transaction() as tx:
        assert await docs.photos_of_session(tx, 1) == []


async def test_export_walks_an_organizer_through_event_scope_and_format(world: World) -> None:
    shop, _ = await session_with_facilitator(world)
    olga = shop.organizer
    await olga.say(None, "/export")
    menu = world.last_bot_message(world.api.sent("sendMessage", olga.id)[-1])
    assert menu["text"] == T("documentation.export_event")
    await olga.press(menu, "Kommunalkonferenz")
    await olga.press(menu, "Werkstatt 2")
    await olga.press(menu, "Beides")
    edits = [c.params["text"] for c in world.api.sent("editMessageText", olga.id)]
    assert edits[-3:] == [
        T("documentation.export_loading"),
        T("documentation.export_rendering", title="Werkstatt 2"),
        T("documentation.export_done", title="Werkstatt 2"),
    ]
    sent = documents(world, olga)
    assert len(sent) == 2 and "Werkstatt 2" in draft_docx_texts(sent)


async def test_export_of_the_whole_event_in_markdown_only(world: World) -> None:
    shop, _ = await session_with_facilitator(world)
    olga = shop.organizer
    await olga.say(None, "/export")
    menu = world.last_bot_message(world.api.sent("sendMessage", olga.id)[-1])
    for label in ("Kommunalkonferenz", "Die ganze Veranstaltung", "Markdown"):
        await olga.press(menu, label)
    sent = documents(world, olga)
    assert len(sent) == 1
    assert "## Werkstatt 2" in draft_markdown(sent)


async def test_export_is_for_organizers_only(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(None, "/export")
    assert world.api.texts(fatma.id)[-1] == T("documentation.export_none")
    await shop.organizer.say(None, "/export")
    menu = world.last_bot_message(world.api.sent("sendMessage", shop.organizer.id)[-1])
    forged = next(b["callback_data"] for b in buttons(menu))
    await fatma.press_data(menu, forged)
    assert documents(world, fatma) == []


async def test_export_files_reads_the_database_like_the_command_line(
    world: World, tmp_path: Path
) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(shop.group, "/endsession")
    files = await export_files(world.settings.database, shop.code, None, ("md", "docx"),
                               DraftOptions(charts=False))  # with charts, the .md is zipped
    assert [f.filename for f in files] == ["Kommunalkonferenz.md", "Kommunalkonferenz.docx"]
    assert files[0].data.decode().startswith("# Kommunalkonferenz\n")


def test_export_command_writes_the_files_and_refuses_unknown_events(
    tmp_path: Path, capsys: Any
) -> None:
    database = tmp_path / "cli.sqlite3"

    async def an_event() -> str:
        db = Database(database)
        await db.open()
        async with db.transaction() as tx:
            event = await people.create_event(tx, "Kommunalkonferenz", "Mai", "Kassel", "en", 1)
            await people.link_session(tx, event.id, -5, 0, "Gruppe", "Workshop 1")
        await db.close()
        return event.code

    code = asyncio.run(an_event())
    assert export_command(database, code, None, "both", tmp_path / "out" / "draft.md") == 0
    assert (tmp_path / "out" / "draft.md").read_text().startswith("# Kommunalkonferenz\n")
    assert (tmp_path / "out" / "draft.docx").read_bytes()[:2] == b"PK"
    assert "## Workshop 1" in (tmp_path / "out" / "draft.md").read_text()
    assert export_command(database, "NOPE00", None, "md", tmp_path / "x.md") == 1
    assert export_command(database, code, 999, "md", tmp_path / "x.md") == 1
    assert "no event with the code NOPE00" in capsys.readouterr().err


async def test_the_demo_ends_by_writing_the_events_draft_beside_its_database(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(demo, "SCENES", (demo.documentation.demo_scene,))
    played = await demo.run_demo(tmp_path / "demo.sqlite3", echo=False)
    markdown, word = tmp_path / "demo-entwurf.zip", tmp_path / "demo-entwurf.docx"
    assert f"Der Entwurf der Dokumentation liegt in {markdown} und {word}" in played.transcript
    archive = zipfile.ZipFile(markdown)
    text = archive.read("draft.md").decode()
    assert "> „Demokratie lebt von Zufallsbegegnung.“" in text
    assert "> — Aylin (Kommune)" in text
    assert "**Impuls:** Bernd" in text
    assert "### Impuls & Diskussionsergebnisse – Zusammenfassung" in text
    assert "Kommunen sollten Räume zur Verfügung stellen." in text
    assert "*Pinnwand Werkstatt 2 – " in text
    described = [shape._inline.docPr.get("descr")
                 for shape in docx.Document(str(word)).inline_shapes]
    assert "Pinnwand Werkstatt 2" in described

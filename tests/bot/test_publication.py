"""What makes a draft publishable, end to end: photo subjects' agreement, the Impressum, the PDF.

Through the real Application and the offline Bot API: whoever adds a photo
is asked privately (or through a group button) whether the people shown
agreed, and only then the photo appears, with its credit; an organizer
fills the Impressum with ``/impressum`` and the draft shows it; after
``/endsession`` a PDF comes beside the DOCX where LibreOffice is installed,
and a sentence saying why where it is not.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import docx
import pytest

from bot.drafting import export_command
from bot.simulate import World
from drafts.pdf import office_program
from locales import translator
from storage import documentation as docs
from storage import people
from storage.db import Database
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.test_documentation import (
    PNG,
    confirm_photos,
    database,
    documents,
    draft_markdown,
    photo_message,
    session_with_facilitator,
)

T = translator("de")


def markdown_of(world: World, person_id: int) -> str:
    calls = [c for c in world.api.sent("sendDocument", person_id) if c.status == 200]
    return draft_markdown(calls)


async def test_a_declined_photo_stays_out_and_only_whoever_added_it_may_answer(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    world.api.files["WALL"] = PNG
    await fatma.send(shop.group, photo_message("WALL", "#doku Pinnwand | Foto: Nora Nowak"))
    question = world.api.sent("sendMessage", fatma.id)[-1]
    assert T("docx.photo_agreed") in str(question.params.get("reply_markup"))
    await shop.organizer.press(question, T("docx.photo_agreed"))  # not theirs to answer
    async with database(world).transaction() as tx:
        photo = (await docs.photos_of_session(tx, 1))[0]
    assert photo.subjects == "pending" and photo.credit == "Nora Nowak"
    assert photo.caption == "Pinnwand"
    assert await confirm_photos(world, fatma, "declined") == 1
    await fatma.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, fatma))
    pictures = [line for line in markdown.splitlines() if line.startswith("![")]
    assert "Nora Nowak" not in markdown
    assert all("chart-" in line for line in pictures)  # the charts, no photo


async def test_an_agreed_photo_appears_with_its_credit_line(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    world.api.files["WALL"] = PNG
    await fatma.send(shop.group, photo_message("WALL", "#doku Pinnwand (Foto: Nora Nowak)"))
    assert await confirm_photos(world, fatma) == 1
    await fatma.say(shop.group, "/endsession")
    credit = T("docx.photo_credit", name="Nora Nowak")
    assert f"*{T('docx.photo_caption', caption='Pinnwand', credit=credit)}*" in draft_markdown(
        documents(world, fatma))


async def test_a_facilitator_without_a_private_chat_confirms_through_the_groups_button(
    world: World,
) -> None:
    shop = await workshop(world)
    paul = world.person("Paul", "de", "paul")
    await appoint_facilitator(shop, paul)
    world.api.files["WALL"] = PNG
    await paul.send(shop.group, photo_message("WALL", "#doku Wand"))
    notice = world.last_bot_message(world.api.sent("sendMessage", shop.group.id)[-1])
    link = next(b["url"] for row in notice["reply_markup"]["inline_keyboard"] for b in row)
    assert "?start=photo_" in link
    await paul.say(None, "/start " + link.split("?start=")[1])
    assert await confirm_photos(world, paul, "nobody") == 1
    async with database(world).transaction() as tx:
        assert [p.subjects for p in await docs.photos_of_session(tx, 1)] == [
            "nobody"]


async def test_the_organizer_fills_the_impressum_and_the_draft_shows_it(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    olga = shop.organizer
    await olga.say(None, "/impressum")
    overview = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(overview, T("docx.impressum_publisher"))
    await olga.say(None, "Stadt Kassel, Amt für Bürgerbeteiligung")
    assert world.api.texts(olga.id)[-2] == T("docx.impressum_saved",
                                             field=T("docx.impressum_publisher"))
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], T("docx.impressum_contact"))
    await olga.say(None, "x" * 400)
    assert world.api.texts(olga.id)[-1] == T("docx.impressum_too_long", max=300)
    await olga.say(None, "beteiligung@kassel.de")
    await fatma.say(shop.group, "/endsession")
    markdown = markdown_of(world, olga.id)
    assert f"**{T('docx.impressum_publisher')}:** Stadt Kassel, Amt für Bürgerbeteiligung" in (
        markdown)
    assert "beteiligung@kassel.de" in markdown
    assert T("docx.impressum_address_placeholder").split(" (")[0] in markdown
    word = next(c for c in documents(world, olga)
                if next(iter(c.files.values())).startswith(b"PK")
                and "word/document.xml" in zipfile.ZipFile(
                    io.BytesIO(next(iter(c.files.values())))).namelist())
    properties = docx.Document(io.BytesIO(next(iter(word.files.values())))).core_properties
    assert properties.author == "Stadt Kassel, Amt für Bürgerbeteiligung"


async def test_only_organizers_fill_the_impressum(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(None, "/impressum")
    assert world.api.texts(fatma.id)[-1] == T("docx.impressum_none")
    await shop.organizer.say(None, "/impressum")
    overview = world.last_bot_message(world.api.sent("sendMessage", shop.organizer.id)[-1])
    forged = overview["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await fatma.press_data(overview, forged)
    assert world.api.texts(fatma.id)[-1] == T("docx.impressum_none")


@pytest.mark.skipif(office_program() is None, reason="LibreOffice is not installed")
async def test_endsession_sends_a_pdf_beside_the_docx(world: World) -> None:
    shop, fatma = await session_with_facilitator(world)
    assert world.app is not None
    world.app.bot_data["services"].settings.draft_pdf = True
    await fatma.say(shop.group, "/endsession")
    names = [c.params.get("filename") or next(iter(c.files)) for c in documents(world, fatma)]
    files = [next(iter(c.files.values())) for c in documents(world, fatma)]
    assert len(files) == 3 and files[2].startswith(b"%PDF"), names


async def test_without_libreoffice_the_draft_comes_without_pdf_and_says_why(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    assert world.app is not None
    world.app.bot_data["services"].settings.draft_pdf = True
    monkeypatch.setenv("PATH", "/nonexistent")
    await fatma.say(shop.group, "/endsession")
    sent = documents(world, fatma)
    assert len(sent) == 2
    assert T("docx.pdf_missing") in str(sent[-1].params["caption"])


def test_export_pdf_on_the_command_line_says_where_libreoffice_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def an_event() -> str:
        db = Database(tmp_path / "cli.sqlite3")
        await db.open()
        async with db.transaction() as tx:
            event = await people.create_event(tx, "Kommunalkonferenz", "Mai", "Kassel", "de", 1)
        await db.close()
        return event.code

    code = asyncio.run(an_event())
    monkeypatch.setenv("PATH", "/nonexistent")
    assert export_command(tmp_path / "cli.sqlite3", code, None, "pdf", tmp_path / "x.pdf") == 1
    assert "libreoffice-writer-nogui" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()

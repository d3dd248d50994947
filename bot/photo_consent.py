"""Photos for publication: whoever adds one confirms, privately, that the people shown agreed.

A photo marked for the documentation (``#doku`` or ``/photo``) is kept at
once, but a draft prints it only after the person who added it answered one
private question: everyone recognizable agreed, nobody is recognizable, or
not to publish it. The buttons stay, so the answer can change until the
draft is made. Someone who never opened the private chat gets one button in
the group that opens it, as quote authors do.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden
from telegram.ext import BaseHandler

from bot.messaging import send_to_session
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, identify, services
from flows.base import FlowError
from flows.documentation import SUBJECT_ANSWERS, parse_subjects
from locales import Translator, translator
from storage import documentation as docs
from storage import people
from storage.db import Tx
from storage.records import Event, Session


def question(t: Translator, record: docs.PhotoRecord, session: Session) -> str:
    return t("docx.photo_ask", caption=record.caption or t("docx.photo_untitled"),
             session=session.title)


def answer_buttons(context: Ctx, t: Translator, record: docs.PhotoRecord,
                   person: int) -> InlineKeyboardMarkup:
    """One answer a row; the current one ticked."""
    signer = services(context).signer
    return InlineKeyboardMarkup([
        [signer.button(person, t(f"docx.photo_{answer}")
                       + (" ✓" if record.subjects == answer else ""), "photook", record.id,
                       answer)]
        for answer in SUBJECT_ANSWERS
    ])


async def ask_about_people(context: Ctx, record: docs.PhotoRecord, session: Session) -> None:
    """Ask whoever added the photo; if they never started the bot, a button in the group."""
    if record.added_by is None or record.subjects != "pending":
        return
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await people.get_person(tx, record.added_by)
        event = await people.get_event(tx, session.event_id)
    address = event.address if event else "sie"
    t = translator(person.language if person else svc.settings.language, address)
    try:
        await context.bot.send_message(record.added_by, question(t, record, session),
                                       reply_markup=answer_buttons(context, t, record,
                                                                   record.added_by))
    except Forbidden:
        group_t = translator(event.language if event else svc.settings.language, address)
        link = svc.deep_link(f"photo_{record.id}")
        button = InlineKeyboardButton(group_t("docx.photo_open"), url=link)
        await send_to_session(context, session, group_t(
            "docx.photo_blocked", name=person.name if person else "?"),
            InlineKeyboardMarkup([[button]]))


async def photo_by_link(update: Update, context: Ctx, rest: str) -> None:
    """Whoever added the photo opened the private chat from the group's button: ask now."""
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        record = await docs.get_photo(tx, int(rest)) if rest.isdecimal() else None
        found = await place_of(tx, record)
    if person is None or update.effective_message is None:
        return
    if found is None or record is None or record.added_by != person.user_id:
        await update.effective_message.reply_text(translator(person.language)("docx.photo_gone"))
        return
    await ask_about_people(context, record, found[0])


async def place_of(tx: Tx, record: docs.PhotoRecord | None) -> tuple[Session, Event] | None:
    """The session and event a photo belongs to, if both still exist."""
    session = await people.get_session(tx, record.session_id) if record else None
    event = await people.get_event(tx, session.event_id) if session else None
    return (session, event) if session and event else None


async def answer_photo(update: Update, context: Ctx, args: list[str]) -> None:
    """The answer of whoever added the photo; nobody else can give it."""
    query = update.callback_query
    assert query is not None
    photo_id = int(args[0]) if len(args) == 2 and args[0].isdigit() else 0
    answer = parse_subjects(args[1] if len(args) == 2 else "")
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        saved = person is not None and await docs.set_photo_subjects(
            tx, photo_id, person.user_id, answer)
        record = await docs.get_photo(tx, photo_id)
        found = await place_of(tx, record)
    if not saved or person is None or record is None or found is None:
        raise FlowError("docx.photo_gone")
    session, event = found
    t = translator(person.language, event.address)
    done = t(f"docx.photo_saved_{answer}")
    await query.answer(done)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            question(t, record, session) + "\n\n" + done,
            reply_markup=answer_buttons(context, t, record, person.user_id))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return []


BUTTONS: Buttons = (("photook", answer_photo),)
STARTS: Starts = (("photo", photo_by_link),)
DIALOGS: Dialogs = ()

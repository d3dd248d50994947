"""The documentation draft in Telegram: /endsession, /export, /quote, /photo and ``#doku`` photos.

``drafts`` knows nothing of the database or Telegram; this module gathers a
``DraftInput`` from storage, has ``drafts`` build and render it (in a worker
thread, a long draft must not stall the other chats), and hands the files out:
privately to facilitators and organizers when a session ends, on request to
organizers, or to a file from the command line. Quotes wait for their
author's private answer; photos are kept with their bytes.

Loading and rendering live in ``bot/drafting.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.drafting import FORMAT_CHOICES, DraftOptions, load_draft, render_files
from bot.handling import NEW
from bot.messaging import acknowledge, refuse, send_to_session
from bot.minutes import remind_missing
from bot.photo_consent import ask_about_people
from bot.rounds import act
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Services, Who, identify, role_in, services, who_in_session
from drafts import (
    DraftFile,
    DraftInput,
    Format,
    PdfUnavailable,
    file_stem,
)
from drafts.pdf import office_program
from flows import roles
from flows.base import FlowError
from flows.documentation import (
    AddPhoto,
    Export,
    is_doku_caption,
    parse_answer,
    photo_caption,
    quote_words,
    split_credit,
)
from flows.session import EndSession
from locales import Translator, translator
from storage import documentation as docs
from storage import people
from storage import rounds as stored
from storage.db import Tx
from storage.records import Event, Person, Session

log = logging.getLogger(__name__)


async def telegram_files(
    svc: Services, draft: DraftInput, formats: Sequence[Format], stem: str, t: Translator,
) -> list[tuple[DraftFile, str]]:
    """The draft's files, each small enough to send, with what its caption must add.

    A file that is too big with its photos (``WERKSTATT_UPLOAD_LIMIT_MB``; Telegram
    takes 50 MB from a bot) is made again without them, and says so: the text
    is what the recipients edit, and ``werkstatt export`` writes every photo.
    Where no PDF can be made, the other files come and the last one says why.
    """
    limit = svc.settings.upload_limit_mb * 1_000_000
    options = DraftOptions.of(svc.settings)
    files, missing = await files_or_without_pdf(draft, formats, stem, options, t)
    if all(len(file.data) <= limit for file in files):
        notes = [""] * len(files)
    else:
        bare = draft.model_copy(update={"sessions": tuple(
            session.model_copy(update={"photos": ()}) for session in draft.sessions)})
        made = [fmt for fmt in formats if fmt != "pdf" or not missing]
        smaller, _ = await files_or_without_pdf(bare, made, stem, options, t)
        log.info("a draft was too big to send with its photos; sent without them")
        note = "\n" + t("documentation.photos_left_out",
                        megabytes=f"{svc.settings.upload_limit_mb:g}")
        notes = [note if len(file.data) > limit else "" for file in files]
        files = [small if len(file.data) > limit else file
                 for file, small in zip(files, smaller, strict=True)]
    if missing:
        notes[-1] += "\n" + missing
    return list(zip(files, notes, strict=True))


async def files_or_without_pdf(
    draft: DraftInput, formats: Sequence[Format], stem: str, options: DraftOptions,
    t: Translator,
) -> tuple[list[DraftFile], str]:
    """The files; where the PDF cannot be made, the others and the sentence saying why (a PDF
    alone that cannot be made is refused with that sentence)."""
    try:
        return await render_files(draft, formats, stem, options), ""
    except PdfUnavailable as error:
        log.warning("a draft's PDF was not made: %s", error)
    key = "docx.pdf_missing" if office_program() is None else "docx.pdf_failed"
    rest = [fmt for fmt in formats if fmt != "pdf"]
    if not rest:
        raise FlowError(key)
    return await render_files(draft, rest, stem, options), t(key)


async def send_files(context: Ctx, chat_id: int, files: Sequence[tuple[DraftFile, str]],
                     caption: str) -> bool:
    """Send the files privately, each with the caption and its own note; ``False`` if the
    person never opened a chat with the bot, or Telegram took a file not."""
    try:
        for file, note in files:
            await context.bot.send_document(chat_id, file.data, filename=file.filename,
                                            caption=caption + note)
    except Forbidden:
        return False
    except TelegramError as error:
        log.warning("a draft could not be sent (%s)", error.message)
        return False
    return True


# -- /endsession --------------------------------------------------------------------------------
async def endsession(update: Update, context: Ctx) -> None:
    """Close the open round, end the session and send its draft to facilitators and organizers."""
    who = await who_in_session(update, context)
    if who is None or update.effective_message is None:
        return
    await end_session(context, who)


async def end_session(context: Ctx, who: Who) -> None:
    """``/endsession`` and the panel's "end the session": close, end, send the draft, tell."""
    if who.session is None or who.event is None:
        raise FlowError("core.not_a_session")
    roles.require(EndSession(actor=who.user_id), who.role)
    await close_open_round(context, who)
    svc = services(context)
    session, event = who.session, who.event
    async with svc.db.transaction() as tx:
        await people.end_session(tx, session.id)
        wanted = {*await people.people_with_role(tx, event.id, "organizer"),
                  *await people.people_with_role(tx, event.id, "facilitator"), who.user_id}
        draft = await load_draft(tx, event, session.id)
    stem = file_stem(f"{event.title} {session.title}")
    group_t = translator(event.language, event.address)
    files = await telegram_files(svc, draft, session_formats(svc), stem, group_t)
    caption = group_t("documentation.draft_caption", title=session.title)
    unreached = [uid for uid in sorted(wanted)
                 if not await send_files(context, uid, files, caption)]
    await tell_group(context, session, group_t, len(wanted) - len(unreached), unreached)
    await remind_missing(context, who, session)


def session_formats(svc: Services) -> tuple[Format, ...]:
    """What a session's end sends: Markdown to edit, DOCX for the office, the PDF to publish."""
    return ("md", "docx", "pdf") if svc.settings.draft_pdf else ("md", "docx")


async def close_open_round(context: Ctx, who: Who) -> None:
    """A session ends with its round: the open round is closed the way ``/close`` does."""
    assert who.session is not None and who.event is not None
    svc = services(context)
    async with svc.db.transaction() as tx:
        record = await stored.open_round(tx, who.session.id)
    fmt = svc.formats.get(record.kind) if record is not None else None
    if record is not None and fmt is not None:
        await act(context, who.session, fmt.close_event(who.user_id), who.role,
                  round_id=record.id)


async def tell_group(
    context: Ctx, session: Session, t: Translator, reached: int, unreached: list[int]
) -> None:
    """One short message; who could not be reached gets a button to open a private chat."""
    text = t("documentation.session_ended", title=session.title)
    if reached:
        text += " " + t("documentation.draft_sent", count=reached)
    markup = None
    if unreached:
        async with services(context).db.transaction() as tx:
            persons = await people.people_by_id(tx, unreached)
        names = ", ".join(p.name for p in persons.values())
        text += "\n" + t("documentation.draft_unreached", names=names, count=len(persons))
        link = services(context).deep_link(f"draft_{session.id}")
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t("documentation.draft_get"), url=link)]]
        )
    await send_to_session(context, session, text, markup)


T = TypeVar("T")


async def _opened_link(
    update: Update, context: Ctx, rest: str, load: Callable[[Tx, int], Awaitable[T]]
) -> tuple[Person, Message, T | None] | None:
    """Who opened a ``/start`` link ending in a number, with what ``load`` finds for the number
    (``None`` when ``rest`` is no number); ``None`` without a person or a message to answer."""
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        found = await load(tx, int(rest)) if rest.isdecimal() else None
    if person is None or update.effective_message is None:
        return None
    return person, update.effective_message, found


async def _session_and_event(tx: Tx, session_id: int) -> tuple[Session | None, Event | None]:
    session = await people.get_session(tx, session_id)
    event = await people.get_event(tx, session.event_id) if session else None
    return session, event


async def _quote_and_session(
    tx: Tx, quote_id: int
) -> tuple[docs.QuoteRecord | None, Session | None]:
    record = await docs.get_quote(tx, quote_id)
    session = await people.get_session(tx, record.session_id) if record else None
    return record, session


async def draft_by_link(update: Update, context: Ctx, rest: str) -> None:
    """The button from the group: send the session's draft to a facilitator or organizer."""
    svc = services(context)
    opened = await _opened_link(update, context, rest, _session_and_event)
    if opened is None:
        return
    person, message, found = opened
    session, event = found or (None, None)
    t = translator(person.language, event.address if event else "sie")
    if session is None or event is None:
        await message.reply_text(t("documentation.gone"))
        return
    await svc.learn_admins(context.application, session.chat_id)
    async with svc.db.transaction() as tx:
        role = await role_in(context, tx, event, session, person.user_id)
        roles.require(EndSession(actor=person.user_id), role)
        draft = await load_draft(tx, event, session.id)
    stem = file_stem(f"{event.title} {session.title}")
    event_t = translator(event.language, event.address)
    files = await telegram_files(svc, draft, session_formats(svc), stem, event_t)
    caption = event_t("documentation.draft_caption", title=session.title)
    await send_files(context, person.user_id, files, caption)


# -- /quote ------------------------------------------------------------------------------------
async def quote(update: Update, context: Ctx) -> None:
    """Reply ``/quote`` to a message: keep it as a quote and ask its author privately."""
    who = await who_in_session(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    replied = message.reply_to_message
    if who.session is None or who.event is None:
        raise FlowError("core.not_a_session")
    topic_opening = replied is not None and replied.forum_topic_created is not None
    author = replied.from_user if replied is not None and not topic_opening else None
    text = quote_words(who.role, author.id if author else None, bool(author and author.is_bot),
                       replied.text or replied.caption if replied else None)
    assert replied is not None and author is not None
    language = services(context).settings.language  # the author's own is not known here
    async with services(context).db.transaction() as tx:
        await people.see_person(tx, author.id, author.full_name, author.username, language)
        await people.add_member(tx, who.session.id, author.id)
        record, new = await docs.mark_quote(tx, who.session.id, replied.chat_id,
                                            replied.message_id, author.id, text, who.user_id)
    await acknowledge(update, context, who.t)
    if new:
        await ask_author(context, record, who.session)


async def ask_author(context: Ctx, record: docs.QuoteRecord, session: Session, *,
                     in_group: bool = True) -> None:
    """The author's private question; if they never started the bot, a button in the group
    (unless ``in_group`` is false: the closing round asks when they open the private chat)."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        author = await people.get_person(tx, record.author_id)
        event = await people.get_event(tx, session.event_id)
    t = translator(author.language if author else svc.settings.language,
                   event.address if event else "sie")
    choices = [[svc.signer.button(record.author_id, t(f"documentation.quote_{answer}"), "quote",
                                  record.id, answer)] for answer in ("named", "anonymous",
                                                                     "declined")]
    text = t("documentation.quote_ask", session=session.title, text=record.text)
    try:
        await context.bot.send_message(record.author_id, text,
                                       reply_markup=InlineKeyboardMarkup(choices))
    except Forbidden:
        if not in_group:
            return
        group_t = (translator(event.language, event.address) if event
                   else translator(svc.settings.language))
        link = svc.deep_link(f"quote_{record.id}")
        button = InlineKeyboardButton(group_t("documentation.quote_open"), url=link)
        await send_to_session(
            context, session,
            group_t("documentation.quote_blocked", name=author.name if author else "?"),
            InlineKeyboardMarkup([[button]]),
        )


async def quote_by_link(update: Update, context: Ctx, rest: str) -> None:
    """The author opened the private chat from the group's button: ask them now."""
    opened = await _opened_link(update, context, rest, _quote_and_session)
    if opened is None:
        return
    person, message, found = opened
    record, session = found or (None, None)
    if record is None or session is None or record.author_id != person.user_id:
        await message.reply_text(translator(person.language)("documentation.quote_gone"))
        return
    await ask_author(context, record, session)


async def answer_quote(update: Update, context: Ctx, args: list[str]) -> None:
    """The author's answer: named, anonymous, or not at all; only the author gives it.

    The buttons stay, so the author can change their mind until the draft is made.
    """
    query = update.callback_query
    assert query is not None
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        quote_id = int(args[0]) if len(args) == 2 and args[0].isdigit() else 0
        answer = parse_answer(args[1] if len(args) == 2 else "")
        if person is None or not await docs.set_quote_consent(tx, quote_id, person.user_id,
                                                              answer):
            raise FlowError("documentation.quote_gone")
        record = await docs.get_quote(tx, quote_id)
        session = await people.get_session(tx, record.session_id) if record else None
        event = await people.get_event(tx, session.event_id) if session else None
    t = translator(person.language, event.address if event else "sie")
    await query.answer(t(f"documentation.quote_thanks_{answer}"))
    if record is None or session is None or not isinstance(query.message, Message):
        return
    text = (t("documentation.quote_ask", session=session.title, text=record.text) + "\n\n"
            + t(f"documentation.quote_thanks_{answer}"))
    if text != query.message.text:
        await query.message.edit_text(text, reply_markup=query.message.reply_markup)


# -- photos ------------------------------------------------------------------------------------
async def doku_photo(update: Update, context: Ctx) -> None:
    """A photo whose caption starts with ``#doku`` goes into the draft."""
    message = update.effective_message
    if message is not None and is_doku_caption(message.caption):
        await keep_photo(update, context, message, photo_caption(message.caption))


async def photo(update: Update, context: Ctx) -> None:
    """``/photo [caption]`` as a reply to a photo puts that photo into the draft."""
    message = update.effective_message
    if message is None:
        return
    replied = message.reply_to_message
    if replied is None or not replied.photo:
        who = await who_in_session(update, context)
        if who is not None:
            await refuse(update, context, who.t, FlowError("documentation.photo_how"))
        return
    given = " ".join(context.args or ())
    await keep_photo(update, context, replied, given or photo_caption(replied.caption))


async def keep_photo(
    update: Update, context: Ctx, photo_message: Message, caption: str | None
) -> None:
    who = await who_in_session(update, context)
    if who is None:
        return
    if who.session is None:
        raise FlowError("core.not_a_session")
    roles.require(AddPhoto(actor=who.user_id), who.role)
    svc = services(context)
    chat_id, message_id = photo_message.chat_id, photo_message.message_id
    async with svc.db.transaction() as tx:
        record = await docs.photo_of_message(tx, chat_id, message_id)
    if record is None:
        largest = photo_message.photo[-1]
        telegram_file = await context.bot.get_file(largest.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
        sender = photo_message.from_user
        text, credit = split_credit(caption)
        async with svc.db.transaction() as tx:
            record, _ = await docs.add_photo(
                tx, who.session.id, chat_id, message_id, largest.file_id, text, data,
                uploader_id=sender.id if sender and not sender.is_bot else None,
                added_by=who.user_id, credit=credit)
    await acknowledge(update, context, who.t)
    await ask_about_people(context, record, who.session)


# -- /export -----------------------------------------------------------------------------------
async def export(update: Update, context: Ctx) -> None:
    """Private: pick an event, then the whole event or one session, then the format."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        events = await people.events_organized_by(tx, person.user_id) if person else []
    if person is None or update.effective_message is None:
        return
    t = translator(person.language)
    if not events:
        await update.effective_message.reply_text(t("documentation.export_none"))
        return
    rows = [[svc.signer.button(person.user_id, event.title[:60], "export", event.id)]
            for event in events]
    await update.effective_message.reply_text(
        t("documentation.export_event"), reply_markup=InlineKeyboardMarkup(rows))


async def export_step(update: Update, context: Ctx, args: list[str]) -> None:
    """Each press narrows the export (event → scope → format); the last one makes the files."""
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        event = await people.get_event(tx, int(args[0])) if args and args[0].isdigit() else None
        if person is None or event is None:
            raise FlowError("documentation.gone")
        roles.require(Export(actor=person.user_id, event_id=event.id),
                      await role_in(context, tx, event, None, person.user_id))
        sessions = await people.sessions_of(tx, event.id)
    t, sign = translator(person.language), svc.signer
    await query.answer()
    if len(args) == 1:
        rows = [[sign.button(person.user_id, t("documentation.export_all"), "export", event.id,
                             "all")]]
        rows += [[sign.button(person.user_id, s.title[:60], "export", event.id, s.id)]
                 for s in sessions]
        await query.message.edit_text(t("documentation.export_scope", title=event.title),
                                      reply_markup=InlineKeyboardMarkup(rows))
    elif len(args) == 2:
        rows = [[sign.button(person.user_id, t(f"documentation.format_{fmt}"), "export",
                             event.id, args[1], fmt)] for fmt in FORMAT_CHOICES]
        await query.message.edit_text(t("documentation.export_format"),
                                      reply_markup=InlineKeyboardMarkup(rows))
    elif args[2] in FORMAT_CHOICES:
        scope = int(args[1]) if args[1].isdigit() else None
        await run_export(context, query.message, t, event, scope, FORMAT_CHOICES[args[2]])


async def run_export(
    context: Ctx, progress: Message, t: Translator, event: Event, session_id: int | None,
    formats: tuple[Format, ...],
) -> None:
    """Make the files, saying on the progress message what is happening, and send them."""
    svc = services(context)
    await progress.edit_text(t("documentation.export_loading"))
    async with svc.db.transaction() as tx:
        draft = await load_draft(tx, event, session_id)
    if session_id is not None and not draft.sessions:
        await progress.edit_text(t("documentation.gone"))
        return
    title = draft.sessions[0].title if session_id is not None else event.title
    await progress.edit_text(t("documentation.export_rendering", title=title))
    stem = file_stem(f"{event.title} {title}" if session_id is not None else event.title)
    event_t = translator(event.language, event.address)
    files = await telegram_files(svc, draft, formats, stem, event_t)
    caption = event_t("documentation.draft_caption", title=title)
    if not await send_files(context, progress.chat_id, files, caption):
        await progress.edit_text(t("core.sorry"))
        return
    await progress.edit_text(t("documentation.export_done", title=title))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    groups = ~filters.ChatType.PRIVATE
    return [
        CommandHandler("endsession", endsession, groups & NEW),
        CommandHandler("quote", quote, groups & NEW),
        CommandHandler("photo", photo, groups & NEW),
        CommandHandler("export", export, filters.ChatType.PRIVATE & NEW),
        MessageHandler(groups & filters.PHOTO & filters.CaptionRegex(r"(?i)^\s*#doku"),
                       doku_photo),
    ]


BUTTONS: Buttons = (
    ("quote", answer_quote),
    ("export", export_step),
)
STARTS: Starts = (
    ("draft", draft_by_link),
    ("quote", quote_by_link),
)
DIALOGS: Dialogs = ()

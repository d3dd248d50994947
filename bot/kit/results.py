"""Results back to the people: an organizer sends the final documentation to those who asked.

``/results`` privately, for an event one organizes: how many registered or took
part and said yes at registration (or in ``/profile``), and two ways to send:
the whole event's documentation as one file (the PDF where LibreOffice is
installed, else the DOCX), or a short note with a link the organizer types.
A tap on "send now" sends it privately to each of them not sent it before; the
file is uploaded once and then sent by Telegram's file id. Every call goes
through the bot's rate limiter (``bot.ratelimit``: 30 messages a second), so a
list of hundreds waits its turn instead of being refused. Whoever blocked the
bot or never opened the private chat is counted and told to the organizer.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError

from bot.documentation import telegram_files
from bot.drafting import load_draft
from bot.handling import answered_press
from bot.kit.events import event_command, organized, typed_for_event
from bot.services import Ctx, Who, services
from drafts import DraftFile, Format, file_stem
from flows import kit as rules
from flows.base import FlowError
from locales import Translator, translator
from storage import dialogs, drafting, kit, people
from storage.records import Event

log = logging.getLogger(__name__)
NOTE_DIALOG = "results_note"


async def recipients(context: Ctx, event: Event) -> list[int]:
    """Who is still to get it: registered or took part, said yes, not sent it yet."""
    async with services(context).db.transaction() as tx:
        took_part = await drafting.participants(tx, event.id)
        return await kit.results_recipients(tx, event.id, took_part)


async def screen(context: Ctx, who: Who, event: Event) -> None:
    """How many wait for the documentation, and the two ways to send it."""
    waiting = await recipients(context, event)
    async with services(context).db.transaction() as tx:
        sent = await kit.results_sent_to(tx, event.id)
    signer = services(context).signer
    rows = [[signer.button(who.user_id, who.t("kit.results_send_file"), "rsgo", event.id, "f")],
            [signer.button(who.user_id, who.t("kit.results_send_note"), "rsnote", event.id)]]
    await context.bot.send_message(
        who.user_id, who.t("kit.results_screen", title=event.title, count=len(waiting),
                           sent=len(sent)),
        reply_markup=InlineKeyboardMarkup(rows) if waiting else None)


results_command, results_event = event_command("rsev", rules.SendResults, screen)
"""``/results`` privately: for which event, then what to send."""


async def note_ask(update: Update, context: Ctx, args: list[str]) -> None:
    """The note instead of the file: typed next (a stored dialogue)."""
    who = await answered_press(update, context)
    if who is None or not args:
        raise FlowError("core.stale_button")
    event = await organized(context, who, args[0], rules.SendResults)
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, NOTE_DIALOG, {"event": event.id})
    await context.bot.send_message(who.user_id, who.t("kit.results_ask_note",
                                                      max=rules.MAX_NOTE))


async def note_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """The note as typed; then the button that sends it."""
    typed = await typed_for_event(update, context, data, rules.clean_note, rules.SendResults)
    if typed is None:
        return
    who, message, note, event = typed
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, NOTE_DIALOG,
                                   {"event": event.id, "note": note})
    waiting = await recipients(context, event)
    signer = services(context).signer
    button = signer.button(who.user_id, who.t("kit.results_send_now", count=len(waiting)),
                           "rsgo", event.id, "n")
    await message.reply_text(who.t("kit.results_note_ready", count=len(waiting)),
                             reply_markup=InlineKeyboardMarkup([[button]]))


async def send_pressed(update: Update, context: Ctx, args: list[str]) -> None:
    """Send now: the file (``f``) or the typed note (``n``) to everyone still waiting."""
    who = await answered_press(update, context)
    if who is None or len(args) != 2 or args[1] not in ("f", "n"):
        raise FlowError("core.stale_button")
    event = await organized(context, who, args[0], rules.SendResults)
    svc = services(context)
    note = None
    if args[1] == "n":
        async with svc.db.transaction() as tx:
            found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
            if found is None or found[0] != NOTE_DIALOG or "note" not in found[1]:
                raise FlowError("core.stale_button")
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
        note = str(found[1]["note"])
    progress = await context.bot.send_message(who.user_id, who.t("kit.results_sending"))
    file = None if note is not None else await final_file(context, event)
    sent, unreachable = await deliver(context, event, file, note)
    await progress.edit_text(who.t("kit.results_done", count=sent, title=event.title)
                             + ("\n" + who.t("kit.results_unreachable", count=unreachable)
                                if unreachable else ""))


async def final_file(context: Ctx, event: Event) -> DraftFile:
    """The whole event's documentation as one file: the PDF where it can be made, else DOCX."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        draft = await load_draft(tx, event)
    formats: tuple[Format, ...] = ("docx", "pdf") if svc.settings.draft_pdf else ("docx",)
    files = await telegram_files(svc, draft, formats, file_stem(event.title),
                                 translator(event.language, event.address))
    return files[-1][0] if files[-1][0].filename.endswith(".pdf") else files[0][0]


async def deliver(context: Ctx, event: Event, file: DraftFile | None,
                  note: str | None) -> tuple[int, int]:
    """Send it to each recipient in their language; return (sent, unreachable)."""
    svc = services(context)
    waiting = await recipients(context, event)
    async with svc.db.transaction() as tx:
        persons = await people.people_by_id(tx, waiting)
    sent = unreachable = 0
    uploaded: str | None = None
    for user_id in waiting:
        person = persons.get(user_id)
        t = translator(person.language if person else event.language, event.address)
        try:
            uploaded = await send_one(context, user_id, t, event, file, note, uploaded)
        except Forbidden:
            unreachable += 1
            continue
        except TelegramError as error:
            log.warning("the results did not reach someone: %s", error)
            unreachable += 1
            continue
        async with svc.db.transaction() as tx:
            await kit.mark_results_sent(tx, event.id, user_id)
        sent += 1
    return sent, unreachable


async def send_one(context: Ctx, user_id: int, t: Translator, event: Event,
                   file: DraftFile | None, note: str | None, uploaded: str | None) -> str | None:
    """One recipient's message; the file's id once Telegram has it (sent by id from then on)."""
    if file is None:
        await context.bot.send_message(user_id, t("kit.results_note_intro", title=event.title)
                                       + "\n\n" + (note or ""))
        return uploaded
    sent: Message = await context.bot.send_document(
        user_id, uploaded or file.data, filename=file.filename,
        caption=t("kit.results_caption", title=event.title))
    return sent.document.file_id if sent.document else uploaded

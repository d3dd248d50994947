"""An event's draft settings under ``/events``: where the composition's numbers come from,
and whether pinboard notes name their authors.

"Zusammensetzung" shows the source the draft uses (the participants, by default) and
offers the others: send the registration list as a CSV file (``service.composition``
reads it), or type the counts in; the answer shows what was counted for which sector, so
the organizer can check it before handing the draft in. "Namen an Notizen" switches the
authors of pinboard notes on or off for the event's drafts (off, as in the reference).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.handling import private_who
from bot.messaging import clip
from bot.routing import Buttons, Dialogs, Starts
from bot.screens import show
from bot.services import Ctx, Who, role_in, services
from flows import roles
from flows.base import FlowError
from flows.composition import MAX_BYTES, SetComposition, Source
from flows.people import ChooseAttribution
from service.composition import UNKNOWN, Counted, registration_list, typed_counts
from storage import composition, dialogs, people
from storage.records import DEFAULT_SECTORS, Event

ACTION = "cm"
AUTHORS = "au"
FILE_DIALOG = "composition_file"
COUNTS_DIALOG = "composition_counts"


async def organizing(update: Update, context: Ctx, event_id: int, move: object) -> tuple[
    Who, Event
]:
    """The person as an organizer of the event (``move`` names what they want to do)."""
    who = await private_who(update, context)
    async with services(context).db.transaction() as tx:
        event = await people.get_event(tx, event_id)
        role = (await role_in(context, tx, event, None, who.user_id)
                if event is not None and who is not None else roles.Role.OUTSIDER)
    roles.require(move, role)
    assert who is not None and event is not None
    return who, event


def sector_text(who: Who, key: str) -> str:
    if key == UNKNOWN:
        return who.t("draft.composition_unknown")
    return who.t(f"sector.{key}") if key in DEFAULT_SECTORS else key


async def composition_screen(context: Ctx, who: Who, event: Event, note: str = "") -> tuple[
    str, InlineKeyboardMarkup
]:
    """The source in use (with its counts) and the ways to change it."""
    t, sign = who.t, services(context).signer
    lines = [note] if note else []
    lines.append(t(f"composition.source_{event.composition_source}", title=event.title,
                   file=event.composition_label or "CSV"))
    if event.composition_source != "participants":
        async with services(context).db.transaction() as tx:
            counts = await composition.composition_counts(tx, event.id)
        lines += [f"• {sector_text(who, key)}: {count}" for key, count in counts]
    rows = [[sign.button(who.user_id, t(f"composition.use_{source}"), ACTION, source[0],
                         event.id)]
            for source in ("participants", "import", "typed")]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def composition_button(update: Update, context: Ctx, args: list[str]) -> None:
    """Show the source, count the participants again, or wait for a list or typed counts."""
    query = update.callback_query
    assert query is not None
    op = args[0] if args else ""
    event_id = int(args[1]) if len(args) > 1 and args[1].isdigit() else 0
    source: Source = "import" if op == "i" else "typed" if op == "t" else "participants"
    who, event = await organizing(update, context, event_id,
                                  SetComposition(actor=0, source=source))
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    note = ""
    if op == "p":
        async with services(context).db.transaction() as tx:
            await composition.set_composition(tx, event.id, "participants")
            event = await people.get_event(tx, event.id) or event
        note = who.t("composition.participants_again")
    elif op in ("i", "t"):
        kind = FILE_DIALOG if op == "i" else COUNTS_DIALOG
        async with services(context).db.transaction() as tx:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, kind, {"event": event.id})
        sign = services(context).signer
        cancel = InlineKeyboardMarkup([[sign.button(who.user_id, who.t("core.cancel"),
                                                    "cancel")]])
        await context.bot.send_message(who.user_id, who.t(f"composition.ask_{kind}"),
                                       reply_markup=cancel)
        return
    text, markup = await composition_screen(context, who, event, note)
    await show(context, who.user_id, message, text, markup)


async def file_expected(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """Text where the registration list is awaited: it comes as a file."""
    message = update.effective_message
    who = await private_who(update, context)
    if message is not None and who is not None:
        await message.reply_text(who.t("composition.ask_composition_file"))


async def counts_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """Typed counts: matched to the event's sectors and stored."""
    message = update.effective_message
    if message is None or not message.text:
        return
    who, event = await organizing(update, context, int(data["event"]),
                                  SetComposition(actor=0, source="typed"))
    found = typed_counts(message.text, event.sectors)
    await keep(context, who, event, found, "typed", None)


async def registration_document(update: Update, context: Ctx) -> None:
    """A file sent privately: the registration list, if the organizer asked to send one
    (another dialogue is told it waits for text, as for stickers)."""
    message = update.effective_message
    who = await private_who(update, context)
    if message is None or who is None or message.document is None:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != FILE_DIALOG:  # another dialogue waits for text
        await message.reply_text(who.t("composition.file_unexpected" if found is None
                                       else "core.text_expected"))
        return
    who, event = await organizing(update, context, int(found[1]["event"]),
                                  SetComposition(actor=0, source="import"))
    document = message.document
    if document.file_size is not None and document.file_size > MAX_BYTES:
        raise FlowError("composition.file_too_big", megabytes=MAX_BYTES // 1_000_000)
    telegram_file = await context.bot.get_file(document.file_id)
    data = bytes(await telegram_file.download_as_bytearray())
    counted = registration_list(data, event.sectors)
    await keep(context, who, event, counted, "import", document.file_name or "CSV")


async def keep(context: Ctx, who: Who, event: Event, counted: Counted, source: str,
               label: str | None) -> None:
    """Store the counts, end the dialogue and show what was counted for which sector."""
    async with services(context).db.transaction() as tx:
        await composition.set_composition(tx, event.id, "import" if source == "import"
                                          else "typed", label, counted.rows)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
        event = await people.get_event(tx, event.id) or event
    lines = [who.t("composition.counted", count=counted.total)]
    if counted.column:
        lines.append(who.t("composition.column", column=counted.column))
    lines += [who.t("composition.guessed", value=value, sector=sector_text(who, key))
              for value, key in counted.guessed]
    if counted.unmatched:
        lines.append(who.t("composition.unmatched", values=", ".join(
            f"„{value}“ ({count})" for value, count in counted.unmatched)))
    text, markup = await composition_screen(context, who, event, "\n".join(lines))
    await context.bot.send_message(who.user_id, clip(text), reply_markup=markup)


async def composition_from_events(update: Update, context: Ctx, args: list[str]) -> None:
    """"Zusammensetzung" under ``/events``: the screen as a message of its own."""
    query = update.callback_query
    assert query is not None
    event_id = int(args[0]) if args and args[0].isdigit() else 0
    who, event = await organizing(update, context, event_id,
                                  SetComposition(actor=0, source="participants"))
    await query.answer()
    text, markup = await composition_screen(context, who, event)
    await context.bot.send_message(who.user_id, clip(text), reply_markup=markup)


# -- note authors ------------------------------------------------------------------------------
async def authors_button(update: Update, context: Ctx, args: list[str]) -> None:
    """"Namen an Notizen": show the setting, or set it (with or without authors)."""
    query = update.callback_query
    assert query is not None
    event_id = int(args[0]) if args and args[0].isdigit() else 0
    choice = args[1] if len(args) > 1 else ""
    who, event = await organizing(update, context, event_id,
                                  ChooseAttribution(actor=0, authors=choice == "1"))
    await query.answer()
    if choice in ("0", "1"):
        async with services(context).db.transaction() as tx:
            await composition.set_note_authors(tx, event.id, choice == "1")
            event = await people.get_event(tx, event.id) or event
    sign = services(context).signer
    buttons: list[InlineKeyboardButton] = [
        sign.button(who.user_id, who.t(f"composition.authors_{value}")
                    + (" ✓" if event.note_authors == (value == "1") else ""), AUTHORS, event.id,
                    value)
        for value in ("0", "1")
    ]
    text = who.t("composition.authors", title=event.title,
                 current=who.t(f"composition.authors_{int(event.note_authors)}"))
    message = query.message if isinstance(query.message, Message) and choice else None
    await show(context, who.user_id, message, text, InlineKeyboardMarkup([buttons]))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL,
                           registration_document)]


BUTTONS: Buttons = ((ACTION, composition_button), ("cmev", composition_from_events),
                    (AUTHORS, authors_button))
STARTS: Starts = ()
DIALOGS: Dialogs = ((COUNTS_DIALOG, counts_answer), (FILE_DIALOG, file_expected))

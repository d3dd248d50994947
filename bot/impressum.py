"""``/impressum``: the organizer fills an event's closing pages once, privately, field by field.

The Impressum (publisher, address, contact, who is responsible) and the
organizer's own words of thanks close every draft of the event; the publisher
is also the document's author. ``/impressum`` shows what is filled in, one
button a field; a press asks for that field (a stored dialogue, so a restart
loses no half-given answer), and the answer is saved and shown at once.
Only organizers fill it, the same people who export.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.handling import NEW, answered_press, private_who
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, event_and_role, services
from flows import roles
from flows.base import FlowError
from flows.documentation import Export, impressum_value
from locales import translator
from storage import dialogs, people
from storage import impressum as stored
from storage.records import Event


async def impressum(update: Update, context: Ctx) -> None:
    """Private: the Impressum of the one event this person organizes, or a choice of events."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    async with services(context).db.transaction() as tx:
        events = await people.events_organized_by(tx, who.user_id)
    if not events:
        await update.effective_message.reply_text(who.t("docx.impressum_none"))
        return
    if len(events) == 1:
        await show(context, who, events[0])
        return
    signer = services(context).signer
    rows = [[signer.button(who.user_id, event.title[:60], "impr", event.id)] for event in events]
    await update.effective_message.reply_text(who.t("docx.impressum_choose"),
                                              reply_markup=InlineKeyboardMarkup(rows))


async def organized_event(context: Ctx, who: Who, event_id: int) -> Event:
    """The event, if this person organizes it; anyone else is refused."""
    async with services(context).db.transaction() as tx:
        event, role = await event_and_role(context, tx, event_id, who.user_id)
    roles.require(Export(actor=who.user_id, event_id=event_id), role)
    if event is None:
        raise FlowError("documentation.gone")
    return event


async def show(context: Ctx, who: Who, event: Event) -> None:
    """What is filled in, in the event's language's words, and a button for every field."""
    async with services(context).db.transaction() as tx:
        filled = await stored.impressum_of(tx, event.id)
    t = translator(who.person.language, event.address)
    lines = "\n".join(
        f"{t(f'docx.impressum_{field}')}: {getattr(filled, field) or t('docx.impressum_empty')}"
        for field in stored.FIELDS)
    signer = services(context).signer
    rows = [[signer.button(who.user_id, t(f"docx.impressum_{field}"), "imprf", event.id, field)]
            for field in stored.FIELDS]
    await context.bot.send_message(who.user_id, t("docx.impressum_overview", title=event.title,
                                                  lines=lines),
                                   reply_markup=InlineKeyboardMarkup(rows))


async def choose_event(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is None or not args or not args[0].isdigit():
        return
    await show(context, who, await organized_event(context, who, int(args[0])))


async def ask_field(update: Update, context: Ctx, args: list[str]) -> None:
    """A field's button: ask for its text (a stored dialogue)."""
    who = await answered_press(update, context)
    if who is None or len(args) != 2 or not args[0].isdigit() or args[1] not in stored.FIELDS:
        return
    event = await organized_event(context, who, int(args[0]))
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, "impressum",
                                   {"event": event.id, "field": args[1]})
    t = translator(who.person.language, event.address)
    await context.bot.send_message(
        who.user_id, t("docx.impressum_ask", field=t(f"docx.impressum_{args[1]}")))


async def impressum_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """The field's text: saved (a single minus empties it), then the Impressum shown again."""
    who = await private_who(update, context)
    message = update.effective_message
    field = str(data.get("field"))
    if who is None or message is None or not message.text or field not in stored.FIELDS:
        return
    event = await organized_event(context, who, int(data["event"]))
    value = impressum_value(field, message.text)
    async with services(context).db.transaction() as tx:
        await stored.set_impressum_field(tx, event.id, field, value)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
    t = translator(who.person.language, event.address)
    await message.reply_text(t("docx.impressum_saved", field=t(f"docx.impressum_{field}")))
    await show(context, who, event)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("impressum", impressum, filters.ChatType.PRIVATE & NEW)]


BUTTONS: Buttons = (("impr", choose_event), ("imprf", ask_field))
STARTS: Starts = ()
DIALOGS: Dialogs = (("impressum", impressum_answer),)

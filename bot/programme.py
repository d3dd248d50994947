"""The event's programme in Telegram (``flows.programme``), entered privately by organizers.

``/programme`` (or "Programm" under ``/events``) shows the programme day by day with a
button for each entry and one to add an entry step by step: the day, the time, the kind,
the title, the session it documents, with buttons wherever there is a choice. Quicker:
while the programme is shown, every line typed is an entry ("1 09:30 Begrüßung
Grußworte der Bürgermeisterin"), and so is ``/programme <line>``. An entry's button opens
it to change any part of it or to delete it. The draft follows the programme.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.handling import NEW, private_who
from bot.routing import Buttons, Dialogs, Starts
from bot.screens import show
from bot.services import Ctx, Who, role_in, services
from flows import roles
from flows.base import FlowError
from flows.programme import (
    KINDS,
    MAX_DAYS,
    EditProgramme,
    Entry,
    Kind,
    by_day,
    check_room,
    entry_title,
    parse_day,
    parse_kind,
    parse_line,
    parse_time,
)
from storage import dialogs, people, programme
from storage.records import Event, Session

ACTION = "pg"
DIALOG = "programme"
STEPS = ("day", "time", "kind", "title", "session")
"""What an entry is made of, in the order a new one is asked for."""


async def organizing(update: Update, context: Ctx, event_id: int) -> tuple[Who, Event]:
    """The person as an organizer of the event; anyone else is refused."""
    who = await private_who(update, context)
    async with services(context).db.transaction() as tx:
        event = await people.get_event(tx, event_id)
        role = (await role_in(context, tx, event, None, who.user_id)
                if event is not None and who is not None else roles.Role.OUTSIDER)
    roles.require(EditProgramme(actor=who.user_id if who else 0, event_id=event_id), role)
    assert who is not None and event is not None
    return who, event


async def programme_command(update: Update, context: Ctx) -> None:
    """``/programme``: the programme of the event (chosen first if there are several);
    ``/programme <line>`` adds an entry to the event shown last (or the newest)."""
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    async with services(context).db.transaction() as tx:
        mine = await people.events_organized_by(tx, who.user_id)
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if not mine:
        await message.reply_text(who.t("programme.no_events"))
        return
    shown = found[1].get("event") if found and found[0] == DIALOG else None
    line = " ".join(context.args or ())
    if line:
        event = next((e for e in mine if e.id == shown), mine[0])
        who, event = await organizing(update, context, event.id)
        note = await add_lines(context, who, event, line)
        await send_programme(context, who, event, None, note)
        return
    if len(mine) == 1:
        await send_programme(context, who, mine[0], None)
        return
    sign = services(context).signer
    rows = [[sign.button(who.user_id, e.title[:60], ACTION, "v", e.id)] for e in mine[:20]]
    await message.reply_text(who.t("programme.choose_event"),
                             reply_markup=InlineKeyboardMarkup(rows))


async def add_lines(context: Ctx, who: Who, event: Event, text: str) -> str:
    """Each line an entry; says what was added and which lines could not be read."""
    added, refused = [], []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            line = parse_line(raw)
            async with services(context).db.transaction() as tx:
                check_room(len(await programme.programme_of(tx, event.id)))
                added.append(await programme.add_entry(tx, event.id, line.day, line.time,
                                                       line.title, line.kind))
        except FlowError as error:
            refused.append(who.t("programme.line_refused", line=raw.strip()[:80],
                                 reason=who.t(error.key, **error.params)))
    notes = [who.t("programme.added", count=len(added))] if added else []
    return "\n".join(notes + refused)


# -- the programme screen ----------------------------------------------------------------------
async def programme_screen(context: Ctx, who: Who, event: Event, note: str = "") -> tuple[
    str, InlineKeyboardMarkup
]:
    """The programme day by day, a button per entry, and how to add one."""
    t, sign = who.t, services(context).signer
    async with services(context).db.transaction() as tx:
        entries = await programme.programme_of(tx, event.id)
        sessions = {s.id: s for s in await people.sessions_of(tx, event.id)}
    lines = [t("programme.title", title=event.title)]
    rows: list[list[InlineKeyboardButton]] = []
    for day, items in by_day(entries):
        lines.append("\n" + t("programme.day", number=day))
        for entry in items:
            lines.append(entry_line(who, entry, sessions))
            rows.append([sign.button(who.user_id, f"✏️ {day} · {entry_line(who, entry, {})}"[:60],
                                     ACTION, "e", entry.id)])
    if not entries:
        lines.append(t("programme.empty"))
    lines.append("\n" + t("programme.hint"))
    if note:
        lines.insert(0, note + "\n")
    rows.append([sign.button(who.user_id, t("programme.add"), ACTION, "a", event.id)])
    rows.append([sign.button(who.user_id, t("programme.done"), ACTION, "f", event.id)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def entry_line(who: Who, entry: Entry, sessions: dict[int, Session]) -> str:
    """"09:30 Uhr Begrüßung: Grußworte → Werkstatt 2"."""
    kind = who.t(f"programme.kind_{entry.kind}")
    time = who.t("programme.time", time=entry.time) if entry.time else "–"
    text = f"{time} {kind}" + (f": {entry.title}" if entry.title else "")
    session = sessions.get(entry.session_id) if entry.session_id is not None else None
    return text + (f" → {session.title}" if session else "")


async def send_programme(context: Ctx, who: Who, event: Event, message: Message | None,
                         note: str = "") -> None:
    """Show the programme (edited in place, or anew); typed lines now add entries."""
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, {"event": event.id})
    text, markup = await programme_screen(context, who, event, note)
    await show(context, who.user_id, message, text, markup)


# -- adding and changing an entry, one step at a time ------------------------------------------
def step_screen(context: Ctx, who: Who, event: Event, step: str, data: dict[str, Any],
                sessions: list[Session], days: int) -> tuple[str, InlineKeyboardMarkup]:
    """The question of one step, with buttons where there are choices."""
    t, sign = who.t, services(context).signer

    def button(label: str, *args: object) -> InlineKeyboardButton:
        return sign.button(who.user_id, label, ACTION, *args)

    rows: list[list[InlineKeyboardButton]] = []
    if step == "day":
        tiles = [button(t("programme.day", number=n), "d", event.id, n)
                 for n in range(1, min(days + 1, MAX_DAYS) + 1)]
        rows += [tiles[i:i + 3] for i in range(0, len(tiles), 3)]
    elif step == "time":
        rows.append([button(t("programme.no_time"), "t", event.id)])
    elif step == "kind":
        tiles = [button(t(f"programme.kind_{kind}"), "k", event.id, kind) for kind in KINDS]
        rows += [tiles[i:i + 3] for i in range(0, len(tiles), 3)]
    elif step == "title" and data.get("kind") == "break":
        rows.append([button(t("programme.no_title"), "n", event.id)])
    elif step == "session":
        rows += [[button(s.title[:60], "s", event.id, s.id)] for s in sessions[:30]]
        rows.append([button(t("programme.no_session"), "s", event.id, 0)])
    rows.append([button(t("core.cancel"), "v", event.id)])
    return t(f"programme.ask_{step}"), InlineKeyboardMarkup(rows)


async def ask_step(context: Ctx, who: Who, event: Event, data: dict[str, Any],
                   message: Message | None) -> None:
    """Keep the answers so far and ask the step in ``data["step"]``."""
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)
        sessions = await people.sessions_of(tx, event.id)
        entries = await programme.programme_of(tx, event.id)
    days = max((e.day for e in entries), default=0) + 1
    text, markup = step_screen(context, who, event, str(data["step"]), data, sessions, days)
    await show(context, who.user_id, message, text, markup)


async def answered(context: Ctx, who: Who, event: Event, data: dict[str, Any], value: Any,
                   message: Message | None) -> None:
    """One step answered: a change is saved at once; a new entry goes on to the next step
    and is stored after the last."""
    step = str(data["step"])
    if data.get("entry"):
        async with services(context).db.transaction() as tx:
            found = await programme.get_entry(tx, int(data["entry"]))
            if found is None or found[0] != event.id:
                raise FlowError("core.stale_button")
            entry = found[1].model_copy(update={step if step != "session" else "session_id":
                                                value})
            if step == "kind":
                entry = entry.model_copy(update={"title": entry_title(entry.title, value)})
            await programme.replace_entry(tx, entry)
        await send_entry(context, who, event, entry, message)
        return
    draft = {**data.get("new", {}), step: value}
    following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else None
    if following is not None:
        await ask_step(context, who, event, {"event": event.id, "step": following, "new": draft,
                                             "kind": draft.get("kind")}, message)
        return
    async with services(context).db.transaction() as tx:
        check_room(len(await programme.programme_of(tx, event.id)))
        entry = await programme.add_entry(tx, event.id, int(draft["day"]), draft.get("time"),
                                          str(draft["title"]), parse_kind(str(draft["kind"])),
                                          int(draft["session"]) or None)
    await send_programme(context, who, event, message,
                         who.t("programme.added_one", entry=entry_line(who, entry, {})))


async def send_entry(context: Ctx, who: Who, event: Event, entry: Entry,
                     message: Message | None) -> None:
    """One entry with a button for each of its parts, and to delete it."""
    t, sign = who.t, services(context).signer
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, {"event": event.id})
        sessions = {s.id: s for s in await people.sessions_of(tx, event.id)}
    text = t("programme.entry", day=entry.day, entry=entry_line(who, entry, sessions))
    tiles = [sign.button(who.user_id, t(f"programme.change_{part}"), ACTION, "c", entry.id, part)
             for part in STEPS]
    rows = [tiles[i:i + 3] for i in range(0, len(tiles), 3)]
    rows.append([sign.button(who.user_id, t("programme.delete"), ACTION, "x", entry.id),
                 sign.button(who.user_id, t("programme.back"), ACTION, "v", event.id)])
    await show(context, who.user_id, message, text, InlineKeyboardMarkup(rows))


# -- buttons and typed answers -----------------------------------------------------------------
def number(args: list[str], index: int) -> int:
    if len(args) <= index or not args[index].isdigit():
        raise FlowError("core.stale_button")
    return int(args[index])


async def programme_button(update: Update, context: Ctx, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    op, rest = (args[0], args[1:]) if args else ("", [])
    message = query.message if isinstance(query.message, Message) else None
    if op in ("e", "c", "x"):
        async with services(context).db.transaction() as tx:
            found = await programme.get_entry(tx, number(rest, 0))
        if found is None:
            raise FlowError("core.stale_button")
        who, event = await organizing(update, context, found[0])
        await query.answer()
        entry = found[1]
        if op == "e":
            await send_entry(context, who, event, entry, message)
        elif op == "c":
            step = rest[1] if len(rest) > 1 and rest[1] in STEPS else "title"
            await ask_step(context, who, event, {"event": event.id, "step": step,
                                                 "entry": entry.id, "kind": entry.kind}, message)
        else:
            async with services(context).db.transaction() as tx:
                await programme.delete_entry(tx, entry.id)
            await send_programme(context, who, event, message,
                                 who.t("programme.deleted", entry=entry_line(who, entry, {})))
        return
    who, event = await organizing(update, context, number(rest, 0))
    await query.answer()
    if op == "v":
        await send_programme(context, who, event, message)
    elif op == "a":
        async with services(context).db.transaction() as tx:
            check_room(len(await programme.programme_of(tx, event.id)))
        await ask_step(context, who, event, {"event": event.id, "step": "day", "new": {}},
                       message)
    elif op == "f":
        async with services(context).db.transaction() as tx:
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
        text, _ = await programme_screen(context, who, event)
        await show(context, who.user_id, message, text, InlineKeyboardMarkup([]))
    else:
        await step_button(context, who, event, op, rest, message)


async def step_button(context: Ctx, who: Who, event: Event, op: str, rest: list[str],
                      message: Message | None) -> None:
    """A choice in a step: the day, no time, the kind, no title, the session."""
    steps = {"d": "day", "t": "time", "k": "kind", "n": "title", "s": "session"}
    if op not in steps:
        raise FlowError("core.stale_button")
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        sessions = {s.id for s in await people.sessions_of(tx, event.id)}
    data = found[1] if found and found[0] == DIALOG else {}
    if data.get("event") != event.id or data.get("step") != steps[op]:
        raise FlowError("core.stale_button")
    value: Any = None
    if op == "d":
        value = parse_day(rest[1] if len(rest) > 1 else "")
    elif op == "k":
        value = parse_kind(rest[1] if len(rest) > 1 else "")
    elif op == "n":
        value = ""
    elif op == "s":
        chosen = number(rest, 1)
        if chosen and chosen not in sessions:
            raise FlowError("core.stale_button")
        value = chosen or (0 if not data.get("entry") else None)
    await answered(context, who, event, data, value, message)


async def programme_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """Typed while the programme is shown: entries, one a line; during a step: its answer."""
    message = update.effective_message
    if message is None or not message.text:
        return
    who, event = await organizing(update, context, int(data["event"]))
    step = data.get("step")
    if step is None:
        note = await add_lines(context, who, event, message.text)
        await send_programme(context, who, event, None, note)
        return
    text = message.text
    value: Any
    if step == "day":
        value = parse_day(text)
    elif step == "time":
        value = parse_time(text)
    elif step == "kind":
        value = parse_kind(text)
    elif step == "title":
        kind: Kind = parse_kind(str(data.get("kind") or "werkstatt"))
        value = entry_title(text, kind)
    else:
        raise FlowError("programme.session_by_button")
    await answered(context, who, event, data, value, None)


async def programme_from_events(update: Update, context: Ctx, args: list[str]) -> None:
    """"Programm" under ``/events``."""
    query = update.callback_query
    assert query is not None
    who, event = await organizing(update, context, number(args, 0))
    await query.answer()
    await send_programme(context, who, event, None)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("programme", programme_command, filters.ChatType.PRIVATE & NEW)]


BUTTONS: Buttons = ((ACTION, programme_button), ("pgev", programme_from_events))
STARTS: Starts = ()
DIALOGS: Dialogs = ((DIALOG, programme_answer),)

"""A session's minutes in Telegram: ``/minutes`` in the session chat or privately
(``flows.minutes``), and what a session's draft still lacks when it ends.

In the session chat, ``/minutes <text>`` appends to the summary (a reaction says it is
stored) and ``/minutes`` alone sends the summary privately. In the private chat,
``/minutes`` lists the sessions the person records (one is shown at once): the summary
as it is, with buttons to append, replace, clear (asked once more) and finish. While
that dialogue is open every message appends (after "replace" the first one replaces).
After ``/endsession`` the person who ended the session is told privately what its draft
still lacks (summary, impulse, moderation), with a button for each.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler

from bot import speakers
from bot.handling import NEW, member_of, private_who
from bot.messaging import acknowledge, clip, send_private
from bot.routing import Buttons, Dialogs, Starts
from bot.screens import in_session, show
from bot.services import Ctx, Who, services, who_in_session
from flows import roles
from flows.base import FlowError
from flows.minutes import Mode, WriteMinutes, parse_mode, without_command, written
from flows.people import missing_pieces
from storage import contributors, dialogs
from storage import documentation as docs
from storage import minutes as stored
from storage.records import Session

ACTION = "mn"
DIALOG = "minutes"
SHOWN = 3000
"""Characters of a long summary shown on its screen (its end: where one goes on writing)."""


async def minutes_command(update: Update, context: Ctx) -> None:
    """``/minutes <text>`` appends in the session chat; ``/minutes`` alone shows the summary
    privately; in the private chat it lists the sessions one records."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if chat.type == ChatType.PRIVATE:
        await private_minutes(update, context)
        return
    who = await who_in_session(update, context)
    if who is None:
        return
    if who.session is None:
        raise FlowError("core.not_a_session")
    text = without_command(message.text)
    if text.strip():
        await write(context, who, who.session, "append", text)
        await acknowledge(update, context, who.t)
        return
    roles.require(WriteMinutes(actor=who.user_id, mode="append"), who.role)
    screen, markup = await summary_screen(context, who, who.session)
    await send_private(context, who.user_id, screen, markup, fallback=who.session)
    await acknowledge(update, context, who.t)


async def write(context: Ctx, who: Who, session: Session, mode: Mode, text: str = "") -> int:
    """Append, replace or clear; returns the summary's length after the change."""
    roles.require(WriteMinutes(actor=who.user_id, mode=mode, text=text), who.role)
    async with services(context).db.transaction() as tx:
        current = await stored.get_minutes(tx, session.id)
        after = written(current.text if current else None, mode, text)
        await stored.write_minutes(tx, session.id, after, who.user_id)
    return len(after or "")


async def private_minutes(update: Update, context: Ctx) -> None:
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    async with services(context).db.transaction() as tx:
        sessions = await stored.recorded_sessions(tx, who.user_id)
    if not sessions:
        await message.reply_text(who.t("minutes.no_sessions"))
        return
    if len(sessions) == 1:
        member = await member_of(update, context, sessions[0])
        if member is not None:
            screen, markup = await summary_screen(context, member, sessions[0])
            await message.reply_text(clip(screen), reply_markup=markup)
            return
    sign = services(context).signer
    rows = [[sign.button(who.user_id, s.title[:60], ACTION, "S", s.id)] for s in sessions[:20]]
    await message.reply_text(who.t("minutes.choose_session"),
                             reply_markup=InlineKeyboardMarkup(rows))


async def summary_screen(context: Ctx, who: Who, session: Session, note: str = "") -> tuple[
    str, InlineKeyboardMarkup
]:
    """The summary as it is now (its end, if long) with what one can do with it."""
    t, sign = who.t, services(context).signer
    async with services(context).db.transaction() as tx:
        current = await stored.get_minutes(tx, session.id)
    body = t("minutes.empty_yet") if current is None else (
        current.text if len(current.text) <= SHOWN else "…" + current.text[-SHOWN:])
    text = "\n\n".join(part for part in (note, t("minutes.screen", session=session.title),
                                         body, t("minutes.screen_hint")) if part)

    def button(key: str, op: str) -> InlineKeyboardButton:
        return sign.button(who.user_id, t(key), ACTION, op, session.id)

    rows = [[button("minutes.append", "a"), button("minutes.replace", "r")]]
    if current is not None:
        rows.append([button("minutes.clear", "c")])
    rows.append([button("minutes.done", "f")])
    return text, InlineKeyboardMarkup(rows)


async def minutes_button(update: Update, context: Ctx, args: list[str]) -> None:
    """Show, start appending or replacing, clear (after asking), finish."""
    query = update.callback_query
    assert query is not None
    op = args[0] if args else ""
    who, session = await in_session(update, context, int(args[1]) if len(args) > 1
                                    and args[1].isdigit() else 0)
    roles.require(WriteMinutes(actor=who.user_id, mode="append"), who.role)
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if op in ("a", "r"):
        mode = parse_mode("append" if op == "a" else "replace")
        async with services(context).db.transaction() as tx:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG,
                                       {"session": session.id, "mode": mode})
        await context.bot.send_message(who.user_id, who.t(f"minutes.ask_{mode}"),
                                       reply_markup=done_markup(context, who, session))
        return
    if op == "c":
        sign = services(context).signer
        markup = InlineKeyboardMarkup([[
            sign.button(who.user_id, who.t("minutes.clear_yes"), ACTION, "C", session.id),
            sign.button(who.user_id, who.t("core.cancel"), ACTION, "s", session.id)]])
        await show(context, who.user_id, message,
                   who.t("minutes.clear_confirm", session=session.title), markup)
        return
    note = ""
    if op == "C":
        await write(context, who, session, "clear")
        note = who.t("minutes.cleared")
    if op == "f":
        async with services(context).db.transaction() as tx:
            found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
            if found is not None and found[0] == DIALOG:
                await dialogs.end_dialog(tx, who.user_id, who.user_id)
        note = who.t("minutes.finished")
    screen, markup = await summary_screen(context, who, session, note)
    await show(context, who.user_id, None if op == "S" else message, screen, markup)


def done_markup(context: Ctx, who: Who, session: Session) -> InlineKeyboardMarkup:
    sign = services(context).signer
    return InlineKeyboardMarkup([[sign.button(who.user_id, who.t("minutes.done"), ACTION, "f",
                                              session.id)]])


async def minutes_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """A private message while the dialogue is open: appended (or, first, replacing)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    who, session = await in_session(update, context, int(data["session"]))
    mode = parse_mode(str(data.get("mode")))
    length = await write(context, who, session, mode, message.text)
    if mode == "replace":
        async with services(context).db.transaction() as tx:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG,
                                       {"session": session.id, "mode": "append"})
    await message.reply_text(who.t("minutes.saved", count=length),
                             reply_markup=done_markup(context, who, session))


# -- what a draft lacks at the session's end ---------------------------------------------------
async def remind_missing(context: Ctx, who: Who, session: Session) -> None:
    """Tell the person who ended the session what its draft lacks, with a button for each."""
    async with services(context).db.transaction() as tx:
        summary = await stored.get_minutes(tx, session.id)
        chosen = await contributors.contributors_of(tx, session.id)
        texts = await docs.session_texts(tx, session.id)
    parts: set[str] = {c.role for c in chosen}
    parts |= {part for part, text in (("impulse", texts.impulse),
                                      ("moderation", texts.moderation)) if text}
    missing = missing_pieces(summary is not None, parts)
    if not missing:
        return
    sign = services(context).signer
    rows = []
    for piece in missing:
        label = who.t(f"minutes.add_{piece}")
        if piece == "minutes":
            rows.append([sign.button(who.user_id, label, ACTION, "a", session.id)])
        else:
            rows.append([sign.button(who.user_id, label, speakers.ACTION, "O", session.id,
                                     piece)])
    names = ", ".join(who.t(f"minutes.piece_{piece}") for piece in missing)
    await send_private(context, who.user_id,
                       who.t("minutes.missing", session=session.title, pieces=names),
                       InlineKeyboardMarkup(rows))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("minutes", minutes_command, NEW)]


BUTTONS: Buttons = ((ACTION, minutes_button),)
STARTS: Starts = ()
DIALOGS: Dialogs = ((DIALOG, minutes_answer),)

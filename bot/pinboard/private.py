"""Private notes: the board's button opens a private chat where people pick a question and write.

The button on the live message answers with a deep link (``/start pin_<round>``),
so pressing it also makes the person known in the session. In the private
chat the person picks a question with buttons (not needed with one question),
then every message is a note to it until they pick another or the collection
ends; if the board allows it, a button makes their private notes anonymous.
Edits of those messages change the notes, as in the group. A note counts by when
it was sent, as in the group; one the inbox hands over again after a crash that
was stored already gets its answer again.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.handling import member_of, source_of
from bot.once import replayed
from bot.pinboard.common import KIND, board_by_id, board_member, round_arg
from bot.pinboard.notes import add_late, sent_with
from bot.pinboard.render import short
from bot.rounds import act
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, services, who_in_session
from flows import pinboard, roles
from flows.base import FlowError
from flows.pinboard import (
    AddNotes,
    EditNotes,
    PinboardState,
    UndoNote,
    note_lines,
    notes_from_source,
    parse_note,
)
from storage import dialogs
from storage.records import Session

DIALOG = "pinnote"
ENDED = frozenset({"pinboard.not_now", "pinboard.none_open", "core.round_closed"})
"""Refusals after which the private dialogue has nothing more to collect."""


async def private_link(update: Update, context: Ctx, args: list[str]) -> None:
    """The board's "write privately" button: open the private chat through a deep link."""
    who = await who_in_session(update, context)
    query = update.callback_query
    assert query is not None
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    round_id = round_arg(args)
    _, state, _ = await board_by_id(context, round_id)
    pinboard.check(state, AddNotes)
    await query.answer(url=services(context).deep_link(f"pin_{round_id}"))


async def writer(update: Update, context: Ctx, round_id: int
                 ) -> tuple[Who, Session, PinboardState]:
    """The person as a member of the board's session, while the board collects notes."""
    who, session, state = await board_member(update, context, round_id)
    roles.require(AddNotes, who.role)
    pinboard.check(state, AddNotes)
    return who, session, state


async def pressed_by_writer(update: Update, context: Ctx, args: list[str]
                            ) -> tuple[CallbackQuery, int, Who, PinboardState]:
    """A button of a private note's prompt: the press, its round and the writer (``writer``)."""
    query = update.callback_query
    assert query is not None
    round_id = round_arg(args)
    who, _, state = await writer(update, context, round_id)
    return query, round_id, who, state


async def start_private_note(update: Update, context: Ctx, rest: str) -> None:
    """``/start pin_<round>``: pick a question, or write at once on a one-question board."""
    message = update.effective_message
    assert message is not None
    round_id = round_arg([rest])
    who, _, state = await writer(update, context, round_id)
    if len(state.questions) == 1:
        data = {"round": round_id, "question": 1, "anonymous": False}
        text, markup = prompt(context, who, state, data)
        sent = await message.reply_text(text, reply_markup=markup)
        await remember(context, who, {**data, "prompt": sent.message_id})
        return
    text, markup = question_picker(context, who, round_id, state)
    await message.reply_text(text, reply_markup=markup)


def question_picker(context: Ctx, who: Who, round_id: int,
                    state: PinboardState) -> tuple[str, InlineKeyboardMarkup]:
    signer = services(context).signer
    rows = [
        [signer.button(who.user_id, f"{n}. {short(question, 40)}", "pbpq", round_id, n)]
        for n, question in enumerate(state.questions, start=1)
    ]
    return who.t("pinboard.private_pick", title=state.title), InlineKeyboardMarkup(rows)


def prompt(context: Ctx, who: Who, state: PinboardState,
           data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """What to write and where it goes, with the anonymity switch if the board allows it."""
    signer = services(context).signer
    number = int(data["question"])
    round_id = int(data["round"])
    rows: list[list[InlineKeyboardButton]] = []
    if state.anonymity_allowed:
        on = bool(data["anonymous"])
        key = "pinboard.private_anonymous_on" if on else "pinboard.private_anonymous_off"
        rows.append([signer.button(who.user_id, who.t(key), "pbanon", round_id)])
    if len(state.questions) > 1:
        rows.append([signer.button(who.user_id, who.t("pinboard.private_other_question"),
                                   "pbchg", round_id)])
    rows.append([signer.button(who.user_id, who.t("core.cancel"), "cancel")])
    text = who.t("pinboard.private_prompt", number=number,
                 question=state.questions[number - 1])
    return text, InlineKeyboardMarkup(rows)


async def remember(context: Ctx, who: Who, data: dict[str, Any]) -> None:
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)


async def show_prompt(query: CallbackQuery, context: Ctx, who: Who, state: PinboardState,
                      data: dict[str, Any]) -> None:
    """Keep the person's choice and show, in place of the buttons pressed, where notes go now."""
    await remember(context, who, data)
    await query.answer()
    text, markup = prompt(context, who, state, data)
    await query.edit_message_text(text, reply_markup=markup)


async def current(context: Ctx, who: Who, round_id: int) -> dict[str, Any]:
    """The person's private note dialogue for this board; another board's buttons are stale."""
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != DIALOG or found[1].get("round") != round_id:
        raise FlowError("core.stale_button")
    return found[1]


async def pick_private_question(update: Update, context: Ctx, args: list[str]) -> None:
    """The question chosen: from now on each message is a note to it."""
    query = update.callback_query
    assert query is not None and query.message is not None
    round_id, number = round_arg(args), round_arg(args, 1)
    who, _, state = await writer(update, context, round_id)
    if not 1 <= number <= len(state.questions):
        raise FlowError("core.stale_button")
    data = {"round": round_id, "question": number, "anonymous": False,
            "prompt": query.message.message_id}
    await show_prompt(query, context, who, state, data)


async def toggle_anonymous(update: Update, context: Ctx, args: list[str]) -> None:
    """Private notes from now on anonymous, or named again."""
    query, round_id, who, state = await pressed_by_writer(update, context, args)
    data = await current(context, who, round_id)
    data["anonymous"] = not data.get("anonymous") and state.anonymity_allowed
    await show_prompt(query, context, who, state, data)


async def change_question(update: Update, context: Ctx, args: list[str]) -> None:
    query, round_id, who, state = await pressed_by_writer(update, context, args)
    await query.answer()
    text, markup = question_picker(context, who, round_id, state)
    await query.edit_message_text(text, reply_markup=markup)


async def private_note(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """A message in the private chat: notes to the chosen question (an edit changes them)."""
    message = update.effective_message
    assert message is not None
    round_id = int(data["round"])
    _, state, session = await board_by_id(context, round_id)
    who = await member_of(update, context, session)
    if who is None:
        return
    # The chosen question goes in front; a number the person wrote stays part of the note.
    text = f"{data['question']} {message.text or ''}"
    try:
        if update.edited_message is not None:
            await edit_private_note(context, who, session, round_id, message, text)
            return
        source = source_of(message)
        event = sent_with(parse_note(text, who.user_id, questions=len(state.questions),
                                     source=source, anonymous=bool(data.get("anonymous"))),
                          message)
        try:
            step = await act(context, session, event, who.role, kind=KIND, round_id=round_id,
                             source=source)
        except FlowError as error:
            if error.key != "core.round_closed":
                raise
            step = await add_late(context, who, session, event, source, error, round_id)
    except FlowError as error:
        if error.key == "duplicate" and replayed(update):
            # Stored before a crash that took its answer with it: the answer, once more.
            _, state, _ = await board_by_id(context, round_id)
            await tell_noted(message, who, state, source_of(message), data)
            return
        if error.key in ENDED:  # a board that ended ends the dialogue too; then refused
            async with services(context).db.transaction() as tx:
                await dialogs.end_dialog(tx, who.user_id, who.user_id)
        raise  # answered where every refusal is (bot.handling.refusing)
    await tell_noted(message, who, step.state, source, data)


async def tell_noted(message: Message, who: Who, state: PinboardState, source: str,
                     data: dict[str, Any]) -> None:
    """The private answer to a note: the numbers it got on the board."""
    numbers = notes_from_source(state, source)
    await message.reply_text(who.t("pinboard.private_noted", numbers=", ".join(map(str, numbers)),
                                   number=data["question"]))


async def edit_private_note(context: Ctx, who: Who, session: Session, round_id: int,
                            message: Message, text: str) -> None:
    event = EditNotes(actor=who.user_id, source=source_of(message), texts=note_lines(text))
    await act(context, session, event, who.role, kind=KIND, round_id=round_id)
    await message.reply_text(who.t("pinboard.private_edited"))


async def private_undo(update: Update, context: Ctx) -> None:
    """``/undo`` in the private chat withdraws the latest note on the board being written to."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, user.id, user.id)
    if found is None or found[0] != DIALOG:
        raise FlowError("pinboard.undo_where")
    round_id = int(found[1]["round"])
    _, _, session = await board_by_id(context, round_id)
    who = await member_of(update, context, session)
    if who is None:
        return
    await act(context, session, UndoNote(actor=who.user_id), who.role, kind=KIND,
              round_id=round_id)


BUTTONS: Buttons = (
    ("pbpriv", private_link),
    ("pbpq", pick_private_question),
    ("pbanon", toggle_anonymous),
    ("pbchg", change_question),
)
STARTS: Starts = (
    ("pin", start_private_note),
)
DIALOGS: Dialogs = (
    (DIALOG, private_note),
)

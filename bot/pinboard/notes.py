"""Notes in the session chat: replies to the board, ``/note``, edits, ``/undo``, ``/hide``.

All of it works with the group's privacy mode on: the bot only sees commands
and replies to its own messages. A reply to the board without a question
number (on a board of several questions) gets buttons to choose one; the
note's text waits in a dialogue until the author chooses, so the choice
survives a restart. Edits of a message that carried notes change those notes. A note
counts by when it was sent: one that reached the bot after its board stopped
collecting (it waited behind its author's other messages, or across a
restart) is still taken if it was sent before (the flow's rule), with or
without a number; a chosen question keeps the time its note was sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update

from bot.handling import pressed_in_session, replied, source_of
from bot.messaging import acknowledge, safe_delete
from bot.pinboard.common import KIND, in_session, open_board, react, round_arg
from bot.pinboard.opening import DIALOG as SETUP_DIALOG
from bot.pinboard.opening import is_prompt, setup_answer, topic
from bot.pinboard.render import short
from bot.rounds import act, contribute
from bot.routing import Buttons
from bot.services import Ctx, Who, services, who_in_session
from flows import pinboard, roles
from flows.base import FlowError, Step
from flows.pinboard import (
    AddNotes,
    EditNotes,
    HideNotes,
    Phase,
    PinboardState,
    UndoNote,
    note_lines,
    notes_from_source,
    parse_cluster_command,
    parse_hide,
    parse_note,
)
from flows.pinboard.machine import sent_while_collecting
from flows.pinboard.parse import strip_command
from storage import dialogs
from storage import rounds as stored
from storage.records import RoundRecord, Session

PICK = "pinpick"
LATE = frozenset({"pinboard.none_open", "core.round_closed"})
"""Refusals after which a note may still have been sent while the last board collected."""
SILENT_EDITS = frozenset({"pinboard.note_unchanged", "pinboard.none_open", "duplicate"})
"""An edit that changes nothing a person needs to hear about."""


@in_session
async def reply_to_board(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """A reply to a pinboard message: a setup answer, a grouping command, or a note."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, message.chat_id,
                                         thread_id=session.thread_id)
    if found is not None and found[0] == SETUP_DIALOG and is_prompt(found[1], replied):
        await setup_answer(context, who, message, found[1])
        return
    text = message.text or ""
    if who.role in roles.STEER:
        try:
            record, state = await open_board(context, session.id)
        except FlowError as error:  # no board open: a note may still have been sent in time
            if error.key not in LATE:
                raise
            await take_note(update, context, who, session, text)
            return
        if state.phase == Phase.CLUSTERING:
            event = parse_cluster_command(text, who.user_id)
            await act(context, session, event, who.role, kind=KIND, round_id=record.id)
            await acknowledge(update, context, who.t)
            return
    await take_note(update, context, who, session, text)


@in_session
async def note_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/note 2 Hausmeister & Versicherung``; every further line is another note."""
    await take_note(update, context, who, session, message.text or "")


async def take_note(update: Update, context: Ctx, who: Who, session: Session, text: str) -> None:
    """Add the message's notes, or ask which question they belong to.

    A numbered note needs nothing from the board before ``contribute`` (which
    applies it to the newest board and lets the flow check the number); the
    reaction follows once the journal stored it, so a burst stays cheap.
    """
    assert update.effective_message is not None
    source = source_of(update.effective_message)
    try:
        # With zero questions known, a note without a number raises which_question.
        event = parse_note(text, who.user_id, questions=0, source=source)
    except FlowError as error:  # a note without a number: find a question for it instead
        if error.key != "pinboard.which_question":
            raise
        await take_unnumbered_note(update, context, who, session, text, source)
        return
    await add_note(update, context, who, session, sent_with(event, update.effective_message),
                   source)


async def add_note(update: Update, context: Ctx, who: Who, session: Session, event: AddNotes,
                   source: str) -> None:
    """Add the notes to the newest board, or to the last one if it closed after they were sent."""
    try:
        await contribute(context, update, session, event, who.role, kind=KIND, source=source,
                         acknowledge=lambda: acknowledge(update, context, who.t))
    except FlowError as error:
        if error.key not in LATE:
            raise
        await add_late(context, who, session, event, source, error)
        await acknowledge(update, context, who.t)


def sent_with(event: AddNotes, message: Message) -> AddNotes:
    """The note with the time its message was sent: it counts by that, not by its handling."""
    return event.model_copy(update={"sent": message.date})


async def add_late(context: Ctx, who: Who, session: Session, event: AddNotes, source: str,
                   refusal: FlowError, round_id: int | None = None) -> Step[Any]:
    """A note for the session's last board (or this one), which closed before the note was
    handled: taken if it was sent while the board collected; otherwise ``refusal`` stands."""
    async with services(context).db.transaction() as tx:
        record = (await stored.get_round(tx, round_id) if round_id is not None
                  else await stored.last_round(tx, session.id, KIND))
    if record is None or record.is_open or event.sent is None:
        raise refusal
    try:
        return await act(context, session, event, who.role, kind=KIND, round_id=record.id,
                         source=source, late=True)
    except FlowError as error:
        if error.key == "pinboard.not_now":
            raise refusal from None
        raise


async def take_unnumbered_note(update: Update, context: Ctx, who: Who, session: Session,
                               text: str, source: str) -> None:
    """On a board of one question the note goes there; otherwise the author chooses.

    With no board open, the session's last board says how many questions there
    were: the note may have been sent while it collected.
    """
    message = update.effective_message
    assert message is not None
    refusal: FlowError | None = None
    try:
        record, state = await open_board(context, session.id)
    except FlowError as error:
        if error.key not in LATE:
            raise
        record, state = await last_board(context, session, error)
        refusal = error
    try:
        event = parse_note(text, who.user_id, questions=len(state.questions), source=source)
    except FlowError as error:  # several questions: the author picks one with buttons
        if error.key != "pinboard.which_question":
            raise
        probe = AddNotes(actor=who.user_id, question=1, texts=(), sent=message.date)
        if not (pinboard.legal(state, AddNotes) or sent_while_collecting(state, probe)):
            if refusal is not None:
                raise refusal from None
            pinboard.check(state, AddNotes)
        await ask_question(update, context, who, record, state, text, error)
        return
    await add_note(update, context, who, session, sent_with(event, message), source)


async def last_board(context: Ctx, session: Session,
                     refusal: FlowError) -> tuple[RoundRecord, PinboardState]:
    """The session's last board, closed; without one ``refusal`` stands."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        record = await stored.last_round(tx, session.id, KIND)
    if record is None or record.is_open:
        raise refusal
    return record, svc.states.parse(svc.formats[KIND], record)


async def ask_question(update: Update, context: Ctx, who: Who, record: RoundRecord,
                       state: PinboardState, text: str, error: FlowError) -> None:
    """Buttons for each question; the note waits, as the author's dialogue, for the choice."""
    message = update.effective_message
    assert message is not None
    signer = services(context).signer
    rows = [
        [signer.button(message.chat_id, f"{n}. {short(question, 40)}", "pbpick", record.id, n)]
        for n, question in enumerate(state.questions, start=1)
    ]
    prompt = await message.reply_text(who.t(error.key, **error.params),
                                      reply_markup=InlineKeyboardMarkup(rows))
    pending = {"round": record.id, "text": strip_command(text), "message": message.message_id,
               "prompt": prompt.message_id, "sent": message.date.isoformat()}
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, message.chat_id, PICK, pending,
                                   thread_id=topic(who))


async def pick_question(update: Update, context: Ctx, args: list[str]) -> None:
    """The author chose the question for a note that came without a number."""
    query = update.callback_query
    who = await who_in_session(update, context)
    assert query is not None and query.message is not None
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    round_id, question = round_arg(args), round_arg(args, 1)
    chat_id = query.message.chat.id
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, chat_id, thread_id=topic(who))
    pending = found[1] if found is not None and found[0] == PICK else {}
    if pending.get("prompt") != query.message.message_id or pending.get("round") != round_id:
        raise FlowError("pinboard.pick_not_yours")
    source = f"{chat_id}:{pending['message']}"
    # With the number in front, parse_note does not consult the count of questions.
    event = parse_note(f"{question} {pending['text']}", who.user_id, questions=question,
                       source=source)
    if "sent" in pending:  # a dialogue from before notes kept their time has none
        event = event.model_copy(update={"sent": datetime.fromisoformat(pending["sent"])})
    try:
        await act(context, who.session, event, who.role, kind=KIND, round_id=round_id,
                  source=source)
    except FlowError as error:  # the board closed meanwhile: the note's sending time decides
        if error.key not in LATE:
            raise
        await add_late(context, who, who.session, event, source, error, round_id=round_id)
    async with services(context).db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, chat_id, thread_id=topic(who))
    await query.answer(who.t("pinboard.noted_to", number=question))
    await react(context, chat_id, int(pending["message"]))
    await safe_delete(context, chat_id, query.message.message_id)


async def edit_note(update: Update, context: Ctx) -> None:
    """An edited message that carried notes: its lines replace them (while collecting)."""
    message = update.edited_message
    who = await who_in_session(update, context)
    if message is None or who is None or who.session is None:
        return
    try:
        record, state = await open_board(context, who.session.id)
        source = source_of(message)
        if not notes_from_source(state, source) and source not in state.retired_sources:
            return
        event = EditNotes(actor=who.user_id, source=source,
                          texts=note_lines(message.text or ""))
        await act(context, who.session, event, who.role, kind=KIND, round_id=record.id)
    except FlowError as error:  # an edit the board cannot take any more changes nothing, silently
        if error.key not in SILENT_EDITS:
            raise


@in_session
async def undo_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/undo`` withdraws the author's most recent note (the flow confirms privately)."""
    record, _ = await open_board(context, session.id)
    await act(context, session, UndoNote(actor=who.user_id), who.role, kind=KIND,
              round_id=record.id)
    await acknowledge(update, context, who.t)


@in_session
async def hide_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/hide`` as a reply to a note's message, or ``/hide 4 5`` by number."""
    record, state = await open_board(context, session.id)
    answered = replied(message)
    text = message.text or ""
    if not strip_command(text).strip() and answered is not None:
        numbers = notes_from_source(state, source_of(answered))
        if not numbers:
            raise FlowError("pinboard.hide_how")
        event: HideNotes = HideNotes(actor=who.user_id, numbers=numbers)
    else:
        parsed = parse_hide(text, who.user_id)
        assert isinstance(parsed, HideNotes)
        event = parsed
    await act(context, session, event, who.role, kind=KIND, round_id=record.id)
    said = who.t("pinboard.hidden", numbers=listed(event.numbers), count=len(event.numbers))
    try:
        restore = services(context).signer.button(
            message.chat_id, who.t("pinboard.button_restore"), "pbrest", record.id,
            ".".join(map(str, event.numbers)))
    except ValueError:  # too many numbers for one button: /restore still works
        await message.reply_text(said)
        return
    await message.reply_text(said, reply_markup=InlineKeyboardMarkup([[restore]]))


def listed(numbers: tuple[int, ...]) -> str:
    """Note numbers as people read them in a sentence: "4, 5, 7"."""
    return ", ".join(map(str, numbers))


@in_session
async def restore_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/restore 4`` shows hidden notes again."""
    record, _ = await open_board(context, session.id)
    event = parse_hide(message.text or "", who.user_id, restore=True)
    await act(context, session, event, who.role, kind=KIND, round_id=record.id)
    await message.reply_text(who.t("pinboard.restored", numbers=listed(event.numbers),
                                   count=len(event.numbers)))


async def restore_button(update: Update, context: Ctx, args: list[str]) -> None:
    """The button under "hidden": the same notes are shown again."""
    query, who, session = await pressed_in_session(update, context)
    round_id = round_arg(args)
    numbers = args[1] if len(args) > 1 else ""
    event = parse_hide(numbers.replace(".", " "), who.user_id, restore=True)
    await act(context, session, event, who.role, kind=KIND, round_id=round_id)
    await query.answer()
    await query.edit_message_text(who.t("pinboard.restored", numbers=listed(event.numbers),
                                        count=len(event.numbers)))


BUTTONS: Buttons = (
    ("pbpick", pick_question),
    ("pbrest", restore_button),
)

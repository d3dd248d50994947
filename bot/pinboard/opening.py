"""Opening a board: ``/pinboard [anonym] [10m] Title`` with questions, or step by step.

``/pinboard`` alone asks the facilitator in the group, with prompts they
answer by replying (``ForceReply``, selective, so only they are asked): the
title, then the questions one a line, then the duration with buttons (and
whether private notes may be anonymous). The answers are kept as a dialogue
in the database, so a restart in between loses nothing.
"""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update

from bot.messaging import safe_delete
from bot.pinboard.common import in_session, round_arg
from bot.pinboard.format import FORMAT
from bot.pinboard.render import MARK
from bot.rounds import open_round
from bot.routing import Buttons
from bot.services import Ctx, Who, services, who_in_session
from flows import roles
from flows.base import FlowError
from flows.pinboard import OpenBoard, parse_open
from flows.pinboard.model import check_open, clean
from flows.pinboard.parse import strip_command
from storage import dialogs
from storage.records import Session

DIALOG = "pinsetup"
DURATIONS = (0, 5, 10, 15, 20, 30)
"""Minutes offered as buttons in the last step; 0 means no timer."""
TITLE_ERRORS = frozenset({"pinboard.title_missing", "pinboard.title_too_long"})


@in_session
async def pinboard_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/pinboard`` with a title and questions opens the board; alone, it asks step by step."""
    text = message.text or ""
    if strip_command(text).strip():
        await open_round(context, session, FORMAT, parse_open(text, who.user_id), who.role)
        return
    roles.require(OpenBoard, who.role)
    await services(context).rounds.none_open(session.id)
    await ask(context, who, message, {"step": "title"}, who.t("pinboard.setup_title"))


async def ask(context: Ctx, who: Who, message: Message, data: dict[str, Any], text: str) -> None:
    """Prompt the facilitator for the next answer, as a reply only they are asked to give."""
    prompt = await message.reply_text(f"{MARK} {text}", reply_markup=ForceReply(selective=True))
    data["prompt"] = prompt.message_id
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, message.chat_id, DIALOG, data,
                                   thread_id=topic(who))


def topic(who: Who) -> int:
    """The forum topic of the session the setup is for (0 outside forum topics)."""
    return who.session.thread_id if who.session is not None else 0


async def setup_answer(
    context: Ctx, who: Who, message: Message, data: dict[str, Any]
) -> None:
    """A reply to one of the prompts: the title, then the questions, then the timing buttons."""
    text = message.text or ""
    if data["step"] == "title":
        data.update(step="questions", title=clean(text))
        text = who.t("pinboard.setup_questions", title=data["title"])
        await ask(context, who, message, data, text)
        return
    questions = tuple(clean(line) for line in text.split("\n") if clean(line))
    try:
        check_open(OpenBoard(actor=who.user_id, title=data["title"], questions=questions))
    except FlowError as error:  # the setup dialogue asks that step again, with the reason
        step = "title" if error.key in TITLE_ERRORS else "questions"
        again = who.t("pinboard.setup_title" if step == "title" else "pinboard.setup_questions",
                      title=data["title"])
        await ask(context, who, message, {**data, "step": step},
                  who.t(error.key, **error.params) + "\n\n" + again)
        return
    data.update(step="timing", questions=list(questions), anonymous=False)
    await ask_timing(context, who, message, data)


async def ask_timing(context: Ctx, who: Who, message: Message, data: dict[str, Any]) -> None:
    prompt = await message.reply_text(
        who.t("pinboard.setup_timing", title=data["title"], questions=len(data["questions"])),
        reply_markup=timing_markup(context, who, message.chat_id, anonymous=False),
    )
    data["prompt"] = prompt.message_id
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, message.chat_id, DIALOG, data,
                                   thread_id=topic(who))


def timing_markup(context: Ctx, who: Who, chat_id: int, *, anonymous: bool) -> InlineKeyboardMarkup:
    signer = services(context).signer
    durations = [
        signer.button(chat_id, who.t("pinboard.setup_minutes", minutes=m) if m else
                      who.t("pinboard.setup_no_timer"), "pbdur", m)
        for m in DURATIONS
    ]
    toggle = who.t("pinboard.setup_anonymous_on" if anonymous else "pinboard.setup_anonymous_off")
    return InlineKeyboardMarkup([durations[:3], durations[3:],
                                 [signer.button(chat_id, toggle, "pbsanon")]])


async def timing_dialog(update: Update, context: Ctx) -> tuple[Who, Session, dict[str, Any]]:
    """The presser's setup at its last step; someone else's buttons are refused."""
    who = await who_in_session(update, context)
    query = update.callback_query
    assert query is not None and query.message is not None
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, query.message.chat.id,
                                         thread_id=topic(who))
    if found is None or found[0] != DIALOG or found[1].get("prompt") != query.message.message_id:
        raise FlowError("pinboard.setup_not_yours")
    return who, who.session, found[1]


async def toggle_anonymous(update: Update, context: Ctx, args: list[str]) -> None:
    """Allow or forbid anonymous private notes before the board opens."""
    who, _, data = await timing_dialog(update, context)
    query = update.callback_query
    assert query is not None and query.message is not None
    data["anonymous"] = not data.get("anonymous")
    chat_id = query.message.chat.id
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, chat_id, DIALOG, data, thread_id=topic(who))
    await query.answer()
    await query.edit_message_reply_markup(
        timing_markup(context, who, chat_id, anonymous=bool(data["anonymous"]))
    )


async def choose_duration(update: Update, context: Ctx, args: list[str]) -> None:
    """The last answer: open the board with the collected title, questions and timing."""
    who, session, data = await timing_dialog(update, context)
    query = update.callback_query
    assert query is not None and query.message is not None
    minutes = round_arg(args)
    event = OpenBoard(actor=who.user_id, title=data["title"], questions=tuple(data["questions"]),
                      minutes=float(minutes) if minutes else None,
                      anonymity_allowed=bool(data.get("anonymous")))
    await open_round(context, session, FORMAT, event, who.role)
    async with services(context).db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, query.message.chat.id, thread_id=topic(who))
    await query.answer()
    await safe_delete(context, query.message.chat.id, query.message.message_id)


def is_prompt(data: dict[str, Any], replied: Message) -> bool:
    """Whether a reply answers this setup's current prompt."""
    return data.get("prompt") == replied.message_id and data.get("step") in ("title", "questions")


BUTTONS: Buttons = (
    ("pbsanon", toggle_anonymous),
    ("pbdur", choose_duration),
)

"""The facilitator's panel (Moderationspult): one private message, edited in place, to steer.

``/panel`` in the private chat (or the "Steuern" button on a round's live
message, which answers with the deep link ``panel_<session>``) shows the
chosen session: its open round with a button for every move the flow allows
now, or the formats to open a new round with. A new round is set up step by
step: the format (a button), the title and the lines (typed; kept as a
dialogue, so a restart loses nothing), the duration (buttons). Every tap goes
through the same ``act`` as the commands; the flow refuses what is not legal.
What the live message shows is not echoed to the facilitator privately (below
the panel, pushing it up): the panel, redrawn after every tap, shows it.
The message's id and the session it shows are stored (``storage.panels``).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.documentation import end_session
from bot.handling import NEW, member_of, private_who
from bot.messaging import clip, safe_delete
from bot.panel.view import (
    ACTION,
    Screen,
    end_screen,
    session_screen,
    sessions_screen,
    setup_screen,
)
from bot.rounds import act, open_round
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Services, Who, services, who_in_session
from flows import roles
from flows.base import FlowError
from service import panel as rules
from service.panel import number
from storage import dialogs, panels, people
from storage import rounds as stored
from storage.records import Session

DIALOG = "panel"
STEER = "steer"
"""The action of the "Steuern" button on every live message."""


def screen_for(svc: Services, who: Who) -> Screen:
    return Screen(who.user_id, who.t, svc.signer, svc.rounds.clock())


async def steering(update: Update, context: Ctx, session_id: int) -> tuple[Who, Session]:
    """The person as a facilitator of the session; anyone else is refused."""
    async with services(context).db.transaction() as tx:
        session = await people.get_session(tx, session_id)
    who = await member_of(update, context, session) if session is not None else None
    if session is None or who is None or who.role not in roles.STEER:
        raise FlowError("not_allowed", who="steer")
    return who, session


async def draw(update: Update, context: Ctx, who: Who, session: Session | None, *,
               fresh: bool = False) -> None:
    """Show the panel: edited in place, or sent anew below (the old one deleted)."""
    svc = services(context)
    mine: list[Session] = []
    async with svc.db.transaction() as tx:
        kept = await panels.get_panel(tx, who.user_id)
        if session is None:
            mine = await panels.steered_sessions(tx, who.user_id)
    if session is None and len(mine) == 1:
        who, session = await steering(update, context, mine[0].id)
    if session is None:
        text, markup = sessions_screen(screen_for(svc, who), mine)
    else:
        text, markup = await session_view(context, who, session)
    message_id = kept.message_id
    if fresh or message_id is None:
        sent = await context.bot.send_message(who.user_id, clip(text), reply_markup=markup)
        if message_id is not None:
            await safe_delete(context, who.user_id, message_id)
        message_id = sent.message_id
    else:
        message_id = await edit(context, who.user_id, message_id, text, markup)
    async with svc.db.transaction() as tx:
        await panels.set_panel(tx, who.user_id, message_id,
                               session.id if session else kept.session_id)


async def edit(context: Ctx, user_id: int, message_id: int, text: str,
               markup: InlineKeyboardMarkup) -> int:
    """Edit the panel message; one that is gone is sent anew. Returns the message's id."""
    try:
        await context.bot.edit_message_text(clip(text), user_id, message_id, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in error.message:
            return message_id
        if "not found" not in error.message:
            raise
        sent = await context.bot.send_message(user_id, clip(text), reply_markup=markup)
        return int(sent.message_id)
    return message_id


async def session_view(context: Ctx, who: Who, session: Session) -> tuple[
    str, InlineKeyboardMarkup
]:
    """The setup under way for this session, or the session with its open round (``who`` as
    ``steering`` found them there)."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        record = await stored.open_round(tx, session.id)
    if found is not None and found[0] == DIALOG and found[1].get("session") == session.id:
        data = found[1]
        return setup_screen(screen_for(svc, who), session, data["kind"], data["step"], data)
    state = None
    names: dict[int, str] = {}
    if record is not None:
        fmt = svc.formats[record.kind]
        state = svc.states.parse(fmt, record)
        async with svc.db.transaction() as tx:
            persons = await people.people_by_id(tx, sorted(fmt.people_in(state)))
        names = {uid: person.name for uid, person in persons.items()}
    return session_screen(screen_for(svc, who), session, who.role, record, state, names)


async def panel_command(update: Update, context: Ctx) -> None:
    """``/panel``: the panel anew, below, for the session it showed last (or to choose one)."""
    who = await private_who(update, context)
    if who is None:
        return
    async with services(context).db.transaction() as tx:
        kept = await panels.get_panel(tx, who.user_id)
    session = None
    if kept.session_id is not None:
        try:
            who, session = await steering(update, context, kept.session_id)
        except FlowError:
            session = None
    await draw(update, context, who, session, fresh=True)


async def panel_link(update: Update, context: Ctx, rest: str) -> None:
    """The deep link of the "Steuern" button: the panel of that session."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    try:
        who, session = await steering(update, context, int(rest) if rest.isdigit() else 0)
    except FlowError:
        await update.effective_message.reply_text(who.t("not_allowed.steer"))
        return
    await draw(update, context, who, session, fresh=True)


async def panel_button(update: Update, context: Ctx, args: list[str]) -> None:
    """A tap on the panel: choose a session, set up a round, or make a move."""
    query = update.callback_query
    assert query is not None
    op, rest = (args[0], args[1:]) if args else ("", [])
    if op == "l":
        who = await private_who(update, context)
        if who is None:
            return
        await query.answer()
        async with services(context).db.transaction() as tx:
            mine = await panels.steered_sessions(tx, who.user_id)
        text, markup = sessions_screen(screen_for(services(context), who), mine)
        await edit(context, who.user_id, query.message.message_id if query.message else 0,
                   text, markup)
        return
    who, session = await steering(update, context, number(rest))
    if op == "n":
        await new_round(context, who, session, rest[1] if len(rest) > 1 else "")
    elif op == "d":
        await choose_duration(context, who, session, number(rest, 1))
    elif op == "c":
        await choose(context, who, session, number(rest, 1))
    elif op == "t":
        await take_default(update, context, who, session)
        await query.answer()
        return
    elif op == "m":
        await move(context, who, session, rest[1:])
    elif op == "e":
        await query.answer()
        text, markup = end_screen(screen_for(services(context), who), session)
        await edit(context, who.user_id, query.message.message_id if query.message else 0,
                   text, markup)
        return
    elif op == "E":
        await query.answer()
        await end_session(context, who)
        await draw(update, context, who, None)
        return
    elif op == "s":
        async with services(context).db.transaction() as tx:
            found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
            if found is not None and found[0] == DIALOG:
                await dialogs.end_dialog(tx, who.user_id, who.user_id)
    await query.answer()
    await draw(update, context, who, session)


async def new_round(context: Ctx, who: Who, session: Session, kind: str) -> None:
    """The format is chosen: ask for the title."""
    if kind not in rules.SETUPS or not rules.may_open(kind, who.role):
        raise FlowError("not_allowed", who="steer")
    svc = services(context)
    await svc.rounds.none_open(session.id)
    async with svc.db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG,
                                   {"session": session.id, "kind": kind, "step": "title"})


async def setup_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """A typed answer: the title, then the lines; checked by the format once both are in."""
    message = update.effective_message
    if message is None or not message.text:
        return
    who, session = await steering(update, context, int(data["session"]))
    await take_text(update, context, who, session, data, message.text)


async def take_text(update: Update, context: Ctx, who: Who, session: Session,
                    data: dict[str, Any], text: str) -> None:
    """The title or the lines; once they are in, the format checks them before the choice
    (if the format has one) and the duration."""
    setup = rules.SETUPS[data["kind"]]
    after = "choice" if setup.choice else "duration"
    data.pop("error", None)
    if data["step"] == "title":
        data["title"] = text.strip()
        data["step"] = "lines" if setup.lines else after
    else:
        data["lines"] = list(rules.split_lines(text))
        data["step"] = after
    if data["step"] == after:
        try:
            setup.check(who.user_id, data["title"], data.get("lines", ()),
                        services(context).rounds.clock())
        except FlowError as error:
            data["error"] = who.t(error.key, **error.params)
            wrong_title = any(word in error.key for word in ("title", "topic", "no_question"))
            data["step"] = "title" if wrong_title or not setup.lines else "lines"
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)
    await draw(update, context, who, session, fresh=True)


async def setup_data(context: Ctx, who: Who, step: str) -> dict[str, Any]:
    """The setup under way, at ``step``; another step's button is stale."""
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != DIALOG or found[1].get("step") != step:
        raise FlowError("core.stale_button")
    return found[1]


async def take_default(update: Update, context: Ctx, who: Who, session: Session) -> None:
    """The format's usual title, with one tap (the closing round's "Was nehme ich mit?")."""
    data = await setup_data(context, who, "title")
    default = rules.SETUPS[data["kind"]].default
    if default is None:
        raise FlowError("core.stale_button")
    await take_text(update, context, who, session, data, who.event_t(default))


async def choose(context: Ctx, who: Who, session: Session, yes: int) -> None:
    """The format's yes or no (anonymous questions, a rating); then the duration."""
    data = await setup_data(context, who, "choice")
    data.update(choice=bool(yes), step="duration")
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)


async def choose_duration(context: Ctx, who: Who, session: Session, minutes: int) -> None:
    """The last step: open the round with the answers given."""
    svc = services(context)
    data = await setup_data(context, who, "duration")
    setup = rules.SETUPS[data["kind"]]
    event = setup.opening(who.user_id, data["title"], data.get("lines", ()),
                          float(minutes) if minutes else None, bool(data.get("choice")))
    await open_round(context, session, svc.formats[setup.kind], event, who.role, echo=False)
    async with svc.db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, who.user_id)


async def move(context: Ctx, who: Who, session: Session, args: list[str]) -> None:
    """A move button: the event rebuilt from the round as it is now, then ``act``."""
    svc = services(context)
    round_id = number(args)
    code = args[1] if len(args) > 1 else ""
    async with svc.db.transaction() as tx:
        record = await stored.get_round(tx, round_id)
    if code not in rules.BY_CODE or record is None or record.session_id != session.id:
        raise FlowError("core.stale_button")
    fmt = svc.formats[record.kind]
    event = rules.build(code, fmt, who.user_id, svc.states.parse(fmt, record), args[2:])
    await act(context, session, event, who.role, round_id=round_id, echo=False)


async def steer_button(update: Update, context: Ctx, args: list[str]) -> None:
    """"Steuern" on a live message: the panel's link for a facilitator, a hint for others."""
    query = update.callback_query
    assert query is not None
    who = await who_in_session(update, context)
    if who is None:
        return
    if who.session is None or who.role not in roles.STEER:
        await query.answer(who.t("panel.steer_only"), show_alert=True)
        return
    await query.answer(url=services(context).deep_link(f"panel_{who.session.id}"))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("panel", panel_command, filters.ChatType.PRIVATE & NEW)]


BUTTONS: Buttons = ((ACTION, panel_button), (STEER, steer_button))
STARTS: Starts = (("panel", panel_link),)
DIALOGS: Dialogs = ((DIALOG, setup_answer),)

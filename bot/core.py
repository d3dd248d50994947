"""Events and sessions: /start, /newevent, /events, /session, /facilitator, /notetaker, /help."""

from __future__ import annotations

from typing import Any, Literal

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot import moves, speakers
from bot.handling import NEW, answered_press, private_who
from bot.menus import give_menu
from bot.messaging import acknowledge, clip, tell_privately
from bot.routing import Buttons, Dialogs, Starts, router
from bot.services import (
    Ctx,
    Who,
    event_and_role,
    identify,
    role_in,
    services,
    thread_of,
    who_in_session,
)
from flows import roles
from flows.base import FlowError
from flows.people import CONTRIBUTOR_WORDS
from flows.roles import Role
from flows.session import (
    SESSION_TEXT_WORDS,
    Appoint,
    ChooseAddress,
    LinkSession,
    ReplaceSectors,
    ShowSession,
    clean_title,
    parse_sectors,
    parse_session_text,
)
from locales import translator
from storage import dialogs, kit, people, rounds
from storage import documentation as docs
from storage.records import DEFAULT_SECTORS, Event, Person


def cancel_markup(who: Who, context: Ctx) -> InlineKeyboardMarkup:
    signer = services(context).signer
    return InlineKeyboardMarkup(
        [[signer.button(who.user_id, who.t("core.cancel"), "cancel")]]
    )


async def start(update: Update, context: Ctx) -> None:
    """Private: greet or follow a deep link. Group: link the chat through the startgroup link."""
    chat = update.effective_chat
    if chat is None or update.effective_message is None:
        return
    payload = context.args[0] if context.args else ""
    if chat.type != ChatType.PRIVATE:
        if payload:
            await link_chat(update, context, payload, title=None)
        return
    who = await private_who(update, context)
    if who is None:
        return
    prefix, _, rest = payload.partition("_")
    route = router(context).starts.get(prefix)
    if route is not None:
        await route(update, context, rest)
        return
    await update.effective_message.reply_text(
        who.t("core.welcome", name=who.person.telegram_name)
    )


async def newevent(update: Update, context: Ctx) -> None:
    """Ask, one question at a time, for the event's title, dates and place."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        await update.effective_message.reply_text(who.t("core.private_only"))
        return
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, "newevent", {"step": "title"})
    await update.effective_message.reply_text(
        who.t("core.newevent_title"), reply_markup=cancel_markup(who, context)
    )


async def newevent_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None or not message.text:
        return
    answer = clean_title(message.text)
    step = data["step"]
    data[step] = answer
    following = {"title": "dates", "dates": "place", "place": None}[step]
    svc = services(context)
    async with svc.db.transaction() as tx:
        if following is not None:
            data["step"] = following
            await dialogs.start_dialog(tx, who.user_id, who.user_id, "newevent", data)
        else:
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
            event = await people.create_event(
                tx, data["title"], data["dates"], data["place"], who.person.language, who.user_id
            )
    if following is not None:
        await message.reply_text(
            who.t(f"core.newevent_{following}"), reply_markup=cancel_markup(who, context)
        )
        return
    link = f"https://t.me/{svc.bot_username}?startgroup={event.code}"
    await message.reply_text(
        who.t("core.event_created", title=event.title, code=event.code) + "\n\n"
        + who.t("core.address_ask", title=event.title, current=who.t("core.address_sie")),
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(who.t("core.add_to_group"), url=link)],
             address_buttons(who, context, event)]
        ),
    )


def draft_settings(who: Who, context: Ctx, event: Event) -> list[InlineKeyboardButton]:
    """The event's programme, the composition's source and the note authors of its draft."""
    signer = services(context).signer
    return [
        signer.button(who.user_id, who.t(f"people.{name}_button", code=event.code), action,
                      event.id)
        for name, action in (("programme", "pgev"), ("composition", "cmev"), ("authors", "au"))
    ]


def address_buttons(who: Who, context: Ctx, event: Event) -> list[InlineKeyboardButton]:
    """Sie and du side by side, the event's current address marked."""
    signer = services(context).signer
    return [
        signer.button(who.user_id, who.t(f"core.address_{choice}")
                      + (" ✓" if choice == event.address else ""), "setaddress", event.id, choice)
        for choice in ("sie", "du")
    ]


async def address_ask(update: Update, context: Ctx, args: list[str]) -> None:
    """An organizer is asked how the event's German texts address people (from /events)."""
    who = await answered_press(update, context)
    if who is None or not args or not args[0].isdigit():
        return
    async with services(context).db.transaction() as tx:
        event, role = await event_and_role(context, tx, int(args[0]), who.user_id)
    roles.require(ChooseAddress(actor=who.user_id, address="sie"), role)
    assert event is not None
    current = who.t(f"core.address_{event.address}")
    await context.bot.send_message(
        who.user_id, who.t("core.address_ask", title=event.title, current=current),
        reply_markup=InlineKeyboardMarkup([address_buttons(who, context, event)]),
    )


async def address_set(update: Update, context: Ctx, args: list[str]) -> None:
    """Sie or du for an event; existing live messages take it at their next change."""
    who = await answered_press(update, context)
    if who is None or len(args) != 2 or not args[0].isdigit() or args[1] not in ("sie", "du"):
        return
    choice: Literal["sie", "du"] = "du" if args[1] == "du" else "sie"
    async with services(context).db.transaction() as tx:
        event, role = await event_and_role(context, tx, int(args[0]), who.user_id)
        roles.require(ChooseAddress(actor=who.user_id, address=choice), role)
        assert event is not None
        await people.set_address(tx, event.id, choice)
    await context.bot.send_message(who.user_id, who.t(
        "core.address_saved", title=event.title, current=who.t(f"core.address_{choice}")))


async def cancel(update: Update, context: Ctx, args: list[str]) -> None:
    query = update.callback_query
    assert query is not None
    who = await private_who(update, context)
    if who is None:
        return
    async with services(context).db.transaction() as tx:
        ended = await dialogs.end_dialog(tx, who.user_id, who.user_id)
    await query.answer()
    if ended and query.message is not None:
        await context.bot.send_message(who.user_id, who.t("core.cancelled"))


async def events(update: Update, context: Ctx) -> None:
    """List the events this person organizes, with their codes and sessions."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    signer = services(context).signer
    async with services(context).db.transaction() as tx:
        mine = await people.events_organized_by(tx, who.user_id)
        lines = []
        for event in mine:
            count = len(await people.sessions_of(tx, event.id))
            lines.append(who.t("core.event_line", title=event.title, code=event.code,
                               dates=event.dates, place=event.place, sessions=count))
    if not lines:
        await update.effective_message.reply_text(who.t("core.no_events"))
        return
    delete = [
        row
        for e in mine
        for row in (
            [
                signer.button(who.user_id, who.t("core.sectors_button", code=e.code), "sectors",
                              e.id),
                signer.button(who.user_id, who.t("core.address_button", code=e.code), "address",
                              e.id),
                signer.button(who.user_id, who.t("core.delete_event", code=e.code), "delevent",
                              e.id),
            ],
            draft_settings(who, context, e),
            [signer.button(who.user_id, who.t("ready.button", code=e.code), "rdev", e.id)],
        )
    ]
    await update.effective_message.reply_text(
        clip("\n".join(lines)), reply_markup=InlineKeyboardMarkup(delete)
    )


async def sectors_ask(update: Update, context: Ctx, args: list[str]) -> None:
    """An organizer replaces the event's sector list: one sector a line."""
    who = await answered_press(update, context)
    if who is None or not args or not args[0].isdigit():
        return
    async with services(context).db.transaction() as tx:
        event, role = await event_and_role(context, tx, int(args[0]), who.user_id)
        roles.require(ReplaceSectors(actor=who.user_id, sectors=("a", "b")), role)
        assert event is not None
        await dialogs.start_dialog(tx, who.user_id, who.user_id, "sectors", {"event": event.id})
    current = "\n".join(sector_text(who, sector) for sector in event.sectors)
    await context.bot.send_message(
        who.user_id, who.t("core.sectors_ask", title=event.title, current=current),
        reply_markup=cancel_markup(who, context),
    )


def sector_text(who: Who, sector: str) -> str:
    return who.t(f"sector.{sector}") if sector in DEFAULT_SECTORS else sector


async def sectors_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None or not message.text:
        return
    sectors = parse_sectors(message.text)
    async with services(context).db.transaction() as tx:
        await people.set_sectors(tx, int(data["event"]), sectors)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
    await message.reply_text(who.t("core.sectors_saved", count=len(sectors)))


async def session(update: Update, context: Ctx) -> None:
    """``/session <code> <title>`` links this chat or topic; ``/session`` alone describes it."""
    if not context.args:
        await show_session(update, context)
        return
    word, rest = context.args[0].lower(), context.args[1:]
    if word in CONTRIBUTOR_WORDS and (not rest or word == "podium" or rest[0].startswith("@")):
        await session_part(update, context)
        return
    if word in SESSION_TEXT_WORDS:
        await set_session_text(update, context)
        return
    code, *title = context.args
    await link_chat(update, context, code, title=" ".join(title) or None)


async def link_chat(update: Update, context: Ctx, code: str, title: str | None) -> None:
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    svc = services(context)
    code, _, token = code.partition("_")  # <code>_<token>: a session planned without a group
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        event = await people.event_by_code(tx, code)
        planned = await kit.waiting_by_token(tx, event.id, token) if event and token else None
    if person is None:
        return
    t = translator(person.language)
    if chat.type == ChatType.PRIVATE:
        await message.reply_text(t("core.session_in_group"))
        return
    if event is None:
        await message.reply_text(t("core.unknown_code", code=code))
        return
    waiting = planned is not None and planned.session_id is None
    name = clean_title(title or (planned.title if planned and waiting else None) or chat.title
                       or event.title)
    async with svc.db.transaction() as tx:
        role = await role_in(context, tx, event, None, person.user_id)
        roles.require(LinkSession(actor=person.user_id, title=name), role)
        linked, new = await people.link_session(
            tx, event.id, chat.id, thread_of(update), chat.title or "", name
        )
        if not new and title:
            await people.rename_session(tx, linked.id, name)
        if planned is not None and waiting and new:
            await kit.link_waiting(tx, planned.id, linked.id)
        await people.add_member(tx, linked.id, person.user_id)
        held = await people.roles_of(tx, event.id, person.user_id)
    await give_menu(context.bot, chat.id, person.user_id, map(Role, held))
    group_t = translator(event.language, event.address)
    key = "core.topic_linked" if thread_of(update) else "core.session_linked"
    await message.reply_text(group_t(key, title=name, event=event.title))


async def set_session_text(update: Update, context: Ctx) -> None:
    """``/session frage|impuls|moderation <text>``: what the draft shows under the title."""
    who = await who_in_session(update, context)
    message = update.effective_message
    if who is None or message is None or not context.args:
        return
    if who.session is None:
        raise FlowError("core.not_a_session")
    word = context.args[0]
    text = (message.text or "").split(maxsplit=2)[2:] or [""]
    event = parse_session_text(who.user_id, word, text[0])
    roles.require(event, who.role)
    async with services(context).db.transaction() as tx:
        texts = await docs.session_texts(tx, who.session.id)
        await docs.set_session_texts(tx, who.session.id, texts.model_copy(
            update={event.field: event.text}))
    await acknowledge(update, context, who.t, "core.session_text_saved")


async def session_part(update: Update, context: Ctx) -> None:
    """``/session impuls|moderation|podium`` without text: the speakers, chosen from people."""
    who = await who_in_session(update, context)
    message = update.effective_message
    if who is None or message is None or not context.args:
        return
    text = (message.text or "").split(maxsplit=2)[2:] or [""]
    await speakers.session_part(update, context, who, CONTRIBUTOR_WORDS[context.args[0].lower()],
                                text[0])


async def show_session(update: Update, context: Ctx) -> None:
    who = await who_in_session(update, context)
    if who is None or update.effective_message is None:
        return
    if who.session is None or who.event is None:
        await update.effective_message.reply_text(who.t("core.not_a_session"))
        return
    roles.require(ShowSession(actor=who.user_id), who.role)
    async with services(context).db.transaction() as tx:
        facilitators = await people.people_with_role(tx, who.event.id, "facilitator")
        named = await people.people_by_id(tx, facilitators)
    names = ", ".join(p.name for p in named.values()) or who.t("core.nobody_yet")
    await update.effective_message.reply_text(
        who.t("core.session_info", title=who.session.title, event=who.event.title,
              dates=who.event.dates, place=who.event.place, facilitators=names)
    )


async def facilitator(update: Update, context: Ctx) -> None:
    await appoint(update, context, "facilitator")


async def notetaker(update: Update, context: Ctx) -> None:
    await appoint(update, context, "notetaker")


async def appoint(update: Update, context: Ctx, role_name: str) -> None:
    """An organizer gives a role by replying to the person's message or naming @username."""
    who = await who_in_session(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    if who.event is None:
        await message.reply_text(who.t("core.not_a_session"))
        return
    target = await appointee(update, context)
    if target is None:
        named = context.args[0] if context.args and context.args[0].startswith("@") else None
        key = "core.unknown_username" if named else "core.appoint_how"
        await message.reply_text(who.t(key, command=role_name, username=named or ""))
        return
    roles.require(Appoint(actor=who.user_id, target=target.user_id, role=role_name), who.role)
    async with services(context).db.transaction() as tx:
        new = await people.grant_role(tx, who.event.id, target.user_id, role_name)
        held = await people.roles_of(tx, who.event.id, target.user_id)
    if who.session is not None:
        await give_menu(context.bot, who.session.chat_id, target.user_id, map(Role, held))
    group_t = translator(who.event.language, who.event.address)
    key = f"core.appointed_{role_name}" if new else f"core.already_{role_name}"
    await message.reply_text(group_t(key, name=target.name, event=who.event.title))


async def appointee(update: Update, context: Ctx) -> Person | None:
    message = update.effective_message
    if message is None:
        return None
    replied = message.reply_to_message
    svc = services(context)
    async with svc.db.transaction() as tx:
        if replied is not None and replied.forum_topic_created is not None:
            replied = None  # in a topic, every message "replies" to the topic's first message
        if replied is not None and replied.from_user and not replied.from_user.is_bot:
            user = replied.from_user
            return await people.see_person(tx, user.id, user.full_name, user.username,
                                           svc.settings.language)
        if context.args and context.args[0].startswith("@"):
            return await people.find_by_username(tx, context.args[0])
    return None


HELP_KEYS: dict[Role, tuple[str, ...]] = {
    Role.ORGANIZER: ("help.private", "help.organizer", "help.kit_organizer", "help.facilitator",
                     "help.kit_facilitator", "help.participant"),
    Role.FACILITATOR: ("help.facilitator", "help.kit_facilitator", "help.participant"),
    Role.NOTETAKER: ("help.notetaker", "help.participant"),
    Role.PARTICIPANT: ("help.participant",),
    Role.OUTSIDER: ("help.outsider",),
}


async def help_command(update: Update, context: Ctx) -> None:
    """What this person can do, in their role and language; in a session, what they can do now.

    Asked in a group, the answer goes to the person privately (``tell_privately``).
    """
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    if chat.type == ChatType.PRIVATE:
        who = await private_who(update, context)
        if who is None:
            return
        async with services(context).db.transaction() as tx:
            organizes = bool(await people.events_organized_by(tx, who.user_id))
        keys: tuple[str, ...] = (
            ("help.private", "help.organizer", "help.kit_organizer", "help.kit_facilitator")
            if organizes else ("help.private", "help.kit_guide")
        )
        role = Role.ORGANIZER if organizes else Role.PARTICIPANT
        now: list[str] = []
    else:
        found = await who_in_session(update, context)
        if found is None:
            return
        who = found
        keys = HELP_KEYS[who.role] if who.session else ("help.outsider",)
        role = who.role
        now = await possible_here(context, who)
    title = who.t("help.title", role=who.t(f"role.{role.value}"))
    await tell_privately(context, update, "\n\n".join([title, *now, *(who.t(k) for k in keys)]))


async def possible_here(context: Ctx, who: Who) -> list[str]:
    """The commands the session's open round allows this person now, from the move tables."""
    if who.session is None:
        return []
    svc = services(context)
    async with svc.db.transaction() as tx:
        record = await rounds.open_round(tx, who.session.id)
    if record is None:
        heading, names = "help.now_open", moves.openers(who.role)
    else:
        state = record.state(svc.formats[record.kind].state_type)
        heading, names = "help.now", moves.possible_now(record.kind, state, who.role)
    if not names:
        return []
    lines = [f"/{name} – {who.t(f'menu.{name}')}" for name in names]
    return ["\n".join([who.t(heading), *lines])]


async def seen_in_session(update: Update, context: Ctx) -> None:
    """Anything else the bot receives in a session chat makes its sender known there."""
    await who_in_session(update, context)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("start", start, NEW),
        CommandHandler("newevent", newevent, filters.ChatType.PRIVATE & NEW),
        CommandHandler("events", events, filters.ChatType.PRIVATE & NEW),
        CommandHandler("session", session, ~filters.ChatType.PRIVATE & NEW),
        CommandHandler("facilitator", facilitator, ~filters.ChatType.PRIVATE & NEW),
        CommandHandler("notetaker", notetaker, ~filters.ChatType.PRIVATE & NEW),
        CommandHandler("help", help_command, NEW),
    ]


def last_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Catch-alls that must come after every format's handlers."""
    return [MessageHandler(filters.ChatType.GROUPS & ~filters.COMMAND, seen_in_session)]


BUTTONS: Buttons = (
    ("cancel", cancel),
    ("sectors", sectors_ask),
    ("address", address_ask),
    ("setaddress", address_set),
)
STARTS: Starts = ()
DIALOGS: Dialogs = (
    ("newevent", newevent_answer),
    ("sectors", sectors_answer),
)

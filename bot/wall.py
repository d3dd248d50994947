"""``/wall`` in a session: the facilitator gets the live wall's link and its QR code, privately.

The link holds the session's wall token (``service.wall``), which never appears
in a group: a facilitator who never opened the private chat is asked to, in the
group, without the link. ``/wall new`` revokes the link and sends a new one.
Without ``WERKSTATT_PUBLIC_URL`` the link points to this machine, and the
message says how to make it reachable from the projector's computer.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, WebAppInfo
from telegram.error import Forbidden, TelegramError
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.handling import NEW, session_command
from bot.messaging import acknowledge, clip, send_private, send_to_session
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, services
from bot.settings import Settings
from service.rounds import Actor
from service.wall import WallService
from storage.records import Session
from web import qr

RENEW_WORDS = frozenset({"new", "neu"})
CAPTION_LIMIT = 1024
"""Telegram's limit for a photo's caption."""


def web_base(context: Ctx) -> str:
    """The base of links to the web side as it runs (its port chosen at start-up, maybe)."""
    settings: Settings = context.bot_data["settings"]
    return str(context.bot_data.get("web_base") or settings.web_base())


async def group_link(context: Ctx, session: Session) -> str | None:
    """The group's join link if Telegram tells it: its public username, or its invite link."""
    try:
        chat = await context.bot.get_chat(session.chat_id)
    except TelegramError:
        return None
    if chat.username:
        topic = f"/{session.thread_id}" if session.thread_id else ""
        return f"https://t.me/{chat.username}{topic}"
    return str(chat.invite_link) if chat.invite_link else None


@session_command
async def wall(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/wall`` (or ``/wall new``): the wall's link and QR code, privately to the facilitator."""
    assert who.session is not None
    words = (message.text or "").split()[1:]
    renew = bool(words) and words[0].lower() in RENEW_WORDS
    walls = WallService(services(context).rounds)
    links = await walls.link(who.session, Actor(who.user_id, who.role), renew=renew,
                             join_url=await group_link(context, who.session))
    url = f"{web_base(context)}/wall/{links.wall}"
    text = who.t("wall.link", url=url, join=f"{web_base(context)}/join/{links.join}")
    if renew:
        text = f"{who.t('wall.renewed')}\n\n{text}"
    markup = None
    if web_base(context).startswith("https://"):  # the Mini App needs the public HTTPS address
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            who.t("app.open_button"), web_app=WebAppInfo(f"{web_base(context)}/app"))]])
    try:
        await context.bot.send_photo(who.user_id, qr.png(url), caption=clip(text, CAPTION_LIMIT),
                                     reply_markup=markup)
    except Forbidden:
        await invite_to_private(context, who)
        return
    settings: Settings = context.bot_data["settings"]
    if not settings.public_url:
        await send_private(context, who.user_id, who.t("wall.local_only", url=web_base(context)))
    await acknowledge(update, context, who.t, "wall.sent_privately")


async def invite_to_private(context: Ctx, who: Who) -> None:
    """The facilitator never opened the private chat: ask them to, in the group, without the
    link (the wall's token never appears in a group)."""
    assert who.session is not None
    button = InlineKeyboardButton(who.t("core.open_private"),
                                  url=services(context).deep_link("hello"))
    await send_to_session(context, who.session, who.t("core.private_blocked"),
                          InlineKeyboardMarkup([[button]]))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("wall", wall, ~filters.ChatType.PRIVATE & NEW)]


BUTTONS: Buttons = ()
STARTS: Starts = ()
DIALOGS: Dialogs = ()

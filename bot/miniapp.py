"""The way from a group's live message into the Mini App, on that session.

web_app buttons do not exist in groups, so a live message carries a URL button
"In der App öffnen": with the Mini App registered at BotFather
(``WERKSTATT_MINIAPP_NAME``) it is the app's own link, ``t.me/<bot>/<app>?startapp=s<id>``,
which Telegram hands to the page as init data's ``start_param``; without it the deep link
``app_s<id>`` into the private chat, which answers with a web_app button opening
``/app?startapp=s<id>``. The session id reveals nothing: the Mini App resolves the
person's role per request. Without a public HTTPS address there is no button (the Mini
App cannot run).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo
from telegram.ext import BaseHandler

from bot.handling import private_who
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Services, services
from bot.wall import web_base
from locales import Translator
from storage import people
from storage.records import Session

START = "app"
"""The deep link's prefix: ``app_s<session id>``."""


def start_param(session_id: int) -> str:
    """What names the session to the Mini App (``start_param`` in its init data)."""
    return f"s{session_id}"


def app_button(svc: Services, session: Session, t: Translator) -> InlineKeyboardButton | None:
    """The live message's way into the Mini App, in groups with a public HTTPS address only."""
    settings = svc.settings
    if session.chat_id > 0 or not (settings.public_url or "").startswith("https://"):
        return None
    param = start_param(session.id)
    if settings.miniapp_name:
        url = f"https://t.me/{svc.bot_username}/{settings.miniapp_name}?startapp={param}"
    else:
        url = svc.deep_link(f"{START}_{param}")
    return InlineKeyboardButton(t("app.live_button"), url=url)


async def open_app(update: Update, context: Ctx, rest: str) -> None:
    """The deep link of "In der App öffnen": a web_app button opening the Mini App on the
    session (which checks the person's role itself)."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    session = None
    if rest[:1] == "s" and rest[1:].isdigit():
        async with services(context).db.transaction() as tx:
            session = await people.get_session(tx, int(rest[1:]))
    base = web_base(context)
    if not base.startswith("https://"):
        await update.effective_message.reply_text(who.t("app.unavailable"))
        return
    if session is None or session.ended_at is not None:
        await update.effective_message.reply_text(who.t("app.session_gone"))
        return
    button = InlineKeyboardButton(who.t("app.live_button"), web_app=WebAppInfo(
        f"{base}/app?startapp={start_param(session.id)}"))
    await update.effective_message.reply_text(who.t("app.for_session", title=session.title),
                                              reply_markup=InlineKeyboardMarkup([[button]]))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return []


BUTTONS: Buttons = ()
STARTS: Starts = ((START, open_app),)
DIALOGS: Dialogs = ()

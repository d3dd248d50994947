"""The web side beside the bot, in its loop: started once the services exist, stopped first.

``werkstatt run`` (and ``werkstatt demo --web``) put a ``WebCompanion`` into
``bot_data["companions"]``; ``bot.app.setup`` starts it after the round service
exists, and ``bot.app.settle`` stops it before anything else, so no page waits
on a database that is closing and every event stream ends within the server's
grace. The bot's shutdown is the only one: uvicorn owns no signal.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError
from telegram.ext import CallbackContext

from bot import documentation, rounds
from bot.services import App, Services, Who
from bot.settings import Settings
from flows.base import FlowError, Step
from locales import translator
from service.console import Console
from service.grouping import Grouping
from service.keys import installation_key
from service.participation import Participation
from service.rounds import Actor
from service.wall import WallService
from storage import people
from storage import rounds as stored
from storage.records import Person, Session
from web.app import WebSide
from web.limits import WebLimits
from web.server import WebServer

log = logging.getLogger(__name__)


class WebCompanion:
    """The wall's web server for one Application."""

    def __init__(self, settings: Settings, *, web: bool = True) -> None:
        self.settings = settings
        self.web = web
        """Serve the web side's pages (off: only what was added, the webhook)."""
        self.side = WebSide(settings.public_url.rstrip("/") if settings.public_url else None,
                            WebLimits.for_screens(settings.wall_screens))
        self.server = WebServer(self.side.asgi, settings.web_host, settings.web_port)
        self.running = False
        self.app: App | None = None

    @property
    def base(self) -> str:
        """The base of the links (with the port the server got, if it chose one)."""
        return self.settings.web_base(self.server.port if self.running else None)

    async def attach(self, app: App) -> None:
        """Let the web side read and move through the bot's round service; a step made there
        is carried out in the chat like anyone's (the live message, announcements)."""
        svc: Services = app.bot_data["services"]
        self.app = app
        grouping = Grouping(svc.rounds, self.is_admin, self.carry_out)
        self.side.attach(WallService(svc.rounds), Participation(svc.rounds, self.carry_out),
                         (grouping, app.bot.token,
                          await installation_key(svc.db, "app_secret")),
                         Console(grouping, self.end_session))

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        """Whether the person administers the group, as Telegram says (asked at most every
        five minutes per group): they facilitate its sessions."""
        assert self.app is not None
        svc: Services = self.app.bot_data["services"]
        await svc.learn_admins(self.app, chat_id)
        return svc.is_chat_admin(chat_id, user_id)

    async def end_session(self, session: Session, actor: Actor) -> None:
        """The Mini App's "end the session", as the panel's: the open round closed, the
        session ended, the draft sent, the group told."""
        assert self.app is not None
        svc: Services = self.app.bot_data["services"]
        async with svc.db.read() as tx:
            person = await people.get_person(tx, actor.user_id)
            event = await people.get_event(tx, session.event_id)
        if event is None:
            raise FlowError("core.not_a_session")
        if person is None:  # a group's administrator the bot never met: steers all the same
            person = Person(user_id=actor.user_id, telegram_name=str(actor.user_id),
                            username=None, language=event.language, display_name=None,
                            sector=None, consent_name=False, registered=False)
        who = Who(person, translator(person.language, event.address), session, event,
                  actor.role)
        await documentation.end_session(CallbackContext(self.app), who)

    async def offer_app(self, app: App) -> None:
        """With a public HTTPS address, the private chats' menu button opens the Mini App."""
        if not (self.settings.public_url or "").startswith("https://"):
            return
        t = translator(self.settings.language)
        try:
            await app.bot.set_chat_menu_button(menu_button=MenuButtonWebApp(
                t("app.menu_button"), WebAppInfo(f"{self.base}/app")))
        except TelegramError as error:
            log.warning("the Mini App's menu button was not set: %s", error)

    async def carry_out(self, session: Session, round_id: int, before: Any, step: Step[Any],
                        actor: int | None) -> None:
        """After a web step is stored: the group's live message, timers, announcements; a
        step without a state before opened the round (the Moderationspult): its live message
        is posted, as when the chat's panel opens one."""
        assert self.app is not None
        svc: Services = self.app.bot_data["services"]
        record_kind = await self._kind(svc, round_id)
        if record_kind is None:
            return
        context = CallbackContext(self.app)
        fmt = svc.formats[record_kind]
        try:
            if before is None:
                await rounds.show_opened(context, session, round_id, fmt, step, actor=actor)
            else:
                await rounds.carry_out(context, session, round_id, fmt, before, step,
                                       actor=actor)
        except Exception:  # the step is stored: the page answers, the chat catches up
            log.exception("a guest's step was not shown in the chat")

    @staticmethod
    async def _kind(svc: Services, round_id: int) -> str | None:
        async with svc.db.read() as tx:
            record = await stored.get_round(tx, round_id)
        return record.kind if record is not None else None

    async def start(self, app: App) -> None:
        """Serve the wall from the bot's round service; a port in use leaves the bot running."""
        if self.web:
            await self.attach(app)
            await self.offer_app(app)
        try:
            await self.server.start()
        except OSError as error:
            log.error("the web side (the live wall) is not served: %s", error)
            return
        self.running = True
        app.bot_data["web_base"] = self.base
        log.info("the live wall is served on %s:%d, linked as %s", self.settings.web_host,
                 self.server.port, self.base)

    async def stop(self) -> None:
        """End the open event streams and stop the server (within its grace)."""
        self.side.close()
        if self.running:
            await self.server.stop()
            self.running = False

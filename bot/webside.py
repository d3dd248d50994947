"""The web side beside the bot, in its loop: started once the services exist, stopped first.

``werkstatt run`` (and ``werkstatt demo --web``) put a ``WebCompanion`` into
``bot_data["companions"]``; ``bot.app.setup`` starts it after the round service
exists, and ``bot.app.settle`` stops it before anything else, so no page waits
on a database that is closing and every event stream ends within the server's
grace. The bot's shutdown is the only one: uvicorn owns no signal.
"""

from __future__ import annotations

import logging

from bot.services import App, Services
from bot.settings import Settings
from service.wall import WallService
from web.app import WebSide
from web.server import WebServer

log = logging.getLogger(__name__)


class WebCompanion:
    """The wall's web server for one Application."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.side = WebSide()
        self.server = WebServer(self.side.asgi, settings.web_host, settings.web_port)
        self.running = False

    @property
    def base(self) -> str:
        """The base of the links (with the port the server got, if it chose one)."""
        return self.settings.web_base(self.server.port if self.running else None)

    async def start(self, app: App) -> None:
        """Serve the wall from the bot's round service; a port in use leaves the bot running."""
        svc: Services = app.bot_data["services"]
        self.side.attach(WallService(svc.rounds))
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

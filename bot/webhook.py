"""``werkstatt run --webhook``: Telegram's webhook on the web side's server, so both share one port.

Telegram delivers webhooks only to ports 443, 80, 88 and 8443, normally through a
reverse proxy with TLS; the wall, the page to take part and the Mini App are
served on the same port (``WERKSTATT_WEBHOOK_PORT``), under the same public
address. A request is answered 200 only once its update is in the inbox
(``bot.inbox.InboxQueue``); one the inbox cannot keep is answered 500 and Telegram
sends it again; one without Telegram's secret token is answered 403 and read no
further. The process lives as python-telegram-bot's ``run_webhook`` would: set up,
set the webhook, run until SIGINT or SIGTERM, then stop, settle and shut down in
the bot's order (uvicorn owns no signal).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Mapping
from typing import Any

from telegram import Update

from bot.app import App
from bot.inbox import InboxQueue
from bot.settings import Settings, SettingsError
from bot.webside import WebCompanion

log = logging.getLogger(__name__)
SECRET_HEADER = "x-telegram-bot-api-secret-token"


def receiver(app: App, secret: str) -> Any:
    """The webhook: Telegram's secret checked in constant time, the update stored, then 200."""

    async def receive(body: bytes, headers: Mapping[str, str]) -> int:
        if not hmac.compare_digest(headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return 403
        try:
            text = body.decode()
            update = Update.de_json(json.loads(text), app.bot)
        except (ValueError, TypeError, KeyError):  # (a body that is no UTF-8 is a ValueError)
            log.warning("a webhook request that is no update was refused")
            return 400
        app.bot.insert_callback_data(update)
        queue = app.update_queue
        try:  # stored in the inbox before this returns, as Telegram sent it
            await (queue.put_received(update, text) if isinstance(queue, InboxQueue)
                   else queue.put(update))
        except Exception:  # the inbox refused it (a full disk): Telegram sends it again
            log.exception("a webhook update was not stored")
            return 500
        return 200

    return receive


def webhook_companion(app: App, settings: Settings, options: dict[str, Any]) -> WebCompanion:
    """The web side on the webhook's port, with the webhook at its path; links to the web side
    use the public address (``WERKSTATT_PUBLIC_URL``, else the webhook's)."""
    shared = settings.model_copy(update={
        "web_host": options["listen"], "web_port": options["port"],
        "public_url": settings.public_url or settings.webhook_url,
    })
    companion = WebCompanion(shared, web=settings.web)  # WERKSTATT_WEB=false: the webhook only
    companion.side.receive_at(f"/{options['url_path']}", receiver(app, options["secret_token"]))
    return companion


def run_webhook(app: App, settings: Settings, options: dict[str, Any]) -> None:
    """Serve the webhook and the web side on one port until stopped; the bot's own lifecycle."""
    companion = webhook_companion(app, settings, options)
    app.bot_data["companions"] = [companion]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stopped = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    try:
        loop.run_until_complete(app.initialize())
        if app.post_init:
            loop.run_until_complete(app.post_init(app))  # starts the server (setup)
        if not companion.running:
            raise SettingsError(f"WERKSTATT_WEBHOOK_PORT {options['port']} cannot be served"
                                " (in use, or not allowed); choose another port.")
        loop.run_until_complete(app.bot.set_webhook(
            options["webhook_url"], secret_token=options["secret_token"],
            allowed_updates=Update.ALL_TYPES))
        loop.run_until_complete(app.start())
        loop.run_until_complete(stopped.wait())
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError, RuntimeError):
                loop.remove_signal_handler(sig)
        try:
            if app.running:
                loop.run_until_complete(app.stop())
                if app.post_stop:
                    loop.run_until_complete(app.post_stop(app))  # stops the server first
            elif companion.running:
                loop.run_until_complete(companion.stop())
            loop.run_until_complete(app.shutdown())
            if app.post_shutdown:
                loop.run_until_complete(app.post_shutdown(app))
        finally:
            loop.close()

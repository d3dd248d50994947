"""Everything is wired here: one function builds the Application from settings.

The real bot, the tests and the demo build the very same Application; tests
and the demo pass an offline Bot API as ``request``. ``setup`` is what
``post_init`` runs before the first update (and what a harness that calls
``initialize``/``start`` itself must call): open and migrate the database,
re-arm the timers of open rounds and the deletion of passing replies, refresh
the live messages, set the menus.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
from collections.abc import Sequence
from typing import Any, Protocol

from telegram.ext import Application, ApplicationBuilder, BaseHandler, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot import (
    closing,
    composition,
    core,
    council,
    dispatch,
    documentation,
    fishbowl,
    impressum,
    inbox,
    kit,
    miniapp,
    minutes,
    panel,
    photo_consent,
    pinboard,
    privacy,
    profile,
    programme,
    questions,
    rounds,
    speakers,
    wall,
)
from bot.buttons import ButtonSigner
from bot.flood import FloodGate
from bot.formats import Format
from bot.handling import refusing
from bot.live import LiveMessages
from bot.menus import set_menus
from bot.messaging import rearm_passing
from bot.ratelimit import TelegramLimits
from bot.request import BoundedRequest
from bot.routing import Buttons, Dialogs, Router, Starts, build_router
from bot.services import Services
from bot.settings import Settings, require_token
from bot.timers import SWEEP_SECONDS, Timers
from locales import use_zone
from service.changes import CHANNEL, Fanout
from service.rounds import Clock
from storage.db import Database
from storage.dialogs import meta_value
from storage.records import utcnow

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 8.0
"""Seconds a stopping bot waits for acknowledgements (container runtimes allow about ten)."""
App = Application[Any, Any, Any, Any, Any, Any]



class Companion(Protocol):
    """Something that runs beside the bot in its loop (the web side, ``bot.webside``):
    started by ``setup`` once the services exist, stopped first by ``settle``."""

    async def start(self, app: App) -> None: ...

    async def stop(self) -> None: ...


class Feature(Protocol):
    """What a feature module (or package) brings: its handlers and the routes it answers."""

    BUTTONS: Buttons
    STARTS: Starts
    DIALOGS: Dialogs

    def handlers(self) -> Sequence[BaseHandler[Any, Any, Any]]: ...


FEATURES: tuple[Feature, ...] = (
    core, profile, privacy, pinboard, fishbowl, council, questions, closing, documentation, panel,
    photo_consent, impressum, speakers, minutes, programme, composition, wall, miniapp, kit,
)
"""Every feature, in the order their handlers are tried."""
FORMATS: tuple[Format[Any], ...] = (
    pinboard.FORMAT, fishbowl.FORMAT, council.FORMAT, questions.FORMAT, closing.FORMAT,
)
"""Every workshop format a round can have."""
OFFLINE_TOKEN = "700000001:offline-token-for-tests-and-the-demo-0000"


def build_application(settings: Settings, *, request: BaseRequest | None = None,
                      clock: Clock = utcnow) -> App:
    """The Application for these settings; with ``request``, talking to that Bot API instead,
    and with ``clock``, its rounds living in that time."""
    token = OFFLINE_TOKEN if request is not None else require_token(settings)
    limits = TelegramLimits(limits=settings.rate_limit)
    # The bot is built here (not by the builder) for its inbox; a few connections for the calls
    # (bot.request), one for getUpdates as the builder has it.
    bot = inbox.InboxBot(
        token, base_url=settings.bot_api_url,
        request=request or BoundedRequest(),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
        defaults=Defaults(allow_sending_without_reply=True),
        rate_limiter=limits,
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .update_queue(inbox.InboxQueue())
        .concurrent_updates(inbox.InboxProcessor(FloodGate(settings.flood_limit)))
        .post_init(setup)
        .post_stop(settle)
        .post_shutdown(teardown)
        .build()
    )
    app.bot_data["settings"] = settings
    app.bot_data["clock"] = clock
    for feature in FEATURES:
        app.add_handlers([refusing(handler) for handler in feature.handlers()])
    app.add_handlers([refusing(handler)
                      for handler in (*core.last_handlers(), *dispatch.handlers())])
    app.add_error_handler(dispatch.on_error)
    app.bot_data["formats"] = {fmt.kind: fmt for fmt in FORMATS}
    app.bot_data["router"] = routes(FEATURES)
    return app


def routes(features: Sequence[Feature]) -> Router:
    """The one routing table: every feature's buttons, deep links and dialogues."""
    return build_router(
        [route for feature in features for route in feature.BUTTONS],
        [route for feature in features for route in feature.STARTS],
        [route for feature in features for route in feature.DIALOGS],
    )


async def setup(app: App) -> None:
    """Open the database, build the services, re-arm open rounds and set the command menus."""
    settings: Settings = app.bot_data["settings"]
    use_zone(settings.timezone)
    db = Database(settings.database)
    await db.open()
    async with db.transaction() as tx:
        secret = await meta_value(tx, "button_secret", secrets.token_urlsafe(32))
    svc = Services(
        settings=settings,
        db=db,
        signer=ButtonSigner(secret),
        live=LiveMessages(settings.live_interval, rounds.render),
        timers=Timers(rounds.act, app.bot_data["clock"]),
        formats=app.bot_data["formats"],
        bot_username=app.bot.username,
        clock=app.bot_data["clock"],
        several=app.bot_data.get("several", False),
    )
    app.bot_data["services"] = svc
    await share_with_other_processes(app, svc)
    assert app.job_queue is not None
    svc.timers.bind(app.job_queue)
    await rearm_passing(app)  # replies in a group a stop left to be deleted
    await inbox.start(app, svc)  # what arrived before a crash is handled first
    open_rounds = await svc.timers.rearm(app)
    for round_id in open_rounds:
        svc.live.schedule(app, round_id, urgent=True)
    privacy.schedule_clean_up(app)
    if svc.shared is not None:  # deadlines another process set fire here too if it is gone
        app.job_queue.run_repeating(svc.timers.sweep, SWEEP_SECONDS, first=SWEEP_SECONDS,
                                    name="timers-sweep")
    await set_menus(app.bot)
    for companion in companions(app):
        await companion.start(app)
    gc.freeze()  # what start-up built lives for ever: later collections need not walk it
    log.info("Werkstatt is ready as @%s; %d open rounds re-armed", app.bot.username,
             len(open_rounds))


async def settle(app: App) -> None:
    """After stopping (python-telegram-bot has handled what was queued), before the Bot API
    connection closes: every contribution is stored and acknowledged, for at most
    ``SHUTDOWN_GRACE`` seconds (a slow network must not keep the bot from stopping)."""
    for companion in companions(app):
        await companion.stop()
    svc: Services | None = app.bot_data.get("services")
    if svc is None:
        return
    await inbox.stop(app)
    try:
        async with asyncio.timeout(SHUTDOWN_GRACE):
            await svc.quiet()
    except TimeoutError:
        log.warning("stopping with %d acknowledgements not sent", len(svc.background))


async def share_with_other_processes(app: App, svc: Services) -> None:
    """On a database other processes may share (PostgreSQL): every process's pages learn of
    the changes any of them stores, and Telegram's limits count every process's messages."""
    channel = svc.db.channel(CHANNEL)
    if channel is None:
        return
    fanout = Fanout(svc.rounds.changes, channel)
    await fanout.start()
    app.bot_data["fanout"] = fanout
    limits = app.bot.rate_limiter
    if isinstance(limits, TelegramLimits):
        limits.share(svc.db)


def companions(app: App) -> list[Companion]:
    """What runs beside the bot (``werkstatt run`` adds the web side)."""
    return list(app.bot_data.get("companions", ()))


async def teardown(app: App) -> None:
    svc: Services | None = app.bot_data.get("services")
    if svc is not None:
        await svc.journal.drain()  # the disk only: what was handed to the journal is stored
        inbox.close_receipts(app)
        fanout: Fanout | None = app.bot_data.pop("fanout", None)
        if fanout is not None:
            await fanout.close()
        limits = app.bot.rate_limiter
        if isinstance(limits, TelegramLimits):
            limits.share(None)
        await svc.db.close()

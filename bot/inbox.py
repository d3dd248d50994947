"""The durable inbox: every update is on disk before Telegram is told it arrived.

python-telegram-bot confirms a batch of updates to Telegram with its next
``getUpdates`` call (the offset), while the batch's handlers may still be
queued; a crash then would lose the batch. ``InboxBot.get_updates`` therefore
stores each batch (one transaction) before python-telegram-bot sees it; if it
cannot (a full disk), it raises, the offset does not move, and Telegram sends
the batch again once the retry loop asks. ``InboxProcessor`` runs every update
(``bot.once`` drops what was handled or is under way, ``bot.flood`` slows
down a fast writer) and marks it handled once it ended, whichever way, and
once the acknowledgements it started were sent; a handled row loses its
content. At start-up (``start``) what was stored and not handled is put on
the update queue first, in Telegram's order, before any new update.

A webhook request is kept before it is answered 200: ``InboxQueue.put`` (which the
webhook server awaits) keeps the update first when ``store_each`` is on (``werkstatt run
--webhook``). On SQLite that is a receipt (``storage.receipts``: one append to a file,
without waiting for a commit), kept until the update is marked handled in the inbox: the
update's content never goes into the inbox unless a crash leaves its receipt behind.
On a database several processes share (PostgreSQL), the update is stored in the inbox
with its chat before the 200, and handled by whichever process holds the chat
(``bot.sharing.ChatClaims``), not necessarily the one that received it.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram._utils.types import JSONDict
from telegram.error import NetworkError
from telegram.ext import ExtBot

from bot.flood import FloodGate, Held, Verdict, counted, tell_not_taken, tell_slowed
from bot.once import REPLAYED, Once
from bot.services import ChatOrderedProcessor, address_here, started_here
from bot.sharing import ChatClaims, order_key
from locales import DEFAULT_ADDRESS
from storage import inbox
from storage.db import Database
from storage.errors import DATABASE_ERRORS
from storage.journal import Journal
from storage.receipts import Receipts, Segment, folder_for

if TYPE_CHECKING:
    from bot.app import App
    from bot.services import Services

log = logging.getLogger(__name__)
_UNWRITABLE: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)


class InboxUnwritable(NetworkError):
    """The inbox could not be written: the batch is not confirmed, Telegram sends it again.

    A ``NetworkError``, so python-telegram-bot's polling loop retries with backoff."""


async def store(db: Database, rows: list[tuple[int, str]], *, confirmed_below: int = 0,
                chats: dict[int, int] | None = None) -> None:
    """One transaction for the batch (update id, JSON; ``chats``: each update's chat, which
    several processes need to claim it), or ``InboxUnwritable``."""
    try:
        # Not behind the newcomers the journal is about to store: the inbox reads nobody.
        async with db.transaction(after_pending=False) as tx:
            await inbox.receive(tx, rows, confirmed_below=confirmed_below, chats=chats)
    except _UNWRITABLE as error:
        log.error("the inbox cannot be written (%s): Telegram keeps the updates",
                  type(error).__name__)
        raise InboxUnwritable(f"the inbox cannot be written: {error}") from error


def row(update: Update) -> tuple[int, str]:
    """An update as the inbox keeps it: its id and its JSON."""
    return update.update_id, json.dumps(update.to_dict(), ensure_ascii=False)


def _kept(update: Update, payload: str | None) -> tuple[int, str]:
    return row(update) if payload is None else (update.update_id, payload)


class InboxBot(ExtBot[Any]):
    """The bot whose ``get_updates`` keeps each batch in the inbox before returning it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inbox_db: Database | None = None  # bound at start-up; before, nothing polls
        self._confirmed = 0
        self._fetched: dict[int, JSONDict] = {}
        """The last batch as Telegram sent it, by update id (kept as it came, not
        serialized again from python-telegram-bot's objects)."""

    def keep_in(self, db: Database) -> None:
        """Store the batches in this database's inbox (python-telegram-bot freezes a bot's
        public attributes)."""
        self._inbox_db = db

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            self._fetched = {int(update["update_id"]): update for update in result}
        return result

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        offset = kwargs.get("offset", args[0] if args else None) or 0
        self._fetched = {}
        updates = await super().get_updates(*args, **kwargs)
        if self._inbox_db is not None and (updates or offset > self._confirmed):
            rows = [(update.update_id, json.dumps(self._fetched[update.update_id],
                                                  ensure_ascii=False))
                    if update.update_id in self._fetched else row(update) for update in updates]
            await store(self._inbox_db, rows, confirmed_below=offset,
                        chats={update.update_id: order_key(update) for update in updates})
            self._confirmed = max(self._confirmed, offset)
        return updates


class InboxQueue(asyncio.Queue[object]):
    """The update queue; with ``store_each`` (a webhook), ``put`` keeps the update first: on a
    SQLite file a receipt until it is handled, on PostgreSQL the inbox row, in memory the
    inbox row with the journal's next transaction (``Journal.receive``)."""

    def __init__(self) -> None:
        super().__init__()
        self.store_each = False
        self.journal: Journal | None = None
        self.inbox_db: Database | None = None
        self.claims: ChatClaims | None = None
        """Set when several processes share the database: the chat's holder handles it."""
        self.receipts: Receipts | None = None
        """A database file's receipts (``None`` on PostgreSQL and in memory)."""
        self._receipted: dict[int, list[Segment]] = {}
        """The receipts of the updates not yet marked handled."""
        self.handled: set[int] | None = None
        """The ids of the updates handled (``Once.handled``)."""
        self.read_ahead: Callable[[object], None] | None = None
        """Told of each update as it arrives (``Services.read_ahead``)."""

    async def put(self, item: object) -> None:
        await self.put_received(item)

    async def put_received(self, item: object, payload: str | None = None) -> None:
        """``put``, with the update's JSON as Telegram sent it (``payload``) for the inbox,
        instead of serializing python-telegram-bot's object again."""
        if self.store_each and self.claims is not None and isinstance(item, Update):
            assert self.inbox_db is not None
            key = order_key(item)
            await store(self.inbox_db, [_kept(item, payload)], chats={item.update_id: key})
            self.claims.wake(key)  # (the chat's holder, maybe another process, handles it)
            return
        if self.read_ahead is not None:
            self.read_ahead(item)
        if self.store_each and self.receipts is not None and isinstance(item, Update):
            self._keep_receipt(item, payload)
        elif self.store_each and self.journal is not None and isinstance(item, Update):
            try:
                await self.journal.receive([_kept(item, payload)])
            except _UNWRITABLE as error:
                raise _unwritable(error) from error
        await super().put(item)

    def _keep_receipt(self, update: Update, payload: str | None) -> None:
        """On disk before the 200, until the update is marked handled (``marked``); one handled
        already (Telegram sent it again) needs none."""
        assert self.receipts is not None
        if self.handled is not None and update.update_id in self.handled:
            return
        try:
            segment = self.receipts.keep(*_kept(update, payload))
        except OSError as error:
            raise _unwritable(error) from error
        self._receipted.setdefault(update.update_id, []).append(segment)

    def marked(self, update_ids: list[int]) -> None:
        """These updates are marked handled in the inbox (committed): their receipts go."""
        if self.receipts is None:
            return
        for update_id in update_ids:
            for segment in self._receipted.pop(update_id, ()):
                self.receipts.release(segment)


def _unwritable(error: Exception) -> InboxUnwritable:
    log.error("the inbox cannot be written (%s): Telegram sends the update again",
              type(error).__name__)
    return InboxUnwritable(f"the inbox cannot be written: {error}")


def store_before_acknowledging(app: App) -> None:
    """A webhook: each request's update is in the inbox before python-telegram-bot's server
    answers 200; one that cannot be stored is answered 500, and Telegram sends it again."""
    queue = app.update_queue
    assert isinstance(queue, InboxQueue), "build the Application with bot.app"
    queue.store_each = True
    app.bot_data["several"] = True  # others may serve the same webhook (on PostgreSQL)


def _close(coroutine: Any) -> None:
    """A handler run that will not happen: closed, so Python does not warn it was never awaited."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()


class InboxProcessor(ChatOrderedProcessor):
    """Every update once, a fast writer's messages in their own queue, and each marked handled
    only once it ended."""

    def __init__(self, flood: FloodGate) -> None:
        super().__init__()
        self.once = Once()
        self.flood = flood
        self.services: Services | None = None

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        if not isinstance(update, Update):
            await super().do_process_update(update, coroutine)
            return
        if not self.once.claim(update.update_id):
            _close(coroutine)
            return
        user_id = counted(update)
        verdict = Verdict.TAKE if user_id is None else self.flood.admit(user_id)
        if verdict is Verdict.TAKE:
            await self._run(update, coroutine)
            return
        assert user_id is not None
        if verdict is Verdict.REFUSE:
            _close(coroutine)
            try:
                await tell_not_taken(update, await self._address(update))
            finally:
                self.once.done(update.update_id)
            return
        warn = self.flood.should_warn(user_id)
        # Queued before anything is awaited: the writer's next message waits behind this one.
        self.flood.hold(user_id, Held(run=partial(self._run, update, coroutine),
                                      drop=partial(self._let_go, update, coroutine)))
        if warn:
            await tell_slowed(update, self.flood.limit, await self._address(update))

    async def _address(self, update: Update) -> str:
        """Sie or du, as the event of the writer's chat chose (Sie before the bot is set up)."""
        return await address_here(self.services, update) if self.services else DEFAULT_ADDRESS

    async def _run(self, update: Update, coroutine: Any) -> None:
        """Run in the chat's order; handled once it ended and its acknowledgements went out."""
        started = started_here()
        try:
            await super().do_process_update(update, coroutine)
        finally:
            self._done_after(update.update_id, [task for task in started if not task.done()])

    def _done_after(self, update_id: int, tasks: list[asyncio.Task[Any]]) -> None:
        if not tasks:
            self.once.done(update_id)
            return
        left = [len(tasks)]

        def one_finished(_: asyncio.Task[Any]) -> None:
            left[0] -= 1
            if left[0] == 0:
                self.once.done(update_id)

        for task in tasks:
            task.add_done_callback(one_finished)

    def _let_go(self, update: Update, coroutine: Any) -> None:
        """Not handled (the bot stops): it stays in the inbox for the next start."""
        _close(coroutine)
        self.once.under_way.discard(update.update_id)


def processor(app: App) -> InboxProcessor:
    found = app.update_processor
    assert isinstance(found, InboxProcessor), "build the Application with bot.app"
    return found


async def start(app: App, svc: Services) -> int:
    """Bind the inbox and put what was not handled on the update queue, before anything new;
    how many."""
    handling = processor(app)
    handling.services = svc
    await handling.once.load(svc.db, svc.journal)
    if isinstance(app.bot, InboxBot):
        app.bot.keep_in(svc.db)
    if isinstance(app.update_queue, InboxQueue):
        app.update_queue.journal = svc.journal
        app.update_queue.inbox_db = svc.db
        app.update_queue.read_ahead = svc.read_ahead
        if svc.shared is not None:  # several processes behind a webhook
            claims = app.update_queue.claims = ChatClaims(app, svc.db, handling.once,
                                                          svc.journal)
            claims.start()  # its sweep takes what is waiting, chat by chat
            return 0
        app.update_queue.receipts = await recovered_receipts(svc.db)
        app.update_queue.handled = handling.once.handled
        svc.journal.on_marked = app.update_queue.marked
    async with svc.db.transaction() as tx:
        waiting = await inbox.unhandled(tx)
    for _, payload in waiting:
        data = {**json.loads(payload), REPLAYED: True}
        await asyncio.Queue.put(app.update_queue, Update.de_json(data, app.bot))
    if waiting:
        log.info("%d updates received before the restart are handled first", len(waiting))
    return len(waiting)


async def recovered_receipts(db: Database) -> Receipts | None:
    """A database file's receipts, after what a crash left of them went into the inbox (where
    an update kept before stays as it is); ``None`` for a database without a file of its own."""
    if db.shared or db.path == ":memory:":
        return None
    receipts = Receipts(folder_for(db.path))
    left = receipts.recover()
    if left:
        await store(db, left)
        log.info("%d updates answered before a crash were taken from their receipts", len(left))
    receipts.forget_recovered()
    return receipts


def close_receipts(app: App) -> None:
    """After the journal's last commit: the receipts' files close (an empty one goes)."""
    queue = app.update_queue
    if isinstance(queue, InboxQueue) and queue.receipts is not None:
        queue.receipts.close()
        queue.receipts = None


async def stop(app: App) -> None:
    """Messages still waiting for their author's window stay in the inbox for the next start;
    the chats this process held are let go (another process takes them over)."""
    if isinstance(app.update_queue, InboxQueue) and app.update_queue.claims is not None:
        await app.update_queue.claims.stop()
    await processor(app).flood.stop()

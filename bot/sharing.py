"""Several ``werkstatt run --webhook`` processes on one PostgreSQL database share the work.

A load balancer hands any update to any process. Each stores it in the inbox (with its
chat) before the 200, as one process does, and then only says "this chat has work"
(``ChatClaims.wake``): the chat's updates are handled by the one process that holds the
chat's lease (``storage.leases``, ``chat:<id>``), in Telegram's order, read back from the
inbox. The holder looks again before it lets go and once after, so an update stored by
another process meanwhile is never left behind; a process that died lets go when its
lease runs out (``LEASE_SECONDS``), and every process looks for such chats every
``SWEEP_SECONDS``. An update is marked handled (with the journal's next commit) before the
lease goes, so the next holder never handles it again.

Leases also keep a timer from firing in more than one process (``take_timer``) and a live
message to one edit per interval across all of them (``edit_slot``). It runs only where
several processes may share the database (``Services.shared``: PostgreSQL behind a webhook);
on SQLite (one process per file), or polling (one process per bot), none of it does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from telegram import Update

from bot.once import REPLAYED
from storage import inbox, leases
from storage.db import Database, Tx
from storage.errors import DATABASE_ERRORS
from storage.records import iso

if TYPE_CHECKING:
    from bot.app import App
    from bot.once import Once
    from storage.journal import Journal

log = logging.getLogger(__name__)
LEASE_SECONDS = 10.0
"""How long a chat stays with a process that stopped answering (it renews every
``RENEW_SECONDS`` while it works)."""
RENEW_SECONDS = 2.0
SWEEP_SECONDS = 1.0
"""How often a process looks for chats with updates that nobody holds."""
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
"""This process, as its leases name it."""


async def _at(tx: Tx, seconds: float) -> str:
    """That many seconds from now on the database server's clock (``leases.server_time``)."""
    return iso(await leases.server_time(tx) + timedelta(seconds=seconds))


def order_key(update: Update) -> int:
    """The chat whose order an update keeps (else its sender; 0 for neither)."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return 0


TIMER_HOLD = 120.0
"""How long a process has to carry out a timer it took before another may (it died)."""
TIMER_KEPT = 2 * 24 * 3600.0
"""How long a timer that fired is remembered as fired (pruned with the inbox)."""


async def take_timer(db: Database | None, name: str) -> float | None:
    """Whether this process fires the timer ``name`` now (0; always without a database shared
    with other processes, ``Services.shared``), should look again in that many seconds
    (another process is firing it), or never (``None``: it fired)."""
    if db is None:
        return 0.0

    def left(until: str | None) -> float:
        return -1.0 if until is None else (datetime.fromisoformat(until) - now).total_seconds()

    async with db.transaction() as tx:
        now = await leases.server_time(tx)
        if left(await leases.held_until(tx, name)) > TIMER_HOLD:
            return None  # it fired (here too: armed again, it is not fired twice)
        if await leases.take(tx, name, HOLDER, iso(now + timedelta(seconds=TIMER_HOLD)),
                             iso(now)):
            return 0.0
        until = await leases.held_until(tx, name)
    return max(0.5, left(until) + 0.5)


async def timer_fired(db: Database | None, name: str) -> None:
    """The timer ``name`` was carried out: no process fires it again."""
    if db is not None:
        async with db.transaction() as tx:
            await leases.prolong(tx, HOLDER, [name], await _at(tx, TIMER_KEPT))


async def edit_slot(db: Database | None, name: str, interval: float) -> float:
    """0 when this process may edit the live message ``name`` now (then no other process may
    for ``interval`` seconds; always without a shared database), else how many seconds to
    wait for its turn."""
    if db is None:
        return 0.0
    async with db.transaction() as tx:
        now = await leases.server_time(tx)
        if await leases.take(tx, name, HOLDER, iso(now + timedelta(seconds=interval)),
                             iso(now), again=False):  # this process's next edit waits too
            return 0.0
        until = await leases.held_until(tx, name)
    if until is None:
        return 0.05
    return max(0.05, (datetime.fromisoformat(until) - now).total_seconds())


class ChatClaims:
    """The chats this process holds, the updates it handles for them, and the sweep."""

    def __init__(self, app: App, db: Database, once: Once, journal: Journal) -> None:
        self.app = app
        self.db = db
        self.once = once
        self.journal = journal
        self._pumps: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()
        self._held: set[int] = set()
        self._background: asyncio.Task[None] | None = None
        self.handled = 0
        """Updates this process took from the inbox and handled."""

    def start(self) -> None:
        self._background = asyncio.get_running_loop().create_task(self._keep(), name="claims")

    async def stop(self) -> None:
        """Let go of every chat (another process takes over at once)."""
        tasks = [*self._pumps.values(), *([self._background] if self._background else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._background = None

    def wake(self, chat: int) -> None:
        """The chat has an update waiting in the inbox."""
        if chat in self._pumps:
            self._again.add(chat)  # its pump looks again before it lets go
            return
        self._pumps[chat] = asyncio.get_running_loop().create_task(self._pump(chat),
                                                                    name=f"chat {chat}")

    async def _pump(self, chat: int) -> None:
        try:
            while True:
                self._again.discard(chat)
                if not await self._take(chat):
                    return  # another process holds it: it looks again before it lets go
                try:
                    await self._handle_waiting(chat)
                finally:
                    await self._release(chat)
                # Stored by another process while this one still held the chat: again. No
                # await after the last look, so a later ``wake`` starts a pump of its own.
                if chat in self._again or await self._waiting(chat) or chat in self._again:
                    continue
                return
        except DATABASE_ERRORS as error:  # the sweep tries again
            log.warning("chat %s not taken from the inbox: %s", chat, type(error).__name__)
        finally:
            del self._pumps[chat]

    async def _take(self, chat: int) -> bool:
        async with self.db.transaction() as tx:
            now = await leases.server_time(tx)
            taken = await leases.take(tx, f"chat:{chat}", HOLDER,
                                      iso(now + timedelta(seconds=LEASE_SECONDS)), iso(now))
        if taken:
            self._held.add(chat)
        return taken

    async def _release(self, chat: int) -> None:
        self._held.discard(chat)
        with contextlib.suppress(*DATABASE_ERRORS):  # it runs out by itself
            async with self.db.transaction() as tx:
                await leases.release(tx, HOLDER, f"chat:{chat}")

    async def _waiting(self, chat: int) -> bool:
        async with self.db.read() as tx:
            rows = await inbox.of_chat(tx, chat)
        return any(update_id not in self.once.handled for update_id, _ in rows)

    async def _handle_waiting(self, chat: int) -> None:
        """Hand the chat's waiting updates to python-telegram-bot in order, until none is left;
        each marked handled (committed) before the chat is let go."""
        while True:
            async with self.db.read() as tx:
                rows = await inbox.of_chat(tx, chat)
            pending = [(update_id, payload) for update_id, payload in rows
                       if update_id not in self.once.handled]
            if not pending:
                return
            # Those under way here already (a fast writer's, held back by ``bot.flood``) are
            # waited for too: the chat is not let go while any of its updates runs.
            ended = [self.once.watch(update_id) for update_id, _ in pending]
            for update_id, payload in pending:
                if update_id not in self.once.under_way:
                    # Replayed: a process that died may have stored its contribution and lost
                    # the acknowledgement (a duplicate is then acknowledged once more).
                    data = {**json.loads(payload), REPLAYED: True}
                    await asyncio.Queue.put(self.app.update_queue,
                                            Update.de_json(data, self.app.bot))
            await asyncio.gather(*ended)
            self.handled += len(pending)
            # Stored as handled before anyone else looks (the journal's next commit).
            await self.journal.marked([update_id for update_id, _ in pending])

    async def _keep(self) -> None:
        """Renew the chats held; take over chats whose holder is gone."""
        renewed = swept = 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                if loop.time() - renewed >= RENEW_SECONDS and self._held:
                    held = sorted(self._held)
                    async with self.db.transaction() as tx:
                        await leases.prolong(tx, HOLDER, [f"chat:{c}" for c in held],
                                             await _at(tx, LEASE_SECONDS))
                    renewed = loop.time()
                if loop.time() - swept >= SWEEP_SECONDS:
                    async with self.db.read() as tx:
                        waiting = await inbox.waiting_chats(
                            tx, iso(await leases.server_time(tx)))
                    for chat in waiting:
                        self.wake(chat)
                    swept = loop.time()
            except DATABASE_ERRORS as error:
                log.warning("leases not renewed: %s", type(error).__name__)
            await asyncio.sleep(min(SWEEP_SECONDS, RENEW_SECONDS) / 2)

"""Which sessions changed: an in-process broadcaster that a page waits on instead of polling.

The round service tells it after every stored step (a move's transaction, the
journal's commit of contributions, a change outside the flows); whoever shows a
session live (the web wall's event streams) waits for the session's next
change. A waiter only learns *that* something changed, and reads the session
again: a burst of 400 notes wakes each waiter as often as it manages to read,
not 400 times. ``close`` wakes everyone for good, so streams end at shutdown.

With several processes on one database (PostgreSQL), a change stored by one
process is shown by the pages every process serves: ``Fanout`` sends each
process's changes as a notice on the database's channel (``NOTIFY``, after the
commit that made them) and tells its own ``Changes`` of the other processes'
ones, leaving out its own echo. A notice only wakes pages, which read the
database again: it is never needed for correctness, and a lost one costs at most
``web.app.REFRESH`` seconds (after a lost connection, every page reads again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from storage.db import NOTICE_BYTES, Channel

log = logging.getLogger(__name__)
CHANNEL = "werkstatt_changes"
"""The database channel the processes tell each other of changes on."""
EVERY = "*"
"""A notice's word for "every session"."""


@dataclass
class _Session:
    version: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class Changes:
    """Per session, a version that moves on with every change, and a way to wait for it."""

    def __init__(self) -> None:
        self._sessions: dict[int, _Session] = {}
        self._every = 0
        """Changes that concern every session (someone forgotten, a session renamed)."""
        self._closed = asyncio.Event()
        self.relay: Callable[[int | None], None] | None = None
        """Told of every change made here (a session, or ``None``: every session), to carry it
        to the other processes (``Fanout``)."""

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def version(self, session_id: int) -> int:
        """A number that is different after any change to the session (or to all of them)."""
        found = self._sessions.get(session_id)
        return self._every + (found.version if found else 0)

    def changed(self, session_id: int) -> None:
        """The session's round (or what it shows) changed: wake whoever waits for it."""
        self.heard(session_id)
        if self.relay is not None:
            self.relay(session_id)

    def changed_all(self) -> None:
        """Something every session may show changed (a person was forgotten)."""
        self.heard_all()
        if self.relay is not None:
            self.relay(None)

    def heard(self, session_id: int) -> None:
        """Another process changed the session: wake its waiters here (and tell nobody)."""
        found = self._sessions.setdefault(session_id, _Session())
        found.version += 1
        self._wake(found)

    def heard_all(self) -> None:
        """Another process changed what every session may show (or its notices were missed)."""
        self._every += 1
        for found in self._sessions.values():
            self._wake(found)

    @staticmethod
    def _wake(found: _Session) -> None:
        woken, found.changed = found.changed, asyncio.Event()
        woken.set()

    async def wait(self, session_id: int, seen: int, within: float) -> bool:
        """Wait until the session's version differs from ``seen``, at most ``within``
        seconds; ``False`` once closed (the stream is to end)."""
        if self.closed:
            return False
        if self.version(session_id) != seen:
            return True
        found = self._sessions.setdefault(session_id, _Session())
        waits = [asyncio.ensure_future(found.changed.wait()),
                 asyncio.ensure_future(self._closed.wait())]
        try:
            await asyncio.wait(waits, timeout=within, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
        return not self.closed

    def close(self) -> None:
        """Shutting down: every waiter returns ``False`` now and from now on."""
        self._closed.set()

    def reopen(self) -> None:
        """Started again (a restart within one process, as tests do)."""
        self._closed = asyncio.Event()


class Fanout:
    """One process's ``Changes`` joined to every other process's on the same database.

    Changes made here are gathered while a notice is on its way and then sent as one
    (``<origin> <session>,<session>,…`` or ``<origin> *``), so a burst of commits costs
    a notice per round trip, not one per commit. A notice heard with this process's own
    ``origin`` is its echo and left out; any other wakes the sessions it names here."""

    def __init__(self, changes: Changes, channel: Channel) -> None:
        self.changes = changes
        self.channel = channel
        self.origin = secrets.token_hex(8)
        self._pending: set[int] = set()
        self._every = False
        self._waiting = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None
        self.sent = 0
        """Notices sent (tests count them)."""

    async def start(self) -> None:
        """Listen, then carry this process's changes (raises when the database cannot be
        reached)."""
        await self.channel.listen(self._heard, self.changes.heard_all)
        self.changes.relay = self._made
        self._sender = asyncio.create_task(self._send(), name="telling of changes")

    async def close(self) -> None:
        """Send what is still to be told, then stop listening."""
        self.changes.relay = None
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
            self._sender = None
            with contextlib.suppress(Exception):
                await self._flush()
        await self.channel.close()

    def _made(self, session_id: int | None) -> None:
        if session_id is None:
            self._every = True
        else:
            self._pending.add(session_id)
        self._waiting.set()

    async def _send(self) -> None:
        while True:
            await self._waiting.wait()
            self._waiting.clear()
            try:
                await self._flush()
            except Exception:  # the pages still read again within REFRESH; the next change tells
                log.warning("a change was not told to the other processes", exc_info=True)

    async def _flush(self) -> None:
        pending, every = self._pending, self._every
        self._pending, self._every = set(), False
        for payload in self.payloads(pending, every):
            await self.channel.send(payload)
            self.sent += 1

    def payloads(self, sessions: set[int], every: bool) -> list[str]:
        """The notices that tell of these changes, each within ``NOTICE_BYTES``."""
        if every:
            return [f"{self.origin} {EVERY}"]
        found: list[str] = []
        part: list[str] = []
        size = len(self.origin) + 1
        for session_id in sorted(sessions):
            text = str(session_id)
            if part and size + len(text) + 1 > NOTICE_BYTES:
                found.append(f"{self.origin} {','.join(part)}")
                part, size = [], len(self.origin) + 1
            part.append(text)
            size += len(text) + 1
        if part:
            found.append(f"{self.origin} {','.join(part)}")
        return found

    def _heard(self, payload: str) -> None:
        origin, _, told = payload.partition(" ")
        if origin == self.origin or not told:
            return
        if told == EVERY:
            self.changes.heard_all()
            return
        for word in told.split(","):
            if word.lstrip("-").isdigit():
                self.changes.heard(int(word))

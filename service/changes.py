"""Which sessions changed: an in-process broadcaster that a page waits on instead of polling.

The round service tells it after every stored step (a move's transaction, the
journal's commit of contributions, a change outside the flows); whoever shows a
session live (the web wall's event streams) waits for the session's next
change. A waiter only learns *that* something changed, and reads the session
again: a burst of 400 notes wakes each waiter as often as it manages to read,
not 400 times. ``close`` wakes everyone for good, so streams end at shutdown.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


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

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def version(self, session_id: int) -> int:
        """A number that is different after any change to the session (or to all of them)."""
        found = self._sessions.get(session_id)
        return self._every + (found.version if found else 0)

    def changed(self, session_id: int) -> None:
        """The session's round (or what it shows) changed: wake whoever waits for it."""
        found = self._sessions.setdefault(session_id, _Session())
        found.version += 1
        self._wake(found)

    def changed_all(self) -> None:
        """Something every session may show changed (a person was forgotten)."""
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

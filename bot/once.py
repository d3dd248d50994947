"""Exactly once: an update Telegram delivers again (after a restart, say) is handled once.

``bot.inbox.InboxProcessor`` asks ``claim`` before any handler: an update whose id
was handled, or is being handled (the same update fetched again while the copy from the
inbox still runs), is dropped. Once the update ended, whichever way (taken, refused,
answered by the flood guard, ignored, failed), ``done`` records its id in memory and in
the inbox (with the journal's next transaction, see ``storage.journal``), so a contribution
and the mark that its update was handled commit together. At start-up the handled ids are
read back, so a redelivery after a restart is dropped too, without a database read per
update. A crash between handling and marking lets the update through once more;
contributions are protected against that as well, by their unique source (chat and
message) in the round log.
"""

from __future__ import annotations

import asyncio

from telegram import Update

from storage import inbox
from storage.db import Database
from storage.journal import Journal

REPLAYED = "werkstatt_replayed"
"""Set (among the update's unknown fields) on an update handed over again from the inbox."""


def replayed(update: Update) -> bool:
    """Whether the update arrived before a restart and comes from the inbox: a contribution
    it brought may be stored while its acknowledgement was lost."""
    return bool(update.api_kwargs.get(REPLAYED))


class Once:
    """The ids of the updates handled, and of those under way."""

    def __init__(self) -> None:
        self.handled: set[int] = set()
        self.under_way: set[int] = set()
        self._watched: dict[int, asyncio.Future[None]] = {}
        self.journal: Journal | None = None
        """Where handled ids are stored (bound at start-up; without it they stay in memory)."""

    async def load(self, db: Database, journal: Journal) -> None:
        """Read the ids handled before the restart."""
        async with db.transaction() as tx:
            self.handled = await inbox.handled_ids(tx)
        self.under_way.clear()
        self.journal = journal

    def claim(self, update_id: int) -> bool:
        """Whether the update is new: it is then under way until ``done``."""
        if update_id in self.handled or update_id in self.under_way:
            return False
        self.under_way.add(update_id)
        return True

    def watch(self, update_id: int) -> asyncio.Future[None]:
        """Resolved once the update ended (``done``)."""
        future = self._watched.get(update_id)
        if future is None:
            future = self._watched[update_id] = asyncio.get_running_loop().create_future()
        return future

    def done(self, update_id: int) -> None:
        """The update ended: it is never handled again."""
        self.under_way.discard(update_id)
        self.handled.add(update_id)
        watched = self._watched.pop(update_id, None)
        if watched is not None and not watched.done():
            watched.set_result(None)
        if self.journal is not None:
            self.journal.remember_update(update_id)

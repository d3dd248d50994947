"""Who sent an update, read for many senders at once, as their updates arrive.

A note from someone the bot has not seen here yet needs one read (the person, their
roles in the event, whether they are a member of the session) before it can be taken.
Read one by one, in a chat's order, those reads made a room full of newcomers take
notes at half the speed of a room of known people: every note of the chat waited for
its own trip to the database, and the work around it came apart into small pieces.

``SenderReads`` reads every sender asked for in one query: those asked for while a read
is under way go together in the next one. An adapter asks ahead (``ahead``) as soon as an
update arrives, before it waits its turn in the chat's order; by the time the update is
handled, its sender was read together with the others that arrived with it. A read
counts only while ``Database.generation`` stands where it stood when the read began.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from storage import people
from storage.db import Database
from storage.people import Asked, Sender

log = logging.getLogger(__name__)
AHEAD = 4096
"""Senders read ahead and not yet asked for that are kept before the oldest go."""


class SenderReads:
    """Senders read in batches: ``sender`` for one update, ``ahead`` as updates arrive."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._asked: dict[Asked, asyncio.Future[Sender]] = {}
        """Asked for, for the next read."""
        self._ahead: set[Asked] = set()
        """Of those, the ones asked ahead (kept in ``_read`` once read)."""
        self._read: OrderedDict[Asked, tuple[int, asyncio.Future[Sender]]] = OrderedDict()
        """Read ahead, or being read, with the generation the read began at."""
        self._task: asyncio.Task[None] | None = None
        self.reads = 0
        """Reads so far (each one query per ``people.SENDERS_AT_ONCE`` senders)."""

    def ahead(self, asked: Asked) -> None:
        """Read this sender with the next read, unless a read of them counts already."""
        kept = self._read.get(asked)
        if kept is None or kept[0] != self.db.generation:
            self._ask(asked)
            self._ahead.add(asked)

    async def sender(self, asked: Asked, generation: int) -> Sender:
        """The sender, as read at ``generation`` or later: read ahead, else with the next read."""
        kept = self._read.pop(asked, None)
        if kept is not None and kept[0] == generation:
            try:
                return await asyncio.shield(kept[1])
            except Exception:  # the read ahead failed: read again, on its own
                log.debug("a sender read ahead failed; read again", exc_info=True)
        return await asyncio.shield(self._ask(asked))

    def forget(self, user_ids: set[int]) -> None:
        """These people's rows could not be stored: what was read of them goes."""
        for asked in [asked for asked in self._read if asked[0] in user_ids]:
            del self._read[asked]

    def _ask(self, asked: Asked) -> asyncio.Future[Sender]:
        future = self._asked.get(asked)
        if future is None:
            future = self._asked[asked] = asyncio.get_running_loop().create_future()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="senders")
        return future

    async def _run(self) -> None:
        try:
            while self._asked:
                batch, self._asked = self._asked, {}
                ahead, self._ahead = self._ahead, set()
                try:
                    await self._read_batch(batch, ahead)
                except BaseException:  # cancelled: nobody is left waiting
                    for future in batch.values():
                        future.cancel()
                    raise
        finally:
            self._task = None
            for future in self._asked.values():  # (only if cancelled)
                future.cancel()
            self._asked, self._ahead = {}, set()

    async def _read_batch(self, batch: dict[Asked, asyncio.Future[Sender]],
                          ahead: set[Asked]) -> None:
        generation = self.db.generation  # before the read: later changes move past it
        for asked in ahead:
            self._read.pop(asked, None)
            self._read[asked] = (generation, batch[asked])
        while len(self._read) > AHEAD:
            self._read.popitem(last=False)
        try:
            async with self.db.read() as tx:
                found = await people.senders(tx, list(batch))
        except Exception as error:  # each one waiting is told
            for future in batch.values():
                if not future.done():
                    future.set_exception(error)
                    future.exception()  # (read ahead, maybe never asked for)
            return
        self.reads += 1
        for asked, future in batch.items():
            if not future.done():
                future.set_result(found[asked])

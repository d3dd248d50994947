"""Group commit: contributions that arrive together are stored in one transaction.

A burst of notes in one chat is handled one note after another (the chat's
order), and committing each on its own costs several round trips to
SQLite's thread and rewrites the round's whole state every time. The journal
takes a contribution's log row and the round's new state, answers with a
future, and commits everything waiting in one transaction as soon as the
previous one is done: the first contribution of a burst is stored at once,
the next ones together a moment later. The caller acknowledges the person
only when the future says the contribution is stored.

The update ids that were handled are remembered in the same transactions, so
a contribution and the record that its update was handled commit together; so are
the updates a webhook received (``receive``), which Telegram is told arrived once
their transaction committed: a chat's next update comes only then, and its row and
the previous update's contribution then share one transaction instead of two.

If a transaction fails, every contribution in it and every one waiting behind
it for the same rounds fails too (each was computed on top of the ones
before), and ``on_failure`` is told which rounds to read back from the
database. A broken constraint (a message stored twice) is the one round's
problem: the rounds of that transaction are then stored one by one, so the
others' contributions still land, and the repeated one fails with
``DuplicateSource``.

Several processes may store contributions to one round (``Database.shared``): a
transaction holds the sessions of its rounds (``Tx.lock_sessions``) and stores a
round's state only if the round is still at the version its contributions were
applied to (``Write.expected``). Otherwise nothing of that round is stored, and its
contributions fail with ``StaleRound``, to be applied again to the round as it is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from storage import inbox, people, rounds
from storage.db import Database, Tx
from storage.errors import INTEGRITY_ERRORS, TRANSIENT_ERRORS, DuplicateSource, StaleRound
from storage.records import iso, utcnow

log = logging.getLogger(__name__)
_ONE_ROUNDS_PROBLEM: tuple[type[Exception], ...] = (*INTEGRITY_ERRORS, DuplicateSource)
"""A broken constraint: a row of one round (a message stored twice), not the database's fault."""


@dataclass
class Write:
    """One contribution: its log row, and the round's state after it."""

    round_id: int
    session_id: int
    actor: int
    event: str
    """The log's text of the event: its type's name and its JSON."""
    source: str | None
    value: Any
    """The round's new state."""
    dump: Callable[[], str]
    """The new state as JSON (called only for the newest state of a round in a transaction)."""
    is_open: bool
    deadline: str | None
    expected: int | None = None
    """The round's version the contribution was applied to (``None``: not checked)."""
    at: str = field(default_factory=lambda: iso(utcnow()))
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass
class Arrival:
    """Updates received (id, JSON) to keep in the inbox."""

    rows: list[tuple[int, str]]
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass
class Sighting:
    """A sender seen for the first time, renamed, or newly in a session: their rows."""

    user_id: int
    telegram_name: str
    username: str | None
    language: str
    """Stored for a new person only: a known person's own choice stays."""
    session_id: int | None
    """The session they now take part in (``None``: none new)."""
    at: str = field(default_factory=lambda: iso(utcnow()))
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Journal:
    """Contributions, senders seen and handled update ids waiting for their common transaction."""

    def __init__(
        self,
        db: Database,
        on_commit: Callable[[Write, str], None],
        on_failure: Callable[[set[int], set[int]], None],
    ) -> None:
        self.db = db
        db.before_transaction = self.store_senders
        self.on_commit = on_commit
        """Told, for each round, its newest write in a committed transaction and its JSON."""
        self.on_failure = on_failure
        """Told which rounds and which senders could not be stored (to read them again)."""
        self._writes: list[Write] = []
        self._writing: list[Write] = []
        self._update_ids: list[int] = []
        self._marking: list[int] = []
        """The ids of the transaction under way."""
        self._retrying: list[int] = []
        """The ids whose transaction failed in this run (queued again when it ends)."""
        self._marks: dict[int, asyncio.Future[None]] = {}
        """Who waits for which id to be stored (``marked``)."""
        self._sightings: list[Sighting] = []
        self._seeing: list[Sighting] = []
        self._arrivals: list[Arrival] = []
        self._arriving: list[Arrival] = []
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self._open = asyncio.Event()
        self._open.set()
        self._exclusive = asyncio.Lock()
        self.transactions = 0
        """Transactions committed so far (the benchmark divides contributions by it)."""
        self.on_marked: Callable[[list[int]], None] | None = None
        """Told the update ids each committed transaction marked handled."""

    def add(self, write: Write) -> asyncio.Future[None]:
        """Queue a contribution; the future is done once it is committed (or failed)."""
        self._writes.append(write)
        self._wake()
        return write.done

    def receive(self, rows: list[tuple[int, str]]) -> asyncio.Future[None]:
        """Keep received updates in the inbox with the next transaction; the future is done
        once they are committed (or failed)."""
        arrival = Arrival(rows)
        self._arrivals.append(arrival)
        self._wake()
        return arrival.done

    def see(self, sighting: Sighting) -> None:
        """Store a sender's rows with the next transaction (before the contributions in it).

        Nothing waits for it here: every other transaction commits the waiting
        senders first (``Database.before_transaction``), so it sees them.
        """
        self._sightings.append(sighting)
        self._wake()

    async def store_senders(self) -> None:
        """Wait until the senders queued so far are committed (or failed)."""
        waiting = [s.done for s in (*self._seeing, *self._sightings)]
        if waiting:
            await asyncio.wait(waiting)

    def remember_update(self, update_id: int) -> None:
        """Queue the id of an update that was handled (stored with the next transaction)."""
        self._update_ids.append(update_id)
        self._wake()

    async def marked(self, update_ids: Collection[int]) -> None:
        """Wait until these handled updates are stored as handled (those still queued, or in
        the transaction under way; the others are already)."""
        loop = asyncio.get_running_loop()
        waiting = [self._marks.setdefault(update_id, loop.create_future())
                   for update_id in set(update_ids)
                   if update_id in self._update_ids or update_id in self._marking
                   or update_id in self._retrying]
        if waiting:
            self._wake()  # ids that failed before are tried again
            await asyncio.wait(waiting)

    async def settle(self, session_id: int) -> bool:
        """Wait until the session's contributions queued so far are committed (or failed);
        whether there were any."""
        waiting = [w.done for w in (*self._writing, *self._writes) if w.session_id == session_id]
        if waiting:
            await asyncio.wait(waiting)
        return bool(waiting)

    async def drain(self) -> None:
        """Wait until everything queued so far (and whatever joins meanwhile) is committed;
        update ids that failed before are tried once more."""
        if self._update_ids:
            self._wake()
        while not self._idle.is_set():
            await self._idle.wait()

    @property
    def is_open(self) -> bool:
        """Whether contributions may join (no ``exclusive`` block runs)."""
        return self._open.is_set()

    async def opened(self) -> None:
        """Wait until no ``exclusive`` block runs."""
        while not self._open.is_set():
            await self._open.wait()

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Everything queued is stored first, and nothing joins until the block ends.

        For changes to rounds outside the contributions (forgetting a person),
        which must not be overwritten by a state computed before them.
        """
        async with self._exclusive:
            self._open.clear()
            try:
                waiting = [w.done for w in (*self._writing, *self._writes)]
                waiting += [s.done for s in (*self._seeing, *self._sightings)]
                if waiting:
                    await asyncio.wait(waiting)
                yield
            finally:
                self._open.set()

    def _wake(self) -> None:
        if self._task is None:
            self._idle.clear()
            self._task = asyncio.get_running_loop().create_task(self._run(), name="journal")

    async def _run(self) -> None:
        retry_ids = self._retrying = []
        try:
            while self._writes or self._update_ids or self._sightings or self._arrivals:
                self._writing, self._writes = self._writes, []
                update_ids, self._update_ids = self._update_ids, []
                self._marking = update_ids
                self._seeing, self._sightings = self._sightings, []
                self._arriving, self._arrivals = self._arrivals, []
                try:
                    stored = await self._commit(self._writing, update_ids, self._seeing,
                                                self._arriving)
                except Exception as error:  # a bug, not the disk: nobody may wait for ever
                    log.exception("the journal failed")
                    self._fail(self._writing, self._seeing, error, self._arriving)
                    stored = False
                if not stored:
                    retry_ids.extend(update_ids)
                    continue
                for update_id in update_ids:
                    mark = self._marks.pop(update_id, None)
                    if mark is not None and not mark.done():
                        mark.set_result(None)
                if update_ids and self.on_marked is not None:
                    self.on_marked(update_ids)
        except BaseException:  # cancelled: whoever waits is told, not left waiting
            self._fail([*self._writing, *self._writes], [*self._seeing, *self._sightings],
                       RuntimeError("the journal stopped"), [*self._arriving, *self._arrivals])
            raise
        finally:
            # Ids that failed go with a later transaction (they are in memory meanwhile);
            # not in this run, or a disk that keeps failing would be tried in a loop.
            self._update_ids[:0] = retry_ids
            self._writing, self._seeing, self._marking, self._retrying = [], [], [], []
            self._arriving = []
            self._task = None
            self._idle.set()

    async def _commit(self, writes: list[Write], update_ids: list[int],
                      sightings: list[Sighting], arrivals: list[Arrival] | None = None) -> bool:
        """One transaction; whether everything in it was stored."""
        for attempt in range(3):
            try:
                return await self._commit_once(writes, update_ids, sightings, arrivals or [])
            except TRANSIENT_ERRORS:  # another process's transaction went first: again
                if attempt == 2:
                    raise
                log.info("the journal's transaction is tried again")
        raise AssertionError("unreachable")

    async def _commit_once(self, writes: list[Write], update_ids: list[int],
                           sightings: list[Sighting], arrivals: list[Arrival]) -> bool:
        newest = {write.round_id: write for write in writes}
        first: dict[int, Write] = {}
        for write in writes:
            first.setdefault(write.round_id, write)
        dumped: dict[int, str] = {}
        stale: set[int] = set()
        try:
            async with self.db.transaction(after_pending=False) as tx:
                if arrivals:
                    await inbox.receive(tx, [row for arrival in arrivals for row in arrival.rows])
                if sightings:
                    await _store_sightings(tx, sightings)
                if writes:
                    await tx.lock_sessions({w.session_id for w in writes})
                for round_id, write in newest.items():
                    dumped[round_id] = write.dump()
                    expected = first[round_id].expected
                    if not await rounds.store_state(
                            tx, round_id, dumped[round_id], is_open=write.is_open,
                            deadline=write.deadline, at=write.at,
                            steps=sum(w.round_id == round_id for w in writes),
                            expected=expected, later=True) and expected is not None:
                        stale.add(round_id)  # (a round that is gone fails with its log rows)
                if writes:
                    await rounds.log_events(
                        tx, [(w.round_id, w.actor, w.event, w.source, w.at)
                             for w in writes if w.round_id not in stale], later=True)
                if update_ids:
                    await inbox.mark_handled(tx, update_ids)
        except _ONE_ROUNDS_PROBLEM as error:
            if len(newest) + bool(sightings or update_ids or arrivals) < 2:
                self._fail(writes, sightings, error, arrivals)
                return False
            # One round's row broke a constraint: the senders, ids and arrivals first, then
            # each round on its own, so that only the broken one fails.
            stored = await self._commit([], update_ids, sightings, arrivals)
            for round_id in newest:
                stored = await self._commit(
                    [w for w in writes if w.round_id == round_id], [], []) and stored
            return stored
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:
            self._fail(writes, sightings, error, arrivals)
            return False
        self.transactions += 1
        for arrival in arrivals:
            if not arrival.done.done():
                arrival.done.set_result(None)
        for sighting in sightings:
            if not sighting.done.done():
                sighting.done.set_result(None)
        for write in writes:
            if write.round_id not in stale and not write.done.done():
                write.done.set_result(None)
        for round_id, write in newest.items():
            if round_id not in stale:
                self.on_commit(write, dumped[round_id])
        for round_id in stale:
            self._fail([w for w in writes if w.round_id == round_id], [], StaleRound(round_id))
        return True

    def _fail(self, writes: list[Write], sightings: list[Sighting], error: Exception,
              arrivals: list[Arrival] | None = None) -> None:
        """Fail these, and the contributions queued behind them for the same rounds; the
        futures first, so that nobody waits for ever whatever ``on_failure`` does."""
        rounds = {w.round_id for w in writes}
        behind = [w for w in self._writes if w.round_id in rounds]
        self._writes = [w for w in self._writes if w.round_id not in rounds]
        for future in [*(w.done for w in (*writes, *behind)), *(s.done for s in sightings),
                       *(a.done for a in arrivals or ())]:
            if not future.done():
                future.set_exception(error)
        for sighting in sightings:
            sighting.done.exception()  # nobody need look: the sender is read again
        if not writes and not sightings:
            return
        if isinstance(error, StaleRound):  # another process stored a step: applied again
            log.info("round %s changed meanwhile: %d contributions applied again",
                     error.round_id, len(writes) + len(behind))
            self.on_failure(rounds, set())
            return
        log.error("storing %d contributions and %d senders failed: %s",
                  len(writes) + len(behind), len(sightings), type(error).__name__)
        self.on_failure(rounds, {s.user_id for s in sightings})


async def _store_sightings(tx: Tx, sightings: list[Sighting]) -> None:
    latest = {s.user_id: s for s in sightings}  # one row per person in the one statement
    # In the order of their keys, as every process writes them: no two wait for each other.
    await people.see_people(
        tx, [(s.user_id, s.telegram_name, s.username, s.language, s.at)
             for _, s in sorted(latest.items())])
    members: dict[tuple[int, int], str] = {}
    for s in sightings:
        if s.session_id is not None:
            members.setdefault((s.session_id, s.user_id), s.at)
    await people.add_members(
        tx, [(session_id, user_id, at) for (session_id, user_id), at in sorted(members.items())])

"""Carries out a move on a round from plain values: role, exactly-once, apply, store.

Two ways into a round, both under the session's lock:

- ``act`` (every command, button, timer): the journal first stores what waits
  for the session, then one transaction reads the round, refuses a source it
  has seen, applies the event and stores the step with its log row.
- ``contribute`` (notes, the hot path of a burst): the event is applied to the
  round's newest state in memory and handed to the journal, which stores it
  with whatever else arrives meanwhile; the caller acknowledges once the
  returned ``stored`` future resolves.

Either returns what happened; the adapter shows it (live message, timers,
announcements) only then, so nothing is acknowledged before it is stored.

Several processes may share the database (``Database.shared``): ``open_round`` and
``act`` hold the session in the database too (``Tx.lock_sessions``) while they read
and store, and a contribution is stored only if its round is still at the version its
head was built on; otherwise (``StaleRound``) it is applied again to the round as it is
now, and ``stored`` tells the step that was stored in the end.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from flows import roles
from flows.base import Event, FlowError, Step
from service.changes import Changes
from service.formats import RoundFormat
from service.states import Head, StateCache
from storage import rounds as stored
from storage.db import Database, Tx
from storage.errors import DuplicateSource, StaleRound
from storage.journal import Journal, Write
from storage.records import RoundRecord, Session, iso, iso_or_none, utcnow

Clock = Callable[[], datetime]
"""The time a move happens: an aware UTC datetime."""


@dataclass(frozen=True)
class Actor:
    """Who makes a move, with the role every adapter resolves the same way (``flows.roles``)."""

    user_id: int
    role: roles.Role

    @classmethod
    def from_facts(cls, user_id: int, held: Collection[str], *, is_chat_admin: bool,
                   member: bool) -> Actor:
        """The actor as the adapter knows them: roles stored in the event, administering the
        session's group, taking part in the session."""
        return cls(user_id, roles.resolve(held, is_chat_admin, member=member))


@dataclass(frozen=True)
class Applied:
    """A step that is stored: the round (as it is now), the state before, the flow's step."""

    round: RoundRecord
    before: Any
    step: Step[Any]


@dataclass(frozen=True)
class Stored:
    """A contribution as it was stored: the state it was applied to and the flow's step (not
    the ones first computed when another process changed the round meanwhile)."""

    before: Any
    step: Step[Any]


@dataclass(frozen=True)
class Contributed:
    """A contribution applied and handed to the journal; ``stored`` resolves once committed."""

    round: RoundRecord
    """The round's identity (its stored texts are not kept with a head)."""
    before: Any
    step: Step[Any]
    stored: asyncio.Future[Stored] = field(repr=False)


@dataclass(frozen=True)
class _Attempt:
    """A contribution applied to a head and handed to the journal (``journal``: its commit)."""

    round: RoundRecord
    before: Any
    step: Step[Any]
    journal: asyncio.Future[None]


RETRIES = 50
"""How often a contribution is applied again to a round another process changed meanwhile."""


def usable(record: RoundRecord | None, session: Session, kind: str | None, *,
           late: bool = False) -> RoundRecord:
    """The round, if it is an open round of this session (and of ``kind``, if given); with
    ``late`` a closed one too (a contribution that waited past the close: the flow says
    whether it was sent in time)."""
    if record is None or record.session_id != session.id or (kind and record.kind != kind):
        raise FlowError(f"{kind}.none_open" if kind else "core.no_round")
    if not record.is_open and not late:
        raise FlowError("core.round_closed")
    return record


async def opened_from(tx: Tx, session_id: int, source: str) -> bool:
    """Whether a round of the session was opened (or moved) by ``source`` before."""
    return await stored.source_seen_in_session(tx, session_id, source)


def one_open_round(current: RoundRecord | None) -> None:
    """A session runs one round at a time: a new one is refused while ``current`` is open."""
    if current is not None and current.is_open:
        raise FlowError("core.round_already_open", kind=current.kind)


class RoundService:
    """The rounds of every session: locks, the group commit, parsed states, and the moves."""

    def __init__(
        self,
        db: Database,
        formats: Mapping[str, RoundFormat[Any]],
        *,
        clock: Clock = utcnow,
        on_senders_lost: Callable[[set[int]], None] | None = None,
    ) -> None:
        self.db = db
        self.formats = formats
        """The formats by kind (the adapter's own mapping: formats added to it count here)."""
        self.clock = clock
        self.states = StateCache()
        self.changes = Changes()
        """Which sessions changed, for whoever shows them live (the web wall)."""
        self.on_senders_lost = on_senders_lost
        """Told which senders the journal could not store (an adapter's caches of them)."""
        self.journal = Journal(db, self._committed, self._not_stored)
        self._session_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._again: set[asyncio.Task[None]] = set()

    def _committed(self, write: Write, state_json: str) -> None:
        """The journal stored a round's newest contributions: keep the state, tell the pages."""
        self.states.stored(write, state_json)
        self.changes.changed(write.session_id)

    def _not_stored(self, round_ids: set[int], user_ids: set[int]) -> None:
        """The journal failed: what was built on the lost rows is read again."""
        self.states.failed(round_ids)
        if self.on_senders_lost is not None:
            self.on_senders_lost(user_ids)

    def session_lock(self, session_id: int) -> asyncio.Lock:
        """Held while a round of the session changes: one change at a time per session.

        Kept only while someone holds or waits for it (a lock nobody uses has
        nothing to protect)."""
        lock = self._session_locks.get(session_id)
        if lock is None:
            lock = self._session_locks[session_id] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """For changes to rounds, sessions or events outside a flow's events (forgetting a
        person, deleting an event): every contribution is stored before, none joins during,
        and the next one reads its round again."""
        async with self.journal.exclusive():
            try:
                yield
            finally:
                self.states.drop_heads()
                self.changes.changed_all()

    def require(self, event: Event, role: roles.Role) -> None:
        """Refuse a move the role may not make: the one matrix decides, or the format whose
        flow is not in it (``RoundFormat.permissions``)."""
        own = next((fmt.permissions for fmt in self.formats.values()
                    if type(event) in fmt.permissions), None)
        roles.check(roles.MATRIX if own is None else own, event, role)

    async def none_open(self, session_id: int) -> None:
        """Refuse, before asking anything, to prepare a round while one is open."""
        async with self.db.transaction() as tx:
            one_open_round(await stored.open_round(tx, session_id))

    async def open_round(self, session: Session, actor: Actor, fmt: RoundFormat[Any],
                         event: Event, *, source: str | None = None) -> Applied:
        """Start a round of ``fmt`` in the session: one open round at a time.

        A ``source`` (a web request's id) is logged with the opening event, and one that
        opened a round of the session before is refused as ``duplicate``, so a request sent
        again opens nothing (checked in the same transaction: nothing opens in between).
        """
        self.require(event, actor.role)
        now = self.clock()
        async with self.db.transaction() as tx:
            await tx.lock_sessions((session.id,))
            if source is not None and await opened_from(tx, session.id, source):
                raise FlowError("duplicate")
            one_open_round(await stored.open_round(tx, session.id))
            step = fmt.apply(None, event, now)
            record = await stored.create_round(
                tx, session.id, fmt.kind, step.state, fmt.deadline(step.state))
            if source is not None:
                await stored.log_events(tx, [(record.id, event.actor, stored.log_text(event),
                                              source, iso(now))])
        self.changes.changed(session.id)
        return Applied(record, None, step)

    async def act(
        self,
        session: Session,
        actor: Actor | None,
        event: Event,
        *,
        kind: str | None = None,
        round_id: int | None = None,
        source: str | None = None,
        check: Callable[[RoundRecord], None] | None = None,
        late: bool = False,
        session_wide: bool = False,
    ) -> Applied:
        """Apply one event to the session's open round (or the given one) and store the step.

        ``actor`` ``None`` is the workshop's own clock (timers). ``kind`` refuses
        the event when the open round is of another format; a ``source`` seen
        before is refused as ``duplicate`` and changes nothing. Contributions
        waiting in the journal for this session are stored first, and the round
        is read in the same transaction that stores the step. ``late``: the given
        round may be closed (see ``usable``). ``session_wide``: a source seen in any round
        of the session is refused so (a web request's id, which a retry may carry into the
        next round).
        """
        if actor is not None:
            self.require(event, actor.role)
        now = self.clock()
        async with self.session_lock(session.id):
            await self.journal.settle(session.id)
            self.states.drop_head(session.id)
            async with self.db.transaction() as tx:
                await tx.lock_sessions((session.id,))
                record = (await stored.get_round(tx, round_id) if round_id is not None
                          else await stored.open_round(tx, session.id))
                record = usable(record, session, kind, late=late)
                if check is not None:
                    check(record)
                if source is not None and await (
                        opened_from(tx, session.id, source) if session_wide
                        else stored.source_seen(tx, record.id, source)):
                    raise FlowError("duplicate")  # checked first: a repeat is silent, not refused
                fmt = self.formats[record.kind]
                before = self.states.parse(fmt, record)
                step = fmt.apply(before, event, now)
                is_open = fmt.is_open(step.state)
                deadline = fmt.deadline(step.state)
                try:
                    saved = await stored.save_step(
                        tx, record.id, step.state, event, source=source, is_open=is_open,
                        deadline=deadline, state_json=fmt.dump(record.id, step.state),
                    )
                except DuplicateSource:  # the same message or press arrived meanwhile
                    raise FlowError("duplicate") from None
                self.states.keep(record.id, saved, step.state, is_open=is_open)
        self.changes.changed(session.id)
        now_stored = record.model_copy(
            update={"state_json": saved, "is_open": is_open, "deadline": deadline})
        return Applied(now_stored, before, step)

    async def contribute(
        self, session: Session, actor: Actor, event: Event, *, kind: str, source: str
    ) -> Contributed:
        """Apply a contribution to the newest state of the session's open round, now.

        The step joins the journal, which stores it together with whatever else
        arrives meanwhile; the result's ``stored`` resolves once it is committed
        (or fails with the reason). An illegal contribution raises ``FlowError``
        here, before anything is stored. A round is read from the database only
        when no newer state of it is known.
        """
        self.require(event, actor.role)
        applied = await self._contribute(session, event, kind=kind, source=source)
        stored_as: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self._follow(applied, stored_as, session, event, kind, source, RETRIES)
        return Contributed(applied.round, applied.before, applied.step, stored_as)

    def _follow(self, applied: _Attempt, stored_as: asyncio.Future[Stored], session: Session,
                event: Event, kind: str, source: str, retries: int) -> None:
        """Resolve ``stored_as`` once the journal stored the contribution; when the round had
        changed in another process (``StaleRound``), apply it again first."""

        def landed(journal: asyncio.Future[None]) -> None:
            if stored_as.done():
                return
            if journal.cancelled():
                stored_as.cancel()
                return
            error = journal.exception()
            if error is None:
                stored_as.set_result(Stored(applied.before, applied.step))
            elif isinstance(error, StaleRound) and retries > 0:
                task = asyncio.get_running_loop().create_task(self._again_with(
                    stored_as, session, event, kind, source, retries - 1))
                self._again.add(task)
                task.add_done_callback(self._again.discard)
            else:
                stored_as.set_exception(error)

        applied.journal.add_done_callback(landed)

    async def _again_with(self, stored_as: asyncio.Future[Stored], session: Session,
                          event: Event, kind: str, source: str, retries: int) -> None:
        try:
            applied = await self._contribute(session, event, kind=kind, source=source)
        except Exception as error:  # the round closed meanwhile, say: the caller hears why
            if not stored_as.done():
                stored_as.set_exception(error)
            return
        self._follow(applied, stored_as, session, event, kind, source, retries)

    async def _contribute(self, session: Session, event: Event, *, kind: str,
                          source: str) -> _Attempt:
        """Apply to the session's head (read first when there is none) and hand it to the
        journal."""
        while True:
            await self.journal.opened()
            async with self.session_lock(session.id):
                head = self.states.head(session.id)
                if head is None:
                    await self.journal.settle(session.id)
                    async with self.db.transaction() as tx:
                        record = usable(await stored.open_round(tx, session.id), session, kind)
                    state = self.states.parse(self.formats[record.kind], record)
                    # The head needs the round's identity, not its texts (kept in StateCache).
                    head = Head(record.model_copy(update={"state_json": "", "live_text": None}),
                                state, record.version)
                if not self.journal.is_open:
                    continue  # a change outside the flows began meanwhile: read the round again
                record = usable(head.record, session, kind)
                fmt = self.formats[record.kind]
                step = fmt.apply(head.state, event, self.clock())
                if not fmt.is_open(step.state):
                    raise AssertionError(f"{type(event).__name__} cannot close a round")
                self.states.advance(Head(record, step.state, head.version + 1))
                done = self.journal.add(Write(
                    round_id=record.id, session_id=session.id, actor=event.actor,
                    event=stored.log_text(event), source=source, value=step.state,
                    dump=partial(fmt.dump, record.id, step.state), is_open=True,
                    deadline=iso_or_none(fmt.deadline(step.state)), expected=head.version,
                ))
                return _Attempt(record, head.state, step, done)

"""What the handlers share: settings, the round service, signer, formats; who acts where.

The rounds themselves (locks, the journal, parsed states) are the round
service's (``service.rounds``); this is the Telegram side around it: who sent
an update, which group administrators Telegram reports, the acknowledgements
still on their way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict, defaultdict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, cast

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, BaseUpdateProcessor, CallbackContext, JobQueue

from bot.buttons import ButtonSigner
from bot.formats import Format
from bot.settings import Settings
from bot.sharing import order_key
from flows.roles import Role, resolve
from locales import DEFAULT_ADDRESS, Translator, pick_language, translator
from service.formats import Reminder
from service.rounds import RoundService
from service.senders import SenderReads
from service.states import StateCache
from storage import people
from storage.db import Database, Tx
from storage.journal import Journal, Sighting
from storage.people import Asked
from storage.records import Event, Person, Session, utcnow

log = logging.getLogger(__name__)
ADMIN_CACHE_SECONDS = 300.0
KNOWN_SENDERS = 4096
"""Senders ``who_in_session`` remembers (per chat and topic) before it forgets the oldest."""
K = TypeVar("K")
V = TypeVar("V")
Ctx = CallbackContext[Any, Any, Any, Any]
App = Application[Any, Any, Any, Any, Any, Any]


class LiveBoard(Protocol):
    """The live messages of rounds (``bot.live.LiveMessages``)."""

    async def post(self, context: Ctx, round_id: int) -> None: ...

    def mark_dirty(self, context: Ctx, round_id: int, *, urgent: bool = False) -> None: ...

    def schedule(self, app: App, round_id: int, *, urgent: bool = False) -> None: ...

    async def flush(self, app: App) -> None: ...


class RoundTimers(Protocol):
    """The deadlines and reminders of rounds on the JobQueue (``bot.timers.Timers``)."""

    def bind(self, queue: JobQueue[Any]) -> None: ...

    def arm(self, round_id: int, deadline: datetime | None) -> None: ...

    def arm_reminders(self, round_id: int, reminders: Sequence[Reminder]) -> None: ...

    async def rearm(self, app: App) -> list[int]: ...

    async def sweep(self, context: Ctx) -> None: ...


@dataclass(frozen=True)
class Known:
    """What ``who_in_session`` found about a sender in a chat or topic, so a burst of notes
    reads nothing but its own round.

    Used only while no transaction has changed people, events, roles or sessions since it
    was read (``Database.generation``), and only for the name Telegram showed then.
    """

    generation: int
    """``Database.generation`` when it was found: it holds while that stands still."""
    shown: tuple[str, str | None, str | None]
    """What Telegram showed: full name, username, language."""
    person: Person
    session: Session | None
    event: Event | None
    held: frozenset[str]
    """The roles the person holds in the event."""


class Recent(Generic[K, V]):
    """The values of the most recently put keys, at most ``size``; the oldest go first."""

    def __init__(self, size: int = KNOWN_SENDERS) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        self._items.pop(key, None)
        while len(self._items) >= self._size:
            self._items.popitem(last=False)
        self._items[key] = value

    def forget(self, drop: Callable[[K], bool]) -> None:
        for key in [key for key in self._items if drop(key)]:
            del self._items[key]


_STARTED_HERE: ContextVar[list[asyncio.Task[Any]] | None] = ContextVar("started_here",
                                                                     default=None)
"""The background tasks the update being handled started (``started_here``)."""


def started_here() -> list[asyncio.Task[Any]]:
    """From now on in this task (the handling of one update), every task ``in_background``
    starts is added to the list returned: what the update's being handled waits for, found
    without comparing every acknowledgement under way before and after."""
    started: list[asyncio.Task[Any]] = []
    _STARTED_HERE.set(started)
    return started


@dataclass
class Services:
    settings: Settings
    db: Database
    signer: ButtonSigner
    live: LiveBoard
    timers: RoundTimers
    formats: dict[str, Format[Any]] = field(default_factory=dict)
    clock: InitVar[Callable[[], datetime]] = utcnow
    """The time moves happen at (the round service's clock, ``rounds.clock``)."""
    senders: Recent[tuple[int, int, int], Known] = field(default_factory=Recent)
    """Who sent recently, by chat, topic and user (``who_in_session``)."""
    places: Recent[tuple[int, int], tuple[int, Session | None, Event | None]] = field(
        default_factory=Recent)
    """The session of each chat or topic and its event, with the generation they were read at."""
    addressed: Recent[int, tuple[tuple[int, int], str]] = field(default_factory=Recent)
    """How each person is addressed in their private chat (``private_address``), with the
    generation and memberships it was read at."""
    bot_username: str = ""
    several: bool = False
    """Run as one of several processes behind a webhook (``werkstatt run --webhook``)."""
    rounds: RoundService = field(init=False)
    """The one door to the rounds, shared with every other adapter."""
    background: set[asyncio.Task[Any]] = field(default_factory=set)
    """Acknowledgements waiting for the journal (``quiet`` waits for them)."""
    sender_reads: SenderReads = field(init=False)
    """Senders read in batches, ahead as their updates arrive (``read_ahead``)."""
    _placing: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    """Chats and topics whose session is read ahead, with the senders waiting for it."""
    _placings: set[asyncio.Task[None]] = field(default_factory=set)
    _admins: dict[int, tuple[float, frozenset[int]]] = field(default_factory=dict)

    def __post_init__(self, clock: Callable[[], datetime]) -> None:
        self.rounds = RoundService(self.db, self.formats, clock=clock,
                                   on_senders_lost=self.forget_senders)
        self.sender_reads = SenderReads(self.db)

    @property
    def shared(self) -> Database | None:
        """The database, when other processes may share it (several behind a webhook, on
        PostgreSQL): they take chats, timers and live messages in turn (``bot.sharing``)."""
        return self.db if self.several and self.db.shared else None

    async def catch_up(self) -> None:
        """Another process may have changed who is who: ``generation`` as the database has it
        (``Database.catch_up``); a process of its own knows it already."""
        if self.shared is not None:
            await self.db.catch_up()

    @property
    def states(self) -> StateCache:
        return self.rounds.states

    @property
    def journal(self) -> Journal:
        return self.rounds.journal

    def forget_senders(self, user_ids: set[int]) -> None:
        self.senders.forget(lambda key: key[2] in user_ids)
        self.addressed.forget(lambda key: key in user_ids)
        self.sender_reads.forget(user_ids)

    def read_ahead(self, update: object) -> None:
        """An update arrived: its sender is read with the others arriving now, unless known
        already (``who_in_session`` then finds them read); for a chat or topic whose session
        is not known yet, the handler reads it first."""
        if not isinstance(update, Update):
            return
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or user.is_bot:
            return
        generation = self.db.generation
        key = (chat.id, thread_of(update), user.id)
        known = self.senders.get(key)
        if (known is not None and known.generation == generation
                and known.shown == (user.full_name, user.username, user.language_code)):
            return
        place = self.places.get(key[:2])
        if place is not None and place[0] == generation:
            self.sender_reads.ahead(_asked(user.id, place[1], place[2]))
            return
        waiting = self._placing.get(key[:2])
        if waiting is None:  # the chat's session is read once for all its updates arriving
            waiting = self._placing[key[:2]] = []
            task = asyncio.get_running_loop().create_task(self._read_ahead_in(key[:2]))
            self._placings.add(task)  # (the loop keeps only a weak reference to a task)
            task.add_done_callback(self._placings.discard)
        waiting.append(user.id)

    async def _read_ahead_in(self, place: tuple[int, int]) -> None:
        """Read the session of a chat or topic, then ahead the senders of the updates that
        arrived there meanwhile."""
        try:
            session, event = await _place(self, place[0], place[1], self.db.generation)
        except Exception:  # the handler reads it again, and says what failed
            log.debug("a session could not be read ahead", exc_info=True)
            self._placing.pop(place, None)
            return
        for user_id in self._placing.pop(place, []):
            self.sender_reads.ahead(_asked(user_id, session, event))

    def session_lock(self, session_id: int) -> asyncio.Lock:
        return self.rounds.session_lock(session_id)

    def in_background(self, task: asyncio.Task[Any]) -> None:
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        started = _STARTED_HERE.get()
        if started is not None:
            started.append(task)

    def exclusive(self) -> AbstractAsyncContextManager[None]:
        """For changes outside a flow's events (``RoundService.exclusive``)."""
        return self.rounds.exclusive()

    async def quiet(self) -> None:
        """Wait until every contribution is stored and acknowledged."""
        while self.background:
            await asyncio.wait(list(self.background))
        await self.journal.drain()

    def deep_link(self, payload: str) -> str:
        return f"https://t.me/{self.bot_username}?start={payload}"

    async def learn_admins(self, app: App, chat_id: int) -> None:
        """Ask Telegram who administers a group, at most once every five minutes per group.

        Called before a transaction, never inside one: the answer takes a
        round trip to Telegram, and the database must not wait for it.
        """
        cached = self._admins.get(chat_id)
        if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
            return
        try:
            members = await app.bot.get_chat_administrators(chat_id)
            admins = frozenset(member.user.id for member in members)
        except TelegramError:
            admins = frozenset()
        self._admins[chat_id] = (time.monotonic(), admins)

    def is_chat_admin(self, chat_id: int, user_id: int) -> bool:
        """Whether the person administers the group, as last learned."""
        cached = self._admins.get(chat_id)
        return cached is not None and user_id in cached[1]


def services(context: Ctx) -> Services:
    return cast(Services, context.application.bot_data["services"])


@dataclass(frozen=True)
class Who:
    """The person behind an update, in their language, and their role where it happens."""

    person: Person
    t: Translator
    session: Session | None = None
    event: Event | None = None
    role: Role = Role.OUTSIDER

    @property
    def user_id(self) -> int:
        return self.person.user_id

    @property
    def event_t(self) -> Translator:
        """Texts as the room reads them: the event's language and address (a round's default
        title, say); outside an event, the person's own."""
        if self.event is None:
            return self.t
        return translator(self.event.language, self.event.address)


async def identify(update: Update, context: Ctx, tx: Tx) -> Person | None:
    """Record the sender as Telegram shows them and return their profile."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return await people.see_person(
        tx, user.id, user.full_name, user.username, pick_language(user.language_code)
    )


def thread_of(update: Update) -> int:
    """The forum topic an update belongs to, or 0 outside forum topics."""
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return 0
    return message.message_thread_id or 0


async def role_in(
    context: Ctx, tx: Tx, event: Event, session: Session | None, user_id: int,
) -> Role:
    """The person's strongest role in the event (group administrators facilitate its sessions)."""
    held = await people.roles_of(tx, event.id, user_id)
    role = resolve(held, is_admin(context, session, user_id))
    if role != Role.OUTSIDER:
        return role
    if session is not None and await people.is_member(tx, session.id, user_id):
        return Role.PARTICIPANT
    if session is None and await people.is_member_of_event(tx, event.id, user_id):
        return Role.PARTICIPANT
    return Role.OUTSIDER


async def event_and_role(
    context: Ctx, tx: Tx, event_id: int, user_id: int
) -> tuple[Event | None, Role]:
    """The event and the person's role in it (an outsider's when the event is gone)."""
    event = await people.get_event(tx, event_id)
    role = await role_in(context, tx, event, None, user_id) if event else Role.OUTSIDER
    return event, role


def is_admin(context: Ctx, session: Session | None, user_id: int) -> bool:
    """Whether the person administers the session's group, as Telegram last said."""
    return session is not None and services(context).is_chat_admin(session.chat_id, user_id)


async def who_in_session(update: Update, context: Ctx) -> Who | None:
    """The sender in the session of this chat or topic; participants join by taking part."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or user is None or user.is_bot:
        return None
    svc = services(context)
    if chat.type != ChatType.PRIVATE:
        await svc.learn_admins(context.application, chat.id)
    key = (chat.id, thread_of(update), user.id)
    shown = (user.full_name, user.username, user.language_code)
    await svc.catch_up()
    known = svc.senders.get(key)
    # Valid while nothing changed who is who, and for the name Telegram showed then.
    if known is None or known.generation != svc.db.generation or known.shown != shown:
        known = await _look_up(update, context, key, shown)
    t = translator(known.person.language,
                   known.event.address if known.event else DEFAULT_ADDRESS)
    if known.session is None or known.event is None:
        return Who(known.person, t)
    role = resolve(known.held, is_admin(context, known.session, known.person.user_id),
                   member=True)
    return Who(known.person, t, known.session, known.event, role)


_SESSION_HERE: ContextVar[Event | None] = ContextVar("session_here", default=None)
"""The event of the session a private update belongs to (a button or dialogue carrying a
session, the panel's session), once a handler found it: its refusals speak as that event."""


def belongs_to(event: Event | None) -> None:
    """The private update being handled belongs to a session of ``event`` (``member_of``);
    ``bot.handling.refusing`` clears it when the handler ends."""
    _SESSION_HERE.set(event)


def session_here() -> Event | None:
    return _SESSION_HERE.get()


async def address_here(svc: Services, update: Update) -> str:
    """How the German texts address people in this chat or topic: as the event whose session
    it is chose (Sie or du); in a private chat as the person's own event
    (``private_address``); Sie in a group that is no session."""
    chat = update.effective_chat
    if chat is None:
        return DEFAULT_ADDRESS
    if chat.type == ChatType.PRIVATE:
        user = update.effective_user
        return await private_address(svc, user.id) if user else DEFAULT_ADDRESS
    await svc.catch_up()
    _, event = await _place(svc, chat.id, thread_of(update), svc.db.generation)
    return event.address if event is not None else DEFAULT_ADDRESS


async def private_address(svc: Services, user_id: int, tx: Tx | None = None) -> str:
    """Sie or du in a person's private chat: as the event of the session the update belongs
    to, else as the event they joined a session of, or hold a role in, most recently
    (``people.recent_event_of``); Sie for someone in no event.

    Remembered while nobody's roles, events, sessions or memberships changed; read in
    ``tx`` when given (a transaction sees the journal's newest members)."""
    here = session_here()
    if here is not None:
        return here.address
    await svc.catch_up()
    stamp = (svc.db.generation, svc.db.memberships)  # before the read, as in ``_look_up``
    kept = svc.addressed.get(user_id)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    if tx is not None:
        event = await people.recent_event_of(tx, user_id)
    else:
        async with svc.db.read() as reading:
            event = await people.recent_event_of(reading, user_id)
    address = event.address if event is not None else DEFAULT_ADDRESS
    svc.addressed.put(user_id, (stamp, address))
    return address


async def _look_up(update: Update, context: Ctx, key: tuple[int, int, int],
                   shown: tuple[str, str | None, str | None]) -> Known:
    """Read the sender, the session here, and their roles; remember them.

    A sender seen for the first time, renamed in Telegram, or new in the
    session is recorded through the journal, in the same transaction as their
    contribution; any other transaction commits them first, so whatever reads
    people sees them.
    """
    svc = services(context)
    user = update.effective_user
    assert user is not None
    # Taken before any read: a change committed from here on moves it past this stamp.
    generation = svc.db.generation
    session, event = await _place(svc, key[0], key[1], generation)
    found = await svc.sender_reads.sender(_asked(user.id, session, event), generation)
    username = user.username.lower() if user.username else None
    person = found.person
    if person is None:
        person = people.newcomer(user.id, user.full_name, user.username,
                                 pick_language(user.language_code))
    elif found.needs_sighting(user.full_name, user.username):
        person = person.model_copy(update={"telegram_name": user.full_name, "username": username})
    new_member = session is not None and not found.member
    if found.person is None or person is not found.person or new_member:
        svc.journal.see(Sighting(
            user_id=user.id, telegram_name=user.full_name, username=username,
            language=person.language, session_id=session.id if new_member and session else None,
        ))
    known = Known(generation, shown, person, session, event, found.held)
    svc.senders.put(key, known)
    return known


def _asked(user_id: int, session: Session | None, event: Event | None) -> Asked:
    return user_id, session.id if session else None, event.id if event else None


async def _place(svc: Services, chat_id: int, thread_id: int, generation: int
                 ) -> tuple[Session | None, Event | None]:
    """The session of a chat or topic and its event, as of ``generation`` or later
    (remembered while nothing changed)."""
    kept = svc.places.get((chat_id, thread_id))
    if kept is not None and kept[0] == generation:
        return kept[1], kept[2]
    async with svc.db.read() as tx:
        session = await people.session_at(tx, chat_id, thread_id)
        event = await people.get_event(tx, session.event_id) if session else None
    if session is None or event is None:
        session, event = None, None
    svc.places.put((chat_id, thread_id), (generation, session, event))
    return session, event


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Handles the updates of one chat in order and different chats at the same time."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._users: defaultdict[int, int] = defaultdict(int)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _order_key(update)
        self._users[key] += 1
        try:
            async with self._locks[key]:
                await coroutine
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _order_key(update: object) -> int:
    return order_key(update) if isinstance(update, Update) else 0

"""Runs any format's round: check the role, apply the flow, store, then acknowledge and render.

A ``Format`` adapts one flow module to Telegram: it names the flow's state
model and ``apply``, renders the live message, and brings its own handlers.
The workshop rules stay in ``flows/``; this module only carries events to the
flow and the flow's results back to the chat, always committing before
anything is acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, TypeVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler

from bot.buttons import ButtonSigner
from bot.messaging import Presenter, announce
from bot.services import Ctx, Head, Services, services
from bot.timers import Reminder
from flows import roles
from flows.base import SYSTEM, Announce, Event, FlowError, Step, Value
from locales import Translator, translator
from storage import people
from storage import rounds as stored
from storage.journal import Write
from storage.records import Person, RoundRecord, Session, iso_or_none, utcnow

log = logging.getLogger(__name__)
StateT = TypeVar("StateT", bound=Value)


@dataclass(frozen=True)
class LiveView:
    """What a live message needs to render: texts, names, signed buttons, deep links."""

    round_id: int
    session: Session
    t: Translator
    persons: dict[int, Person]
    signer: ButtonSigner
    bot_username: str
    now: datetime

    def name(self, user_id: int) -> str:
        person = self.persons.get(user_id)
        return person.name if person else "?"

    def deep_link(self, payload: str) -> str:
        return f"https://t.me/{self.bot_username}?start={payload}"

    def button_data(self, action: str, *args: object) -> str:
        return self.signer.pack(self.session.chat_id, action, self.round_id, *args)


class Format(ABC, Generic[StateT]):
    """One workshop format as the bot sees it."""

    kind: str
    state_type: type[StateT]

    @abstractmethod
    def apply(self, state: StateT | None, event: Event, now: datetime) -> Step[StateT]: ...

    @abstractmethod
    def is_open(self, state: StateT) -> bool:
        """Whether the round still takes part in the session (not closed)."""

    def dump(self, round_id: int, state: StateT) -> str:
        """The state as stored; formats with long lists reuse the JSON of unchanged items."""
        return state.model_dump_json()

    def deadline(self, state: StateT) -> datetime | None:
        value = getattr(state, "deadline", None)
        return value if isinstance(value, datetime) else None

    def people_in(self, state: StateT) -> set[int]:
        """User ids the live message names (their profiles are loaded for rendering)."""
        return set()

    @abstractmethod
    def render_live(
        self, state: StateT, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None]: ...

    @abstractmethod
    def close_event(self, actor: int) -> Event: ...

    @abstractmethod
    def extend_event(self, actor: int, minutes: float) -> Event: ...

    def forget(self, state: StateT, user_id: int, erase: bool) -> StateT:
        return state

    def reminders(self, state: StateT) -> Sequence[Reminder]:
        """Timers of the format's own, derived from the state (re-armed after each step)."""
        return ()

    def present(
        self, effect: Announce, state: StateT, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        """How the session sees one announcement, when its catalogue text is not enough.

        A format may add buttons (to tap, or to reply to) or append a summary of
        the state; ``None`` sends the catalogue text as it is.
        """
        return None

    def handlers(self) -> Sequence[BaseHandler[Any, Any, Any]]:
        return ()

    def timer_events(self, deadline: datetime) -> tuple[Event, Event]:
        from flows.base import TimerExpired, TimerWarning

        return TimerWarning(actor=SYSTEM, deadline=deadline), TimerExpired(
            actor=SYSTEM, deadline=deadline
        )

    def parse(self, record: RoundRecord) -> StateT:
        return record.state(self.state_type)


async def open_round(
    context: Ctx, session: Session, fmt: Format[StateT], event: Event, role: roles.Role
) -> Step[StateT]:
    """Start a round of ``fmt`` in the session: one open round at a time."""
    roles.require(event, role)
    svc = services(context)
    now = utcnow()
    async with svc.db.transaction() as tx:
        current = await stored.open_round(tx, session.id)
        if current is not None:
            raise FlowError("core.round_already_open", kind=current.kind)
        step = fmt.apply(None, event, now)
        record = await stored.create_round(
            tx, session.id, fmt.kind, step.state, fmt.deadline(step.state)
        )
    svc.timers.arm(record.id, fmt.deadline(step.state))
    svc.timers.arm_reminders(record.id, fmt.reminders(step.state))
    await svc.live.post(context, record.id)
    present = await presenter(svc, fmt, record.id, session, step)
    await announce(context, svc, session, step.effects, present=present)
    return step


async def act(
    context: Ctx,
    session: Session,
    event: Event,
    role: roles.Role | None,
    *,
    kind: str | None = None,
    round_id: int | None = None,
    source: str | None = None,
    check: Callable[[RoundRecord], None] | None = None,
) -> Step[Any]:
    """Apply one event to the session's open round (or the given one) and carry out the result.

    ``role`` ``None`` means the bot itself (timers). ``kind`` refuses the event
    when the open round is of another format. Nothing is acknowledged or sent
    before the new state is committed. Contributions waiting in the journal for
    this session are stored first, and the round is read in the same transaction
    that stores the step.
    """
    if role is not None:
        roles.require(event, role)
    svc = services(context)
    now = utcnow()
    async with svc.session_lock(session.id):
        await svc.journal.settle(session.id)
        svc.states.drop_head(session.id)
        async with svc.db.transaction() as tx:
            record = (
                await stored.get_round(tx, round_id)
                if round_id is not None
                else await stored.open_round(tx, session.id)
            )
            record = usable(record, session, kind)
            if check is not None:
                check(record)
            if source is not None and await stored.source_seen(tx, record.id, source):
                raise FlowError("duplicate")  # checked first: a repeat is silent, not refused
            fmt = svc.formats[record.kind]
            before = svc.states.parse(fmt, record)
            step = fmt.apply(before, event, now)
            is_open = fmt.is_open(step.state)
            try:
                saved = await stored.save_step(
                    tx, record.id, step.state, event, source=source, is_open=is_open,
                    deadline=fmt.deadline(step.state),
                    state_json=fmt.dump(record.id, step.state),
                )
            except sqlite3.IntegrityError as error:
                if "round_log" not in str(error):
                    raise
                # The round log's unique source: Telegram delivered this message or press before.
                raise FlowError("duplicate") from None
            svc.states.keep(record.id, saved, step.state, is_open=is_open)
    await carry_out(context, session, record.id, fmt, before, step)
    return step


def usable(record: RoundRecord | None, session: Session, kind: str | None) -> RoundRecord:
    """The round, if it is an open round of this session (and of ``kind``, if given)."""
    if record is None or record.session_id != session.id or (kind and record.kind != kind):
        raise FlowError(f"{kind}.none_open" if kind else "core.no_round")
    if not record.is_open:
        raise FlowError("core.round_closed")
    return record


async def carry_out(context: Ctx, session: Session, round_id: int, fmt: Format[Any],
                    before: Any, step: Step[Any]) -> None:
    """After a step is stored: timers, the live message, the step's announcements."""
    svc = services(context)
    deadline = fmt.deadline(step.state)
    is_open = fmt.is_open(step.state)
    if deadline != fmt.deadline(before) or not is_open:
        svc.timers.arm(round_id, deadline if is_open else None)
    svc.timers.arm_reminders(round_id, fmt.reminders(step.state) if is_open else ())
    svc.live.mark_dirty(context, round_id, urgent=not is_open)
    present = await presenter(svc, fmt, round_id, session, step)
    await announce(context, svc, session, step.effects, present=present)


async def contribute(
    context: Ctx,
    update: Update,
    session: Session,
    event: Event,
    role: roles.Role,
    *,
    kind: str,
    source: str,
    acknowledge: Callable[[], Awaitable[None]],
) -> Step[Any]:
    """Apply a contribution to the newest state of the session's open round, now.

    The step joins the journal, which stores it together with whatever else
    arrives meanwhile; ``acknowledge`` runs (and the step is carried out) once
    it is committed, in the background, so the chat's next update need not
    wait for the disk. An illegal contribution raises ``FlowError`` here, before
    anything is stored. A round is read from the database only when no newer
    state of it is known.
    """
    roles.require(event, role)
    svc = services(context)
    while True:
        await svc.journal.opened()
        async with svc.session_lock(session.id):
            head = svc.states.head(session.id)
            if head is None:
                await svc.journal.settle(session.id)
                async with svc.db.transaction() as tx:
                    record = usable(await stored.open_round(tx, session.id), session, kind)
                state = svc.states.parse(svc.formats[record.kind], record)
                # The head needs the round's identity, not its texts (kept once, in StateCache).
                head = Head(record.model_copy(update={"state_json": "", "live_text": None}),
                            state)
            if not svc.journal.is_open:
                continue  # a change outside the flows began meanwhile: read the round again
            record = usable(head.record, session, kind)
            fmt = svc.formats[record.kind]
            step = fmt.apply(head.state, event, utcnow())
            if not fmt.is_open(step.state):
                raise AssertionError(f"{type(event).__name__} cannot close a round")
            svc.states.advance(Head(record, step.state))
            done = svc.journal.add(Write(
                round_id=record.id, session_id=session.id, actor=event.actor,
                event=stored.log_text(event), source=source, value=step.state,
                dump=partial(fmt.dump, record.id, step.state), is_open=True,
                deadline=iso_or_none(fmt.deadline(step.state)),
            ))
            break

    async def when_stored() -> None:
        try:
            await done
            try:
                await acknowledge()
            finally:  # the board and the step's effects whatever became of the reaction
                await carry_out(context, session, record.id, fmt, head.state, step)
        except Exception as error:  # what python-telegram-bot does for a handler's error
            await context.application.process_error(update, error)

    # A task of our own, not Application.create_task: updates still queued at shutdown are
    # handled after the application stopped running, and their tasks must be waited for
    # (Services.quiet, in post_stop) before the Bot API connection closes.
    svc.in_background(asyncio.get_running_loop().create_task(when_stored()))
    return step


async def presenter(
    svc: Services, fmt: Format[Any], round_id: int, session: Session, step: Step[Any]
) -> Presenter | None:
    """The format's own way to show this step's announcements, if it has one."""
    if type(fmt).present is Format.present or not step.effects:
        return None
    named = {uid for effect in step.effects for uid in effect.people.values()}
    view = await live_view(svc, fmt, round_id, session, step.state, named)
    state = step.state
    return lambda effect: fmt.present(effect, state, view)


async def render(svc: Services, record: RoundRecord, session: Session) -> tuple[
    str, InlineKeyboardMarkup | None
]:
    """The live message of a round as it is stored now."""
    fmt = svc.formats[record.kind]
    state = svc.states.parse(fmt, record)
    view = await live_view(svc, fmt, record.id, session, state)
    return fmt.render_live(state, view)


async def live_view(
    svc: Services,
    fmt: Format[Any],
    round_id: int,
    session: Session,
    state: Any,
    also: Iterable[int] = (),
) -> LiveView:
    """Texts in the event's language and the profiles of the people the state names."""
    async with svc.db.transaction() as tx:
        event = await people.get_event(tx, session.event_id)
        persons = await people.people_by_id(tx, sorted(fmt.people_in(state) | set(also)))
    return LiveView(
        round_id=round_id,
        session=session,
        t=translator(*(event.language, event.address) if event else (svc.settings.language,)),
        persons=persons,
        signer=svc.signer,
        bot_username=svc.bot_username,
        now=utcnow(),
    )

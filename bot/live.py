"""Live messages: one message per round, re-rendered at most once per interval, edited on change.

A burst of contributions marks the round dirty many times but costs one edit:
the first mark schedules a render ``interval`` seconds after the previous
edit; later marks find it already scheduled. A round has one pending render at
a time, whoever asked for it (a mark, the minute tick of a running timer, a
flood wait); a mark moves a later one forward, never past a flood wait. The
rendered text is stored with the round, so an unchanged render (also after a
restart) sends nothing. Several processes on one database take turns: an edit needs
the live message's lease (``bot.sharing.edit_slot``, one edit per interval across all
of them); a process whose turn has not come renders again when it has.
How a round looks is ``render``'s (``bot.rounds.render``, handed over where
everything is wired).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import Job

from bot.jobs import NamedJobs
from bot.messaging import clip, send_to_session
from bot.services import App, Ctx, Services, services
from bot.sharing import edit_slot
from storage import rounds as stored
from storage.records import RoundRecord, Session, utcnow

log = logging.getLogger(__name__)
Render = Callable[[Services, RoundRecord, Session],
                  Awaitable[tuple[str, InlineKeyboardMarkup | None]]]
"""A round's live message as it is stored now: text and buttons."""


def fingerprint(text: str, markup: InlineKeyboardMarkup | None) -> str:
    """What the live message shows, so that an identical render is not sent again: the text,
    then the keyboard's hash after a unit separator (no message shows it; PostgreSQL's text
    refuses NUL)."""
    keyboard = json.dumps(markup.to_dict() if markup else None, sort_keys=True)
    return text + "\n\x1f" + hashlib.sha1(keyboard.encode()).hexdigest()


class LiveMessages:
    def __init__(self, interval: float, render: Render) -> None:
        self.interval = interval
        self.render = render
        self.jobs = NamedJobs()
        self._last_edit: dict[int, float] = {}
        self._dirty: set[int] = set()
        self._due: dict[int, float] = {}
        """When the pending render of a round runs (``time.monotonic``)."""
        self._held: dict[int, float] = {}
        """Until when Telegram's flood control holds a round's edits back."""
        self._locks: dict[int, asyncio.Lock] = {}
        self._may_pin: dict[int, bool] = {}
        self.edits = 0

    def _job_name(self, round_id: int) -> str:
        return f"live:{round_id}"

    async def post(self, context: Ctx, round_id: int) -> None:
        """Send a round's live message now (a new round, or one whose message is gone)."""
        svc = services(context)
        async with svc.db.transaction() as tx:
            record, session = await stored.get_round_and_session(tx, round_id)
        if record is None or session is None:
            return
        if context.application.job_queue is not None:
            self.jobs.bind(context.application.job_queue)
        self._tick(round_id, record.deadline if record.is_open else None)
        text, markup = await self.render(svc, record, session)
        text = clip(text)
        message = await send_to_session(context, session, text, markup)
        self._last_edit[round_id] = time.monotonic()
        async with svc.db.transaction() as tx:
            await stored.set_live_message(
                tx, round_id, message.message_id, fingerprint(text, markup)
            )
        await self.pin(context, session.chat_id, message.message_id)

    async def may_pin(self, context: Ctx, chat_id: int) -> bool:
        """Whether the bot is an administrator allowed to pin here (asked once per chat)."""
        if chat_id not in self._may_pin:
            try:
                member = await context.bot.get_chat_member(chat_id, context.bot.id)
            except TelegramError as error:
                log.info("cannot tell whether the bot may pin: %s", error)
                return False
            self._may_pin[chat_id] = bool(getattr(member, "can_pin_messages", False))
        return self._may_pin[chat_id]

    async def pin(self, context: Ctx, chat_id: int, message_id: int) -> None:
        """Pin a new live message silently where the bot may; without the right, do without."""
        if chat_id > 0 or not await self.may_pin(context, chat_id):
            return
        try:
            await context.bot.pin_chat_message(chat_id, message_id, disable_notification=True)
        except TelegramError as error:  # the right was taken away meanwhile
            log.info("live message not pinned: %s", error)
            self._may_pin[chat_id] = False

    def mark_dirty(self, context: Ctx, round_id: int, *, urgent: bool = False) -> None:
        """Ask for a re-render; bursts coalesce into one edit per interval."""
        self.schedule(context.application, round_id, urgent=urgent)

    def schedule(self, app: App, round_id: int, *, urgent: bool = False) -> None:
        if app.job_queue is not None:
            self.jobs.bind(app.job_queue)
        self._dirty.add(round_id)
        now = time.monotonic()
        if urgent:
            self._arm(round_id, 0.0, now)
            return
        due = max(now, self._last_edit.get(round_id, 0.0) + self.interval,
                  self._held.get(round_id, 0.0))
        if self.jobs.pending(self._job_name(round_id)) and self._due[round_id] <= due:
            return
        self._arm(round_id, due - now, now)

    def _arm(self, round_id: int, delay: float, now: float | None = None) -> None:
        """Make the round's one pending render run in ``delay`` seconds from ``now`` (this
        moment), replacing another. Its due time is reckoned from the same ``now`` as the next
        note's, or every note of a burst would find it due a few microseconds late and
        replace it (a new scheduler job for each note)."""
        self._due[round_id] = (time.monotonic() if now is None else now) + delay
        self.jobs.once(self._job_name(round_id), self._refresh, delay, round_id)

    async def _refresh(self, context: Ctx) -> None:
        job = context.job
        assert job is not None and isinstance(job.data, int)
        await self.refresh(context, job.data)

    async def refresh(self, context: Ctx, round_id: int) -> None:
        """Edit the live message if what it should show changed.

        One refresh of a round at a time, so a slower render of an older state
        can never overwrite a newer one.
        """
        async with self._locks.setdefault(round_id, asyncio.Lock()):
            self._dirty.discard(round_id)
            # Counted from now: a contribution arriving while this render runs waits a
            # whole interval instead of causing a second edit right after this one.
            self._last_edit[round_id] = time.monotonic()
            await self._refresh_now(context, round_id)

    async def _refresh_now(self, context: Ctx, round_id: int) -> None:
        svc = services(context)
        async with svc.db.transaction() as tx:
            record, session = await stored.get_round_and_session(tx, round_id)
        if record is None or session is None:
            return
        self._tick(round_id, record.deadline if record.is_open else None)
        if record.live_message_id is None:
            await self.post(context, round_id)
            return
        text, markup = await self.render(svc, record, session)
        text = clip(text)
        shown = fingerprint(text, markup)
        if shown == record.live_text:
            return
        turn = await edit_slot(svc.shared, self._job_name(round_id), self.interval)
        if turn > 0:  # another process edited it within the interval: then, the newest state
            self._dirty.add(round_id)
            self._arm(round_id, turn)
            return
        self._last_edit[round_id] = time.monotonic()
        try:
            await context.bot.edit_message_text(
                text, session.chat_id, record.live_message_id, reply_markup=markup
            )
            self.edits += 1
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            log.warning("flood control on live message %s: retry in %ss", round_id, seconds)
            self._held[round_id] = time.monotonic() + seconds
            self._arm(round_id, seconds)
            return
        except BadRequest as error:
            if "not modified" in error.message:
                pass
            elif "not found" in error.message:
                await self.post(context, round_id)
                return
            else:
                raise
        except TelegramError:
            log.exception("live message of round %s not updated", round_id)
            return
        async with svc.db.transaction() as tx:
            await stored.set_live_message(tx, round_id, record.live_message_id, shown)

    def _tick(self, round_id: int, deadline: datetime | None) -> None:
        """While a timer runs, render again when the minutes left change ("noch 4 Min.").

        At most one edit a minute per round, well within a group's budget; a
        render that shows nothing new sends nothing.
        """
        if deadline is None:
            return
        left = (deadline - utcnow()).total_seconds()
        name = self._job_name(round_id)
        if left <= 0 or self.jobs.pending(name):
            return
        until_change = left % 60 or 60.0
        self._arm(round_id, max(until_change + 0.5, self.interval))

    async def flush(self, app: App) -> None:
        """Run every pending re-render now and wait for those under way (tests, shutdown).

        A render the scheduler already took from its queue but has not started
        is still marked dirty, so it is run here too.
        """
        for name in self.jobs.names("live:"):
            round_id = self.jobs.data(name)
            self.jobs.cancel(name)
            await Job(self._refresh, data=round_id, name=name).run(app)
        for round_id in sorted(self._dirty):
            self.jobs.cancel(self._job_name(round_id))
            await Job(self._refresh, data=round_id, name=self._job_name(round_id)).run(app)
        for lock in list(self._locks.values()):
            async with lock:
                pass

"""Round deadlines on the JobQueue (APScheduler 3): a warning a minute before, then the expiry.

Jobs live in memory only, so every deadline is stored with its round and
``rearm`` arms all open rounds again at start-up. A deadline already past
fires at once (APScheduler would skip a run time in the past).

A format may also want timers of its own (a fishbowl reminds each occupant
when their seat time is up). Those are derived from the round's state by
``Format.reminders``, so they are re-armed after every step and at start-up
exactly like deadlines, without storing anything besides the state.

A timer that fires carries out its event through ``act`` (``bot.rounds.act``,
handed over where everything is wired), as the workshop's clock, not a person.

Several processes on one database each arm the timers they know of; the first to fire
one takes it (``bot.sharing.take_timer``), the others look again only if it dies before
carrying it out. ``sweep`` (every ``SWEEP_SECONDS`` there) arms the deadlines soon due that
another process set, so a deadline fires even when the process that set it is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from telegram.ext import JobQueue

from bot.formats import Format
from bot.jobs import NamedJobs
from bot.services import App, Ctx, Services, services
from bot.sharing import take_timer, timer_fired
from flows.base import WARNING_BEFORE, Event, FlowError
from flows.roles import Role
from service.formats import Reminder as Reminder
from storage import rounds as stored
from storage.records import RoundRecord, Session, utcnow

log = logging.getLogger(__name__)
SWEEP_SECONDS = 5.0
"""How often a process shares timers with others: deadlines due within twice this are armed."""


class Act(Protocol):
    """How a fired timer's event is carried out (``bot.rounds.act``)."""

    def __call__(self, context: Ctx, session: Session, event: Event, role: Role | None, *,
                 round_id: int | None = None) -> Awaitable[object]: ...


class Timers:
    def __init__(self, act: Act, clock: Callable[[], datetime] = utcnow) -> None:
        self.act = act
        self.clock = clock
        """The time deadlines are counted from (the rounds' clock)."""
        self.jobs = NamedJobs()
        self._reminders: dict[int, set[str]] = {}

    def bind(self, queue: JobQueue[Any]) -> None:
        self.jobs.bind(queue)

    def arm(self, round_id: int, deadline: datetime | None) -> None:
        """Replace the round's timers with ones for ``deadline`` (none: just cancel)."""
        self.jobs.cancel(f"warn:{round_id}")
        self.jobs.cancel(f"deadline:{round_id}")
        if deadline is None:
            return
        now = self.clock()
        warn_at = deadline - WARNING_BEFORE
        if warn_at > now:
            self.jobs.once(f"warn:{round_id}", self._fire, (warn_at - now).total_seconds(),
                           (round_id, deadline, "warn"))
        self.jobs.once(f"deadline:{round_id}", self._fire, (deadline - now).total_seconds(),
                       (round_id, deadline, "expire"))

    async def _fire(self, context: Ctx) -> None:
        assert context.job is not None
        round_id, deadline, what = cast(tuple[int, datetime, str], context.job.data)
        svc = services(context)
        async with svc.db.transaction() as tx:
            record, session = await stored.get_round_and_session(tx, round_id)
        if record is None or session is None or not record.is_open:
            return
        if not await self._ours(context, f"timer:{what}:{round_id}:{deadline.isoformat()}",
                                self._fire):
            return
        warning, expiry = svc.formats[record.kind].timer_events(deadline)
        try:
            await self.act(context, session, warning if what == "warn" else expiry, None,
                           round_id=round_id)
        except FlowError as error:  # a job has nobody to answer: a stale timer is logged
            log.info("timer %s of round %s ignored: %s", what, round_id, error.key)
        await timer_fired(svc.shared, f"timer:{what}:{round_id}:{deadline.isoformat()}")

    async def _ours(self, context: Ctx, name: str,
                    callback: Callable[[Ctx], Awaitable[None]]) -> bool:
        """Whether this process fires the timer now; if another is firing it, look again when
        that one's time is up (it may have died)."""
        assert context.job is not None and context.job.name is not None
        wait = await take_timer(services(context).shared, name)
        if wait is None:
            return False
        if wait > 0:
            self.jobs.once(context.job.name, callback, wait, context.job.data)
            return False
        return True

    def arm_reminders(self, round_id: int, reminders: Sequence[Reminder]) -> None:
        """Make the round's own timers exactly ``reminders``: new ones armed, gone ones cancelled.

        Jobs are named ``remind:<round>:<key>``; one still pending is left as it is.
        """
        armed = self._reminders.get(round_id, set())
        if not reminders and not armed:
            return
        wanted = {f"remind:{round_id}:{reminder.key}": reminder for reminder in reminders}
        for name in armed - wanted.keys():
            self.jobs.cancel(name)
        now = self.clock()
        for name, reminder in wanted.items():
            if not self.jobs.pending(name):
                self.jobs.once(name, self._remind, (reminder.at - now).total_seconds(),
                               (round_id, reminder.event))
        if wanted:
            self._reminders[round_id] = set(wanted)
        else:
            self._reminders.pop(round_id, None)

    async def _remind(self, context: Ctx) -> None:
        assert context.job is not None
        round_id, event = cast(tuple[int, Event], context.job.data)
        svc = services(context)
        async with svc.db.transaction() as tx:
            record, session = await stored.get_round_and_session(tx, round_id)
        if record is None or session is None or not record.is_open:
            return
        name = f"timer:{context.job.name}"
        if not await self._ours(context, name, self._remind):
            return
        try:
            await self.act(context, session, event, None, round_id=round_id)
        except FlowError as error:  # a job has nobody to answer: a stale reminder is logged
            log.info("reminder %s of round %s ignored: %s", context.job.name, round_id, error.key)
        await timer_fired(svc.shared, name)

    async def sweep(self, context: Ctx) -> None:
        """Arm the deadlines due soon that this process has not armed (another process set
        them), with the state's own deadline; and the reminders of the formats that have
        them (a reminder still pending here stays as it is)."""
        svc = services(context)
        soon = self.clock() + timedelta(seconds=2 * SWEEP_SECONDS)
        reminding = [kind for kind, fmt in svc.formats.items()
                     if type(fmt).reminders is not Format.reminders]
        async with svc.db.read() as tx:
            due = await stored.open_rounds_due(tx, soon)
            with_reminders = await stored.open_rounds_of(tx, reminding)
        self._arm_all([record for record in due
                       if not self.jobs.pending(f"deadline:{record.id}")], svc)
        for record in with_reminders:
            fmt = svc.formats[record.kind]
            self.arm_reminders(record.id, [
                reminder for reminder in fmt.reminders(svc.states.parse(fmt, record))
                if reminder.at <= soon or self.jobs.pending(f"remind:{record.id}:{reminder.key}")])

    async def rearm(self, app: App) -> list[int]:
        """Arm the timers of every open round; return their ids."""
        svc = app.bot_data["services"]
        async with svc.db.transaction() as tx:
            open_rounds = await stored.all_open_rounds(tx)
        self._arm_all(open_rounds, svc)
        return [record.id for record in open_rounds]

    def _arm_all(self, open_rounds: Sequence[RoundRecord], svc: Services) -> None:
        for record in open_rounds:
            fmt = svc.formats.get(record.kind)
            if fmt is None:
                self.arm(record.id, record.deadline)
                continue
            # The state's deadline, not the stored column (milliseconds only): the flow ignores
            # a timer whose deadline is not exactly the state's.
            state = fmt.parse(record)
            self.arm(record.id, fmt.deadline(state))
            self.arm_reminders(record.id, fmt.reminders(state))

"""Named one-off jobs on the JobQueue, found by name in constant time and never dropped.

``JobQueue.get_jobs_by_name`` scans every scheduled job; with a thousand open
rounds, arming each round's timers that way grows with the square of the
rounds (the restart benchmark spent 95 % of its time there). The scheduler
also silently drops a job that starts more than a second late ("misfire"),
which under load, or for a deadline that passed while the bot was down,
would leave a round open for ever. ``NamedJobs`` keeps its own index and runs
late jobs anyway.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from telegram.ext import CallbackContext, Job, JobQueue

JobCallback = Callable[[CallbackContext[Any, Any, Any, Any]], Awaitable[None]]
NEVER_MISFIRE = {"misfire_grace_time": None}
log = logging.getLogger(__name__)


class NamedJobs:
    def __init__(self) -> None:
        self._queue: JobQueue[Any] | None = None
        self._jobs: dict[str, Job[Any]] = {}

    def bind(self, queue: JobQueue[Any]) -> None:
        self._queue = queue

    def pending(self, name: str) -> bool:
        return name in self._jobs

    def names(self, prefix: str) -> list[str]:
        return [name for name in self._jobs if name.startswith(prefix)]

    def data(self, name: str) -> Any:
        return self._jobs[name].data

    def cancel(self, name: str) -> None:
        job = self._jobs.pop(name, None)
        if job is not None:
            # Due already, the scheduler took it to run it: APScheduler's JobLookupError.
            with suppress(KeyError):
                job.schedule_removal()

    def once(self, name: str, callback: JobCallback, delay: float, data: Any) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing a pending job of the same name."""
        self.cancel(name)
        if self._queue is None:
            return

        async def run(context: CallbackContext[Any, Any, Any, Any]) -> None:
            if self._jobs.get(name) is context.job:
                del self._jobs[name]
            try:
                await callback(context)
            except asyncio.CancelledError:
                # The bot is stopping and the scheduler cancels what still runs: nothing is
                # lost, every deadline and live message is armed again at the next start.
                log.info("job %s stopped with the bot", name)

        self._jobs[name] = self._queue.run_once(
            run, max(0.0, delay), data=data, name=name, job_kwargs=NEVER_MISFIRE
        )

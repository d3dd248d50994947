"""Named one-off jobs: replaced by name, and cancelled safely when the scheduler took them."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import ApplicationBuilder, CallbackContext

from bot.app import OFFLINE_TOKEN
from bot.jobs import NamedJobs
from bot.offline import OfflineBotAPI


async def test_cancelling_a_job_the_scheduler_already_took_does_not_fail() -> None:
    api = OfflineBotAPI()
    app = ApplicationBuilder().token(OFFLINE_TOKEN).request(api).get_updates_request(api).build()
    assert app.job_queue is not None
    ran: list[str] = []

    async def note(context: CallbackContext[Any, Any, Any, Any]) -> None:
        ran.append(str(context.job.name if context.job else ""))

    jobs = NamedJobs()
    jobs.bind(app.job_queue)
    await app.initialize()
    await app.job_queue.start()
    try:
        jobs.once("live:1", note, 60, None)
        jobs.once("live:2", note, 60, None)
        jobs.once("live:2", note, 0.05, None)  # replaced: only the new one runs
        assert jobs.pending("live:1") and jobs.names("live:") == ["live:1", "live:2"]
        # Due: the scheduler has taken the job from its store, its run is not under way yet.
        [taken] = app.job_queue.get_jobs_by_name("live:1")
        app.job_queue.scheduler.remove_job(taken.job.id)
        jobs.cancel("live:1")  # APScheduler's JobLookupError, which must not escape
        assert not jobs.pending("live:1")
        await asyncio.sleep(0.3)
        assert ran == ["live:2"] and not jobs.pending("live:2")
    finally:
        await app.job_queue.stop()
        await app.shutdown()

"""Named one-off jobs: replaced by name, cancelled safely when the scheduler took them, and not
replaced for every note of a burst by the live message's refresh."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram.ext import ApplicationBuilder, CallbackContext

from bot.app import OFFLINE_TOKEN
from bot.jobs import NamedJobs
from bot.live import LiveMessages
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


async def test_a_burst_of_notes_arms_the_live_refresh_once_not_once_a_note() -> None:
    api = OfflineBotAPI()
    app = ApplicationBuilder().token(OFFLINE_TOKEN).request(api).get_updates_request(api).build()
    assert app.job_queue is not None

    async def render(*_: Any) -> Any:
        raise AssertionError("nothing renders in this test")

    live = LiveMessages(3.0, render)
    await app.initialize()
    await app.job_queue.start()
    try:
        live._last_edit[7] = time.monotonic()  # edited a moment ago: the next edit in 3 s
        live.schedule(app, 7)
        [job] = app.job_queue.jobs()
        for _ in range(50):  # the burst's other notes
            live.schedule(app, 7)
        assert app.job_queue.jobs() == (job,)  # still the one job, never replaced
        live.schedule(app, 7, urgent=True)  # a closed round: now
        [now] = app.job_queue.jobs()
        assert now is not job and now.next_t is not None and job.next_t is not None
        assert now.next_t < job.next_t
    finally:
        await app.job_queue.stop()
        await app.shutdown()

"""Restart and memory, in a fresh process: start-up with many open rounds, then a little traffic.

Run by the benchmark as ``python -m bench.startup DATABASE ROUNDS`` on a file
seeded with ``ROUNDS`` open boards (one per group session, each with a
deadline). It times start-up the way the real bot starts (``build_application``,
``initialize``, ``setup``, which re-arms every open round's timers and
schedules its live refresh), waits until every live message was refreshed,
lets one note arrive in each of up to 200 sessions, and prints one JSON line
with the times and the process's peak resident memory. A process of its own,
so that the peak is this bot's and not the benchmark's.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "1")

from bench.seed import chat_id
from bench.sim import handled, note_burst, person_dict, settings_for
from bot.app import build_application, setup, teardown
from bot.offline import BOT_ID, BOT_USERNAME, OfflineBotAPI

NOTED_SESSIONS = 200


@dataclass(frozen=True)
class StartupFigures:
    rounds: int
    restart_seconds: float
    timers_armed: int
    live_scheduled: int
    refreshed: int
    """Live messages refreshed after the start (every open round's should be)."""
    refreshed_seconds: float
    missed_jobs: int
    """Jobs APScheduler dropped because they were due more than its grace time ago."""
    errors: tuple[str, ...]
    """Errors the bot logged (any is a failure of the benchmark)."""
    noted: int
    noted_seconds: float
    """How long the notes (one in each of up to 200 groups, all at once) took to be taken."""
    peak_rss_mb: float
    rss_mb: float


class LogCounter(logging.Handler):
    """Counts what the bot and APScheduler log, instead of printing it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missed = 0
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "was missed by" in message:
            self.missed += 1
        elif record.levelno >= logging.ERROR:
            self.errors.append(f"{record.name}: {message} {record.exc_info or ''}")


def count_logs() -> LogCounter:
    counter = LogCounter()
    root = logging.getLogger()
    root.handlers[:] = [counter]
    root.setLevel(logging.WARNING)
    return counter


def peak_rss_mb() -> float:
    """The process's peak resident set size since it started.

    Linux's ``VmHWM`` belongs to this program's own memory map; ``ru_maxrss``
    would carry over the parent's size at ``fork`` (it survives ``exec``), so
    it is only the fallback elsewhere (KiB on Linux, bytes on macOS).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # not on this platform: the current size is the best there is
        return current_rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float:
    psutil: Any = importlib.import_module("psutil")
    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def telegram_with_groups(rounds: int) -> OfflineBotAPI:
    """The groups of the seeded sessions, each with the live message (id 1) the bot sent."""
    api = OfflineBotAPI()
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Werkstatt", "username": BOT_USERNAME}
    for number in range(rounds):
        chat = api.add_chat(chat_id(number), "supergroup", f"Werkstatt {number + 1}")
        message_id = api.next_message_id(chat["id"])
        api.remember({"message_id": message_id, "date": int(time.time()), "chat": chat,
                      "from": bot, "text": "Pinwand (vor dem Neustart)"})
    return api


def edits(api: OfflineBotAPI) -> int:
    return sum(1 for call in api.calls if call.method == "editMessageText" and call.status == 200)


async def refreshes_done(app: Any, api: OfflineBotAPI, rounds: int) -> float | None:
    """Seconds until every live message was edited; ``None`` once refreshes stop short of it."""
    started = time.perf_counter()
    last, still = edits(api), 0.0
    while edits(api) < rounds:
        await asyncio.sleep(0.05)
        now = edits(api)
        still = 0.0 if now != last or pending_refreshes(app) else still + 0.05
        if still >= 2.0:
            return None
        last = now
    return time.perf_counter() - started


def pending_refreshes(app: Any) -> bool:
    """Whether a live refresh is still to run (APScheduler drops one that is too late)."""
    return any(name.startswith("live:") for name in job_names(app))


def job_names(app: Any) -> list[str]:
    return [job.name or "" for job in app.job_queue.jobs()]


async def measure(database: Path, rounds: int) -> StartupFigures:
    logs = count_logs()
    api = telegram_with_groups(rounds)
    settings = settings_for(database.parent, database.stem, rate_limit=False)
    started = time.perf_counter()
    app = build_application(settings, request=api)
    await app.initialize()
    await setup(app)
    restart = time.perf_counter() - started
    names = job_names(app)
    timers = sum(1 for name in names if name.startswith("deadline:"))
    live = sum(1 for name in names if name.startswith("live:"))
    await app.start()
    try:
        waited = await refreshes_done(app, api, rounds)
        refreshed = edits(api)
        started = time.perf_counter()
        noted = await note_everywhere(app, api, min(rounds, NOTED_SESSIONS))
        noted_seconds = time.perf_counter() - started
    finally:
        await app.stop()
        await app.shutdown()
        await teardown(app)
    return StartupFigures(
        rounds=rounds, restart_seconds=restart, timers_armed=timers, live_scheduled=live,
        refreshed=refreshed, refreshed_seconds=-1.0 if waited is None else restart + waited,
        missed_jobs=logs.missed, errors=tuple(logs.errors[:5]), noted=noted,
        noted_seconds=noted_seconds,
        peak_rss_mb=peak_rss_mb(), rss_mb=current_rss_mb(),
    )


async def note_everywhere(app: Any, api: OfflineBotAPI, sessions: int) -> int:
    """One ``/note`` in each of the first ``sessions`` groups at once; how many were taken."""
    if "pinboard" not in app.bot_data["formats"]:
        return 0
    before = sum(1 for c in api.calls if c.method == "setMessageReaction")
    for number in range(sessions):
        chat = api.chats[chat_id(number)]
        burst = note_burst(api, app.bot, chat, [person_dict(5_000_000 + number, "Neu")], 1)
        app.update_queue.put_nowait(burst.updates[0])
    await handled(app)
    return sum(1 for c in api.calls if c.method == "setMessageReaction") - before


def main(argv: list[str]) -> None:
    """``DATABASE ROUNDS [--profile]``: with ``--profile``, pyinstrument's report on stderr."""
    database, rounds = Path(argv[0]), int(argv[1])
    if "--profile" not in argv:
        figures = asyncio.run(measure(database, rounds))
    else:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
        profiler.start()
        figures = asyncio.run(measure(database, rounds))
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False), file=sys.stderr)
    print(json.dumps(asdict(figures)))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Every measurement of the benchmark in one run, turned into the table's figures."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bench import chat, draft, echo, scale, wire
from bench.report import Figure
from bench.seed import seed_event
from bench.startup import StartupFigures

MEASUREMENTS = ("throughput", "latency", "economy", "draft", "startup", "wall")
OPT_IN = ("wire", "scale")
"""Measurements run only when ``--only`` names them (``wire``: some ten minutes;
``scale``: some three minutes, and a PostgreSQL server)."""
ROOT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """Something went wrong that is not slowness: an exception, a lost note, a logged error."""


@dataclass(frozen=True)
class Sizes:
    throughput_people: int
    throughput_notes_each: int
    throughput_runs: int
    latency_people: int
    latency_notes_each: int
    latency_spread: float
    """Seconds over which the same notes arrive for the paced latency."""
    economy_people: int
    economy_notes_each: int
    economy_spread: float
    """Seconds over which the economy burst is sent (the live board edits in between)."""
    economy_wait: float
    """How long to wait for the board to show every note before calling it never."""
    draft_notes: int
    draft_sessions: int
    rounds: int
    """Open rounds (one per session) for restart and memory."""
    walls: int = 20
    """Live walls (event streams) open on one session during the wall's burst."""
    wall_people: int = 10
    wall_notes_each: int = 2
    wire: wire.WireSizes = wire.TINY
    """Over the wire (``bench.wire``), only when asked for."""
    scale: scale.ScaleSizes = scale.TINY
    """Webhook processes on PostgreSQL (``bench.scale``), only when asked for."""


FULL = Sizes(
    throughput_people=100, throughput_notes_each=10, throughput_runs=5,
    latency_people=80, latency_notes_each=5,
    latency_spread=10.0,
    economy_people=80, economy_notes_each=5, economy_spread=6.0, economy_wait=10.0,
    draft_notes=10_000, draft_sessions=20, rounds=1000,
    walls=300, wall_people=80, wall_notes_each=5, wire=wire.WireSizes(),
    scale=scale.ScaleSizes(),
)
QUICK = Sizes(
    throughput_people=20, throughput_notes_each=4, throughput_runs=1,
    latency_people=40, latency_notes_each=2,
    latency_spread=2.0,
    economy_people=20, economy_notes_each=2, economy_spread=1.0, economy_wait=8.0,
    draft_notes=1000, draft_sessions=5, rounds=100,
    walls=30, wall_people=20, wall_notes_each=2,
)


class LogWatch(logging.Handler):
    """Collects the errors the bot logs (a benchmark with errors is broken, not slow)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.missed = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "was missed by" in record.getMessage():
            self.missed += 1
        elif record.levelno >= logging.ERROR:
            self.errors.append(f"{record.name}: {record.getMessage()}")


@contextmanager
def watching_logs() -> Iterator[LogWatch]:
    watch = LogWatch()
    root = logging.getLogger()
    level = root.level
    root.addHandler(watch)
    root.setLevel(logging.WARNING)
    try:
        yield watch
    finally:
        root.removeHandler(watch)
        root.setLevel(level)


def run(
    sizes: Sizes,
    *,
    only: frozenset[str] = frozenset(MEASUREMENTS),
    profile: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Figure]:
    """Run the chosen measurements in a temporary folder; raise ``BenchError`` on real errors."""
    figures: list[Figure] = []
    steps: dict[str, Callable[[Path], list[Figure]]] = {
        "throughput": lambda folder: throughput_figures(folder, sizes),
        "latency": lambda folder: latency_figures(folder, sizes),
        "economy": lambda folder: economy_figures(folder, sizes),
        "draft": lambda folder: draft_figures(folder, sizes),
        "startup": lambda folder: startup_figures(folder, sizes, profile == "startup"),
        "wall": lambda folder: wall_figures(folder, sizes),
        "wire": lambda folder: wire_figures(folder, sizes, progress),
        "scale": lambda folder: scale_figures(folder, sizes, progress),
    }
    with tempfile.TemporaryDirectory(prefix="werkstatt-bench-") as name, watching_logs() as logs:
        for key in (*MEASUREMENTS, *OPT_IN):
            if key not in only:
                continue
            progress(key)
            folder = Path(name) / key
            folder.mkdir()
            step = steps[key]
            if profile == key:
                figures.extend(profiled(partial(step, folder)))
            else:
                figures.extend(step(folder))
    if logs.errors:
        raise BenchError("the bot logged errors:\n" + "\n".join(logs.errors[:10]))
    return figures


def profiled(step: Callable[[], list[Figure]]) -> list[Figure]:
    """Run one measurement under pyinstrument and print its profile to stderr."""
    from pyinstrument import Profiler

    profiler = Profiler(async_mode="disabled")
    profiler.start()
    try:
        return step()
    finally:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False), file=sys.stderr)


# --- the measurements ----------------------------------------------------------------------------


def throughput_figures(folder: Path, sizes: Sizes) -> list[Figure]:
    """Both bots run ``throughput_runs`` times, alternating, each in a fresh application after
    a warm-up. The figure is the median of the runs' ratios: each Werkstatt run is divided by
    the echo run right before it, so both met the machine in the same state (its speed varies
    from run to run by up to 2×, for the echo bot as much as for Werkstatt)."""
    notes = sizes.throughput_people * sizes.throughput_notes_each
    pairs = []
    for run in range(sizes.throughput_runs):
        bare = asyncio.run(echo.echo_rate(notes, sizes.throughput_people, repeats=1))
        full = asyncio.run(chat.throughput(
            folder / f"run{run + 1}", participants=sizes.throughput_people,
            notes_each=sizes.throughput_notes_each))
        pairs.append((full.rate / bare.rate, full, bare))
    pairs.sort(key=lambda pair: pair[0])
    ratio, full, bare = pairs[len(pairs) // 2]
    cpu_ratio = bare.cpu / (full.cpu / full.notes)
    return [Figure(
        "1", "Throughput: Werkstatt notes/s ÷ echo bot updates/s", ratio, goal=(">=", 0.8),
        detail=(f"the median of {len(pairs)} paired run{'s' if len(pairs) != 1 else ''} (all: "
                f"{', '.join(f'{pair[0]:.2f}' for pair in pairs)}); in that run "
                f"{full.rate:.0f} notes/s ÷ {bare.rate:.0f} updates/s, CPU "
                f"{1000 * full.cpu / full.notes:.2f} ms a note ÷ {1000 * bare.cpu:.2f} ms an "
                f"update = {cpu_ratio:.2f}; {full.notes} notes by {sizes.throughput_people} "
                f"people on one board, {full.board_edits} board edits"),
    )]


def latency_figures(folder: Path, sizes: Sizes) -> list[Figure]:
    people, each = sizes.latency_people, sizes.latency_notes_each
    burst = asyncio.run(chat.latency(folder, participants=people, notes_each=each))
    bare = asyncio.run(echo.echo_latency_p99(people, each))
    paced = asyncio.run(chat.latency(folder, participants=people, notes_each=each,
                                     spread=sizes.latency_spread))
    return [
        Figure("2", "Latency p50", burst.p50 * 1000, "ms",
               detail=f"{people} people × {each} notes at once, update queue → reaction"),
        Figure("2", "Latency p95", burst.p95 * 1000, "ms"),
        Figure("2", "Latency p99", burst.p99 * 1000, "ms", goal=("<", 50.0),
               detail=(f"slowest {burst.worst * 1000:.0f} ms; burst handled in "
                       f"{burst.seconds:.1f} s ({burst.notes / burst.seconds:.0f} notes/s)")),
        Figure("2", "Latency p99, echo bot, same burst", bare * 1000, "ms",
               detail="the framework's own floor: one chat's updates run one after another"),
        Figure("2", f"Latency p99, same notes over {sizes.latency_spread:g} s", paced.p99 * 1000,
               "ms", detail=(f"{burst.notes / sizes.latency_spread:.0f} notes/s arriving; "
                             f"p50 {paced.p50 * 1000:.0f} ms")),
    ]


def economy_figures(folder: Path, sizes: Sizes) -> list[Figure]:
    result = asyncio.run(chat.economy(
        folder, participants=sizes.economy_people, notes_each=sizes.economy_notes_each,
        spread=sizes.economy_spread, wait=sizes.economy_wait,
    ))
    per_100 = {method: 100 * n / result.notes for method, n in sorted(result.calls.items())}
    shown = ", ".join(f"{method} {n:.1f}" for method, n in per_100.items())
    visible = result.visible_after
    return [
        Figure("3", "Calls to the group per 100 notes", result.calls_per_100,
               detail=f"{shown}; {result.notes} notes over {sizes.economy_spread:g} s"),
        Figure("3", "Messages and edits to the group per 100 notes", result.messages_per_100,
               detail="what counts against Telegram's 20 a minute per group"),
        Figure("3", "429 answers (Telegram's limits enforced)", result.too_many, goal=("==", 0)),
        Figure("3", "Closest two board versions", result.min_edit_gap, "s", goal=(">=", 2.95),
               detail=f"{result.board_edits} edits; 3 s interval less 50 ms timer tolerance"),
        Figure("3", "Board shows every note, after the burst",
               float("inf") if visible is None else visible, "s", goal=("<=", 5.0),
               detail="never" if visible is None else "from the last note sent"),
    ]


def draft_figures(folder: Path, sizes: Sizes) -> list[Figure]:
    times = asyncio.run(draft.draft_compile(folder, notes=sizes.draft_notes,
                                            sessions=sizes.draft_sessions))
    rendered = ", ".join(times.sections) or "none"
    missing = "" if "pinboard" in times.sections else "; NO pinboard section: notes not rendered"
    what = f"{times.notes} notes in {sizes.draft_sessions} sessions"
    return [
        Figure("4", "Draft compile, Markdown", times.markdown, "s", goal=("<", 1.0),
               detail=(f"{what}; the best of {draft.COMPILES} compiles; "
                       f"{times.markdown / times.read:.1f}× the read of its rows "
                       f"({times.read * 1000:.0f} ms); CPU {times.markdown_cpu:.2f} s; "
                       f"build_document {times.build:.2f} s; "
                       f"{times.markdown_bytes // 1024} KiB; sections: {rendered}{missing}")),
        Figure("4", "Draft compile, DOCX", times.docx, "s", goal=("<", 5.0),
               detail=(f"{times.docx / times.read:.1f}× the read; CPU {times.docx_cpu:.2f} s; "
                       f"{times.docx_bytes // 1024} KiB")),
    ]


def startup_figures(folder: Path, sizes: Sizes, profile: bool) -> list[Figure]:
    database = folder / "startup.sqlite3"
    asyncio.run(seed_event(database, sessions=sizes.rounds, notes_per_session=20,
                           participants=300, finish=False, minutes=120, started_ago=600))
    result = child_startup(database, sizes.rounds, profile)
    if result.errors:
        raise BenchError("the restarted bot logged errors:\n" + "\n".join(result.errors))
    refreshed = ("the others never" if result.refreshed_seconds < 0
                 else f"all {result.refreshed_seconds:.1f} s after start-up began")
    return [
        Figure("5", f"Restart with {result.rounds} open rounds", result.restart_seconds, "s",
               goal=("<", 2.0),
               detail=(f"build_application + initialize + setup; {result.timers_armed} "
                       f"deadlines, {result.live_scheduled} live refreshes scheduled")),
        Figure("5", "Jobs APScheduler dropped as missed after restart", result.missed_jobs,
               goal=("==", 0),
               detail=(f"{result.refreshed}/{result.rounds} live messages refreshed "
                       f"({refreshed})")),
        Figure("5", f"Notes/s with {result.rounds} rounds open",
               result.noted / result.noted_seconds,
               detail=(f"{result.noted} notes, one in each of {result.noted} groups at once, "
                       "on timed boards")),
        Figure("6", f"Peak memory, {result.rounds} open sessions", result.peak_rss_mb, "MB",
               goal=("<", 150.0),
               detail=(f"fresh process: start-up, live refreshes, {result.noted} notes in "
                       f"{result.noted} sessions; {result.rss_mb:.0f} MB at the end")),
    ]


def wall_figures(folder: Path, sizes: Sizes) -> list[Figure]:
    """``python -m bench.wall`` in a fresh interpreter: its own peak memory, its own loop."""
    env = dict(os.environ, PTB_TIMEDELTA="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "bench.wall", str(folder), str(sizes.walls),
               str(sizes.wall_people), str(sizes.wall_notes_each)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=600)
    if done.returncode != 0:
        raise BenchError(f"bench.wall failed ({done.returncode}):\n{done.stderr[-3000:]}")
    values: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if values["seen"] != values["walls"]:
        raise BenchError(f"{values['walls'] - values['seen']} of {values['walls']} walls never "
                         "showed the last note")
    return [
        Figure("7", f"Wall: the last note on all {values['walls']} walls, after its ✍",
               values["slowest"], "s", goal=("<", 1.0),
               detail=(f"the slowest wall; p50 {values['p50'] * 1000:.0f} ms; "
                       f"{values['notes']} notes at once on one session, handled in "
                       f"{values['burst_seconds']:.1f} s; event streams over 127.0.0.1")),
        Figure("7", f"Peak memory, {values['walls']} walls open during the burst",
               values["peak_rss_mb"], "MB", goal=("<", 200.0),
               detail=(f"fresh process; {values['rss_before_mb']:.0f} MB with the walls open "
                       "before the burst; the walls' own HTTP client runs in it too")),
    ]


def wire_figures(folder: Path, sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    try:
        return wire.figures(sizes.wire, folder, progress)
    except wire.WireError as error:
        raise BenchError(str(error)) from error


def scale_figures(folder: Path, sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    server = scale.server_url()
    if not scale.reachable(server):
        raise BenchError(f"scale: no PostgreSQL server answers at {server}")
    try:
        return scale.figures(scale.measure(sizes.scale, folder, server, progress))
    except scale.ScaleError as error:
        raise BenchError(str(error)) from error


def child_startup(database: Path, rounds: int, profile: bool) -> StartupFigures:
    """``python -m bench.startup`` in a fresh interpreter; its last line is the JSON figures."""
    env = dict(os.environ, PTB_TIMEDELTA="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "bench.startup", str(database), str(rounds)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=600)
    if profile:
        print(done.stderr, file=sys.stderr)
    if done.returncode != 0:
        raise BenchError(f"bench.startup failed ({done.returncode}):\n{done.stderr[-3000:]}")
    values: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    values["errors"] = tuple(values["errors"])
    return StartupFigures(**values)


def machine() -> str:
    """One line about where the figures were taken."""
    import platform

    memory = ""
    try:
        psutil: Any = importlib.import_module("psutil")
        memory = f", {psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load {os.getloadavg()[0]:.2f}"
    return (f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()}, {os.cpu_count()} CPUs"
            f"{memory}, Python {platform.python_version()}{load}")

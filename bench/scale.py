"""Notes per second with one and with several ``werkstatt run --webhook`` processes on one
PostgreSQL database, next to one process on SQLite.

``python -m bench.scale [--runs N] [--processes 1,3] [--server URL] [--no-sqlite]`` (or
``python -m bench --only scale``). Each run starts the processes afresh behind the round-robin
proxy of ``bench.fleet``, fed as Telegram feeds a webhook by the offline Bot API over HTTP
with Telegram's flood limits (``--limits``). Every group gets its board first (not timed);
then 80 people write 400 notes on one board while 20 other boards get 20 notes each, every
chat's notes in its order (one webhook request of a chat at a time, as Telegram delivers),
all chats at once. The figure is the notes over the time from the first POST to the last
acknowledgement (the reaction on the note, on the Bot API's clock); the median of the runs,
with the lowest and highest. Every note must be stored once, else the run fails.

The PostgreSQL server is ``--server`` (else ``WERKSTATT_BENCH_POSTGRES``, else
``WERKSTATT_TEST_POSTGRES``, else the local one on port 5432); each run gets a database of its
own, dropped afterwards."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import psutil

from bench.fleet import Balancer, Feed, free_port, open_boards, reacted, start_bot
from bench.report import Figure
from bench.telegram_http import Telegram

SERVER = "postgresql://postgres@127.0.0.1:5432/test"
ORGANIZER = 5001
FIRST_PERSON = 7000
BIG = -1_000_000_002_000
"""The big board's group; the other boards' groups are numbered below it."""
LIVE_INTERVAL = 3.0
"""Seconds between two edits of a live board (the setting's default)."""


class ScaleError(RuntimeError):
    """A run that lost or repeated a note, or never acknowledged one."""


@dataclass(frozen=True)
class ScaleSizes:
    people: int = 80
    big_notes: int = 400
    boards: int = 20
    """Other boards, each in a group of its own."""
    board_notes: int = 20
    """Notes on each of the other boards."""
    runs: int = 3
    processes: tuple[int, ...] = (1, 3)
    """Processes on PostgreSQL, one after the other (SQLite: always one)."""
    sqlite: bool = True

    @property
    def notes(self) -> int:
        return self.big_notes + self.boards * self.board_notes


TINY = ScaleSizes(people=10, big_notes=14, boards=2, board_notes=3, runs=1, processes=(1, 2),
                  sqlite=False)
"""A smoke run (the tests): 20 notes, one and two processes, no SQLite."""


@dataclass(frozen=True)
class Run:
    backend: str
    processes: int
    notes: int
    seconds: float
    refused: int
    """Calls Telegram answered 429."""
    cpu: float = 0.0
    """CPU seconds the bot processes spent from the first POST to the last acknowledgement."""
    commits: int | None = None
    """Transactions the database server committed from the first note until the processes
    stopped (PostgreSQL's statistics; ``None`` on SQLite)."""

    @property
    def rate(self) -> float:
        return self.notes / self.seconds


def server_url(given: str | None = None) -> str:
    return (given or os.environ.get("WERKSTATT_BENCH_POSTGRES")
            or os.environ.get("WERKSTATT_TEST_POSTGRES") or SERVER)


def _on_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def _admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def postgresql(server: str, label: str) -> Iterator[str]:
    """An empty database of its own on the server (the bots migrate it as they start)."""
    name = f"werkstatt_scale_{os.getpid()}_{label}"
    asyncio.run(_admin(server, f"CREATE DATABASE {name}"))
    try:
        yield _on_database(server, name)
    finally:
        asyncio.run(_admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def reachable(server: str) -> bool:
    try:
        asyncio.run(_admin(server, "SELECT 1"))
    except (OSError, asyncpg.PostgresError):
        return False
    return True


BOARDS_SQL = ("SELECT s.chat_id, r.state FROM rounds r JOIN sessions s ON s.id = r.session_id"
              " WHERE r.kind = 'pinboard'")


async def _boards_postgresql(url: str) -> list[tuple[int, str]]:
    connection = await asyncpg.connect(url)
    try:
        return [(int(row[0]), str(row[1])) for row in await connection.fetch(BOARDS_SQL)]
    finally:
        await connection.close()


async def _commits(url: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SELECT pg_stat_clear_snapshot()")
        return int(await connection.fetchval(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"))
    finally:
        await connection.close()


def commits(database: str) -> int | None:
    """The transactions committed on the database so far (the server's statistics, reported
    by each connection within a second and when it closes; ``None`` on SQLite)."""
    if not database.startswith("postgresql://"):
        return None
    return asyncio.run(_commits(database))


def stored_notes(database: str) -> dict[int, list[str]]:
    """Each group's board: the texts of its notes, as stored."""
    if database.startswith("postgresql://"):
        rows = asyncio.run(_boards_postgresql(database))
    else:
        with closing(sqlite3.connect(database)) as conn:
            rows = [(int(c), str(s)) for c, s in conn.execute(BOARDS_SQL).fetchall()]
    return {chat: [str(n["text"]) for n in json.loads(state).get("notes", [])]
            for chat, state in rows}


def one_run(database: str, processes: int, sizes: ScaleSizes, folder: Path) -> Run:
    """The processes started on the database, the boards opened, the notes timed; stopped."""
    backend = "postgresql" if database.startswith("postgresql://") else "sqlite"
    others = [BIG - 1 - n for n in range(sizes.boards)]
    with Telegram(limits=True) as telegram:
        ports = [free_port() for _ in range(processes)]
        proxy = Balancer(ports)
        feed = Feed(telegram, proxy.port)
        bots = [start_bot(telegram, database, folder, port, proxy.port,
                          live_interval=LIVE_INTERVAL) for port in ports]
        try:
            open_boards(feed, telegram, ORGANIZER, dict.fromkeys([BIG, *others]))
            time.sleep(1.5)  # the server's statistics of the boards' set-up reported
            before = commits(database)
            sent, seconds, cpu = _notes(telegram, feed, sizes, others, bots)
        finally:
            _stop(bots)
            feed.close()
            proxy.close()
        refused = sum(call["status"] == 429 for call in telegram.calls())
    after = commits(database)
    spent = None if before is None or after is None else after - before
    stored = stored_notes(database)
    for chat, texts in sent.items():
        if sorted(stored.get(chat, [])) != sorted(texts):
            raise ScaleError(f"{backend} with {processes}: the board of {chat} has"
                             f" {len(stored.get(chat, []))} notes, {len(texts)} were sent")
    return Run(backend, processes, sizes.notes, seconds, refused, cpu, spent)


def _cpu(bots: list[subprocess.Popen[bytes]]) -> float:
    """CPU seconds the processes spent so far (user and system)."""
    return sum(sum(psutil.Process(bot.pid).cpu_times()[:2]) for bot in bots)


def _notes(telegram: Telegram, feed: Feed, sizes: ScaleSizes, others: list[int],
           bots: list[subprocess.Popen[bytes]]) -> tuple[dict[int, list[str]], float, float]:
    """Every chat's notes sent at once; the texts per chat, the seconds from the first POST
    to the last acknowledgement and the CPU seconds the bots spent meanwhile."""
    people = [FIRST_PERSON + n for n in range(sizes.people)]
    counts = {BIG: sizes.big_notes, **dict.fromkeys(others, sizes.board_notes)}
    messages: dict[int, list[int]] = {chat: [] for chat in counts}

    def write(chat: int) -> None:
        group = {"id": chat, "type": "supergroup", "title": f"Gruppe {chat}"}
        for number in range(counts[chat]):
            sent = feed.send(people[number % len(people)], group, f"/note Notiz {chat} {number}")
            messages[chat].append(int(sent["message_id"]))

    cpu = _cpu(bots)
    start = time.monotonic()  # the Bot API's calls are timed on the same (system-wide) clock
    with ThreadPoolExecutor(len(counts)) as pool:
        for future in [pool.submit(write, chat) for chat in counts]:
            future.result()

    def acknowledged(calls: list[dict[str, Any]]) -> float | None:
        last = 0.0
        for chat, ids in messages.items():
            times = {int(c["params"]["message_id"]): float(c["at"]) for c in calls
                     if c["method"] == "setMessageReaction" and c["status"] == 200
                     and int(c["params"]["chat_id"]) == chat}
            if not set(ids) <= reacted(calls, chat):
                return None
            last = max(last, *(times[i] for i in ids))
        return last

    try:
        end = telegram.wait_for(acknowledged, "every note acknowledged", seconds=180)
    except AssertionError as error:
        raise ScaleError(str(error)) from error
    cpu = _cpu(bots) - cpu
    texts = {chat: [f"Notiz {chat} {n}" for n in range(count)] for chat, count in counts.items()}
    return texts, end - start, cpu


def _stop(bots: list[subprocess.Popen[bytes]]) -> None:
    for bot in bots:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
    for bot in bots:
        try:
            bot.wait(timeout=60)
        except subprocess.TimeoutExpired:
            bot.kill()
            bot.wait()


def measure(sizes: ScaleSizes, folder: Path, server: str,
            progress: Callable[[str], None] = lambda _: None) -> list[list[Run]]:
    """Each setting's runs: SQLite with one process (if asked), then PostgreSQL with each
    number of processes."""
    settings: list[tuple[str, int]] = [("sqlite", 1)] if sizes.sqlite else []
    settings += [("postgresql", n) for n in sizes.processes]
    results: list[list[Run]] = []
    for backend, processes in settings:
        runs: list[Run] = []
        for number in range(sizes.runs):
            label = f"{backend}-{processes}-{number}"
            progress(f"scale: {label}")
            place = folder / label
            place.mkdir(parents=True)
            if backend == "sqlite":
                runs.append(one_run(str(place / "werkstatt.sqlite3"), processes, sizes, place))
            else:
                with postgresql(server, label.replace("-", "_")) as database:
                    runs.append(one_run(database, processes, sizes, place))
        results.append(runs)
    return results


def figures(results: list[list[Run]]) -> list[Figure]:
    """One figure per setting: the median rate, the spread and the 429s in the detail."""
    shown: list[Figure] = []
    for runs in results:
        first = runs[0]
        rates = sorted(run.rate for run in runs)
        name = "SQLite" if first.backend == "sqlite" else "PostgreSQL"
        plural = "process" if first.processes == 1 else "processes"
        shown.append(Figure(
            f"scale_{first.backend}_{first.processes}",
            f"notes/s, {first.processes} webhook {plural} on {name}",
            statistics.median(rates), "notes/s",
            detail=(f"{first.notes} notes, {len(runs)} runs, {rates[0]:.1f}–{rates[-1]:.1f};"
                    f" 429s: {sum(run.refused for run in runs)}{_per_note(runs)}")))
    return shown


def _per_note(runs: list[Run]) -> str:
    cpu = statistics.median(1000 * run.cpu / run.notes for run in runs)
    spent = [run.commits / run.notes for run in runs if run.commits is not None]
    return f"; bots' CPU {cpu:.1f} ms a note" + (
        f", {statistics.median(spent):.1f} commits a note" if spent else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=ScaleSizes.runs)
    parser.add_argument("--processes", default="1,3",
                        help="numbers of processes on PostgreSQL, comma-separated")
    parser.add_argument("--server", help="the PostgreSQL server (a database URL)")
    parser.add_argument("--no-sqlite", action="store_true", help="leave out SQLite's figure")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    sizes = ScaleSizes(runs=args.runs, sqlite=not args.no_sqlite,
                       processes=tuple(int(n) for n in args.processes.split(",") if n))
    server = server_url(args.server)
    if sizes.processes and not reachable(server):
        print("no PostgreSQL server answers (give one with --server)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="werkstatt-scale-") as name:
        try:
            results = measure(sizes, Path(name), server,
                              lambda step: print(f"  … {step}", file=sys.stderr, flush=True))
        except ScaleError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    for runs in results:
        for run in runs:
            spent = "" if run.commits is None else f", {run.commits} commits"
            print(f"  {run.backend} ×{run.processes}: {run.rate:.1f} notes/s"
                  f" ({run.notes} notes in {run.seconds:.1f} s, bots' CPU {run.cpu:.1f} s,"
                  f" 429s: {run.refused}{spent})")
    for figure in figures(results):
        print(f"{figure.label}: {figure.shown_value()} ({figure.detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

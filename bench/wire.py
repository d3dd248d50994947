"""``python -m bench.wire [--pairs N] [--modes polling,webhook] [--tiny]``: over the wire.

Also ``python -m bench --only wire`` (not part of the default run, nor of ``--quick``).

Werkstatt as it is deployed — ``werkstatt run`` in a process of its own, on long polling or
as a webhook (``--webhook``) — against the offline Bot API served over HTTP in another
process (``bot.offline_http``), next to the floor: a bare python-telegram-bot bot with the
library's defaults whose one ``MessageHandler`` awaits ``message.set_reaction``
(``python -m bench.wire --bare URL [--webhook PORT]``). The two run alternately, the bare
bot first, each on a fresh Bot API (and Werkstatt on a fresh database), in ``pairs``.

Every time is taken by the Bot API's process on one clock: an update becomes available
(``getUpdates`` can return it, the webhook starts POSTing it) → its ``setMessageReaction``
arrives. Each run plays, in this order after a warm-up of ten notes:

- **one board**: ``people`` × ``notes_each`` notes at once in one group; notes/s from the
  first update available to the last reaction;
- **many boards**: ``groups`` groups with a board each, ``group_notes`` notes in each, all at
  once, every writer new to the bot (a conference's parallel workshops);
- **burst**: ``burst_people`` × ``burst_each`` notes at once in one more group; p99;
- **spread** (Werkstatt only): the one-board's number of notes evenly over ``spread`` s in one
  more group; p99.

Werkstatt runs with its production settings except the flood limit (raised so the organizer
may open all the boards within a minute; no writer sends more than 20 notes a minute).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.chat import percentile
from bench.report import Figure, table
from bench.sim import BOARD_QUESTIONS
from bench.telegram_http import ROOT, Telegram, message
from bot.app import OFFLINE_TOKEN
from bot.simulate import event_code

SECRET = "wire-bench-secret-0123456789"
PATH = OFFLINE_TOKEN.split(":", 1)[0]
REACTION = "setMessageReaction"
ORGANIZER = 4001
WAIT = 120.0
"""Seconds a run waits for its reactions before calling the benchmark broken."""


class WireError(RuntimeError):
    """Not slowness: a bot that died, logged an error, or did not acknowledge every note."""


@dataclass(frozen=True)
class WireSizes:
    people: int = 20
    notes_each: int = 20
    groups: int = 20
    group_notes: int = 20
    burst_people: int = 80
    burst_each: int = 5
    spread: float = 10.0
    pairs: int = 5
    modes: tuple[str, ...] = ("polling", "webhook")


TINY = WireSizes(people=4, notes_each=5, groups=2, group_notes=3, burst_people=4, burst_each=2,
                 spread=0.5, pairs=1, modes=("polling", "webhook"))


@dataclass
class Run:
    """One bot's run: notes/s and latencies (seconds) per scenario."""

    rate: dict[str, float] = field(default_factory=dict)
    waits: dict[str, list[float]] = field(default_factory=dict)
    notes: int = 0
    """Notes sent in the run (the warm-up included); each was acknowledged exactly once."""

    def p99(self, scenario: str) -> float:
        return percentile(self.waits[scenario], 0.99)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def group(chat_id: int, title: str) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": title}


def notes(chat: dict[str, Any], first_person: int, people: int, each: int) -> list[dict[str, Any]]:
    """``/note n text`` from everyone, round by round (everyone's first note, then the second…)."""
    return [message(first_person + index, chat,
                    f"/note {1 + (index + turn) % len(BOARD_QUESTIONS)} Idee {turn + 1} von "
                    f"P{first_person + index}: mehr Räume für Begegnung im Quartier")
            for turn in range(each) for index in range(people)]


# --- the two bots -------------------------------------------------------------------------------


def start(kind: str, mode: str, telegram: Telegram, folder: Path) -> subprocess.Popen[bytes]:
    port = free_port()
    log = (folder / f"{kind}-{mode}.log").open("ab")
    env = dict(os.environ, PTB_TIMEDELTA="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if kind == "bare":
        command = [sys.executable, "-m", "bench.wire", "--bare", telegram.url]
        if mode == "webhook":
            command += ["--webhook", str(port)]
    else:
        env.update(WERKSTATT_TELEGRAM_TOKEN=OFFLINE_TOKEN, WERKSTATT_BOT_API_URL=telegram.url,
                   WERKSTATT_DATABASE=str(folder / f"{mode}-{time.monotonic_ns()}.sqlite3"),
                   WERKSTATT_FLOOD_LIMIT="1000", WERKSTATT_LOG_LEVEL="WARNING",
                   WERKSTATT_WEB_PORT="0")
        command = [sys.executable, "-m", "bot.cli", "run"]
        if mode == "webhook":
            command.append("--webhook")
            env.update(WERKSTATT_WEBHOOK_URL=f"http://127.0.0.1:{port}",
                       WERKSTATT_WEBHOOK_PORT=str(port), WERKSTATT_WEBHOOK_SECRET=SECRET)
    with log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)


def bare_bot(url: str, webhook_port: int | None) -> None:
    """The floor: python-telegram-bot's defaults, a reaction to every text message."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def react(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None:
            await update.message.set_reaction("✍")

    app = ApplicationBuilder().token(OFFLINE_TOKEN).base_url(url).build()
    app.add_handler(MessageHandler(filters.TEXT, react))
    if webhook_port is None:
        app.run_polling()
    else:
        app.run_webhook(listen="127.0.0.1", port=webhook_port, url_path=PATH,
                        webhook_url=f"http://127.0.0.1:{webhook_port}/{PATH}",
                        secret_token=SECRET)


def ready(telegram: Telegram, mode: str) -> None:
    method = "getUpdates" if mode == "polling" else "setWebhook"
    telegram.wait_for(lambda calls: any(c["method"] == method for c in calls),
                      f"the bot's first {method}", seconds=60)


def open_boards(telegram: Telegram, chats: list[dict[str, Any]]) -> None:
    """Werkstatt: an event created privately, a board opened in each group."""
    olga = {"id": ORGANIZER, "type": "private", "first_name": "Olga"}
    for text in ("/newevent", "Konferenz", "heute", "Kassel"):
        telegram.send(ORGANIZER, olga, text)
    code = telegram.wait_for(
        lambda calls: next((code for c in calls if c["method"] == "sendMessage"
                            and int(c["params"]["chat_id"]) == ORGANIZER
                            and (code := event_code(c["params"]))), None), "the event's code")
    questions = "\n".join(BOARD_QUESTIONS)
    for chat in chats:
        telegram.add_chat(chat)
        telegram.send(ORGANIZER, chat, f"/start {code}")
        telegram.send(ORGANIZER, chat, f"/pinboard 2h {chat['title']}\n{questions}")
    wanted = {int(chat["id"]) for chat in chats}

    def all_posted(calls: list[dict[str, Any]]) -> bool:
        posted = {int(c["params"]["chat_id"]) for c in calls if c["method"] == "sendMessage"
                  and BOARD_QUESTIONS[-1] in str(c["params"]["text"])}
        return posted >= wanted

    telegram.wait_for(all_posted, "every board", seconds=WAIT)


# --- one run ------------------------------------------------------------------------------------


def acknowledge(telegram: Telegram, available: dict[tuple[int, int], float],
                since: int) -> list[float]:
    """Wait until every note has its reaction; each note's wait (available → reaction)."""
    acked: dict[tuple[int, int], float] = {}
    deadline = time.monotonic() + WAIT
    while len(acked) < len(available):
        if time.monotonic() > deadline:
            raise WireError(f"{len(available) - len(acked)} of {len(available)} notes were not "
                            "acknowledged")
        time.sleep(0.05)
        calls = telegram.calls(since)
        since += len(calls)
        for call in calls:
            if call["method"] == REACTION and call["status"] == 200:
                key = (int(call["params"]["chat_id"]), int(call["params"]["message_id"]))
                if key in available:
                    acked.setdefault(key, float(call["at"]))
    return [acked[key] - at for key, at in available.items()]


def play(telegram: Telegram, sent: list[dict[str, Any]], spread: float = 0.0
         ) -> tuple[float, list[float]]:
    """The notes at once (or evenly over ``spread`` s); notes/s and each note's wait."""
    since = len(telegram.calls())
    available: dict[tuple[int, int], float] = {}
    start = time.monotonic()
    for index, chunk in enumerate([sent] if not spread else [[m] for m in sent]):
        if spread:
            time.sleep(max(0.0, start + spread * index / len(sent) - time.monotonic()))
        at, numbered = telegram.deliver(chunk)
        available.update({(int(m["chat"]["id"]), int(m["message_id"])): at for m in numbered})
    waits = acknowledge(telegram, available, since)
    first = min(available.values())
    last = max(at + wait for at, wait in zip(available.values(), waits, strict=True))
    return len(sent) / (last - first), waits


def quiet(telegram: Telegram, seconds: float = 0.3) -> None:
    """Until the bot made no call for ``seconds`` (what the last step started is done)."""
    seen = -1
    while (count := len(telegram.calls())) != seen:
        seen = count
        time.sleep(seconds)


def once(telegram: Telegram, calls: list[dict[str, Any]], expected: int) -> None:
    """Every note acknowledged exactly once (a second reaction would be a bug, not slowness)."""
    reactions = Counter((int(c["params"]["chat_id"]), int(c["params"]["message_id"]))
                        for c in calls if c["method"] == REACTION and c["status"] == 200)
    twice = sum(n > 1 for n in reactions.values())
    if len(reactions) != expected or twice:
        raise WireError(f"{len(reactions)} notes acknowledged of {expected}, {twice} twice")


def run(kind: str, mode: str, sizes: WireSizes, folder: Path) -> Run:
    """One bot on a fresh Bot API through every scenario."""
    main = group(-1_000_000_001, "Plenum")
    many = [group(-1_000_000_100 - n, f"Werkstatt {n + 1}") for n in range(sizes.groups)]
    burst, paced = group(-1_000_000_002, "Ansturm"), group(-1_000_000_003, "Verteilt")
    scenarios: list[tuple[str, list[dict[str, Any]], float]] = [
        ("warm-up", notes(main, 10_000, 10, 1), 0.0),
        ("one board", notes(main, 20_000, sizes.people, sizes.notes_each), 0.0),
        ("many boards", [m for n, chat in enumerate(many)
                         for m in notes(chat, 100_000 + 1000 * n, sizes.group_notes, 1)], 0.0),
        ("burst", notes(burst, 30_000, sizes.burst_people, sizes.burst_each), 0.0),
    ]
    if kind == "werkstatt":
        scenarios.append(("spread", notes(paced, 40_000, sizes.people, sizes.notes_each),
                          sizes.spread))
    result = Run()
    with Telegram() as telegram:
        bot = start(kind, mode, telegram, folder)
        try:
            ready(telegram, mode)
            if kind == "werkstatt":
                open_boards(telegram, [main, *many, burst, paced])
            for name, sent, spread in scenarios:
                quiet(telegram)
                if bot.poll() is not None:
                    raise WireError(f"{kind} ({mode}) ended with {bot.returncode}")
                result.rate[name], result.waits[name] = play(telegram, sent, spread)
                result.notes += len(sent)
            time.sleep(0.2)  # a second reaction, if there were one, would be in by now
            once(telegram, telegram.calls(), result.notes)
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
    errors = logged_errors((folder / f"{kind}-{mode}.log").read_text(errors="replace"))
    if errors:
        raise WireError(f"{kind} ({mode}) logged errors:\n" + "\n".join(errors)[-3000:])
    return result


def logged_errors(log: str) -> list[str]:
    """The errors in a bot's log, one entry per record (a record starts with its date).

    Left out: a scheduler job cancelled as the bot stops. python-telegram-bot's
    ``JobQueue.stop`` waits for the jobs running, then APScheduler cancels those that began
    meanwhile and logs each as an error (a live refresh due at that very moment); it is the
    bot stopping, not a failure.
    """
    records = re.split(r"\n(?=\d{4}-\d\d-\d\d )", log)
    return [record for record in records
            if ("Traceback" in record or " ERROR " in record)
            and not (" ERROR apscheduler.executors" in record
                     and record.rstrip().endswith("CancelledError"))]


def paired(sizes: WireSizes, folder: Path, mode: str,
           progress: Callable[[str], None] | None = None) -> list[tuple[Run, Run]]:
    """(bare, Werkstatt) runs, alternating, the bare bot first in each pair."""
    pairs = []
    for number in range(sizes.pairs):
        if progress is not None:
            progress(f"wire {mode}, pair {number + 1} of {sizes.pairs}")
        bare = run("bare", mode, sizes, folder)
        full = run("werkstatt", mode, sizes, folder)
        pairs.append((bare, full))
    return pairs


# --- figures ------------------------------------------------------------------------------------


def median_pair(values: list[float]) -> tuple[float, str]:
    """The median and every value, sorted (the spread of the pairs)."""
    return statistics.median(values), ", ".join(f"{v:.2f}" for v in sorted(values))


def figures(sizes: WireSizes, folder: Path, progress: Callable[[str], None] | None = None
            ) -> list[Figure]:
    found: list[Figure] = []
    for mode in sizes.modes:
        pairs = paired(sizes, folder, mode, progress)
        key = f"8{mode[0]}"
        ratio, spread = median_pair([w.rate["one board"] / b.rate["one board"] for b, w in pairs])
        rates = ", ".join(f"{w.rate['one board']:.0f}/{b.rate['one board']:.0f}"
                          for b, w in pairs)
        found.append(Figure(
            key, f"{mode}: one board, Werkstatt notes/s ÷ bare bot", ratio, goal=(">=", 0.8),
            detail=(f"median of {len(pairs)} pairs ({spread}); notes/s Werkstatt/bare: {rates}; "
                    f"{sizes.people * sizes.notes_each} notes from {sizes.people} people")))
        many, spread = median_pair([w.rate["many boards"] / w.rate["one board"] for _, w in pairs])
        bare_many = statistics.median(b.rate["many boards"] / b.rate["one board"]
                                      for b, _ in pairs)
        found.append(Figure(
            key, f"{mode}: many boards ÷ one board, Werkstatt notes/s", many, goal=(">=", 0.8),
            detail=(f"median of {len(pairs)} ({spread}); {sizes.groups} groups × "
                    f"{sizes.group_notes} notes at once, every writer new; "
                    f"Werkstatt {statistics.median(w.rate['many boards'] for _, w in pairs):.0f}"
                    f" notes/s; the bare bot's own ratio {bare_many:.2f}")))
        burst, spread = median_pair([w.p99("burst") / b.p99("burst") for b, w in pairs])
        found.append(Figure(
            key, f"{mode}: burst p99, Werkstatt ÷ bare bot", burst, goal=("<=", 1.25),
            detail=(f"median of {len(pairs)} ({spread}); {sizes.burst_people} people × "
                    f"{sizes.burst_each} notes at once in one group; p99 ms Werkstatt/bare: "
                    + ", ".join(f"{1000 * w.p99('burst'):.0f}/{1000 * b.p99('burst'):.0f}"
                                for b, w in pairs))))
        paced = [1000 * w.p99("spread") for _, w in pairs]
        p50 = statistics.median(1000 * percentile(w.waits["spread"], 0.5) for _, w in pairs)
        found.append(Figure(
            key, f"{mode}: p99 with the notes over {sizes.spread:g} s", statistics.median(paced),
            "ms", goal=("<", 50.0),
            detail=(f"median of {len(pairs)} ({', '.join(f'{p:.0f}' for p in sorted(paced))} "
                    f"ms); {sizes.people * sizes.notes_each} notes; p50 {p50:.0f} ms")))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wire", description=(__doc__ or "")
                                     .split("\n")[0])
    parser.add_argument("--bare", metavar="URL", help="run the bare bot against this Bot API")
    parser.add_argument("--webhook", metavar="PORT", type=int, help="(--bare) on a webhook")
    parser.add_argument("--pairs", type=int, help=f"(default {WireSizes.pairs})")
    parser.add_argument("--modes", default=",".join(WireSizes.modes))
    parser.add_argument("--tiny", action="store_true", help="tiny sizes (a smoke test)")
    args = parser.parse_args(argv)
    if args.bare:
        bare_bot(args.bare, args.webhook)
        return 0
    base = TINY if args.tiny else WireSizes()
    sizes = WireSizes(**{**base.__dict__, "pairs": args.pairs or base.pairs,
                         "modes": tuple(args.modes.split(","))})
    with tempfile.TemporaryDirectory(prefix="werkstatt-wire-") as name:
        try:
            found = figures(sizes, Path(name), progress=lambda step: print(
                f"  … {step}", file=sys.stderr, flush=True))
        except WireError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    print(table(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())

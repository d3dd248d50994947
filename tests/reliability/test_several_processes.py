"""Three ``werkstatt run --webhook`` processes on one PostgreSQL database behind a round-robin
proxy, fed as Telegram feeds a webhook (the offline Bot API over HTTP, its flood limits
enforced): 400 notes from 80 people on one board, a private note from each of them to the
same board, notes in 20 other sessions whose deadline runs out; one process is killed with
SIGKILL in the middle and started again. Every note is stored once and in each chat's order,
every board is right, each deadline fired once, a live message was edited at most once an
interval, and Telegram never answered 429."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bench.fleet import Balancer, Feed, free_port, open_boards, reacted, start_bot
from bench.telegram_http import Telegram
from tests.databases import run_sql
from tests.storage.contract.conftest import postgresql_database

BIG = -1_000_000_001_000
SMALL = [-1_000_000_001_001 - n for n in range(20)]
PEOPLE = list(range(7000, 7080))
NOTES = 400
SMALL_NOTES = 5
LIVE_INTERVAL = 3.0
"""Seconds between two edits of a live message (a board edited every second would pass a
group's 20 messages a minute)."""
DEADLINE = 30
"""Seconds the small boards collect before their deadline."""
OLGA = 5001


def board_of(database: str, chat_id: int) -> tuple[int, dict[str, Any]]:
    [(round_id, state)] = run_sql(
        database, "SELECT r.id, r.state FROM rounds r JOIN sessions s ON s.id = r.session_id"
        " WHERE s.chat_id = ?", (chat_id,))
    return int(round_id), dict(json.loads(state))


@pytest.mark.slow
def test_three_webhook_processes_on_one_postgresql_lose_and_repeat_nothing(
    tmp_path: Path,
) -> None:
    with postgresql_database(tmp_path, True) as database, Telegram(limits=True) as telegram:
        ports = [free_port() for _ in range(3)]
        proxy = Balancer(ports)
        bots = [start_bot(telegram, database, tmp_path, port, proxy.port,
                          live_interval=LIVE_INTERVAL) for port in ports]
        try:
            run(telegram, Feed(telegram, proxy.port), database, bots, tmp_path, ports,
                proxy.port)
        finally:
            for bot in bots:
                if bot.poll() is None:
                    bot.send_signal(signal.SIGTERM)
            for bot in bots:
                bot.wait(timeout=60)
            proxy.close()
        assert [bot.returncode for bot in bots] == [0, 0, 0]  # each stopped by SIGTERM
        check_afterwards(telegram, database)


def run(telegram: Telegram, feed: Feed, database: str, bots: list[subprocess.Popen[bytes]],
        folder: Path, ports: list[int], proxy: int) -> None:
    open_boards(feed, telegram, OLGA, {BIG: None, **dict.fromkeys(SMALL, DEADLINE)})
    big = {"id": BIG, "type": "supergroup", "title": f"Gruppe {BIG}"}
    big_round, _ = board_of(database, BIG)
    group_notes: dict[int, str] = {}
    small_notes: dict[int, dict[int, str]] = defaultdict(dict)
    private_notes: dict[int, str] = {}
    halfway = threading.Event()

    def big_board() -> None:
        for number in range(NOTES):
            text = f"Notiz {number}"
            group_notes[feed.send(PEOPLE[number % len(PEOPLE)], big, f"/note {text}")
                        ["message_id"]] = text
            if number == NOTES // 2:
                halfway.set()

    def small_board(chat_id: int) -> None:
        group = {"id": chat_id, "type": "supergroup", "title": f"Gruppe {chat_id}"}
        for number in range(SMALL_NOTES):
            text = f"Klein {chat_id} {number}"
            small_notes[chat_id][feed.send(PEOPLE[number], group, f"/note {text}")
                                 ["message_id"]] = text

    def private(user: int) -> None:
        chat = {"id": user, "type": "private", "first_name": f"P{user}"}
        feed.send(user, chat, f"/start pin_{big_round}")
        private_notes[user] = f"Privat {user}"
        feed.send(user, chat, private_notes[user])

    with ThreadPoolExecutor(12) as pool:
        writing = [pool.submit(big_board), *(pool.submit(small_board, c) for c in SMALL)]
        telegram.wait_for(lambda calls: len(reacted(calls, BIG)) >= len(PEOPLE),
                          "everyone's first note", seconds=60)
        # A person every 0.2 s: two answers each, beside the boards' edits and the deadlines'
        # messages, within Telegram's 30 messages a second for all processes together (each
        # process limits only itself until they share a limiter).
        for user in PEOPLE:
            writing.append(pool.submit(private, user))
            time.sleep(0.2)
        halfway.wait(60)
        bots[1].send_signal(signal.SIGKILL)  # with the chats it held and its timers
        bots[1].wait(timeout=30)
        time.sleep(2)
        bots[1] = start_bot(telegram, database, folder, ports[1], proxy,
                            live_interval=LIVE_INTERVAL)
        for future in writing:
            future.result(timeout=120)

    def all_in(calls: list[dict[str, Any]]) -> bool:
        if not set(group_notes) <= reacted(calls, BIG):
            return False
        if any(not set(notes) <= reacted(calls, chat) for chat, notes in small_notes.items()):
            return False
        texts = [n["text"] for n in board_of(database, BIG)[1]["notes"]]
        return len(texts) >= len(group_notes) + len(private_notes)

    telegram.wait_for(all_in, "every note stored and answered", seconds=90)
    telegram.wait_for(lambda _: all(fired(database, chat) for chat in SMALL),
                      "every deadline", seconds=DEADLINE + 30)
    time.sleep(LIVE_INTERVAL + 1)  # the boards' last edits

    texts = [n["text"] for n in board_of(database, BIG)[1]["notes"]]
    assert sorted(texts) == sorted([*group_notes.values(), *private_notes.values()])
    # The group's notes were applied in its order, whichever process held the chat.
    numbered = {int(str(n["source"]).rpartition(":")[2]): int(n["number"])
                for n in board_of(database, BIG)[1]["notes"]
                if str(n.get("source", "")).startswith(f"{BIG}:")}
    assert [numbered[m] for m in sorted(numbered)] == sorted(numbered.values())
    for chat_id, notes in small_notes.items():
        small = [n["text"] for n in board_of(database, chat_id)[1]["notes"]]
        assert sorted(small) == sorted(notes.values()), chat_id


def fired(database: str, chat_id: int) -> bool:
    round_id, _ = board_of(database, chat_id)
    return bool(run_sql(database, "SELECT 1 FROM round_log WHERE round_id = ? AND event LIKE ?",
                        (round_id, "TimerExpired %")))


def check_afterwards(telegram: Telegram, database: str) -> None:
    calls = telegram.calls()
    assert run_sql(database, "SELECT update_id FROM inbox WHERE handled_at IS NULL") == []
    sending = [c["at"] for c in calls if c["method"] in ("sendMessage", "editMessageText")]
    assert [(c["method"], c["params"].get("chat_id"), round(c["at"], 1),
             sum(c["at"] - 1 < at <= c["at"] for at in sending)) for c in calls
            if c["status"] == 429] == []
    for chat_id in SMALL:
        round_id, _ = board_of(database, chat_id)
        [(expiries,)] = run_sql(
            database, "SELECT count(*) FROM round_log WHERE round_id = ? AND event LIKE ?",
            (round_id, "TimerExpired %"))
        assert expiries == 1, chat_id
        # Taken through its lease by the one process that fired it.
        assert len(run_sql(database, "SELECT holder FROM leases WHERE name LIKE ?",
                           (f"timer:expire:{round_id}:%",))) == 1, chat_id
    edits: dict[tuple[int, int], list[float]] = defaultdict(list)
    for call in calls:
        if call["method"] == "editMessageText" and call["status"] == 200:
            edits[(int(call["params"]["chat_id"]), int(call["params"]["message_id"]))].append(
                float(call["at"]))
    assert any(chat == BIG for chat, _ in edits)  # the big board was edited as it filled
    for times in edits.values():
        gaps = [later - earlier for earlier, later in itertools.pairwise(sorted(times))]
        # Leases count on the database server's clock; the calls arrive a moment after them.
        assert all(gap >= LIVE_INTERVAL - 0.5 for gap in gaps), gaps

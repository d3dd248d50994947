"""A real ``werkstatt run`` polling the offline Bot API over HTTP, killed with SIGKILL again and
again in the middle of bursts: every message Telegram delivered is stored exactly once, and
every author was answered."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.app import OFFLINE_TOKEN
from tests.reliability.fake_telegram import ROOT, Telegram, texts_to

GROUP = -1_000_000_000_777
SEEDS = range(int(os.environ.get("CRASH_SEEDS", "10")))
BURST = 30


def start_bot(telegram: Telegram, database: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WERKSTATT_TELEGRAM_TOKEN": OFFLINE_TOKEN,
           "WERKSTATT_BOT_API_URL": telegram.url,
           "WERKSTATT_DATABASE": str(database), "WERKSTATT_LIVE_INTERVAL": "0.2",
           "WERKSTATT_RATE_LIMIT": "false", "WERKSTATT_FLOOD_LIMIT": "1000",
           "WERKSTATT_LOG_LEVEL": "WARNING", "PTB_TIMEDELTA": "1"}
    with (database.parent / "bot.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env,
                                stdout=log, stderr=log, cwd=ROOT)


def board_notes(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        (state,) = conn.execute("SELECT state FROM rounds WHERE is_open = 1").fetchone()
    return [note["text"] for note in json.loads(state)["notes"]]


@pytest.mark.slow
def test_a_bot_killed_again_and_again_mid_burst_loses_no_delivered_message(
    tmp_path: Path,
) -> None:
    database = tmp_path / "crash.sqlite3"
    telegram = Telegram()
    bot = start_bot(telegram, database)
    try:
        olga = {"id": 5001, "type": "private", "first_name": "Olga"}
        for text in ("/newevent", "Crashkurs", "heute", "Kassel"):
            telegram.send(5001, olga, text)
        code = telegram.wait_for(
            lambda calls: next((t.split("Code: ")[1].split()[0] for t in texts_to(calls, 5001)
                                if "Code: " in t), None), "the event's code")
        group = {"id": GROUP, "type": "supergroup", "title": "Werkstatt"}
        telegram.add_chat(group)
        telegram.send(5001, group, f"/start {code}")
        telegram.send(5001, group, "/pinboard 30m Dritte Orte\nWas sind Dritte Orte?")
        telegram.wait_for(lambda calls: any("Dritte Orte" in t for t in texts_to(calls, GROUP)),
                          "the board")
        expected: dict[int, str] = {}  # message id → the text the board must hold
        for seed in SEEDS:
            chance = random.Random(seed)
            for number in range(BURST):
                author = 6000 + chance.randrange(40)
                text = f"Notiz {seed}-{number}"
                sent = telegram.send(author, group, f"/note {text}")
                expected[sent["message_id"]] = text
                if chance.random() < 0.15:
                    telegram.edit(sent, f"/note {text} (bearbeitet)")
                    expected[sent["message_id"]] = f"{text} (bearbeitet)"
            time.sleep(chance.uniform(0.0, 0.8))
            bot.send_signal(signal.SIGKILL)
            bot.wait(timeout=30)
            bot = start_bot(telegram, database)

        def all_answered(calls: list[dict[str, Any]]) -> bool:
            reacted = {int(c["params"]["message_id"]) for c in calls
                       if c["method"] == "setMessageReaction" and c["status"] == 200}
            return set(expected) <= reacted

        try:
            telegram.wait_for(all_answered, "every author answered", seconds=60)
        except AssertionError:
            reacted = {int(c["params"]["message_id"]) for c in telegram.calls()
                       if c["method"] == "setMessageReaction" and c["status"] == 200}
            unanswered = set(expected) - reacted
            stored = set(board_notes(database))
            raise AssertionError(f"{len(unanswered)} of {len(expected)} authors not answered"
                                 f" ({sum(expected[m] in stored for m in unanswered)} of their"
                                 " notes stored)") from None
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=30)
        notes = board_notes(database)
        assert sorted(notes) == sorted(expected.values())
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
        telegram.close()

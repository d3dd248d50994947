"""A real ``werkstatt run`` polling the offline Bot API over HTTP, killed with SIGKILL again and
again in the middle of bursts of group notes, edits, private notes and dot votes: every message
and press Telegram delivered is stored exactly once, and every author was answered."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bench.telegram_http import ROOT, Telegram, texts_to
from bot.app import OFFLINE_TOKEN
from bot.simulate import event_code
from locales import translator
from tests.databases import CURRENT, run_sql

GROUP = -1_000_000_000_777
VOTING = -1_000_000_000_778
SEEDS = range(int(os.environ.get("CRASH_SEEDS", "10")))
BURST = 20
PEOPLE = range(6000, 6040)
PRIVATE = 3
"""People per burst who write privately: the deep link, then one or two notes."""
PRESSES = 4
_NOTED = translator("de")("pinboard.private_noted", number="\1", numbers="\0")
NOTED = _NOTED.partition("\1")[0]
"""How the answer to a private note begins ("✍ Notiert zu Leitfrage")."""
NUMBERED = _NOTED.partition("\0")[0].rpartition("(")[2]
"""What stands before the note's number in that answer ("Nr. ")."""


def start_bot(telegram: Telegram, database: str, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WERKSTATT_TELEGRAM_TOKEN": OFFLINE_TOKEN,
           "WERKSTATT_BOT_API_URL": telegram.url,
           "WERKSTATT_DATABASE": database, "WERKSTATT_LIVE_INTERVAL": "0.2",
           "WERKSTATT_RATE_LIMIT": "false", "WERKSTATT_FLOOD_LIMIT": "1000",
           "WERKSTATT_LOG_LEVEL": "WARNING", "PTB_TIMEDELTA": "1", "WERKSTATT_WEB_PORT": "0"}
    with (folder / "bot.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env,
                                stdout=log, stderr=log, cwd=ROOT)


def board(database: str, round_id: int) -> dict[str, Any]:
    [(state,)] = run_sql(database, "SELECT state FROM rounds WHERE id = ?", (round_id,))
    return dict(json.loads(state))


def round_ids(database: str) -> list[int]:
    return [int(row[0]) for row in run_sql(database, "SELECT id FROM rounds ORDER BY id")]


@dataclass
class Expected:
    """What the bursts delivered, and how each author must have been answered."""

    notes: dict[int, str] = field(default_factory=dict)
    """Group message id → the text the board must hold."""
    private: dict[tuple[int, int], str] = field(default_factory=dict)
    """(author, message id) of a private note → its text."""
    presses: set[str] = field(default_factory=set)

    def unanswered(self, calls: list[dict[str, Any]], private_numbers: dict[str, int]
                   ) -> list[str]:
        """Who was not answered yet: a note without its reaction, a private note without the
        answer naming its number (``private_numbers``: source → number on the board), a press
        without its answer."""
        reacted = {int(c["params"]["message_id"]) for c in calls
                   if c["method"] == "setMessageReaction" and c["status"] == 200}
        told = {(int(c["params"]["chat_id"]), str(c["params"]["text"])) for c in calls
                if c["method"] == "sendMessage" and c["status"] == 200
                and str(c["params"]["text"]).startswith(NOTED)}
        answered = {str(c["params"]["callback_query_id"]) for c in calls
                    if c["method"] == "answerCallbackQuery" and c["status"] == 200}

        def was_told(author: int, message_id: int) -> bool:
            number = private_numbers.get(f"{author}:{message_id}")
            return number is not None and any(
                chat == author and f"({NUMBERED}{number})" in text for chat, text in told)

        return ([f"note {m}" for m in set(self.notes) - reacted]
                + [f"private note {k}" for k in self.private if not was_told(*k)]
                + [f"press {p}" for p in self.presses - answered])


def numbers_by_source(database: str, round_id: int) -> dict[str, int]:
    return {str(note["source"]): int(note["number"])
            for note in board(database, round_id)["notes"] if note.get("source")}


def board_posted(chat_id: int, title: str, calls: list[dict[str, Any]]) -> bool:
    return any(title in text for text in texts_to(calls, chat_id))


def open_boards(telegram: Telegram, database: str) -> tuple[int, int, dict[str, Any], list[str]]:
    """A collecting board in one group and a dot-vote in another: their ids, the vote message
    and its vote buttons."""
    olga = {"id": 5001, "type": "private", "first_name": "Olga"}
    for text in ("/newevent", "Crashkurs", "heute", "Kassel"):
        telegram.send(5001, olga, text)
    code = telegram.wait_for(
        lambda calls: next((code for c in calls if c["method"] == "sendMessage"
                            and int(c["params"]["chat_id"]) == 5001
                            and (code := event_code(c["params"]))), None), "the event's code")
    for chat_id, title in ((GROUP, "Werkstatt"), (VOTING, "Abstimmung")):
        group = {"id": chat_id, "type": "supergroup", "title": title}
        telegram.add_chat(group)
        telegram.send(5001, group, f"/start {code}")
        telegram.send(5001, group, f"/pinboard 30m {title}\nWas sind Dritte Orte?")
        telegram.wait_for(partial(board_posted, chat_id, title), "the board")
    voting = {"id": VOTING, "type": "supergroup", "title": "Abstimmung"}
    telegram.send(5001, voting, "/note Bibliothek\nGemeindehaus\nCafé")
    telegram.send(5001, voting, "/vote 3")

    def vote_message(calls: list[dict[str, Any]]) -> dict[str, Any] | None:
        for call in reversed(calls):
            result = call["result"]
            if (call["method"] in ("sendMessage", "editMessageText", "editMessageReplyMarkup")
                    and int(call["params"]["chat_id"]) == VOTING
                    and isinstance(result, dict) and "pbv|" in json.dumps(result)):
                return dict(result)
        return None

    message = telegram.wait_for(vote_message, "the vote message")
    buttons = [button["callback_data"] for row in message["reply_markup"]["inline_keyboard"]
               for button in row if str(button.get("callback_data", "")).startswith("pbv|")]
    collecting, vote = round_ids(database)
    return collecting, vote, message, buttons


def burst(telegram: Telegram, seed: int, collecting: int, message: dict[str, Any],
          buttons: list[str], expected: Expected) -> None:
    """One burst: group notes (some edited), private notes after the deep link, dots."""
    chance = random.Random(seed)
    group = {"id": GROUP, "type": "supergroup", "title": "Werkstatt"}
    writers = chance.sample(PEOPLE, PRIVATE)
    for number in range(BURST):
        if number % 5 == 1 and writers:
            author = writers.pop()
            chat = {"id": author, "type": "private", "first_name": f"P{author}"}
            telegram.send(author, chat, f"/start pin_{collecting}")
            for line in range(chance.randint(1, 2)):
                text = f"Privat {seed}-{number}-{line}"
                sent = telegram.send(author, chat, text)
                expected.private[(author, sent["message_id"])] = text
        if number % 5 == 3 and len(expected.presses) < (seed + 1) * PRESSES:
            voter = 9000 + seed * PRESSES + number
            expected.presses.add(telegram.press(voter, message, chance.choice(buttons)))
        author = chance.choice(PEOPLE)
        text = f"Notiz {seed}-{number}"
        sent = telegram.send(author, group, f"/note {text}")
        expected.notes[sent["message_id"]] = text
        if chance.random() < 0.15:
            telegram.edit(sent, f"/note {text} (bearbeitet)")
            expected.notes[sent["message_id"]] = f"{text} (bearbeitet)"


@pytest.mark.slow
def test_a_bot_killed_again_and_again_mid_burst_loses_no_delivered_message(
    tmp_path: Path,
) -> None:
    database = CURRENT.target(tmp_path / "crash.sqlite3")
    telegram = Telegram()
    bot = start_bot(telegram, database, tmp_path)
    try:
        collecting, vote, message, buttons = open_boards(telegram, database)
        expected = Expected()
        group = {"id": GROUP, "type": "supergroup", "title": "Werkstatt"}
        for author in PEOPLE:  # everyone taking part is known in the session
            text = f"Hallo von {author}"
            expected.notes[telegram.send(author, group, f"/note {text}")["message_id"]] = text
        telegram.wait_for(lambda calls: not expected.unanswered(calls, {}), "the first notes")
        for seed in SEEDS:
            burst(telegram, seed, collecting, message, buttons, expected)
            time.sleep(random.Random(seed).uniform(0.0, 0.6))
            bot.send_signal(signal.SIGKILL)
            bot.wait(timeout=30)
            bot = start_bot(telegram, database, tmp_path)

        try:
            telegram.wait_for(lambda calls: not expected.unanswered(
                calls, numbers_by_source(database, collecting)), "every author answered",
                seconds=60)
        except AssertionError:
            missing = expected.unanswered(telegram.calls(),
                                          numbers_by_source(database, collecting))
            raise AssertionError(f"{len(missing)} not answered: {missing[:10]}") from None
        bot.send_signal(signal.SIGTERM)
        bot.wait(timeout=30)
        notes = [note["text"] for note in board(database, collecting)["notes"]]
        assert sorted(notes) == sorted([*expected.notes.values(), *expected.private.values()])
        dots = [dot["source"] for dot in board(database, vote)["dots"]]
        assert sorted(dots) == sorted(f"cb:{press}" for press in expected.presses)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
        telegram.close()

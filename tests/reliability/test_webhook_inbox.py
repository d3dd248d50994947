"""``werkstatt run --webhook``: an update is on disk before the webhook answers 200 (on SQLite as
a receipt, then in the inbox; on PostgreSQL in the inbox), and one that cannot be kept is not
answered 200 (Telegram sends it again)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.fleet import PATH, SECRET, free_port
from bench.telegram_http import ROOT, Telegram, person, texts_to
from bot.app import OFFLINE_TOKEN
from locales import translator
from storage.db import is_server
from storage.receipts import Receipts, folder_for
from tests.databases import CURRENT, allow_writes, refuse_writes, run_sql

T = translator("de")

def start_webhook_bot(telegram: Telegram, database: str, folder: Path, port: int
                      ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WERKSTATT_TELEGRAM_TOKEN": OFFLINE_TOKEN,
           "WERKSTATT_BOT_API_URL": telegram.url, "WERKSTATT_DATABASE": database,
           "WERKSTATT_WEBHOOK_URL": f"http://127.0.0.1:{port}",
           "WERKSTATT_WEBHOOK_PORT": str(port), "WERKSTATT_WEBHOOK_SECRET": SECRET,
           "WERKSTATT_FLOOD_LIMIT": "1", "WERKSTATT_LOG_LEVEL": "WARNING", "PTB_TIMEDELTA": "1",
           "WERKSTATT_WEB_PORT": "0"}
    with (folder / "bot.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--webhook"], env=env,
                                stdout=log, stderr=log, cwd=ROOT)


def post(port: int, update: dict[str, Any], *, seconds: float = 30) -> int:
    """Deliver an update as Telegram does (with the secret); the webhook's status."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = httpx.post(f"http://127.0.0.1:{port}/{PATH}", json=update, timeout=10,
                                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            return answer.status_code
        except httpx.TransportError:  # the bot is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def calls_of(telegram: Telegram, method: str, *, seconds: float = 30) -> list[dict[str, Any]]:
    """The calls of one method, once there is one (the bot may serve its port a moment before
    it has told Telegram its webhook)."""
    deadline = time.monotonic() + seconds
    while True:
        found = [call for call in telegram.calls() if call["method"] == method]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def help_update(update_id: int, user: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "/help",
        "chat": {"id": user, "type": "private", "first_name": f"P{user}"}, "from": person(user),
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}


def inbox_row(database: str, update_id: int) -> tuple[bool, bool] | None:
    """(content kept, handled) of the update's inbox row, read from the database itself."""
    rows = run_sql(database, "SELECT payload IS NOT NULL, handled_at IS NOT NULL FROM inbox"
                   " WHERE update_id = ?", (update_id,))
    return None if not rows else (bool(rows[0][0]), bool(rows[0][1]))


def disk_full(pid: int, database: str, *, full: bool) -> None:
    """Let the bot write no more (or again): on PostgreSQL the inbox refuses rows; on SQLite
    the process may not write a byte into any file (as on a full disk, the receipts too)."""
    if is_server(database):
        (refuse_writes if full else allow_writes)(database, "inbox")
    else:  # (Python ignores SIGXFSZ: a write past the limit fails with EFBIG)
        resource.prlimit(pid, resource.RLIMIT_FSIZE,
                         (1 if full else resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def kept(database: str, update_id: int) -> bool:
    """On disk: the update's inbox row, or on SQLite its receipt (the inbox row follows with the
    journal's next commit)."""
    if inbox_row(database, update_id) is not None:
        return True
    return not is_server(database) and update_id in dict(
        Receipts(folder_for(database)).recover())


def helped(telegram: Telegram, user: int, times: int) -> None:
    title = T("help.title", role=T("role.participant"))
    telegram.wait_for(lambda calls: sum(t.startswith(title)
                                        for t in texts_to(calls, user)) >= times,
                      f"{times} answers to /help")


@pytest.mark.slow
def test_a_webhook_update_answered_200_is_stored_and_handled_after_a_kill(
    tmp_path: Path,
) -> None:
    database = CURRENT.target(tmp_path / "webhook.sqlite3")
    port = free_port()
    with Telegram() as telegram:
        anna, ben = 5001, 5002
        for user in (anna, ben):
            telegram.add_chat({"id": user, "type": "private", "first_name": f"P{user}"})
        bot = start_webhook_bot(telegram, database, tmp_path, port)
        try:
            assert post(port, help_update(1, anna)) == 200
            [webhook] = calls_of(telegram, "setWebhook")
            assert webhook["params"]["secret_token"] == SECRET
            assert webhook["params"]["url"] == f"http://127.0.0.1:{port}/{PATH}"
            wall = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
            assert wall.text == "ok"  # the web side shares the webhook's port
            assert kept(database, 1)  # a 200 means it is on disk
            helped(telegram, anna, 1)
            # With the flood limit at one, Anna's second message waits for her window: it was
            # answered 200 and is not handled when the bot is killed.
            assert post(port, help_update(2, anna)) == 200
            assert kept(database, 2)
            bot.send_signal(signal.SIGKILL)
            bot.wait(timeout=30)
            assert kept(database, 2)
            assert inbox_row(database, 2) in (None, (True, False))  # not handled

            bot = start_webhook_bot(telegram, database, tmp_path, port)
            helped(telegram, anna, 2)  # handled after the restart, first
            telegram.wait_for(lambda _: inbox_row(database, 2) == (False, True),
                              "the update marked handled")

            # Nothing can be written (as on a full disk): no 200, Telegram sends it again.
            disk_full(bot.pid, database, full=True)
            assert post(port, help_update(3, ben)) == 500
            assert not kept(database, 3)
            time.sleep(0.3)
            assert texts_to(telegram.calls(), ben) == []  # not handled either
            disk_full(bot.pid, database, full=False)
            assert post(port, help_update(3, ben)) == 200  # Telegram's retry
            helped(telegram, ben, 1)
            assert post(port, help_update(3, ben)) == 200  # once more: handled once
            time.sleep(0.3)
            assert len(texts_to(telegram.calls(), ben)) == 1
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=30)
    assert bot.returncode == 0  # SIGTERM ends the bot's own shutdown, not uvicorn's

"""``werkstatt run`` as an operator starts it: one process per database, one per token."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.telegram_http import CONFLICT, Telegram

ROOT = Path(__file__).parents[2]
TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def environment(database: Path, api_url: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "1", "WERKSTATT_TELEGRAM_TOKEN": TOKEN,
        "WERKSTATT_DATABASE": str(database), "WERKSTATT_BOT_API_URL": api_url,
        "HOME": str(database.parent), "WERKSTATT_WEB_PORT": "0",
    }


def werkstatt(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=120,
        cwd=ROOT, env=env,
    )


def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_a_second_bot_on_the_same_database_ends_at_once_and_backup_works_beside_the_first(
    tmp_path: Path,
) -> None:
    database = tmp_path / "werkstatt.sqlite3"
    with Telegram() as telegram:
        env = environment(database, telegram.url)
        first = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )
        try:
            wait_for(lambda: telegram.count("getUpdates") >= 2 or first.poll() is not None,
                     60, "the first bot to poll")
            assert first.poll() is None, first.communicate()[1]
            started = time.monotonic()
            second = werkstatt("run", env=env)
            assert time.monotonic() - started < 30
            assert second.returncode == 1
            lines = second.stderr.strip().splitlines()
            assert len(lines) == 1, second.stderr
            assert lines[0].startswith(f"werkstatt: another Werkstatt bot (process {first.pid})")
            assert str(database) in lines[0]

            copy = tmp_path / "backup" / "copy.sqlite3"
            backed_up = werkstatt("backup", "--out", str(copy), env=env)
            assert backed_up.returncode == 0, backed_up.stderr
            with sqlite3.connect(copy) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] >= 1
            exported = werkstatt("export", "--event", "NOPE00", "--out", str(tmp_path / "d"),
                                 env=env)
            assert exported.returncode == 1 and "NOPE00" in exported.stderr
            assert first.poll() is None
        finally:
            first.send_signal(signal.SIGTERM)
            _, errors = first.communicate(timeout=60)
        assert first.returncode == 0, errors
        after = werkstatt("backup", "--out", str(tmp_path / "after.sqlite3"), env=env)
        assert after.returncode == 0, after.stderr


@pytest.mark.slow
def test_two_processes_with_the_same_token_end_with_one_line_not_a_retry_loop(
    tmp_path: Path,
) -> None:
    with Telegram() as telegram:
        telegram.fail("getUpdates", 409, CONFLICT, times=1000)  # for as long as the run lasts
        result = werkstatt("run", env=environment(tmp_path / "werkstatt.sqlite3", telegram.url))
        polls = telegram.count("getUpdates")
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("werkstatt: another process is running this bot with the same token")
    assert "409" in last
    assert polls <= 3  # the one that failed, and the one at shutdown
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_telegram_unreachable_while_polling_is_one_line_per_attempt_and_polling_goes_on(
    tmp_path: Path,
) -> None:
    with Telegram() as telegram:
        telegram.fail("getUpdates", 502, "Bad Gateway", times=2)
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env=environment(tmp_path / "werkstatt.sqlite3", telegram.url),
        )
        try:
            wait_for(lambda: telegram.count("getUpdates") >= 4 or bot.poll() is not None,
                     60, "polling to go on after the outage")
            assert bot.poll() is None
        finally:
            bot.send_signal(signal.SIGTERM)
            _, errors = bot.communicate(timeout=60)
    assert bot.returncode == 0, errors
    assert errors.count("Telegram is not reachable (Bad Gateway); polling again") == 2
    assert "Traceback" not in errors


@pytest.mark.parametrize("content", ["text", "random", "foreign"])
def test_a_foreign_or_damaged_database_file_ends_the_run_with_one_line_and_stays_untouched(
    tmp_path: Path, content: str,
) -> None:
    database = tmp_path / "werkstatt.sqlite3"
    if content == "text":
        database.write_text("Einkaufsliste: Milch, Brot\n", encoding="utf-8")
    elif content == "random":
        database.write_bytes(os.urandom(8192))
    else:
        with sqlite3.connect(database) as conn:
            conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
            conn.execute("INSERT INTO recipes (name) VALUES ('Apfelstrudel')")
        conn.close()
    before = database.read_bytes()
    with Telegram() as telegram:
        result = werkstatt("run", env=environment(database, telegram.url))
        assert telegram.calls() == []
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"werkstatt: {database} is ")
    assert "left untouched" in lines[0]
    assert database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "werkstatt.sqlite3", "werkstatt.sqlite3.lock"]

"""``werkstatt run`` serves the wall from its own process, and SIGTERM still ends it cleanly.

uvicorn would take SIGTERM for itself and raise it again once it stopped, so
the process would die by the signal (exit status -15) before the bot settled;
here the bot's own shutdown runs and the process exits with 0.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bench.telegram_http import ROOT, Telegram
from bot.app import OFFLINE_TOKEN

SERVED = re.compile(r"the live wall is served on 127\.0\.0\.1:(\d+)")


@pytest.mark.slow
def test_werkstatt_run_serves_the_wall_and_ends_on_sigterm_with_status_0(tmp_path: Path) -> None:
    with Telegram() as telegram:
        env = {**os.environ, "WERKSTATT_TELEGRAM_TOKEN": OFFLINE_TOKEN,
               "WERKSTATT_BOT_API_URL": telegram.url,
               "WERKSTATT_DATABASE": str(tmp_path / "werkstatt.sqlite3"),
               "WERKSTATT_WEB_PORT": "0", "WERKSTATT_LOG_LEVEL": "INFO", "PTB_TIMEDELTA": "1"}
        bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert bot.stderr is not None
        try:
            port = 0
            for line in bot.stderr:
                found = SERVED.search(line)
                if found:
                    port = int(found.group(1))
                    break
            assert port, "the bot ended before it served the wall"
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
            assert (health.status_code, health.text) == (200, "ok")
            assert httpx.get(f"http://127.0.0.1:{port}/wall/{'A' * 22}").status_code == 404
        finally:
            bot.send_signal(signal.SIGTERM)
            _, errors = bot.communicate(timeout=60)
        assert bot.returncode == 0, errors
        assert "Traceback" not in errors
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0  # the port is closed again

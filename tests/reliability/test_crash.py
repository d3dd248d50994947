"""The bot killed hard (SIGKILL) in the middle of a burst loses nothing it acknowledged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.simulate import World
from storage import rounds as stored
from tests.conftest import offline_settings
from tests.databases import CURRENT

WORKER = Path(__file__).with_name("crash_worker.py")
ACKNOWLEDGED_BEFORE_KILL = 120


def wait_for(predicate: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def acknowledged(ackfile: Path) -> list[str]:
    if not ackfile.exists():
        return []
    return [line for line in ackfile.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.slow
async def test_a_bot_killed_mid_burst_keeps_every_acknowledged_note_and_goes_on(
    tmp_path: Path,
) -> None:
    database = CURRENT.target(tmp_path / "crash.sqlite3")
    ackfile = tmp_path / "acknowledged.txt"
    worker = subprocess.Popen(  # noqa: ASYNC220 - the bot under test runs in that process
        [sys.executable, str(WORKER), database, str(ackfile)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PTB_TIMEDELTA": "1"},
    )
    try:
        wait_for(lambda: len(acknowledged(ackfile)) >= ACKNOWLEDGED_BEFORE_KILL, 120,
                 "acknowledgements")
    finally:
        worker.send_signal(signal.SIGKILL)
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL, errors
    promised = set(acknowledged(ackfile))
    assert len(promised) >= ACKNOWLEDGED_BEFORE_KILL

    world = World(offline_settings(tmp_path, database=str(database)))
    world.group("Werkstatt")  # the same Telegram group as before the crash
    await world.start()
    try:
        assert world.app is not None
        svc = world.app.bot_data["services"]
        async with svc.db.transaction() as tx:
            record = (await stored.all_open_rounds(tx))[0]
        state = json.loads(record.state_json)
        kept = {note["text"] for note in state["notes"]}
        assert promised - kept == set()
        await world.settle()
        reposted = [
            call for call in world.api.sent("sendMessage")
            if "Dritte Orte" in str(call.params.get("text"))
        ]
        assert reposted, "the live board was not shown again after the restart"
        jobs = world.app.job_queue.get_jobs_by_name(f"deadline:{record.id}")  # type: ignore[union-attr]
        assert len(jobs) == 1
        await jobs[0].run(world.app)
        await world.settle()
        async with svc.db.transaction() as tx:
            after = await stored.get_round(tx, record.id)
        assert after is not None and json.loads(after.state_json)["phase"] != "collecting"
    finally:
        await world.stop()

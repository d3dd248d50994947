"""The over-the-wire benchmark keeps working: a tiny run of both bots in both modes, every note
acknowledged exactly once (the harness raises otherwise); no timing is judged here."""

from __future__ import annotations

import math
from pathlib import Path

from bench import wire

SCENARIOS = {"warm-up": 10, "one board": 20, "many boards": 6, "burst": 8}


def test_a_tiny_run_acknowledges_every_note_once_in_both_modes(tmp_path: Path) -> None:
    sizes = wire.TINY
    assert sizes.people * sizes.notes_each == SCENARIOS["one board"]
    for mode in ("polling", "webhook"):
        [(bare, full)] = wire.paired(sizes, tmp_path, mode)
        assert {name: len(waits) for name, waits in bare.waits.items()} == SCENARIOS
        assert {name: len(waits) for name, waits in full.waits.items()} == {
            **SCENARIOS, "spread": SCENARIOS["one board"]}
        assert bare.notes == sum(SCENARIOS.values())
        assert full.notes == bare.notes + SCENARIOS["one board"]
        waits = [wait for run in (bare, full) for each in run.waits.values() for wait in each]
        assert all(math.isfinite(wait) and wait >= 0 for wait in waits)


def test_a_job_cancelled_as_the_bot_stops_is_no_error_but_any_other_error_is() -> None:
    stopping = (
        '2026-12-04 17:30:36,671 ERROR apscheduler.executors.default: Job "live:12" raised an'
        " exception\nTraceback (most recent call last):\n  File \"x.py\", line 1, in run\n"
        "asyncio.exceptions.CancelledError\n")
    failing = ("2026-12-04 17:30:37,002 ERROR bot.dispatch: update not handled\n"
               "Traceback (most recent call last):\nValueError: broken\n")
    warning = "2026-12-04 17:30:35,000 WARNING bot.live: live message not pinned\n"
    assert wire.logged_errors(warning + stopping) == []
    assert wire.logged_errors(warning + stopping + failing) == [failing]

"""A tiny run of ``bench.scale``: one and two webhook processes on PostgreSQL, 20 notes; every
note stored once on its board (``bench.scale`` fails the run otherwise). No timing is judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.scale import TINY, figures, measure, server_url
from tests.databases import require_server


@pytest.mark.slow
def test_one_and_two_processes_store_every_note_once(tmp_path: Path) -> None:
    require_server()
    results = measure(TINY, tmp_path, server_url())
    assert [(runs[0].backend, runs[0].processes, len(runs)) for runs in results] == [
        ("postgresql", 1, 1), ("postgresql", 2, 1)]
    assert {run.notes for runs in results for run in runs} == {20}
    assert [figure.key for figure in figures(results)] == ["scale_postgresql_1",
                                                           "scale_postgresql_2"]

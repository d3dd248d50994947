"""The benchmark keeps working: a tiny run in-process yields all six figures, judged by nobody.

Sizes are far below the quick run's so the suite stays fast; no figure is held
to its goal here (timing belongs to ``python -m bench``, not to tests).
"""

from __future__ import annotations

import math

from bench.report import Figure, table
from bench.run import MEASUREMENTS, Sizes, run

TINY = Sizes(
    throughput_people=6, throughput_notes_each=2, throughput_runs=2,
    latency_people=8, latency_notes_each=2,
    latency_spread=0.2,
    economy_people=5, economy_notes_each=2, economy_spread=0.2, economy_wait=8.0,
    draft_notes=120, draft_sessions=3, rounds=20,
)


def figure(figures: list[Figure], key: str, label_start: str) -> Figure:
    found = [f for f in figures if f.key == key and f.label.startswith(label_start)]
    exact = [f for f in found if f.label == label_start]
    found = exact or found
    assert len(found) == 1, f"no single figure {key} {label_start!r} in {figures}"
    return found[0]


def test_a_tiny_run_produces_all_six_figures_as_positive_numbers() -> None:
    figures = run(TINY, only=frozenset(MEASUREMENTS))

    main = [
        figure(figures, "1", "Throughput"),
        figure(figures, "2", "Latency p99"),
        figure(figures, "3", "Calls to the group"),
        figure(figures, "4", "Draft compile, Markdown"),
        figure(figures, "4", "Draft compile, DOCX"),
        figure(figures, "5", "Restart"),
        figure(figures, "6", "Peak memory"),
        figure(figures, "7", "Wall: the last note"),
    ]
    assert {f.key for f in main} == {"1", "2", "3", "4", "5", "6", "7"}
    assert all(math.isfinite(f.value) and f.value > 0 for f in main), main
    assert all(f.value >= 0 for f in figures)
    assert len(table(figures, judged=False).splitlines()) == len(figures) + 2

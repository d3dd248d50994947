"""The demo's council scene plays through all four rounds to an agreed, amended proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import demo
from bot.demo import run_demo


async def test_the_council_scene_ends_with_the_amended_proposal_agreed_and_one_objection_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "SCENES", (demo.council.demo_scene,))
    world = await run_demo(tmp_path / "demo.sqlite3", echo=False)
    transcript = "\n".join(world.transcript)
    scene = transcript.split("=== Entwicklungsbeirat: Gegensätze begründet austragen ===")[1]
    for heading in (
        "Runde 1: Interessen",
        "Runde 2: Perspektivwechsel",
        "Runde 3: Vorschläge",
        "Runde 4: Verständigung",
    ):
        assert f"=== {heading}" in scene
    assert "Vorschlag 1 hat eine neue Fassung (2)" in scene
    assert "Einvernehmliche Vorschläge: 1. Offene Einwände: 1." in scene
    result = scene.split("Bot → Gruppe: Der Entwicklungsbeirat ist beendet.")[1].split("Bot ✎")[0]
    assert "1. Gewerbehof am Kanal" in result and "→ einvernehmlich" in result
    assert "Offener Einwand zu Vorschlag 2 (Wirtschaft, Hanna)" in result
    assert "(Korrektur: Not only for residents" in scene
    assert "Dieser Knopf gilt nicht mehr" not in scene

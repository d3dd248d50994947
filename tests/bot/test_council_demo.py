"""The demo's council scene plays through all four rounds to an agreed, amended proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import demo
from bot.demo import run_demo
from locales import translator

T = translator("de")


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
    amended = T("council.amended", proposal=1, version=2, text="\0").partition("\0")[0]
    assert amended in scene
    closed = T("council.closed", agreed=1, objections=1)
    assert closed in scene
    result = scene.split(f"Bot → Gruppe: {closed}")[1].split("Bot ✎")[0]
    assert "1. Gewerbehof am Kanal" in result and T("council.live_agreed") in result
    objection = T("council.result_objection", proposal=2, group="Wirtschaft", member="Hanna",
                  reason="\0").partition("\0")[0]
    assert objection in result
    assert T("council.live_correction", text="Not only for residents").rstrip(")") in scene
    assert "because the district has no green space" in scene  # an English reason, no "weil"
    assert "– weil the district" not in scene
    assert T("core.stale_button") not in scene

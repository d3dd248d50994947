"""The demo plays a short podium with questions from the floor and a closing round."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import demo
from tests.bot.floor import t


async def test_the_demo_plays_a_podium_with_questions_and_a_closing_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(demo, "SCENES", (demo.floor.demo_scene,))
    played = await demo.run_demo(tmp_path / "demo.sqlite3", echo=False)
    lines = played.transcript
    assert f"  Bot (Hinweis): {t('questions.own_question', number=1)}" in lines
    result = next(line for line in lines if t("questions.closed", count=3) in line)
    ranking = result.splitlines()[2:]
    assert ranking[0].strip().startswith("4. Was passiert, wenn die Förderung ausläuft? – anonym")
    assert len(ranking) == 3  # the duplicate was merged into question 1
    assert any(t("closing.mean", mean="4,0", count=4) in line for line in lines)
    assert "Fatma: (taps) [→ 1. Wer trägt die laufenden Kosten?]" in lines

"""``werkstatt demo --web``: the wall is served on localhost while the scripted workshop plays."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx

from bot.demo import WallOptions, run_demo

ROOT = Path(__file__).parents[2]


async def test_the_demo_serves_each_sessions_wall_while_it_plays(tmp_path: Path) -> None:
    pages: list[tuple[int, str]] = []
    fetching: list[asyncio.Task[None]] = []

    async def fetch(link: str) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(link)
        pages.append((response.status_code, response.text))

    def show(link: str) -> None:
        fetching.append(asyncio.create_task(fetch(link)))

    await run_demo(tmp_path / "demo.sqlite3", echo=False, show=show,
                   wall=WallOptions(port=0, pace=0.01))
    await asyncio.gather(*fetching)
    assert [status for status, _ in pages] == [200, 200]
    assert "Werkstatt 2: Dritte Orte" in pages[0][1]
    assert "Werkstatt 3: Konflikte austragen" in pages[1][1]


def test_the_command_prints_the_walls_addresses(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--web", "--pace", "0", "--quiet",
         "--database", str(tmp_path / "demo.sqlite3")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "1", "WERKSTATT_WEB_PORT": "0"},
    )
    assert result.returncode == 0, result.stderr
    links = [line for line in result.stdout.splitlines() if line.startswith("Live-Wand: ")]
    assert len(links) == 2
    assert all(line.startswith("Live-Wand: http://127.0.0.1:") for line in links)

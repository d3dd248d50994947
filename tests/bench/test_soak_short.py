"""The short soak: a few minutes of a conference in six sessions lose nothing acknowledged."""

from __future__ import annotations

from bench.soak import soak


async def test_a_short_conference_loses_nothing_it_acknowledged() -> None:
    result = await soak(minutes=3, people=60, share=0.2)
    assert result["sessions"] == 6
    assert result["acknowledged"] > 20
    assert result["lost"] == 0
    assert result["rss_end_mb"] > 0

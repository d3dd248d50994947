"""The Bot API connection lets only a pool's worth of requests in at once, in order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.request import HTTPXRequest

from bot.request import BoundedRequest


async def test_a_burst_of_calls_goes_out_a_few_at_a_time_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inside: list[int] = []
    started: list[str] = []
    most = 0

    async def slow(self: HTTPXRequest, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        nonlocal most
        started.append(url)
        inside.append(1)
        most = max(most, len(inside))
        await asyncio.sleep(0.01)
        inside.pop()
        return 200, b'{"ok": true, "result": true}'

    monkeypatch.setattr(HTTPXRequest, "do_request", slow)
    request = BoundedRequest(3)
    urls = [f"https://api.example/bot/setMessageReaction?{n}" for n in range(20)]
    answers = await asyncio.gather(*(request.do_request(url, "POST") for url in urls))

    assert answers == [(200, b'{"ok": true, "result": true}')] * 20
    assert most == 3 and started == urls
    await request.shutdown()

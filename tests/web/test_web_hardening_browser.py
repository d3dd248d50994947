"""The Mini App in a real browser when its person read too often: the page says so in their
words (the 429's text), never that there were no sessions."""

from __future__ import annotations

import httpx2 as httpx
from playwright.async_api import expect

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.helpers import SessionRoom
from tests.web.test_miniapp import init_data
from tests.web.test_miniapp_browser import in_telegram
from tests.web.test_wall_browser import pytestmark
from web.limits import Pace

__all__ = ["pytestmark"]  # skipped, saying why, only where Chromium is truly absent
t = translator("de")


async def test_the_app_says_to_slow_down_when_its_reads_are_refused(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _, companion, room, _ = served
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    companion.side.miniapp.reads = Pace(1)
    async with httpx.AsyncClient(base_url=companion.base) as client:
        answer = await client.post("/app/session", json={"initData": init_data(room.fatma)})
        token = answer.json()["token"]
        read = await client.get("/app/api/sessions", headers={"authorization": f"Bearer {token}"})
        assert read.status_code == 200  # Fatma's one read this minute
    async with in_telegram(room.fatma.id) as page:
        await page.goto(f"{companion.base}/app")
        await expect(page.locator(".message")).to_have_text(t("join.too_fast"))

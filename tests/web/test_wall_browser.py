"""The wall in a real browser: Debian's Chromium, driven by Playwright, against the running bot.

A note posted in the group through the offline Bot API shows on the wall within
a second; the page runs under its Content-Security-Policy without a violation.
The screenshot it takes is the README's picture of the wall (``docs/wall.png``).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.helpers import SessionRoom
from tests.web.helpers import join_token, live_message, people

CHROMIUM = Path("/usr/bin/chromium")
t = translator("de")
SCREENSHOT = Path(__file__).parents[2] / "docs" / "wall.png"
NOTES = (
    (1, "Die Stadtbibliothek mit Lesecafé"), (1, "Der Marktplatz am Samstag"),
    (1, "Das Jugendzentrum"), (1, "Der Sportverein"), (1, "Die Kirchengemeinde"),
    (2, "Ältere Menschen ohne Auto"), (2, "Jugendliche nach 20 Uhr"),
    (2, "Menschen, die neu zugezogen sind"), (3, "Öffnungszeiten am Abend"),
    (3, "Ein Budget, über das die Nachbarschaft entscheidet"), (3, "Kostenloses WLAN"),
)
OPEN = ("/pinboard 20m Dritte Orte in unserer Kommune\nWas sind Dritte Orte?\n"
        "Wer fehlt dort bisher?\nWas brauchen sie?")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),  # CI installs it: there it must run
    reason="Debian's Chromium is not installed here (apt-get install -y chromium; .ci/run "
           "installs it)",
)


async def wall_page(browser: Browser, base: str, token: str) -> Page:
    """The wall on a projector's screen, its event stream connected."""
    page = await browser.new_page(viewport={"width": 1920, "height": 1080})
    await page.goto(f"{base}/wall/{token}")
    await expect(page.locator("main[data-live]")).to_have_count(1, timeout=5000)
    return page


async def test_a_note_posted_in_the_group_shows_on_the_wall_within_a_second(
    served: tuple[World, WebCompanion, SessionRoom, str], tmp_path: Path,
) -> None:
    _, companion, room, token = served
    writers = await people(room, "Anna", "Ben", "Cem")
    await room.say(room.fatma, OPEN)
    for index, (question, text) in enumerate(NOTES):
        await room.say(writers[index % 3], f"/note {question} {text}")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=["--no-sandbox"])
        try:
            page = await browser.new_page(viewport={"width": 1920, "height": 1080})
            problems: list[str] = []
            page.on("console", lambda message: problems.append(message.text)
                    if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            await page.goto(f"{companion.base}/wall/{token}")
            await expect(page.locator("main[data-live]")).to_have_count(1, timeout=5000)
            note = "Ein Raum ohne Konsumzwang"
            await expect(page.get_by_text(note)).to_have_count(0)
            started = asyncio.get_running_loop().time()
            await room.say(writers[0], f"/note 3 {note}", settle=False)
            await expect(page.get_by_text(note)).to_be_visible(timeout=1000)
            assert asyncio.get_running_loop().time() - started < 1.0
            await page.wait_for_timeout(1100)  # the clock has ticked once: "19:59", not "…"
            await expect(page.locator("[data-deadline]")).to_have_text(re.compile(r"^1?\d:\d\d$"))
            await room.say(room.fatma, "/cluster")
            await room.say(room.fatma, "/cluster Treffpunkte im Alltag: 2 4 5")
            await expect(page.locator(".cluster h3")).to_contain_text("Treffpunkte im Alltag")
            await page.screenshot(path=str(tmp_path / "wall.png"))
            assert problems == []
        finally:
            await browser.close()
    shutil.copyfile(tmp_path / "wall.png", SCREENSHOT)


async def test_a_person_without_telegram_takes_part_in_the_browser_and_the_wall_shows_it(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, token = served
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?")
    joining = join_token(world, room.fatma.id)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=["--no-sandbox"])
        try:
            projector = await wall_page(browser, companion.base, token)
            phone = await (await browser.new_context(
                viewport={"width": 390, "height": 844}, has_touch=True)).new_page()
            await phone.goto(f"{companion.base}/join/{joining}")  # what the wall's QR code opens
            await phone.fill("#name", "Ada")
            await phone.select_option("#sector", "research")
            await phone.click("form.join button")
            await phone.select_option("#question", "2")
            await phone.fill("#text", "Menschen ohne Smartphone")
            await phone.click("form.note button")
            await expect(phone.get_by_role("status")).to_have_text(t("join.noted"))
            await expect(projector.get_by_text("Menschen ohne Smartphone")).to_be_visible(
                timeout=1000)
            await room.say(room.fatma, "/vote 1")
            await phone.goto(f"{companion.base}/join/{joining}")
            await phone.click("ul.options button")
            await expect(phone.get_by_role("status")).to_have_text(t("join.voted"))
            await expect(phone.get_by_text(t("join.dots_left", count=0))).to_be_visible()
        finally:
            await browser.close()
    await world.settle()
    live = await live_message(room)  # the group's vote lists her note, like anyone's
    assert "Menschen ohne Smartphone" in live["text"]

"""The Mini App in a real browser, on a phone with touch: a facilitator groups three notes,
two by tapping and "move", one by dragging its handle with a finger; the group's live board
and the draft show the group. Telegram is stood in for by ``window.Telegram.WebApp`` carrying
init data signed with the test's bot token (Telegram's own script is not fetched)."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2 as httpx
from playwright.async_api import Page, Route, async_playwright, expect

from bot.app import OFFLINE_TOKEN
from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.helpers import SessionRoom
from tests.bot.test_documentation import documents, draft_markdown
from tests.web.helpers import live_message, people
from tests.web.test_wall_browser import CHROMIUM, pytestmark
from web.miniapp import TEXTS, sign_init_data

__all__ = ["pytestmark"]  # skipped, saying why, only where Chromium is truly absent
t = translator("de")
texts = {key: t(key) for key in TEXTS}
LAUNCHES = itertools.count()
"""Each launch's init data differs (Telegram's do; the server takes each only once)."""
NOTES = ("Die Stadtbibliothek", "Das Café am Markt", "Der Park", "Jugendliche")


async def touch_drag(page: Page, source: str, target: str) -> None:
    """A finger on ``source``, moved in steps onto ``target``, lifted (real touch events)."""
    start = await page.locator(source).bounding_box()
    end = await page.locator(target).bounding_box()
    assert start is not None and end is not None
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchStart",
                                                "touchPoints": [{"x": x0, "y": y0}]})
    for step in range(1, 11):
        x, y = x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10
        await cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                    "touchPoints": [{"x": x, "y": y}]})
    await cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


async def test_a_facilitator_groups_three_notes_by_tap_and_by_drag_in_the_mini_app(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, _ = served
    anna, = await people(room, "Anna")
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?")
    for number, text in enumerate(NOTES, start=1):
        await room.say(anna, f"/note {1 if number < 4 else 2} {text}")
    await room.say(room.fatma, "/cluster")
    async with in_telegram(room.fatma.id) as page:
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        await page.goto(f"{companion.base}/app")
        await expect(page.locator(".card")).to_have_count(4)
        # Tap and move: two notes into a new group.
        await page.get_by_text(NOTES[0]).tap()
        await page.get_by_text(NOTES[1]).tap()
        await page.select_option("#target", "new")
        await page.fill("#name", "Treffpunkte")
        await page.locator("#move").tap()
        await expect(page.locator(".zone.group .card")).to_have_count(2)
        # Drag: the third note's handle onto that group, with a finger.
        await touch_drag(page, ".card[data-note='3'] .handle", ".zone.group")
        await expect(page.locator(".zone.group .card")).to_have_count(3)
        await expect(page.locator(".zone.group")).to_contain_text(NOTES[2])
        assert problems == []
    await world.settle()
    live = await live_message(room)
    assert "Treffpunkte" in live["text"] and all(text[:12] in live["text"] for text in NOTES[:3])
    await room.say(room.fatma, "/endsession")
    markdown = draft_markdown(documents(world, room.fatma))
    assert "Treffpunkte" in markdown


async def abort(route: Route) -> None:
    await route.abort()


@asynccontextmanager
async def in_telegram(user_id: int, start_param: str = "") -> AsyncIterator[Page]:
    """A phone with touch on which Telegram opened the Mini App for ``user_id`` (from a link
    with ``startapp=start_param``, if given): a stand-in ``window.Telegram.WebApp`` with init
    data signed with the bot's token (Telegram's own script is not fetched)."""
    fields = {"auth_date": str(int(time.time())), "query_id": f"AAE{user_id}-{next(LAUNCHES)}",
              "user": json.dumps({"id": user_id, "first_name": "Fatma"})}
    if start_param:
        fields["start_param"] = start_param
    stand_in = ("window.Telegram = {WebApp: {initData: "
                + json.dumps(sign_init_data(fields, OFFLINE_TOKEN))
                + ", initDataUnsafe: " + json.dumps({"start_param": start_param} if start_param
                                                    else {})
                + ", ready: function () {}, expand: function () {}}};")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=["--no-sandbox"])
        try:
            phone = await browser.new_context(viewport={"width": 390, "height": 844},
                                              has_touch=True, is_mobile=True)
            await phone.route("https://telegram.org/**", abort)
            await phone.add_init_script(stand_in)
            yield await phone.new_page()
        finally:
            await browser.close()


async def test_a_suggested_group_is_accepted_with_one_tap(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _, companion, room, _ = served
    anna, = await people(room, "Anna")
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    for text in ("Begegnung im Park", "Begegnung im Café", "Parkplätze"):
        await room.say(anna, f"/note 1 {text}")
    await room.say(room.fatma, "/cluster")
    async with in_telegram(room.fatma.id) as page:
        await page.goto(f"{companion.base}/app")
        await page.locator(".suggestion").tap()
        await expect(page.locator(".zone.group h3")).to_have_text("Begegnung")
        await expect(page.locator(".zone.group .card")).to_have_count(2)
        await expect(page.locator(".suggestion")).to_have_count(0)


async def test_a_participant_writes_and_votes_in_the_app_and_it_counts_with_the_groups_button(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _, companion, room, token = served
    anna, ben = await people(room, "Anna", "Ben")
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?")
    async with in_telegram(anna.id) as page:
        await page.goto(f"{companion.base}/app")
        await page.select_option(".question-choice", "2")
        await page.fill(".note-text", "Menschen ohne Auto")
        await page.locator(".send-note").tap()
        await expect(page.locator(".message.done")).to_be_visible()
        await room.say(room.fatma, "/cluster")
        await room.say(room.fatma, "/vote 1")
        await page.locator(".reload").tap()
        await expect(page.locator(".zone.option")).to_contain_text("Menschen ohne Auto")
        await page.locator(".zone.option .dot").tap()
        await expect(page.locator(".dots-left")).to_have_text(
            texts["app.dots_left"].replace("{count}", "0"))
    await ben.press(await live_message(room), "Menschen ohne Auto")
    await room.say(room.fatma, "/close")
    async with httpx.AsyncClient(base_url=companion.base) as client:
        wall = (await client.get(f"/wall/{token}")).text
    assert "Menschen ohne Auto" in wall and t("wall.dots", count=2) in wall


async def test_a_link_from_the_live_message_opens_the_app_on_its_session(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    """Ben was never seen in the group, so the app lists no session of his, and opened from
    the live message's link (``start_param``) it says why it shows nothing; once he took part
    in the group, the link (or the private chat's button, ``?startapp=``) shows that session."""
    world, companion, room, _ = served
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    ben = world.person("Ben", "de", "ben")
    async with in_telegram(ben.id) as page:
        await page.goto(f"{companion.base}/app")
        await expect(page.locator(".message")).to_have_text(t("app.no_sessions"))
    async with in_telegram(ben.id, "s1") as page:
        await page.goto(f"{companion.base}/app")
        await expect(page.locator(".message")).to_have_text(t("not_allowed.read"))
        await expect(page.locator(".question-choice")).to_have_count(0)
    await room.say(ben, "Hallo!")
    async with in_telegram(ben.id, "s1") as page:
        await page.goto(f"{companion.base}/app")
        await expect(page.locator("h1")).to_have_text("Werkstatt 2")
        await expect(page.locator(".question-choice")).to_be_visible()
        await expect(page.locator("#moderation")).to_have_count(0)  # he takes part, not steers
    async with in_telegram(ben.id) as page:
        await page.goto(f"{companion.base}/app?startapp=s1")
        await expect(page.locator("h1")).to_have_text("Werkstatt 2")

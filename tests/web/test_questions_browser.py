"""Questions from the floor in a real browser (Debian's Chromium through Playwright): a guest
without Telegram upvotes a question and asks one on the page, a participant upvotes in the
Mini App, another by the button in the group; the votes count together in the stored round,
on the wall and in the open app (live, over the session's event stream) and in the draft's
ranking."""

from __future__ import annotations

import re

import httpx2 as httpx
from playwright.async_api import async_playwright, expect

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.floor import Floor
from tests.bot.helpers import SessionRoom
from tests.bot.test_documentation import documents, draft_markdown
from tests.web.helpers import join_token, live_message, people
from tests.web.test_miniapp_browser import in_telegram
from tests.web.test_wall_browser import CHROMIUM, pytestmark, wall_page

__all__ = ["pytestmark"]  # skipped, saying why, only where Chromium is truly absent
t = translator("de")
RENT = "Wer zahlt die Miete?"


async def test_a_guests_vote_on_the_page_an_app_vote_and_a_button_vote_count_together(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, token = served
    anna, ben, cem = await people(room, "Anna", "Ben", "Cem")
    here = Floor(world, room, {"Anna": anna, "Ben": ben, "Cem": cem})
    await room.say(room.fatma, "/questions Podium: Dritte Orte")
    await room.fatma.press(here.private(room.fatma), t("questions.anonymity_no"))
    await room.say(anna, f"/ask {RENT}")
    await room.say(ben, "/ask Wie lange dauert der Umbau?")
    joining = join_token(world, room.fatma.id)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=["--no-sandbox"])
        try:
            projector = await wall_page(browser, companion.base, token)
            on_wall = projector.locator(".asked-question", has_text=RENT).locator(".votes")
            await expect(on_wall).to_have_text(t("wall.votes", count=0))
            phone = await (await browser.new_context(
                viewport={"width": 390, "height": 844}, has_touch=True)).new_page()
            problems: list[str] = []
            phone.on("pageerror", lambda error: problems.append(str(error)))
            await phone.goto(f"{companion.base}/join/{joining}")
            await phone.fill("#name", "Ada")
            await phone.click("form.join button")
            rent = phone.locator("li.asked-question", has_text=RENT)
            await expect(rent).to_contain_text("– Anna")
            await rent.get_by_role("button", name=t("questions.button_vote", number=1)).click()
            await expect(phone.get_by_role("status")).to_have_text(t("questions_web.upvoted"))
            await expect(on_wall).to_have_text(t("wall.votes", count=1))  # live, no reload
            await expect(rent.get_by_role("button")).to_have_text(
                t("questions.button_unvote", number=1))
            await phone.fill("#text", "Gibt es <b>Förderung</b>?")
            await phone.click("form.ask button")
            await expect(phone.get_by_role("status")).to_have_text(t("questions_web.asked"))
            mine = phone.locator("li.asked-question", has_text="Gibt es <b>Förderung</b>?")
            await expect(mine).to_contain_text(t("questions_web.yours"))
            await ben.press(await live_message(room), "👍 1")
            await expect(on_wall).to_have_text(t("wall.votes", count=2))
            assert problems == []
        finally:
            await browser.close()
    async with in_telegram(cem.id) as app:
        problems = []
        app.on("pageerror", lambda error: problems.append(str(error)))
        await app.goto(f"{companion.base}/app")
        rent = app.locator(".asked-question", has_text=RENT)
        await expect(rent.locator(".votes")).to_have_text(t("wall.votes", count=2))
        await rent.locator(".upvote").tap()
        await expect(rent.locator(".votes")).to_have_text(t("wall.votes", count=3))
        await expect(rent.locator(".upvote")).to_have_text(t("questions.button_unvote", number=1))
        assert await app.locator(".asked-question").count() == 3
        # A vote by button in the group shows in the open app at once (its event stream).
        await app.fill(".question-text", "Halb getippt")
        umbau = app.locator(".asked-question", has_text="Wie lange dauert der Umbau?")
        await expect(umbau.locator(".votes")).to_have_text(t("wall.votes", count=0))
        await anna.press(await live_message(room), "👍 2")
        await expect(umbau.locator(".votes")).to_have_text(t("wall.votes", count=1))
        await expect(app.locator(".question-text")).to_have_value("Halb getippt")
        assert problems == []
    state = await here.questions()
    ada = next(voter for voter in state.questions[0].voters if voter < 0)  # a guest's id
    assert set(state.questions[0].voters) == {ada, ben.id, cem.id}
    assert state.questions[1].voters == (anna.id,)
    assert state.questions[2].author == ada and state.questions[2].text.startswith("Gibt es")
    await world.settle()
    assert f"1. {RENT} – Anna · 👍 3" in (await live_message(room))["text"]
    async with httpx.AsyncClient(base_url=companion.base) as client:
        wall = (await client.get(f"/wall/{token}")).text
    assert RENT in wall and t("wall.votes", count=3) in wall
    await room.say(room.fatma, "/close")
    await room.say(room.fatma, "/endsession")
    markdown = draft_markdown(documents(world, room.fatma))
    assert re.search(rf"\| 1 \| {re.escape(RENT)} \| 3 \|", markdown), markdown

"""The Moderationspult in the Mini App in a real browser (Debian's Chromium, a phone with touch):
the facilitator gives more time from a picker, starts the vote and closes the round with a
tap; the group's live message and the stored round follow. A new pinboard is set up and
opened from the app, and its live message appears in the group. Ending the session asks
first."""

from __future__ import annotations

from playwright.async_api import expect

from bot.simulate import World
from bot.webside import WebCompanion
from flows.pinboard import Phase, PinboardState
from flows.pinboard.model import MAX_QUESTIONS
from locales import translator
from storage import rounds as stored
from storage.records import RoundRecord
from tests.bot.helpers import SessionRoom
from tests.web.helpers import live_message, people
from tests.web.test_miniapp_browser import in_telegram
from tests.web.test_wall_browser import pytestmark

__all__ = ["pytestmark"]  # skipped, saying why, only where Chromium is truly absent
t = translator("de")


async def the_round(world: World) -> RoundRecord:
    assert world.app is not None
    async with world.app.bot_data["services"].db.read() as tx:
        record = await stored.last_round(tx, 1, "pinboard")
    assert record is not None
    return record


async def test_a_facilitator_starts_the_vote_and_closes_the_round_from_the_mini_app(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, _ = served
    anna, = await people(room, "Anna")
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    await room.say(anna, "/note 1 Die Stadtbibliothek")
    async with in_telegram(room.fatma.id) as page:
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        await page.goto(f"{companion.base}/app")
        desk = page.locator("#moderation")
        await expect(desk.locator("summary")).to_have_text(t("app.moderation"))
        await expect(desk).to_contain_text(t("panel.round_pinboard", title="Dritte Orte"))
        # More time from the picker: ten minutes.
        await desk.locator(".picker[data-code='ext'] select").select_option(
            label=t("panel.extend", minutes=10))
        await desk.locator(".picker[data-code='ext'] .panel-go").tap()
        await expect(desk).to_contain_text(t("panel.minutes_left", count=10))
        # Start the vote: the app shows the vote, the group's live message too.
        await desk.locator(".panel-move[data-code='vot']").tap()
        await expect(page.locator(".zone.option")).to_contain_text("Die Stadtbibliothek")
        await expect(desk.locator(".panel-move[data-code='tal']")).to_be_visible()
        await world.settle()
        assert t("pinboard.vote_howto") in (await live_message(room))["text"]
        assert (await the_round(world)).state(PinboardState).phase == Phase.VOTING
        # Close the round.
        await desk.locator(".panel-move[data-code='end']").tap()
        await expect(desk).to_contain_text(t("panel.no_round"))
        assert not (await the_round(world)).is_open
        assert problems == []


async def test_ending_the_session_in_the_mini_app_asks_once_more(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, _ = served
    await room.say(room.fatma, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    async with in_telegram(room.fatma.id) as page:
        await page.goto(f"{companion.base}/app")
        desk = page.locator("#moderation")
        await desk.locator(".end-session").tap()
        await expect(desk.locator(".end-confirm")).to_contain_text(
            t("panel.end_confirm", session="Werkstatt 2"))
        await desk.locator(".end-no").tap()  # not yet
        await expect(desk.locator(".end-confirm")).to_have_count(0)
        assert (await the_round(world)).is_open
        await desk.locator(".end-session").tap()
        await desk.locator(".end-yes").tap()
        await expect(page.locator(".message")).to_have_text(
            t("documentation.session_ended", title="Werkstatt 2"))
    assert not (await the_round(world)).is_open
    assert [call for call in world.api.sent("sendDocument", room.fatma.id) if call.status == 200]


async def test_a_facilitator_opens_a_pinboard_from_the_mini_app_and_the_group_sees_it(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, _ = served
    async with in_telegram(room.fatma.id) as page:
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        await page.goto(f"{companion.base}/app")
        desk = page.locator("#moderation")
        await expect(desk).to_contain_text(t("panel.no_round"))
        await desk.locator(".new-round[data-kind='pinboard']").tap()
        form = desk.locator("form.setup[data-kind='pinboard']")
        await expect(form.locator("h3")).to_have_text(t("panel.new_pinboard"))
        await form.locator(".setup-title").fill("Dritte Orte")
        await form.locator(".setup-duration").select_option(label=t("panel.minutes", minutes=10))
        await form.locator(".setup-open").tap()  # no guiding question yet: refused, kept
        await expect(form.locator(".setup-error")).to_contain_text(
            t("pinboard.no_questions", max=MAX_QUESTIONS))
        assert await form.locator(".setup-title").input_value() == "Dritte Orte"
        assert await rounds_of(world) == []
        await form.locator(".setup-lines").fill("Was sind Dritte Orte?\nWer fehlt?")
        await form.locator(".setup-open").tap()
        await expect(desk).to_contain_text(t("panel.round_pinboard", title="Dritte Orte"))
        await expect(desk).to_contain_text(t("panel.minutes_left", count=10))
        await expect(page.locator(".question-choice option")).to_have_count(2)
        await world.settle()
        live = await live_message(room)
        assert "Was sind Dritte Orte?" in live["text"] and "Wer fehlt?" in live["text"]
        assert (await the_round(world)).is_open
        assert problems == []


async def rounds_of(world: World) -> list[RoundRecord]:
    assert world.app is not None
    async with world.app.bot_data["services"].db.read() as tx:
        return await stored.rounds_of_session(tx, 1)

"""Building blocks for the end-to-end tests of the organizer's kit."""

from __future__ import annotations

from typing import Any

from bot.offline import Call
from bot.simulate import SimPerson, World
from locales import translator
from storage import people, surveys
from storage.surveys import SurveyRecord

t = translator("de")


def services(world: World) -> Any:
    assert world.app is not None
    return world.app.bot_data["services"]


def last_to(world: World, person: SimPerson, method: str = "sendMessage") -> Call:
    return world.api.sent(method, person.id)[-1]


def message_with(world: World, person: SimPerson, text: str) -> dict[str, Any]:
    """The latest message the bot sent the person privately whose text contains ``text``."""
    calls = [c for c in world.api.sent("sendMessage", person.id)
             if text in str(c.params.get("text", ""))]
    assert calls, f"no message with {text!r}"
    return world.last_bot_message(calls[-1])


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def urls(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["url"] for row in markup.get("inline_keyboard", []) for b in row if "url" in b]


def alert(world: World) -> str:
    """The text of the last answer to a button press (a refusal shows as an alert)."""
    return str(world.api.sent("answerCallbackQuery")[-1].params.get("text", ""))


async def survey_of(world: World, code: str) -> SurveyRecord:
    svc = services(world)
    async with svc.db.transaction() as tx:
        event = await people.event_by_code(tx, code)
        assert event is not None
        found = await surveys.survey_of(tx, event.id)
    assert found is not None
    return found


async def open_survey(world: World, organizer: SimPerson, topics: str, picks: int) -> None:
    """``/survey``, the topics, and how many each may pick (a button)."""
    await organizer.say(None, "/survey")
    await organizer.say(None, topics)
    await organizer.press(last_to(world, organizer), str(picks))

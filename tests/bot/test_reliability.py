"""Telegram's failures and a flooding person: the bot keeps running and loses nothing."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from telegram.error import NetworkError

from bot.offline import OfflineBotAPI
from bot.simulate import World
from locales import translator
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.test_pinboard import board_state, opened
from tests.conftest import offline_settings


async def test_a_timeout_is_retried_and_the_answer_still_arrives(world: World) -> None:
    assert world.app is not None
    world.app.bot.rate_limiter.backoff = 0.01
    anna = world.person("Anna", "de")
    world.api.fail_next("sendMessage", network="timeout")
    world.api.fail_next("sendMessage", network="connection reset")
    await anna.say(None, "/start")
    attempts = world.api.sent("sendMessage", anna.id)
    assert len(attempts) == 3
    assert world.api.texts(anna.id)[-1].startswith("Hallo Anna!")
    assert world.app.bot.rate_limiter.network_retries == 2


async def test_a_file_telegram_refuses_as_too_large_is_not_sent_again(world: World) -> None:
    assert world.app is not None
    world.app.bot.rate_limiter.backoff = 0.01
    anna = world.person("Anna", "de")
    await anna.say(None, "/start")
    world.api.fail_next("sendDocument", 413, "Request Entity Too Large")
    with pytest.raises(NetworkError, match="Too Large"):
        await world.app.bot.send_document(anna.id, b"draft", filename="draft.md")
    assert len(world.api.sent("sendDocument", anna.id)) == 1
    assert world.app.bot.rate_limiter.network_retries == 0


async def test_a_429_is_waited_out_and_retried(world: World) -> None:
    anna = world.person("Anna", "de")
    world.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await anna.say(None, "/start")
    assert [call.status for call in world.api.sent("sendMessage", anna.id)] == [429, 200]


async def test_a_bad_request_is_not_retried_and_the_person_gets_an_apology(world: World) -> None:
    anna = world.person("Anna", "en")
    world.api.fail_next("sendMessage", 400, "Bad Request: something odd")
    await anna.say(None, "/start")
    calls = world.api.sent("sendMessage", anna.id)
    assert [call.status for call in calls] == [400, 200]
    assert calls[-1].params["text"].startswith("Sorry, something went wrong")


async def test_one_person_flooding_is_slowed_politely_and_others_are_not(tmp_path: Path) -> None:
    world = World(offline_settings(tmp_path, flood_limit=5), api=OfflineBotAPI())
    await world.start()
    try:
        spammer = world.person("Sam", "en")
        calm = world.person("Clara", "de")
        for _ in range(12):
            await spammer.say(None, "/help", settle=False)
        await calm.say(None, "/help")
        spam_texts = world.api.texts(spammer.id)
        assert len([t for t in spam_texts if t.startswith("What you can do")]) == 5
        slowed = translator("en")("core.flood_slowed", limit="5")
        assert len([t for t in spam_texts if t == slowed]) == 1
        t = translator("de")
        assert world.api.texts(calm.id)[-1].startswith(
            t("help.title", role=t("role.participant")))
    finally:
        await world.stop()


async def test_an_update_delivered_again_is_handled_once(world: World) -> None:
    olga = world.person("Olga", "de")
    await olga.say(None, "/newevent")
    await olga.say(None, "Konferenz")
    payload = {
        "update_id": 987654,
        "message": {
            "message_id": 99, "date": 1, "text": "5. Mai",
            "chat": {"id": olga.id, "type": "private", "first_name": "Olga"},
            "from": olga.as_dict(),
        },
    }
    await world.deliver_again(payload)
    await world.deliver_again(payload)
    texts = world.api.texts(olga.id)
    assert texts.count(translator("de")("core.newevent_place")) == 1


async def test_logs_contain_no_message_texts_unless_debugging(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    here = await opened(world)
    anna = world.person("Anna", "de")
    secret = "Geheimer Gedanke 4711"
    world.api.fail_next("setMessageReaction", 400, "Bad Request: reactions are off")
    await here.say(anna, f"/note 1 {secret}")
    world.api.fail_next("sendMessage", 400, "Bad Request: odd")
    await here.say(anna, f"/note 9 {secret}")
    assert caplog.records, "nothing was logged at all"
    assert secret not in caplog.text


async def test_a_live_message_longer_than_telegram_allows_is_shortened_not_lost(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik")
    live = next(
        world.last_bot_message(call) for call in reversed(world.api.sent("sendMessage"))
        if "Verwaltung" in str(call.params.get("reply_markup"))
    )
    for number in range(60):
        member = world.person(f"Mitglied mit langem Namen {number}", "de")
        await member.press(live, "Verwaltung" if number % 2 else "Politik")
        await member.say(shop.group, f"/interest Interesse Nummer {number} weil es zählt",
                         settle=False)
    await world.settle()
    edits = world.api.sent("editMessageText")
    assert edits and all(call.status == 200 for call in edits)
    longest = max(len(str(call.params["text"])) for call in edits)
    assert 3000 < longest <= 4096
    assert world.api.sent("editMessageText")[-1].params["text"].endswith("…")


async def test_a_running_timer_renders_the_live_message_again_when_the_minutes_change(
    world: World,
) -> None:
    here = await opened(world)  # a board with ten minutes
    assert world.app is not None
    live = world.app.bot_data["services"].live
    assert live.jobs.pending("live:1")
    job = next(j for j in world.app.job_queue.jobs() if j.name == "live:1")  # type: ignore[union-attr]
    state = await board_state(world)
    assert state.deadline is not None and job.next_t is not None
    seconds_left = (state.deadline - job.next_t).total_seconds()
    assert seconds_left % 60 < 1 or seconds_left % 60 > 59  # due when a minute has passed
    await here.say(here.fatma, "/close")
    await world.settle()
    assert not live.jobs.pending("live:1")


async def test_a_note_shows_on_the_live_message_without_waiting_for_the_minute_tick(
    world: World,
) -> None:
    """The minute tick of a running timer is the round's pending render; a note must move it
    forward (a real ``werkstatt run`` showed notes and the vote's buttons only a minute late)."""
    here = await opened(world)  # ten minutes: the next minute tick is pending
    assert world.app is not None
    live = world.app.bot_data["services"].live
    assert live.jobs.pending("live:1")
    edits = len(world.api.sent("editMessageText", here.chat.id))
    await here.say(here.fatma, "/note 1 Bibliothek", settle=False)
    await world.app.update_queue.join()
    await world.app.bot_data["services"].quiet()
    for _ in range(100):  # the JobQueue on its own, no flush: live_interval is 0 here
        if len(world.api.sent("editMessageText", here.chat.id)) > edits:
            break
        await asyncio.sleep(0.02)
    shown = world.api.sent("editMessageText", here.chat.id)[edits:]
    assert shown and "1. Was sind Dritte Orte? – 1 Notiz" in str(shown[-1].params["text"])
    assert live.jobs.pending("live:1")  # and the minute tick is armed again


async def test_a_refusal_after_the_press_was_answered_still_reaches_the_person(
    world: World,
) -> None:
    olga = world.person("Olga", "de")
    await olga.say(None, "/profile")
    shown = world.api.sent("sendMessage", olga.id)[-1]
    world.api.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old")
    await olga.press_data(world.last_bot_message(shown), "plang|de|AAAAAAAA")
    assert world.api.texts(olga.id)[-1] == translator("de")("core.stale_button")

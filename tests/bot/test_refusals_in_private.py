"""Refusals and usage hints go to the person, not to the group.

Privately when the person opened the private chat; otherwise (Telegram answers
403) as a reply in the group that the bot deletes after 30 seconds. Nothing
that people wrote is deleted.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import sharing
from bot.messaging import PASSING_SECONDS
from bot.services import Services
from bot.simulate import World
from tests.bot.test_pinboard import opened

REFUSED = "Das dürfen nur die Moderation"


async def test_a_refusal_goes_privately_to_whoever_opened_the_private_chat(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/start")
    group_before = len(world.api.texts(here.chat.id))
    await here.say(anna, "/cluster")
    assert world.api.texts(anna.id)[-1].startswith(REFUSED)
    assert len(world.api.texts(here.chat.id)) == group_before


async def test_without_a_private_chat_the_refusal_is_a_reply_that_goes_after_30_seconds(
    world: World,
) -> None:
    here = await opened(world)
    bernd = world.person("Bernd", "de", "bernd")
    asked = await here.say(bernd, "/cluster")
    reply = world.api.sent("sendMessage", here.chat.id)[-1]
    assert str(reply.params["text"]).startswith(REFUSED)
    assert reply.params["reply_parameters"]["message_id"] == asked["message_id"]
    shown = reply.result["message_id"]
    assert world.app is not None and world.app.job_queue is not None
    (job,) = world.app.job_queue.get_jobs_by_name(f"passing:{here.chat.id}:{shown}")
    assert job.next_t is not None
    assert PASSING_SECONDS - 5 < (job.next_t - datetime.now(UTC)).total_seconds() <= 30
    job.schedule_removal()
    await job.run(world.app)
    deleted = [int(c.params["message_id"]) for c in world.api.sent("deleteMessage", here.chat.id)]
    assert deleted == [shown]
    assert (here.chat.id, asked["message_id"]) in world.api.messages


async def test_a_sticker_on_the_board_is_answered_privately_not_in_the_group(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/start")
    live = world.last_bot_message(world.api.sent("sendMessage", here.chat.id)[-1])
    group_before = len(world.api.texts(here.chat.id))
    sticker = {"file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}
    await anna.send(here.chat, {"sticker": sticker, "reply_to_message": live})
    assert "Text" in world.api.texts(anna.id)[-1]
    assert len(world.api.texts(here.chat.id)) == group_before


async def test_a_restart_within_the_30_seconds_still_deletes_the_reply(world: World) -> None:
    here = await opened(world)
    bernd = world.person("Bernd", "de", "bernd")
    asked = await here.say(bernd, "/cluster")
    shown = world.api.sent("sendMessage", here.chat.id)[-1].result["message_id"]
    name = f"passing:{here.chat.id}:{shown}"
    await world.restart()
    assert world.app is not None and world.app.job_queue is not None
    (job,) = world.app.job_queue.get_jobs_by_name(name)  # armed again at start-up
    assert job.next_t is not None
    assert (job.next_t - datetime.now(UTC)).total_seconds() <= PASSING_SECONDS
    job.schedule_removal()
    await job.run(world.app)
    deleted = [int(c.params["message_id"]) for c in world.api.sent("deleteMessage", here.chat.id)]
    assert deleted == [shown]
    assert (here.chat.id, asked["message_id"]) in world.api.messages
    await world.restart()
    assert world.app.job_queue.get_jobs_by_name(name) == ()  # deleted once: nothing kept


async def test_a_reply_armed_by_several_processes_is_deleted_by_one(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every process on a shared database arms the passing replies again at start-up; the one
    that takes the reply's lease deletes it, the others leave it (``bot.sharing``)."""
    monkeypatch.setattr(Services, "shared", property(lambda svc: svc.db))
    here = await opened(world)
    bernd = world.person("Bernd", "de", "bernd")
    await here.say(bernd, "/cluster")
    shown = world.api.sent("sendMessage", here.chat.id)[-1].result["message_id"]
    assert world.app is not None and world.app.job_queue is not None
    name = f"passing:{here.chat.id}:{shown}"
    (job,) = world.app.job_queue.get_jobs_by_name(name)
    job.schedule_removal()
    # Another process is deleting it right now: this one looks again when that one's time is up.
    monkeypatch.setattr(sharing, "HOLDER", "another process")
    svc = world.app.bot_data["services"]
    assert await sharing.take_timer(svc.shared, f"timer:{name}") == 0.0
    monkeypatch.setattr(sharing, "HOLDER", "this process")
    await job.run(world.app)
    assert world.api.sent("deleteMessage", here.chat.id) == []
    (again,) = world.app.job_queue.get_jobs_by_name(name)
    assert again.next_t is not None
    assert (again.next_t - datetime.now(UTC)).total_seconds() > sharing.TIMER_HOLD - 5
    again.schedule_removal()
    # That one died before deleting it: this one deletes it once its time ran out, and no
    # process deletes it again.
    async with svc.db.transaction() as tx:
        await tx.execute("UPDATE leases SET until = ? WHERE name = ?",
                         ("2000-01-01T00:00:00+00:00", f"timer:{name}"))
    await again.run(world.app)
    await job.run(world.app)  # as armed in a third process
    deleted = [int(c.params["message_id"]) for c in world.api.sent("deleteMessage", here.chat.id)]
    assert deleted == [shown]

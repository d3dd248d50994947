"""A group's live message leads into the Mini App on its session: straight to the app
registered at BotFather, else through the private chat, whose answer holds the app's
button; without a public HTTPS address there is no such button."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.simulate import World
from locales import translator
from storage import rounds as stored
from tests.bot.helpers import SessionRoom
from tests.conftest import offline_settings
from tests.web.helpers import live_message, wall_room

t = translator("de")
OPEN = "/pinboard Dritte Orte\nWas sind Dritte Orte?"
PUBLIC = "https://werkstatt.example.org"


async def started(tmp_path: Path, **settings: object) -> World:
    world = World(offline_settings(tmp_path, **settings))
    await world.start()
    return world


@pytest.fixture
async def public(tmp_path: Path) -> AsyncIterator[World]:
    world = await started(tmp_path, public_url=PUBLIC)
    yield world
    await world.stop()


def keyboard(markup: Any) -> list[list[dict[str, Any]]]:
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return list(markup["inline_keyboard"])


async def live_row(room: SessionRoom) -> tuple[int, list[dict[str, Any]]]:
    """A pinboard opened in the session: its session's id and the live message's last row of
    buttons (the one with "Steuern")."""
    await room.say(room.fatma, OPEN)
    await room.world.settle()
    assert room.world.app is not None
    async with room.world.app.bot_data["services"].db.transaction() as tx:
        [record] = await stored.all_open_rounds(tx)
    return record.session_id, keyboard((await live_message(room))["reply_markup"])[-1]


def bot_name(world: World) -> str:
    assert world.app is not None
    return str(world.app.bot_data["services"].bot_username)


async def test_with_the_mini_app_registered_the_live_message_opens_it_on_the_session(
    tmp_path: Path,
) -> None:
    world = await started(tmp_path, public_url=PUBLIC, miniapp_name="werkstatt")
    try:
        room = await wall_room(world)
        session_id, (steer, app) = await live_row(room)
        assert steer["text"] == t("panel.steer_button")
        assert app == {"text": t("app.live_button"),
                       "url": f"https://t.me/{bot_name(world)}/werkstatt?startapp=s{session_id}"}
    finally:
        await world.stop()


async def test_without_it_the_live_message_leads_through_the_private_chat(public: World) -> None:
    room = await wall_room(public)
    session_id, (_, app) = await live_row(room)
    payload = f"app_s{session_id}"
    assert app == {"text": t("app.live_button"),
                   "url": f"https://t.me/{bot_name(public)}?start={payload}"}
    await room.fatma.say(None, f"/start {payload}")
    answer = public.api.sent("sendMessage", room.fatma.id)[-1].params
    assert answer["text"] == t("app.for_session", title="Werkstatt 2")
    assert keyboard(answer["reply_markup"]) == [[{
        "text": t("app.live_button"),
        "web_app": {"url": f"{PUBLIC}/app?startapp=s{session_id}"}}]]


async def test_a_link_to_no_running_session_opens_nothing(public: World) -> None:
    room = await wall_room(public)
    for payload in ("app_s999", "app_x"):
        await room.fatma.say(None, f"/start {payload}")
        assert public.api.texts(room.fatma.id)[-1] == t("app.session_gone")


async def test_without_a_public_address_there_is_no_button_into_the_app(world: World) -> None:
    room = await wall_room(world)
    session_id, [steer] = await live_row(room)
    assert steer["text"] == t("panel.steer_button")
    await room.fatma.say(None, f"/start app_s{session_id}")
    assert world.api.texts(room.fatma.id)[-1] == t("app.unavailable")

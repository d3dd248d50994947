"""``/wall`` in a session: the link and its QR code go privately to the facilitator, never to
the group; ``/wall new`` revokes the link; participants are refused."""

from __future__ import annotations

import json
from pathlib import Path

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.conftest import offline_settings
from tests.web.helpers import links_sent, wall_room, walls

t = translator("de")


async def test_the_facilitator_gets_the_link_and_its_qr_code_privately(world: World) -> None:
    room = await wall_room(world)
    await room.say(room.fatma, "/wall")
    [(url, token)] = links_sent(world, room.fatma.id)
    assert url == f"http://127.0.0.1:8080/wall/{token}"
    photo = world.api.sent("sendPhoto", room.fatma.id)[-1]
    assert next(iter(photo.files.values())).startswith(b"\x89PNG")
    assert t("wall.local_only", url="http://127.0.0.1:8080") in world.api.texts(room.fatma.id)
    assert all(token not in text for text in room.texts())
    assert world.api.sent("setMessageReaction", room.chat.id)
    assert await walls(world).snapshot(token) is not None


async def test_asking_again_gives_the_same_link_and_new_revokes_it(world: World) -> None:
    room = await wall_room(world)
    await room.say(room.fatma, "/wall")
    await room.say(room.fatma, "/wall")
    await room.say(room.fatma, "/wall new")
    (_, first), (_, again), (_, renewed) = links_sent(world, room.fatma.id)
    assert first == again != renewed
    assert await walls(world).snapshot(first) is None
    assert await walls(world).snapshot(renewed) is not None
    caption = str(world.api.sent("sendPhoto", room.fatma.id)[-1].params["caption"])
    assert caption.startswith(t("wall.renewed"))


async def test_a_participant_is_refused_and_gets_no_link(world: World) -> None:
    room = await wall_room(world)
    anna = world.person("Anna", "de", "anna")
    await room.say(anna, "Hallo!")
    await anna.say(None, "/start")
    await room.say(anna, "/wall")
    assert world.api.sent("sendPhoto") == []
    assert world.api.texts(anna.id)[-1] == t("not_allowed.steer")


async def test_without_the_private_chat_the_group_is_asked_to_open_it_without_the_link(
    world: World,
) -> None:
    room = await wall_room(world, started=False)
    await room.say(room.fatma, "/wall")
    assert [call.status for call in world.api.sent("sendPhoto")] == [403]
    assert room.last_text() == t("core.private_blocked")
    assert all("/wall/" not in text for text in room.texts())


async def test_with_a_public_url_the_link_uses_it_and_the_mini_app_is_offered(
    tmp_path: Path,
) -> None:
    settings = offline_settings(tmp_path, public_url="https://werkstatt.example.org/")
    world = World(settings)
    await world.start()
    try:
        room = await wall_room(world)
        await room.say(room.fatma, "/wall")
        [(url, token)] = links_sent(world, room.fatma.id)
        assert url == f"https://werkstatt.example.org/wall/{token}"
        hint = t("wall.local_only", url="https://werkstatt.example.org")
        assert hint not in world.api.texts(room.fatma.id)
        markup = world.api.sent("sendPhoto", room.fatma.id)[-1].params["reply_markup"]
        markup = json.loads(markup) if isinstance(markup, str) else markup
        [[button]] = markup["inline_keyboard"]
        assert button == {"text": t("app.open_button"),
                          "web_app": {"url": "https://werkstatt.example.org/app"}}
        assert world.app is not None
        await WebCompanion(settings).offer_app(world.app)
        [call] = world.api.sent("setChatMenuButton")
        menu = call.params["menu_button"]
        menu = json.loads(menu) if isinstance(menu, str) else menu
        assert menu == {"type": "web_app", "text": t("app.menu_button"),
                        "web_app": {"url": "https://werkstatt.example.org/app"}}
    finally:
        await world.stop()


async def test_without_https_there_is_no_mini_app_button(world: World) -> None:
    room = await wall_room(world)
    await room.say(room.fatma, "/wall")
    assert "reply_markup" not in world.api.sent("sendPhoto", room.fatma.id)[-1].params
    assert world.app is not None
    await WebCompanion(world.settings).offer_app(world.app)
    assert world.api.sent("setChatMenuButton") == []


async def test_the_groups_join_link_is_kept_for_the_wall(world: World) -> None:
    room = await wall_room(world)
    world.api.chats[room.chat.id]["invite_link"] = "https://t.me/+werkstatt2"
    await room.say(room.fatma, "/wall")
    [(_, token)] = links_sent(world, room.fatma.id)
    snapshot = await walls(world).snapshot(token)
    assert snapshot is not None and snapshot.join_url == "https://t.me/+werkstatt2"

"""Menus per person: a role holder's own menu in the session chat and privately, gone with it."""

from __future__ import annotations

from typing import Any

from bot.menus import MEMBERS, PANEL, ROLE_MENUS
from bot.simulate import World
from flows.roles import Role
from tests.bot.helpers import appoint_facilitator, workshop


def member(chat_id: int, user_id: int) -> dict[str, Any]:
    return {"type": "chat_member", "chat_id": chat_id, "user_id": user_id}


def private(user_id: int) -> dict[str, Any]:
    return {"type": "chat", "chat_id": user_id}


async def test_a_facilitator_who_is_no_administrator_gets_the_steering_menu_in_each_language(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    scope = member(shop.group.id, fatma.id)
    for language in ("de", "en", None):
        shown = world.api.menu(scope, language)
        assert shown == list(ROLE_MENUS[Role.FACILITATOR])
        assert {"cluster", "vote", "seat", "next", "round", "hide"} <= set(shown)
        assert set(MEMBERS) <= set(shown)  # the scope replaces the members' list: union
        assert "session" not in shown
    german, english = world.api.described(scope, "de"), world.api.described(scope, "en")
    assert german["pinboard"] != english["pinboard"]
    assert world.api.menu(private(fatma.id), "de")[:4] == ["panel", "start", "newevent", "events"]
    assert {"panel", "events", "export", "help"} <= set(world.api.menu(private(fatma.id)))
    assert world.api.menu(private(fatma.id), "en") == list(PANEL)


async def test_a_note_taker_gets_the_recording_commands_and_no_steering(world: World) -> None:
    shop = await workshop(world)
    nora = world.person("Nora", "en", "nora")
    hello = await nora.say(shop.group, "Hi")
    await shop.organizer.say(shop.group, "/notetaker", reply_to=hello)
    shown = world.api.menu(member(shop.group.id, nora.id), "en")
    assert {"point", "speaks", "quote", "note", "help"} <= set(shown)
    assert "pinboard" not in shown and "close" not in shown


async def test_the_organizer_gets_the_whole_menu_where_the_session_is_linked(world: World) -> None:
    shop = await workshop(world)
    shown = world.api.menu(member(shop.group.id, shop.organizer.id), "de")
    assert shown == list(ROLE_MENUS[Role.ORGANIZER])
    assert {"session", "facilitator", "notetaker", "endsession", "pinboard", "note"} <= set(shown)


async def test_the_menus_go_when_the_event_and_with_it_the_roles_end(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    assert world.api.menu(member(shop.group.id, fatma.id), "de")
    await shop.organizer.say(None, "/events")
    await shop.organizer.press(world.api.sent("sendMessage", shop.organizer.id)[-1], "löschen")
    await shop.organizer.press(world.api.sent("sendMessage", shop.organizer.id)[-1], "endgültig")
    for language in ("de", "en", None):
        assert world.api.menu(member(shop.group.id, fatma.id), language) == []
        assert world.api.menu(member(shop.group.id, shop.organizer.id), language) == []
        assert world.api.menu(private(fatma.id), language) == []
    assert world.api.menu({"type": "all_group_chats"}, "de") == list(MEMBERS)

"""Menus per person: a role holder's own menu in the session chat and privately, gone with it."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

from bot.menus import ADMINS, MEMBERS, PANEL, ROLE_MENUS
from bot.moves import COMMANDS, EVERYONE, OPENING, ORGANIZING, RECORDING, menu
from bot.simulate import World
from flows import roles
from flows.roles import Role
from service.panel import MACHINES
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
        assert "facilitator" not in shown and "notetaker" not in shown  # the organizers' own
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
    for language in ("de", "en", None):
        shown = world.api.menu(member(shop.group.id, nora.id), language)
        assert shown == list(ROLE_MENUS[Role.NOTETAKER])
        assert {"point", "speaks", "quote", "photo", "note", "help"} <= set(shown)
        assert "pinboard" not in shown and "close" not in shown
    assert world.api.described(member(shop.group.id, nora.id), "en")["point"] != (
        world.api.described(member(shop.group.id, nora.id), "de")["point"])


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


async def test_forgetme_takes_the_persons_menus_with_their_roles(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    for language in ("de", "en", None):
        assert world.api.menu(member(shop.group.id, fatma.id), language)
        assert world.api.menu(private(fatma.id), language)
    await fatma.say(None, "/forgetme")
    await fatma.press(world.api.sent("sendMessage", fatma.id)[-1], "anonym")
    for language in ("de", "en", None):
        assert world.api.menu(member(shop.group.id, fatma.id), language) == []
        assert world.api.menu(private(fatma.id), language) == []
    assert world.api.menu(member(shop.group.id, shop.organizer.id), "de"), "others keep theirs"


def test_a_roles_menu_is_exactly_the_commands_of_the_moves_it_may_send() -> None:
    sent_by = [*ORGANIZING, *RECORDING, *(pair for kind in COMMANDS for pair in COMMANDS[kind]),
               *((MACHINES[kind].opening.event, command) for kind, command in OPENING.items())]
    for role in Role:
        allowed = {command for event_type, command in sent_by if roles.may(role, event_type)}
        assert set(menu(role)) == allowed | set(EVERYONE), role
    assert "seat" in menu(Role.FACILITATOR)  # /seat fest: FixSeat, as much as SeatPerson
    assert "point" in menu(Role.PARTICIPANT)  # the speaker's own key point
    assert "cluster" not in menu(Role.NOTETAKER)
    assert menu(Role.PARTICIPANT) == MEMBERS and menu(Role.ORGANIZER) == ADMINS


def group_commands(world: World) -> set[str]:
    """Every command the running Application answers when it is sent in a group."""
    app = world.app
    assert app is not None
    found: set[str] = set()
    for handlers in app.handlers.values():
        for handler in handlers:
            if not isinstance(handler, CommandHandler):
                continue
            for command in handler.commands:
                message = {"message_id": 1, "date": 0, "text": f"/{command}",
                           "chat": {"id": -100, "type": "supergroup", "title": "Werkstatt"},
                           "from": {"id": 5, "is_bot": False, "first_name": "Anna"},
                           "entities": [{"type": "bot_command", "offset": 0,
                                         "length": len(command) + 1}]}
                update = Update.de_json({"update_id": 1, "message": message}, app.bot)
                if handler.check_update(update):
                    found.add(command)
    return found


async def test_the_whole_menu_is_every_command_a_session_chat_answers(world: World) -> None:
    answered = group_commands(world)
    assert answered - set(ROLE_MENUS[Role.ORGANIZER]) == {"start"}  # /start <code> links a chat
    assert set(ROLE_MENUS[Role.ORGANIZER]) <= answered

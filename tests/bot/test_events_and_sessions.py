"""Organizers create events and link groups and forum topics as sessions."""

from __future__ import annotations

from bot.simulate import World


async def create_event(world: World, organizer_name: str = "Olga") -> tuple[object, str]:
    organizer = world.person(organizer_name, "de", username=organizer_name.lower())
    await organizer.say(None, "/newevent")
    await organizer.say(None, "Kommunalkonferenz")
    await organizer.say(None, "5.–6. Mai 2023")
    await organizer.say(None, "Kassel")
    created = world.api.texts(organizer.id)[-1]
    code = created.split("Code: ")[1].split()[0]
    return organizer, code


async def test_start_greets_in_the_persons_language(world: World) -> None:
    anna = world.person("Anna", "de")
    john = world.person("John", "en")
    pierre = world.person("Pierre", "fr")
    for person in (anna, john, pierre):
        await person.say(None, "/start")
    assert world.api.texts(anna.id)[-1].startswith("Hallo Anna!")
    assert world.api.texts(john.id)[-1].startswith("Hello John!")
    assert world.api.texts(pierre.id)[-1].startswith("Hallo Pierre!")


async def test_newevent_asks_step_by_step_and_answers_with_code_and_group_link(
    world: World,
) -> None:
    organizer, code = await create_event(world)
    last = world.api.sent("sendMessage", organizer.id)[-1]
    button = last.params["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"].endswith(f"?startgroup={code}")
    await organizer.say(None, "/events")
    assert f"Code {code}" in world.api.texts(organizer.id)[-1]

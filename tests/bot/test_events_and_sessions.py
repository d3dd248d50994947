"""Organizers create events and link groups and forum topics as sessions."""

from __future__ import annotations

from bot.simulate import World
from locales import translator
from storage import documentation as docs
from tests.bot.helpers import create_event, workshop


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
    organizer = world.person("Olga", "de")
    code = await create_event(world, organizer)
    texts = world.api.texts(organizer.id)
    t = translator("de")
    assert texts[-4].startswith(t("core.newevent_title"))
    assert texts[-3].startswith(t("core.newevent_dates"))
    assert texts[-2].startswith(t("core.newevent_place"))
    last = world.api.sent("sendMessage", organizer.id)[-1]
    button = last.params["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == f"https://t.me/werkstatt_demo_bot?startgroup={code}"
    await organizer.say(None, "/events")
    assert f"Code {code}" in world.api.texts(organizer.id)[-1]
    assert "Kassel" in world.api.texts(organizer.id)[-1]


async def test_cancel_button_ends_newevent_and_nothing_is_created(world: World) -> None:
    organizer = world.person("Olga", "en")
    await organizer.say(None, "/newevent")
    await organizer.say(None, "Half an event")
    await organizer.press(world.api.sent("sendMessage", organizer.id)[-1], "Cancel")
    assert world.api.texts(organizer.id)[-1] == "Cancelled. Nothing was saved."
    await organizer.say(None, "Kassel")
    assert "not waiting for an answer" in world.api.texts(organizer.id)[-1]
    await organizer.say(None, "/events")
    assert "do not organize any event yet" in world.api.texts(organizer.id)[-1]


async def test_adding_the_bot_through_the_startgroup_link_makes_the_group_a_session(
    world: World,
) -> None:
    shop = await workshop(world)
    assert "ist jetzt die Sitzung „Werkstatt 2“" in world.api.texts(shop.group.id)[-1]
    bernd = world.person("Bernd", "de")
    await bernd.say(shop.group, "/session")
    info = world.api.texts(shop.group.id)[-1]
    assert "Sitzung „Werkstatt 2“" in info
    assert "Kommunalkonferenz (5.–6. Mai 2023, Kassel)" in info


async def test_a_forum_topic_becomes_its_own_session_and_the_bot_answers_in_that_topic(
    world: World,
) -> None:
    shop = await workshop(world, forum=True)
    topic = shop.group.topic  # type: ignore[attr-defined]
    linked = world.api.sent("sendMessage", shop.group.id)[-1]
    assert linked.params["message_thread_id"] == topic
    assert linked.result["message_thread_id"] == topic
    other_topic = world.topic(shop.group, "Werkstatt 3", shop.organizer)
    await shop.organizer.say(shop.group, f"/session {shop.code} Werkstatt 3", thread=other_topic)
    bernd = world.person("Bernd", "de")
    await bernd.say(shop.group, "/session", thread=other_topic)
    last = world.api.sent("sendMessage", shop.group.id)[-1]
    assert last.params["message_thread_id"] == other_topic
    assert "Sitzung „Werkstatt 3“" in last.params["text"]


async def test_session_with_an_unknown_code_is_refused_kindly(world: World) -> None:
    olga = world.person("Olga", "de")
    group = world.group("Irgendwo")
    await olga.say(group, "/session XXXXXX Titel")
    assert world.api.texts(group.id)[-1] == translator("de")("core.unknown_code", code="XXXXXX")


async def test_only_an_organizer_links_a_chat_to_the_event(world: World) -> None:
    shop = await workshop(world)
    stranger = world.person("Sven", "en")
    other = world.group("Other group")
    await stranger.say(other, f"/session {shop.code} Hijacked")
    assert world.api.texts(other.id)[-1] == "Only the organizers of this event can do that."
    await stranger.say(other, "/session")
    assert "not a session yet" in world.api.texts(other.id)[-1]


async def test_facilitators_set_the_sessions_question_impulse_and_moderation(
    world: World,
) -> None:
    shop = await workshop(world)
    await shop.organizer.say(shop.group, "/session frage Was sind Dritte Orte?")
    await shop.organizer.say(shop.group, "/session impuls Nora Braun, Stadt Kassel")
    await shop.organizer.say(shop.group, "/session frage")
    assert world.api.texts(shop.organizer.id)[-1].startswith(
        translator("de")("core.session_text_missing", word="x").split(",")[0])
    bernd = world.person("Bernd", "de")
    await bernd.say(shop.group, "/session moderation Bernd")
    assert world.api.texts(shop.group.id)[-1].startswith(translator("de")("not_allowed.steer"))
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        texts = await docs.session_texts(tx, 1)
    assert (texts.question, texts.impulse, texts.moderation) == (
        "Was sind Dritte Orte?", "Nora Braun, Stadt Kassel", None
    )

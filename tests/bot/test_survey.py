"""The topic survey before the event, end to end: the organizer's questions, the link and its QR
code, the private ballot with its limit, the close, the ranking and the sessions it plans."""

from __future__ import annotations

import pytest

from bot.drafting import load_draft
from bot.simulate import World
from drafts import build_document, render_markdown
from flows import survey as sv
from storage import people
from tests.bot.helpers import create_event
from tests.bot.kit import (
    alert,
    labels,
    last_to,
    message_with,
    open_survey,
    services,
    survey_of,
    t,
    urls,
)
from tests.qr import decoded

TOPICS = "Dialog und Zusammenwirken\nDritte Orte\nTeilhabe\nKlimawandel"


async def surveyed(world: World, picks: int = 2) -> tuple[str, str]:
    """Olga's event with an open survey of four topics; its code and the survey's link."""
    olga = world.person("Olga", username="olga")
    code = await create_event(world, olga)
    await open_survey(world, olga, TOPICS, picks)
    link = services(world).deep_link(f"survey_{code}")
    world.olga = olga  # type: ignore[attr-defined]
    return code, link


async def test_an_organizer_opens_a_survey_and_gets_its_link_and_a_qr_code_that_reads_back(
    world: World,
) -> None:
    olga = world.person("Olga", username="olga")
    code = await create_event(world, olga)
    await olga.say(None, "/survey")
    assert t("kit.ask_topics", title="Kommunalkonferenz", max=sv.MAX_TOPICS) in world.api.texts(
        olga.id)[-1]
    await olga.say(None, TOPICS)
    asked = last_to(world, olga)
    assert asked.params["text"] == t("kit.ask_picks", count=4, max=3)
    await olga.press(asked, "2")
    link = services(world).deep_link(f"survey_{code}")
    assert t("kit.survey_link", title="Kommunalkonferenz", link=link) in world.api.texts(olga.id)
    photo = last_to(world, olga, "sendPhoto")
    assert decoded(next(iter(photo.files.values()))) == [link]
    found = await survey_of(world, code)
    assert (found.state.topics, found.state.picks) == (tuple(TOPICS.splitlines()), 2)


async def test_the_number_of_picks_may_be_typed_and_a_wrong_one_is_refused(world: World) -> None:
    olga = world.person("Olga")
    code = await create_event(world, olga)
    await olga.say(None, "/survey")
    await olga.say(None, TOPICS)
    await olga.say(None, "4")
    assert world.api.texts(olga.id)[-1] == t("survey.picks_range", max=3)
    await olga.say(None, "3")
    assert (await survey_of(world, code)).state.picks == 3


async def test_people_pick_with_buttons_and_a_pick_beyond_the_limit_is_refused(
    world: World,
) -> None:
    code, link = await surveyed(world)
    anna = world.person("Anna")
    await anna.say(None, f"/start survey_{code}")
    ballot = message_with(world, anna, t("kit.ballot_title", title="Kommunalkonferenz"))
    assert labels(ballot)[:2] == ["☐ 1. Dialog und Zusammenwirken", "☐ 2. Dritte Orte"]
    await anna.press(ballot, "2. Dritte Orte")
    await anna.press(ballot, "3. Teilhabe")
    now = world.api.message(ballot["chat"]["id"], ballot["message_id"])  # edited in place
    assert labels(now)[1:3] == ["☑ 2. Dritte Orte", "☑ 3. Teilhabe"]
    assert t("kit.ballot_mine", count=2, picks=2) in now["text"]
    await anna.press(now, "4. Klimawandel")
    assert alert(world) == t("survey.too_many", max=2)
    assert sv.picks_of((await survey_of(world, code)).state, anna.id) == (2, 3)
    signer = services(world).signer
    found = await survey_of(world, code)
    forged = signer.pack(anna.id, "svp", found.id, 9, 1)
    await anna.press_data(now, forged)
    assert alert(world) == t("survey.unknown_topic")
    assert link.endswith(f"survey_{code}")


async def test_an_answer_changes_until_the_close_and_a_press_after_it_is_refused(
    world: World,
) -> None:
    code, _ = await surveyed(world)
    anna = world.person("Anna")
    await anna.say(None, f"/start survey_{code}")
    ballot = message_with(world, anna, t("kit.ballot_title", title="Kommunalkonferenz"))
    await anna.press(ballot, "1. Dialog")
    await anna.press(ballot, "☑ 1. Dialog")
    await anna.press(ballot, "4. Klimawandel")
    assert sv.picks_of((await survey_of(world, code)).state, anna.id) == (4,)
    olga = world.olga  # type: ignore[attr-defined]
    status = message_with(world, olga, t("kit.status_open", title="Kommunalkonferenz"))
    await olga.press(status, t("kit.close_button"))
    await anna.press(ballot, "2. Dritte Orte")
    assert alert(world) == t("survey.closed")
    assert sv.picks_of((await survey_of(world, code)).state, anna.id) == (4,)
    await anna.say(None, f"/start survey_{code}")
    assert t("kit.ballot_closed", count=1) in world.api.texts(anna.id)[-1]


async def test_the_ranking_turns_into_sessions_that_wait_for_a_group_and_find_it(
    world: World,
) -> None:
    code, _ = await surveyed(world)
    for name, picks in (("Anna", ("2.", "3.")), ("Bernd", ("2.",)), ("Cem", ("3.", "4."))):
        person = world.person(name)
        await person.say(None, f"/start survey_{code}")
        ballot = message_with(world, person, t("kit.ballot_title", title="Kommunalkonferenz"))
        for pick in picks:
            await person.press(ballot, pick)
    olga = world.olga  # type: ignore[attr-defined]
    await olga.say(None, "/survey")
    status = world.last_bot_message(last_to(world, olga))
    assert t("kit.respondents", count=3, picks=2) in status["text"]
    assert t("kit.ranking_line", votes=2, topic="Dritte Orte") in status["text"]
    await olga.press(status, t("kit.close_button"))
    closed = world.last_bot_message(last_to(world, olga))
    await olga.press(closed, t("kit.plan_button", count=2))
    planned = world.last_bot_message(last_to(world, olga))
    assert t("kit.planned_waiting", title="Dritte Orte") in planned["text"]
    links = urls(planned)
    assert len(links) == 2 and all(f"startgroup={code}_" in link for link in links)
    group = world.group("Gruppe A")
    await olga.say(group, "/start " + links[0].split("startgroup=")[1])
    forum = world.group("Forum", forum=True)
    topic = world.topic(forum, "Raum 2", olga)
    await olga.say(forum, "/session " + links[1].split("startgroup=")[1], thread=topic)
    async with services(world).db.transaction() as tx:
        event = await people.event_by_code(tx, code)
        assert event is not None
        titles = [s.title for s in await people.sessions_of(tx, event.id)]
    assert titles == ["Dritte Orte", "Teilhabe"]
    await olga.say(None, "/survey")
    await olga.press(last_to(world, olga), t("kit.groups_button"))
    shown = world.last_bot_message(last_to(world, olga))
    assert t("kit.planned_linked", title="Dritte Orte") in shown["text"]
    assert urls(shown) == []


async def test_the_event_draft_has_the_survey_chapter(world: World) -> None:
    code, _ = await surveyed(world)
    anna = world.person("Anna")
    await anna.say(None, f"/start survey_{code}")
    await anna.press(message_with(world, anna, t("kit.ballot_title", title="Kommunalkonferenz")),
                     "2.")
    async with services(world).db.transaction() as tx:
        event = await people.event_by_code(tx, code)
        assert event is not None
        draft = await load_draft(tx, event)
    text = render_markdown(build_document(draft, charts=False))
    assert t("kit.draft_survey") in text
    assert "Dritte Orte" in text


@pytest.mark.parametrize("who", ["stranger", "participant"])
async def test_only_organizers_see_close_or_plan_a_survey(world: World, who: str) -> None:
    code, _ = await surveyed(world)
    anna = world.person("Anna")
    if who == "participant":
        await anna.say(None, f"/start survey_{code}")
    await anna.say(None, "/survey")
    assert world.api.texts(anna.id)[-1] == t("kit.no_events")
    found = await survey_of(world, code)
    some = world.last_bot_message(last_to(world, anna))
    await anna.press_data(some, services(world).signer.pack(anna.id, "svclose", found.id))
    assert alert(world) == t("not_allowed.organize")
    assert (await survey_of(world, code)).state.phase is sv.Phase.OPEN

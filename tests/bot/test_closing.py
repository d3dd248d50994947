"""The closing round (Blitzlicht) end to end: answers by reply or privately, consent, the rating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.offline import BOT_ID
from bot.simulate import World
from tests.bot.budget import budget, count_new
from tests.bot.floor import Floor, floor, t
from tests.bot.test_documentation import documents, draft_markdown
from tests.conftest import offline_settings
from tests.databases import run_sql

LIVE = "💬"


async def opened(world: World, *, forum: bool = False, rating: bool = True,
                 command: str = "/closing", private: bool = True) -> Floor:
    """A closing round, opened by Fatma's private choice about the rating."""
    here = await floor(world, forum=forum, private=private)
    await here.say(here.fatma, command)
    answer = "closing.rating_yes" if rating else "closing.rating_no"
    await here.fatma.press(here.private(here.fatma), t(answer))
    return here


def live_text(here: Floor) -> str:
    return str(here.live(LIVE)["text"])


async def consent(here: Floor, name: str, answer: str) -> None:
    """The person answers the quote question the bot asked them last."""
    person = here[name]
    asked = [c for c in here.world.api.sent("sendMessage", person.id)
             if c.params.get("reply_markup") and t("documentation.quote_named") in str(
                 c.params["reply_markup"])]
    await person.press(asked[-1], t(f"documentation.quote_{answer}"))


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_the_closing_round_asks_the_default_question_with_a_rating_and_opens_quietly(
    world: World, forum: bool,
) -> None:
    here = await floor(world, forum=forum)
    world.api.chat_admins[here.chat_id].add(BOT_ID)
    with budget(world.api, here.chat_id, 2, "opening a closing round") as spent:
        await here.say(here.fatma, "/closing")
        choice = here.private(here.fatma)
        assert choice.params["text"] == t("closing.ask_rating",
                                          question=t("closing.default_question"))
        await here.fatma.press(choice, t("closing.rating_yes"))
    assert spent.spent == 2  # the live message and the notice of its pin
    text = live_text(here)
    assert t("closing.the_question", question=t("closing.default_question")) in text
    assert here.labels(here.live(LIVE))[:5] == ["1", "2", "3", "4", "5"]
    state = await here.closing()
    assert (state.questions, state.rating) == ((t("closing.default_question"),), True)


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_an_answer_by_reply_is_taken_and_its_author_asked_privately_about_quoting_it(
    world: World, forum: bool,
) -> None:
    here = await opened(world, forum=forum)
    for name in ("Anna", "Bernd"):
        await here[name].say(None, "/start")
    before = count_new(world.api, here.chat_id)
    await here.say(here["Anna"], "Viele neue Kontakte", reply_to=here.live(LIVE))
    await here.say(here["Bernd"], "Mut zur Lücke", reply_to=here.live(LIVE))
    assert count_new(world.api, here.chat_id) == before  # reactions and edits only
    assert t("closing.answers", count=2) in live_text(here)
    asked = world.api.texts(here["Anna"].id)[-1]
    assert "Viele neue Kontakte" in asked
    await consent(here, "Anna", "named")
    await consent(here, "Bernd", "declined")
    await here.say(here.fatma, "/endsession")
    draft = draft_markdown(documents(world, here.fatma))
    section = draft[draft.index(t("closing.draft_title")):]
    assert "Viele neue Kontakte" in section and "Mut zur Lücke" not in draft
    assert draft.count("Viele neue Kontakte") == 1  # not again under the session's quotes


async def test_with_two_questions_a_reply_says_which_one_it_answers(world: World) -> None:
    here = await opened(world, command="/closing Was nehme ich mit?\nWas wünsche ich mir?")
    assert "1. Was nehme ich mit?\n2. Was wünsche ich mir?" in live_text(here)
    await here.say(here["Anna"], "Mehr Pausen", reply_to=here.live(LIVE))
    assert world.api.texts(here["Anna"].id)[-1] == t("closing.which_question")
    await here.say(here["Anna"], "2 Mehr Pausen", reply_to=here.live(LIVE))
    await here.say(here["Bernd"], "1. Neue Ideen", reply_to=here.live(LIVE))
    state = await here.closing()
    assert [(a.question, a.text) for a in state.answers] == [(2, "Mehr Pausen"), (1, "Neue Ideen")]


async def test_a_rating_is_one_a_person_changes_with_another_tap_and_a_forged_value_is_refused(
    world: World,
) -> None:
    here = await opened(world)
    await here["Anna"].press(here.live(LIVE), "4")
    assert here.answers()[-1] == t("closing.rated", value=4)
    await here["Anna"].press(here.live(LIVE), "2")
    await here["Bernd"].press(here.live(LIVE), "5")
    state = await here.closing()
    assert sorted((r.person, r.value) for r in state.ratings) == [
        (here["Anna"].id, 2), (here["Bernd"].id, 5)]
    assert t("closing.ratings", count=2) in live_text(here)
    svc = world.app.bot_data["services"]  # type: ignore[union-attr]
    signed = svc.signer.pack(here.chat_id, "clr", 1, 7)  # a value the bot never offers
    await here["Chiara"].press_data(here.live(LIVE), signed)
    assert here.answers()[-1] == t("closing.bad_rating", low=1, high=5)
    await here["Chiara"].press_data(here.live(LIVE), "clr|1|0|made-up")
    assert here.answers()[-1] == t("core.stale_button")
    assert len((await here.closing()).ratings) == 2


async def test_a_round_without_rating_has_no_rating_buttons_and_refuses_a_signed_one(
    world: World,
) -> None:
    here = await opened(world, rating=False)
    assert not any(label in ("1", "5") for label in here.labels(here.live(LIVE)))
    svc = world.app.bot_data["services"]  # type: ignore[union-attr]
    await here["Anna"].press_data(here.live(LIVE), svc.signer.pack(here.chat_id, "clr", 1, 3))
    assert here.answers()[-1] == t("closing.no_rating")


async def test_after_the_close_answers_and_ratings_are_refused_and_the_end_shows_the_spread(
    world: World,
) -> None:
    here = await opened(world)
    live = here.live(LIVE)
    rate = next(b["callback_data"] for row in live["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == "5")
    await here["Anna"].press(live, "5")
    await here["Bernd"].press(live, "4")
    await here.say(here.fatma, "/close")
    result = here.room.last_text()
    assert t("closing.closed", count=0) in result
    assert t("closing.mean", mean="4,5", count=2) in result
    await here["Chiara"].press_data(live, rate)
    assert here.answers()[-1] == t("core.round_closed")
    await here.say(here["Chiara"], "Zu spät", reply_to=live)
    assert world.api.texts(here["Chiara"].id)[-1] == t("closing.none_open")
    assert len((await here.closing()).ratings) == 2


async def test_privately_the_questions_come_in_turn_and_then_the_rating(world: World) -> None:
    here = await opened(world, command="/closing Was nehme ich mit?\nWas wünsche ich mir?")
    anna = here["Anna"]
    assert await here.follow(anna, here.live(LIVE), "Privat antworten") == "closing_1"
    assert world.api.texts(anna.id)[-1] == t("closing.private_prompt_numbered", number=1,
                                             question="Was nehme ich mit?")
    await anna.say(None, "Neue Kontakte")
    assert world.api.texts(anna.id)[-1].endswith(t("closing.private_prompt_numbered", number=2,
                                                   question="Was wünsche ich mir?"))
    await anna.say(None, "Mehr Zeit")
    assert world.api.texts(anna.id)[-1].endswith(t("closing.private_rate"))
    await anna.press(here.private(anna), "3")
    await anna.say(None, "Und mehr Pausen")
    state = await here.closing()
    assert [(a.question, a.text) for a in state.answers] == [
        (1, "Neue Kontakte"), (2, "Mehr Zeit"), (2, "Und mehr Pausen")]
    assert [(r.person, r.value) for r in state.ratings] == [(anna.id, 3)]
    assert sum("Mehr Zeit" in text for text in world.api.texts(anna.id)) == 1  # the quote asked


async def test_someone_who_never_opened_the_private_chat_is_asked_about_quoting_once_there(
    world: World,
) -> None:
    here = await opened(world)
    before = count_new(world.api, here.chat_id)
    await here.say(here["Chiara"], "Ein guter Tag", reply_to=here.live(LIVE))
    assert count_new(world.api, here.chat_id) == before  # no plea in the group
    await here.follow(here["Chiara"], here.live(LIVE), "Privat antworten")
    texts = world.api.texts(here["Chiara"].id)
    assert any("Ein guter Tag" in text for text in texts[-2:])
    await consent(here, "Chiara", "anonymous")
    await here.say(here.fatma, "/endsession")
    draft = draft_markdown(documents(world, here.fatma))
    assert "Ein guter Tag" in draft and "Chiara" not in draft


async def test_a_replayed_answer_is_taken_once_and_its_quote_asked_once(
    world: World,
) -> None:
    here = await opened(world)
    await here["Anna"].say(None, "/start")
    message = await here.say(here["Anna"], "Viele neue Kontakte", reply_to=here.live(LIVE))
    await world.deliver({"message": message})
    state = await here.closing()
    assert [a.text for a in state.answers] == ["Viele neue Kontakte"]
    assert sum("Viele neue Kontakte" in text for text in world.api.texts(here["Anna"].id)) == 1


async def test_a_replayed_answer_after_a_crash_asks_the_quote_question_it_missed(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path))
    await world.start()
    here = await opened(world)
    message = await here.say(here["Anna"], "Viele neue Kontakte", reply_to=here.live(LIVE))
    update_id = world.api.next_update_id() - 1
    await world.stop()
    run_sql(world.settings.database, "DELETE FROM quotes")  # the crash: no quote, not handled
    run_sql(world.settings.database,
            "UPDATE inbox SET payload = ?, handled_at = NULL WHERE update_id = ?",
            (json.dumps({"update_id": update_id, "message": message}), update_id))
    world.api.started.add(here["Anna"].id)
    await world.start()
    await world.settle()
    assert "Viele neue Kontakte" in world.api.texts(here["Anna"].id)[-1]
    assert [a.text for a in (await here.closing()).answers] == ["Viele neue Kontakte"]
    await world.stop()

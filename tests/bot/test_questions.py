"""Questions from the floor end to end, in a group or forum topic: asked, upvoted, steered."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.offline import BOT_ID
from bot.simulate import World
from locales import clock
from tests.bot.budget import budget, count_new
from tests.bot.floor import Floor, floor, t
from tests.bot.test_documentation import documents, draft_markdown

LIVE = "❓"


async def opened(world: World, *, forum: bool = False, anonymous: bool = False,
                 command: str = "/questions Podium: Dritte Orte") -> Floor:
    """A round of questions, opened by Fatma's private choice about anonymity."""
    here = await floor(world, forum=forum)
    await here.say(here.fatma, command)
    answer = "questions.anonymity_yes" if anonymous else "questions.anonymity_no"
    await here.fatma.press(here.private(here.fatma), t(answer))
    return here


async def ask(here: Floor, name: str, text: str) -> dict[str, Any]:
    return await here.say(here[name], f"/ask {text}")


def live_text(here: Floor) -> str:
    return str(here.live(LIVE)["text"])


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_the_round_opens_on_the_facilitators_private_choice_and_the_group_stays_quiet(
    world: World, forum: bool,
) -> None:
    here = await floor(world, forum=forum)
    world.api.chat_admins[here.chat_id].add(BOT_ID)
    with budget(world.api, here.chat_id, 2, "opening a round of questions") as spent:
        await here.say(here.fatma, "/questions 20m Podium: Dritte Orte")
        assert spent.spent == 0  # the yes/no went to Fatma privately
        assert world.api.sent("setMessageReaction", here.chat_id)
        choice = here.private(here.fatma)
        assert choice.params["text"] == t("questions.ask_anonymity", title="Podium: Dritte Orte")
        await here.fatma.press(choice, t("questions.anonymity_yes"))
    assert spent.spent == 2  # the live message and the notice of its pin
    text = live_text(here)
    assert text.startswith("❓ Podium: Dritte Orte") and t("questions.live_empty") in text
    assert t("questions.live_how_anonymous") in text
    assert world.api.texts(here.fatma.id)[-1] == t("questions.opened_anonymous",
                                                   title="Podium: Dritte Orte")
    state = await here.questions()
    assert state.anonymity_allowed and state.deadline is not None
    if forum:
        assert here.live(LIVE)["message_thread_id"] == here.room.thread


async def test_without_a_title_the_round_is_called_questions_from_the_floor(world: World) -> None:
    here = await opened(world, command="/questions")
    assert live_text(here).startswith(f"❓ {t('questions.default_title')}")


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_questions_by_reply_and_ask_are_numbered_and_the_top_five_get_a_vote_button(
    world: World, forum: bool,
) -> None:
    here = await opened(world, forum=forum)
    await here.say(here["Anna"], "Wer zahlt die Miete?", reply_to=here.live(LIVE))
    await ask(here, "Bernd", "Wie lange dauert das?")
    for n in range(3, 8):
        await ask(here, "Chiara", f"Frage {n}?")
    await here["Chiara"].press(here.live(LIVE), "👍 2")
    await here["Bernd"].press(here.live(LIVE), "👍 1")
    await here["Anna"].press(here.live(LIVE), "👍 2")
    state = await here.questions()
    assert [(q.number, q.author, q.votes) for q in state.questions[:2]] == [
        (1, here["Anna"].id, 1), (2, here["Bernd"].id, 2)]
    text = live_text(here)
    assert t("questions.count", count=7) in text
    assert "2. Wie lange dauert das? – Bernd · 👍 2" in text
    assert "1. Wer zahlt die Miete? – Anna · 👍 1" in text
    assert "Frage 6?" not in text and "Frage 5?" in text  # the top five only
    votes = [label for label in here.labels(here.live(LIVE)) if label.startswith("👍")]
    assert votes == ["👍 2", "👍 1", "👍 3", "👍 4", "👍 5"]
    assert len(world.api.sent("setMessageReaction", here.chat_id)) >= 7


async def test_a_second_tap_takes_the_vote_back_and_a_vote_on_ones_own_question_is_refused(
    world: World,
) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt?")
    await here["Bernd"].press(here.live(LIVE), "👍 1")
    assert here.answers()[-1] == t("questions.vote_counted", number=1, votes=1)
    await here["Bernd"].press(here.live(LIVE), "👍 1")
    assert here.answers()[-1] == t("questions.vote_taken_back", number=1, votes=0)
    await here["Anna"].press(here.live(LIVE), "👍 1")
    assert here.answers()[-1] == t("questions.own_question", number=1)
    assert (await here.questions()).questions[0].voters == ()


async def test_a_repeated_message_asks_once_and_a_repeated_press_votes_once(
    world: World,
) -> None:
    here = await opened(world)
    message = await ask(here, "Anna", "Wer zahlt?")
    await world.deliver({"message": message})  # Telegram hands the same message over again
    live = here.live(LIVE)
    button = next(b for row in live["reply_markup"]["inline_keyboard"] for b in row
                  if b["text"] == "👍 1")
    press = {"id": "4711", "from": here["Bernd"].as_dict(), "chat_instance": "1",
             "message": live, "data": button["callback_data"]}
    await world.deliver({"callback_query": press})
    await world.deliver({"callback_query": press})  # the same press again: no second toggle
    state = await here.questions()
    assert [(q.text, q.voters) for q in state.questions] == [("Wer zahlt?", (here["Bernd"].id,))]


async def test_a_late_vote_is_refused_and_a_question_sent_before_the_close_still_counts(
    world: World,
) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt?")
    live = here.live(LIVE)
    vote = next(b["callback_data"] for row in live["reply_markup"]["inline_keyboard"] for b in row
                if b["text"] == "👍 1")
    late = world.message(here["Bernd"], here.room.chat)
    late.update(text="/ask Und wann?", date=int(time.time()) - 30,
                entities=[{"type": "bot_command", "offset": 0, "length": 4}])
    await here.say(here.fatma, "/close")
    await world.deliver({"message": late})
    await here["Chiara"].press_data(live, vote)  # the button as it was before the close
    assert here.answers()[-1] == t("core.round_closed")
    state = await here.questions()
    assert [q.text for q in state.questions] == ["Wer zahlt?", "Und wann?"]
    assert state.questions[0].voters == ()
    await ask(here, "Chiara", "Zu spät?")
    assert world.api.texts(here["Chiara"].id)[-1] == t("questions.none_open")


async def test_the_closing_message_ranks_the_questions_and_the_live_message_shows_the_end(
    world: World,
) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt?")
    await ask(here, "Bernd", "Wie lange?")
    await here["Chiara"].press(here.live(LIVE), "👍 2")
    await here.say(here.fatma, "/close")
    result = here.room.last_text()
    assert result.splitlines()[1] == t("questions.closed", count=2, title="Podium: Dritte Orte")
    assert result.index("2. Wie lange?") < result.index("1. Wer zahlt?")
    closed = world.api.messages[(here.chat_id, here.live(LIVE)["message_id"])]
    assert t("questions.live_closed") in closed["text"]
    assert "reply_markup" not in closed or not closed["reply_markup"]


async def test_an_anonymous_question_never_shows_its_author_not_even_in_the_draft(
    world: World,
) -> None:
    here = await opened(world, anonymous=True)
    bernd = here["Bernd"]
    assert await here.follow(bernd, here.live(LIVE), "privat stellen") == "qask_1"
    await bernd.press(here.private(bernd), t("questions.private_anonymous_off"))
    await bernd.say(None, "Was kostet das wirklich?")
    assert world.api.texts(bernd.id)[-1] == t("questions.private_noted_anonymous", number=1)
    await here["Anna"].press(here.live(LIVE), "👍 1")
    await here.follow(here["Chiara"], here.live(LIVE), "Alle Fragen")
    seen = [live_text(here), str(here.private(here["Chiara"]).params["text"])]
    await here.say(here.fatma, "/endsession")
    seen += [here.room.last_text(), *world.api.texts(here.chat_id)]
    seen.append(draft_markdown(documents(world, here.fatma)))
    assert "Was kostet das wirklich?" in seen[-1]
    assert all("Bernd" not in text for text in seen)
    assert t("questions.anonymous") in seen[0]
    state = await here.questions()
    assert (state.questions[0].anonymous, state.questions[0].author) == (True, bernd.id)


async def test_without_permission_private_questions_have_no_anonymous_switch(
    world: World,
) -> None:
    here = await opened(world, anonymous=False)
    await here.follow(here["Anna"], here.live(LIVE), "privat stellen")
    assert not any("Anonym" in label
                   for label in here.labels(world.last_bot_message(here.private(here["Anna"]))))
    await here["Anna"].say(None, "Wer zahlt?")
    assert world.api.texts(here["Anna"].id)[-1] == t("questions.private_noted", number=1)
    assert "Wer zahlt? – Anna" in live_text(here)


async def test_merging_adds_the_votes_without_counting_a_person_twice(world: World) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt die Miete?")
    await ask(here, "Bernd", "Wer bezahlt die Räume?")
    await here["Chiara"].press(here.live(LIVE), "👍 1")
    await here["Chiara"].press(here.live(LIVE), "👍 2")
    await here["Anna"].press(here.live(LIVE), "👍 2")
    await here.follow(here.fatma, here.live(LIVE), "Alle Fragen")
    await here.fatma.press(here.private(here.fatma), "⇄ 2")
    assert t("questions.merge_which", number=2, text="Wer bezahlt die Räume?") in str(
        world.last_bot_message(here.private(here.fatma))["text"])
    await here.fatma.press(here.private(here.fatma), "→ 1")
    state = await here.questions()
    assert state.questions[0].voters == (here["Chiara"].id,)  # Anna's own, Chiara once
    assert state.questions[1].merged_into == 1
    assert "Wer bezahlt" not in live_text(here)
    await here["Bernd"].press(here.live(LIVE), "👍 1")
    assert (await here.questions()).questions[0].votes == 2


async def test_facilitators_mark_answered_and_hide_from_their_list_and_participants_may_not(
    world: World,
) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt?")
    await ask(here, "Bernd", "Werbung!")
    await here.follow(here.fatma, here.live(LIVE), "Alle Fragen")
    await here.fatma.press(here.private(here.fatma), "✅ 1")
    await here.fatma.press(here.private(here.fatma), "🙈 2")
    text = live_text(here)
    assert t("questions.answered_count", count=1) in text and "Werbung!" not in text
    await here.follow(here["Chiara"], here.live(LIVE), "Alle Fragen")
    mine = world.last_bot_message(here.private(here["Chiara"]))
    assert here.labels(mine) == ["👍 1"]  # no steering, and the hidden question is gone
    svc = world.app.bot_data["services"]  # type: ignore[union-attr]
    forged = svc.signer.pack(here["Chiara"].id, "qlh", 1, 1, 0, 0)
    await here["Chiara"].press_data(mine, forged)
    assert here.answers()[-1] == t("not_allowed.steer")
    await here.fatma.press(here.private(here.fatma), "👁 2")
    assert "Werbung!" in live_text(here)


async def test_without_the_private_chat_the_choice_is_asked_in_the_group_and_goes_once_made(
    world: World,
) -> None:
    here = await floor(world, private=False)
    before = count_new(world.api, here.chat_id)
    await here.say(here.fatma, "/questions Keynote")
    prompt = world.api.sent("sendMessage", here.chat_id)[-1]
    assert prompt.params["text"] == t("questions.ask_anonymity", title="Keynote")
    await here["Anna"].press(prompt, t("questions.anonymity_yes"))
    assert here.answers()[-1] == t("choice.not_yours")
    await here.fatma.press(prompt, t("questions.anonymity_no"))
    assert (here.chat_id, prompt.result["message_id"]) not in world.api.messages
    assert count_new(world.api, here.chat_id, 0) - before == 2  # the prompt and the live message
    assert not (await here.questions()).anonymity_allowed


async def test_the_list_has_pages_so_every_question_can_be_upvoted(world: World) -> None:
    here = await opened(world)
    for n in range(1, 12):
        await ask(here, "Anna", f"Frage {n}?")
    await here.follow(here["Bernd"], here.live(LIVE), "Alle Fragen")
    first = here.private(here["Bernd"])
    assert "👍 11" not in here.labels(world.last_bot_message(first))
    await here["Bernd"].press(first, "2/2 ▶")
    await here["Bernd"].press(first, "👍 11")
    assert (await here.questions()).questions[10].voters == (here["Bernd"].id,)
    assert "✓ 11" in here.labels(world.last_bot_message(first))
    await here["Bernd"].press(first, "✓ 11")
    assert (await here.questions()).questions[10].voters == ()


async def test_forgetting_a_person_erases_their_questions_and_votes_and_the_live_message_shows_it(
    world: World,
) -> None:
    here = await opened(world)
    await ask(here, "Anna", "Wer zahlt?")
    await ask(here, "Bernd", "Wie lange?")
    await here["Anna"].press(here.live(LIVE), "👍 2")
    await here["Anna"].say(None, "/forgetme")
    await here["Anna"].press(here.private(here["Anna"]), t("privacy.erase_all"))
    await world.settle()
    state = await here.questions()
    assert [(q.text, q.voters) for q in state.questions] == [("Wie lange?", ())]
    assert "Wer zahlt?" not in live_text(here)


async def test_extend_sets_a_timer_the_live_message_shows_and_tells_only_the_facilitator(
    world: World,
) -> None:
    here = await opened(world)
    before = count_new(world.api, here.chat_id)
    await here.say(here.fatma, "/extend 10")
    assert count_new(world.api, here.chat_id) == before
    assert world.api.texts(here.fatma.id)[-1] == t("questions.extended", minutes=10)
    state = await here.questions()
    assert state.deadline is not None
    assert t("questions.until", time=clock(state.deadline)) in live_text(here)

"""Grouping notes into clusters, the dot-vote, and the result posted at the close."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulate import SimPerson, World
from tests.bot.test_pinboard import Room, T, board_state, header, opened

NOTES = {
    1: ["Ohne Konsumzwang", "Nicht kommerziell", "Soziale Knotenpunkte"],
    2: ["Träger kann jeder sein", "Hausmeister & Versicherung => typisch deutsch"],
    3: ["Flexible Unterstützung anbieten", "Unterstützung für die Attraktivitätssteigerung",
        "Öffentlichkeitsarbeit"],
}


async def collected(world: World) -> tuple[Room, SimPerson]:
    """A board with notes 1–3 to question 1, 4–5 to question 2 and 6–8 to question 3."""
    here = await opened(world)
    anna = world.person("Anna")
    for question, notes in NOTES.items():
        await here.say(anna, f"{question} " + "\n".join(notes), reply_to=here.board())
    return here, anna


async def clusters(world: World) -> dict[str, tuple[int, ...]]:
    return {cluster.name: cluster.notes for cluster in (await board_state(world)).clusters}


async def test_cluster_lists_the_numbered_notes_and_groups_by_name_and_numbers(
    world: World,
) -> None:
    here, _ = await collected(world)
    await here.say(here.fatma, "/cluster")
    view = here.board()["text"]
    assert view.startswith(header("Dritte Orte", "clustering"))
    assert "1. Was sind Dritte Orte?\n  1 Ohne Konsumzwang\n  2 Nicht kommerziell" in view
    await here.say(here.fatma, "/cluster Kommerz: 1 2")
    reply = await here.say(here.fatma, "Kosten: 4 5", reply_to=here.board())
    assert await clusters(world) == {"Kommerz": (1, 2), "Kosten": (4, 5)}
    group = T("pinboard.cluster_line", number=1, name="Kommerz")
    assert f"{group}\n      1 Ohne Konsumzwang" in here.board()["text"]
    assert here.reactions()[-1].params["message_id"] == reply["message_id"]


@pytest.mark.parametrize(("rename", "move", "out", "ungroup"), [
    ("umbenennen", "verschieben", "heraus", "auflösen"),  # the words German users are shown
    ("rename", "move", "out", "ungroup"),
])
async def test_clusters_are_renamed_moved_ungrouped_with_short_commands(
    world: World, rename: str, move: str, out: str, ungroup: str
) -> None:
    here, _ = await collected(world)
    await here.say(here.fatma, "/cluster")
    german = rename == "umbenennen"
    for word in (rename, move, out, ungroup):  # the German view names the German words only
        assert (f"„{word} " in here.board()["text"]) is german
    await here.say(here.fatma, "/cluster Kommerz: 1 2")
    await here.say(here.fatma, f"{rename} 1 Ohne Konsum", reply_to=here.board())
    await here.say(here.fatma, "/cluster Orte: 3")
    await here.say(here.fatma, f"/cluster {move} 2 2")
    assert await clusters(world) == {"Ohne Konsum": (1,), "Orte": (2, 3)}
    await here.say(here.fatma, f"{out} 2", reply_to=here.board())
    await here.say(here.fatma, f"/cluster {ungroup} 1")
    assert await clusters(world) == {"Orte": (3,)}
    await here.say(here.fatma, f"/cluster {move} 4 2")
    assert here.last_text() == T("pinboard.other_question", number=4, cluster=2)


async def test_a_participant_replying_during_grouping_is_told_that_collecting_is_over(
    world: World,
) -> None:
    here, anna = await collected(world)
    await here.say(here.fatma, "/cluster")
    await here.say(anna, "Kommerz: 1 2", reply_to=here.board())
    assert here.last_text() == T("pinboard.not_now")
    assert await clusters(world) == {}


def button_labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row]


async def test_suggested_clusters_are_offered_and_accepted_with_a_tap(world: World) -> None:
    here, _ = await collected(world)
    await here.say(here.fatma, "/cluster")
    suggestions = here.last_message()
    assert T("pinboard.suggestions_intro") in suggestions["text"]
    assert "✓ Unterstützung: 6 7" in button_labels(suggestions)
    await here.fatma.press(suggestions, "✓ Unterstützung")
    assert await clusters(world) == {"Unterstützung": (6, 7)}
    updated = world.api.messages[(here.chat.id, suggestions["message_id"])]
    assert "✓ Unterstützung: 6 7" not in button_labels(updated)


async def test_a_suggestion_that_changed_meanwhile_is_refused_as_stale(world: World) -> None:
    here, anna = await collected(world)
    await here.say(here.fatma, "/cluster")
    suggestions = here.last_message()
    await here.say(here.fatma, "/cluster Hilfe: 6")
    await here.fatma.press(suggestions, "✓ Unterstützung")
    assert here.answers()[-1] == T("pinboard.suggestion_stale")
    await anna.press(here.board(), T("pinboard.button_suggestions"))
    assert here.answers()[-1] == T("not_allowed.steer")
    assert await clusters(world) == {"Hilfe": (6,)}


async def vote_started(world: World, command: str = "/vote 3") -> tuple[Room, SimPerson]:
    here, anna = await collected(world)
    await here.say(here.fatma, "/cluster")
    await here.say(here.fatma, "/cluster Kommerz: 1 2")
    await here.say(here.fatma, command)
    return here, anna


async def test_vote_posts_a_message_with_a_button_per_option_and_dots_can_be_moved(
    world: World,
) -> None:
    here, anna = await vote_started(world)
    vote = here.board()
    assert vote["text"].startswith(header("Dritte Orte", "voting"))
    assert T("pinboard.vote_budget", budget=3) in vote["text"]
    labels = button_labels(vote)
    assert labels[:2] == ["1.1 Kommerz", "1.2 Soziale Knotenpunkte"]
    await anna.press(vote, "1.1 Kommerz")
    assert here.answers()[-1] == T("pinboard.dot_placed", label="1.1 Kommerz", left=2)
    await anna.press(vote, "2.1")
    await anna.press(vote, T("pinboard.button_unvote"))
    await anna.press(vote, "3.1")
    dots = [dot.option for dot in (await board_state(world)).dots]
    assert dots == ["c1", "n6"]
    assert T("pinboard.voters", count=1) in here.board()["text"]


async def test_a_dot_beyond_the_budget_or_the_cap_is_refused(world: World) -> None:
    here, anna = await vote_started(world, "/vote 2 max 1")
    vote = here.board()
    await anna.press(vote, "1.1")
    await anna.press(vote, "1.1")
    assert here.answers()[-1] == T("pinboard.vote_unchanged", dots=1)
    await anna.press(vote, "2.1")
    await anna.press(vote, "3.1")
    assert here.answers()[-1] == T("pinboard.budget_spent", budget=2)
    assert len((await board_state(world)).dots) == 2


async def test_tallies_stay_hidden_until_the_facilitator_shows_them(world: World) -> None:
    here, anna = await vote_started(world)
    await anna.press(here.board(), "1.1")
    assert "●" not in "".join(button_labels(here.board()))
    await anna.press(here.board(), T("pinboard.button_show_tallies"))
    assert here.answers()[-1] == T("not_allowed.steer")
    await here.fatma.press(here.board(), T("pinboard.button_show_tallies"))
    assert "1.1 Kommerz · ●1" in button_labels(here.board())
    assert T("pinboard.tallies_shown") in world.api.texts(here.fatma.id)
    assert T("pinboard.tallies_shown") not in here.texts()


async def test_the_private_ballot_counts_the_same_dots(world: World) -> None:
    here, anna = await vote_started(world)
    await anna.press(here.board(), T("pinboard.button_vote_private"))
    assert str(world.api.sent("answerCallbackQuery")[-1].params["url"]).endswith("pinvote_1")
    await anna.say(None, "/start pinvote_1")
    ballot = world.api.sent("sendMessage", anna.id)[-1]
    assert T("pinboard.dots_left", left=3) in ballot.params["text"]
    await anna.press(ballot, "3.2")
    await anna.press(ballot, "3.2")
    shown = world.api.messages[(anna.id, ballot.result["message_id"])]
    assert T("pinboard.dots_left", left=2) in shown["text"] and "−" in button_labels(shown)
    await anna.press(ballot, "−")
    assert (await board_state(world)).dots == ()


async def test_someone_outside_the_session_cannot_vote_through_the_link(world: World) -> None:
    await vote_started(world)
    stranger = world.person("Stefan")
    await stranger.say(None, "/start pinvote_1")
    assert world.api.texts(stranger.id)[-1] == T("not_allowed.take_part")
    assert (await board_state(world)).dots == ()


async def test_close_posts_the_result_ranked_by_dots_and_a_late_vote_changes_nothing(
    world: World,
) -> None:
    here, anna = await vote_started(world)
    ben = world.person("Ben")
    vote = here.board()
    late = vote["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await anna.press(vote, "1.2")
    await ben.press(vote, "1.2")
    await ben.press(vote, "1.1")
    await here.say(here.fatma, "/hide 8")
    await here.say(here.fatma, "/close")
    result = here.last_text()
    assert result.startswith(T("pinboard.closed", title="Dritte Orte", notes=7))
    assert ("1. Was sind Dritte Orte?\n  ●2 Soziale Knotenpunkte\n"
            "  ●1 Kommerz: Ohne Konsumzwang | Nicht kommerziell") in result
    assert "Öffentlichkeitsarbeit" not in result
    assert button_labels(here.board()) == []
    await anna.press_data(vote, late)
    assert here.answers()[-1] == T("core.round_closed")
    assert len((await board_state(world)).dots) == 3


async def test_the_end_of_the_vote_timer_closes_the_board_with_the_result(world: World) -> None:
    here, anna = await vote_started(world, "/vote 3 5m")
    await anna.press(here.board(), "2.1")
    assert world.app is not None and world.app.job_queue is not None
    job = world.app.job_queue.get_jobs_by_name("deadline:1")[0]
    await job.run(world.app)
    await world.settle()
    closed = T("pinboard.closed", title="Dritte Orte", notes=8)
    assert here.last_text().startswith(closed) and "●1 Träger kann jeder sein" in here.last_text()
    assert (await board_state(world)).phase == "closed"


async def test_a_big_board_is_voted_privately_page_by_page_and_every_option_counts(
    world: World,
) -> None:
    here = await opened(world, "/pinboard Viele Ideen\nWas?")
    for number in range(65):
        writer = world.person(f"Ideengeberin {number}")
        await here.say(writer, f"/note 1 Idee Nummer {number}", settle=False)
    await world.settle()
    await here.say(here.fatma, "/vote 1")
    voter = world.person("Vera")
    await here.say(voter, "/help")
    await voter.say(None, "/start pinvote_1")
    ballot = world.api.sent("sendMessage", voter.id)[-1]
    labels = button_labels(world.last_bot_message(ballot))
    assert "2/3 ▶" in labels
    await voter.press(ballot, "2/3 ▶")
    await voter.press(ballot, "3/3 ▶")
    assert any("1.65" in label for label in button_labels(world.last_bot_message(ballot)))
    await voter.press(ballot, "1.65")
    dots = (await board_state(world)).dots
    assert [dot.voter for dot in dots] == [voter.id]

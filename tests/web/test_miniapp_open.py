"""A new round from the Mini App's Moderationspult over HTTP: set up as the chat's panel asks,
checked by the format before anything is stored, opened once per request id with its live
message in the group; refused for participants and while a round is open, as in chat."""

from __future__ import annotations

from typing import Any

from flows.pinboard import PinboardState
from flows.pinboard.model import MAX_QUESTIONS, MAX_TITLE_CHARS
from locales import translator
from service.panel import DURATIONS, SETUPS
from storage import rounds as stored
from storage.records import RoundRecord
from tests.bot.helpers import appoint_facilitator
from tests.web.conftest import Projector
from tests.web.helpers import live_message, people
from tests.web.test_miniapp import OPEN, api, token_for
from tests.web.test_miniapp_panel import panel, steer

t = translator("de")
PINBOARD = {"kind": "open", "format": "pinboard", "title": "Dritte Orte",
            "lines": "Was sind Dritte Orte?\nWer fehlt?\n", "minutes": 10}


async def rounds_of(projector: Projector) -> list[RoundRecord]:
    assert projector.world.app is not None
    async with projector.world.app.bot_data["services"].db.read() as tx:
        return await stored.rounds_of_session(tx, 1)


def group_posts(projector: Projector, text: str) -> list[Any]:
    """Messages sent to the session's group that show ``text``."""
    return [call for call in projector.world.api.sent("sendMessage", projector.room.chat.id)
            if text in str(call.params.get("text", ""))]


def test_without_a_round_the_panel_offers_each_format_with_the_chat_panels_questions(
    projector: Projector,
) -> None:
    token = token_for(projector, projector.room.fatma)
    offered = panel(projector, token).json()["panel"]
    assert offered["round"] is None
    assert [setup["kind"] for setup in offered["open"]] == list(SETUPS)
    pinboard, fishbowl, _, questions, _ = offered["open"]
    assert pinboard["label"] == t("panel.format_pinboard")
    assert pinboard["title"] == t("panel.ask_title_pinboard")
    assert pinboard["lines"] == t("panel.ask_lines_pinboard")
    assert pinboard["choice"] is None and pinboard["default"] is None
    assert fishbowl["lines"] is None
    assert questions["choice"] == {"question": t("panel.ask_choice_questions"),
                                   "yes": t("panel.choice_questions_yes"),
                                   "no": t("panel.choice_questions_no")}
    assert questions["default"]["text"] == t("questions.default_title")
    assert pinboard["duration"] == t("panel.ask_duration")
    assert [d["minutes"] for d in pinboard["durations"]] == list(DURATIONS)
    assert pinboard["durations"][0]["label"] == t("panel.no_timer")
    assert pinboard["durations"][2]["label"] == t("panel.minutes", minutes=10)


def test_a_pinboard_opened_twice_by_one_request_opens_once_and_the_group_sees_it_once(
    projector: Projector,
) -> None:
    fatma = projector.room.fatma
    token = token_for(projector, fatma)
    for _ in range(2):  # a replay of the same request: it opened the round once
        answer = steer(projector, token, "open-pinboard-request", **PINBOARD)
        assert answer.status_code == 200
    view = answer.json()["panel"]
    assert view["round"]["kind"] == "pinboard" and view["open"] == []
    assert view["round"]["lines"][0] == t("panel.round_pinboard", title="Dritte Orte")
    assert t("panel.minutes_left", count=10) in view["round"]["lines"]
    [record] = projector.run(rounds_of, projector)
    board = record.state(PinboardState)
    assert board.title == "Dritte Orte"
    assert board.questions == ("Was sind Dritte Orte?", "Wer fehlt?")
    assert record.deadline is not None and record.is_open
    projector.run(projector.world.settle)
    live = projector.run(live_message, projector.room)
    assert "Was sind Dritte Orte?" in live["text"]
    assert len(group_posts(projector, "Was sind Dritte Orte?")) == 1
    # Nothing echoed to Fatma privately: the app shows the round, as the chat's panel does.
    assert not [call for call in projector.world.api.sent("sendMessage", fatma.id)
                if "Was sind Dritte Orte?" in str(call.params.get("text", ""))]
    # The round is there for everyone: a participant writes a note to it.
    anna, = projector.run(people, projector.room, "Anna")
    round_view = api(projector, token_for(projector, anna), "sessions/1/round").json()["round"]
    assert [q["text"] for q in round_view["questions"]] == ["Was sind Dritte Orte?",
                                                            "Wer fehlt?"]


def test_a_bad_title_or_duration_is_refused_and_nothing_opens(projector: Projector) -> None:
    token = token_for(projector, projector.room.fatma)
    untitled = steer(projector, token, "open-untitled-board", **{**PINBOARD, "title": "  "})
    assert untitled.status_code == 400
    assert untitled.json()["error"] == t("pinboard.title_missing")
    long = steer(projector, token, "open-long-title-board",
                 **{**PINBOARD, "title": "x" * (MAX_TITLE_CHARS + 1)})
    assert long.json()["error"] == t("pinboard.title_too_long", max=MAX_TITLE_CHARS)
    unasked = steer(projector, token, "open-board-no-lines", **{**PINBOARD, "lines": "\n "})
    assert unasked.status_code == 400
    assert unasked.json()["error"] == t("pinboard.no_questions", max=MAX_QUESTIONS)
    for minutes in (-5, 24 * 60 + 1):
        timed = steer(projector, token, f"open-bad-duration{minutes}",
                      **{**PINBOARD, "minutes": minutes})
        assert timed.status_code == 400
        assert timed.json()["error"] == t("core.duration_out_of_range")
    for broken in ({**PINBOARD, "minutes": "10"}, {**PINBOARD, "minutes": True},
                   {k: v for k, v in PINBOARD.items() if k != "title"},
                   {**PINBOARD, "format": "wave"}):
        assert steer(projector, token, "open-broken-setup1", **broken).status_code in (400, 403)
    assert projector.run(rounds_of, projector) == []
    assert panel(projector, token).json()["panel"]["round"] is None
    projector.run(projector.world.settle)
    assert group_posts(projector, "Dritte Orte") == []


def test_a_participant_may_not_open_a_round(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    token = token_for(projector, anna)
    refused = steer(projector, token, "anna-opens-a-board", **PINBOARD)
    assert refused.status_code == 403 and refused.json()["error"] == t("not_allowed.steer")
    assert projector.run(rounds_of, projector) == []


def test_opening_while_a_round_is_open_is_refused_as_in_chat(projector: Projector) -> None:
    fatma = projector.room.fatma
    projector.say(fatma, OPEN)
    token = token_for(projector, fatma)
    assert panel(projector, token).json()["panel"]["open"] == []
    fishbowl = {"kind": "open", "format": "fishbowl", "title": "Wer fehlt?", "minutes": 0}
    refused = steer(projector, token, "fishbowl-while-open", **fishbowl)
    assert refused.status_code == 400
    assert refused.json()["error"] == t("core.round_already_open", kind="pinboard")
    [record] = projector.run(rounds_of, projector)
    assert record.kind == "pinboard"
    projector.say(fatma, "/close")
    opened = steer(projector, token, "fishbowl-after-close", **fishbowl)
    assert opened.status_code == 200
    assert opened.json()["panel"]["round"]["kind"] == "fishbowl"
    assert [r.kind for r in projector.run(rounds_of, projector)] == ["pinboard", "fishbowl"]


def test_the_choice_and_the_usual_title_are_taken_as_the_chat_takes_them(
    projector: Projector,
) -> None:
    token = token_for(projector, projector.room.fatma)
    closing = {"kind": "open", "format": "closing", "title": t("closing.default_question"),
               "choice": True, "minutes": 5, "lines": "ignored"}
    assert steer(projector, token, "open-closing-round", **closing).status_code == 200
    [record] = projector.run(rounds_of, projector)
    state = projector.run(parsed, projector, record)
    assert state.rating is True
    assert state.questions == (t("closing.default_question"),)


async def parsed(projector: Projector, record: RoundRecord) -> Any:
    assert projector.world.app is not None
    svc = projector.world.app.bot_data["services"]
    return svc.states.parse(svc.formats[record.kind], record)


def test_the_form_and_a_refusal_are_in_the_facilitators_own_language(projector: Projector) -> None:
    ed = projector.world.person("Ed", "en", "ed")
    projector.run(appoint_facilitator, projector.room.shop, ed)
    token = token_for(projector, ed)
    offered = panel(projector, token).json()["panel"]["open"]
    assert offered[0]["title"] == translator("en")("panel.ask_title_pinboard")
    # The usual title is the room's (the event's German), as the chat's panel takes it.
    assert offered[3]["default"]["text"] == t("questions.default_title")
    refused = steer(projector, token, "ed-opens-untitled", **{**PINBOARD, "title": ""})
    assert refused.status_code == 400
    assert refused.json()["error"] == translator("en")("pinboard.title_missing")
    assert projector.run(rounds_of, projector) == []

"""The Moderationspult in the Mini App over HTTP: the chat panel's moves for those who steer,
each made once per request id and shown in the group; refused for participants, for a round
that moved on, and reading a session is refused to someone outside it."""

from __future__ import annotations

from typing import Any

from locales import translator
from tests.web.conftest import Projector
from tests.web.helpers import live_message, people
from tests.web.test_miniapp import OPEN, api, token_for

t = translator("de")


def panel(projector: Projector, token: str) -> Any:
    return api(projector, token, "sessions/1/panel")


def steer(projector: Projector, token: str, request: str, **body: Any) -> Any:
    return api(projector, token, "sessions/1/panel", {"request": request, **body})


def codes(view: dict[str, Any]) -> list[str]:
    return [move["code"] for move in view["panel"]["moves"]]


def test_a_facilitator_sees_the_moves_the_chat_panel_offers(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    token = token_for(projector, projector.room.fatma)
    assert api(projector, token, "sessions/1/round").json()["steers"] is True
    view = panel(projector, token).json()
    assert view["session"] == "Werkstatt 2"
    assert view["panel"]["round"]["kind"] == "pinboard"
    assert view["panel"]["round"]["lines"][0] == t("panel.round_pinboard", title="Dritte Orte")
    assert codes(view) == ["clu", "vot", "ext", "end"]
    [vote] = [move for move in view["panel"]["moves"] if move["code"] == "vot"]
    assert vote == {"code": "vot", "label": None,
                    "taps": [{"label": t("panel.start_vote"), "args": []}]}
    [more] = [move for move in view["panel"]["moves"] if move["code"] == "ext"]
    assert more["label"] == t("app.panel_pick_ext")  # a choice: a picker
    assert [tap["args"] for tap in more["taps"]] == [["5"], ["10"]]
    assert view["panel"]["end"] is True


def test_the_facilitator_starts_the_vote_once_and_the_group_sees_it(projector: Projector) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, = projector.run(people, room, "Anna")
    projector.say(fatma, OPEN)
    projector.say(anna, "/note 1 Bibliothek")
    token = token_for(projector, fatma)
    round_id = panel(projector, token).json()["panel"]["round"]["id"]
    more = {"kind": "move", "round": round_id, "code": "ext", "args": ["5"]}
    for _ in range(2):  # sent twice, acts once: five minutes, not ten
        answer = steer(projector, token, "more-time-request-1", **more)
        assert answer.status_code == 200
    assert t("panel.minutes_left", count=5) in answer.json()["panel"]["round"]["lines"]
    vote = {"kind": "move", "round": round_id, "code": "vot", "args": []}
    for _ in range(2):
        answer = steer(projector, token, "start-vote-request", **vote)
        assert answer.status_code == 200
    assert "tal" in codes(answer.json()) and "vot" not in codes(answer.json())
    assert api(projector, token, "sessions/1/round").json()["round"]["phase"] == "voting"
    projector.run(projector.world.settle)
    assert t("pinboard.vote_howto") in projector.run(live_message, room)["text"]
    # No private echo to Fatma: the app shows the outcome itself, as the chat's panel does.
    assert not [call for call in projector.world.api.sent("sendMessage", fatma.id)
                if t("pinboard.vote_howto") in str(call.params.get("text", ""))]


def test_a_move_the_round_has_moved_past_is_refused_and_changes_nothing(
    projector: Projector,
) -> None:
    fatma = projector.room.fatma
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(fatma, OPEN)
    projector.say(anna, "/note 1 Bibliothek")
    token = token_for(projector, fatma)
    round_id = panel(projector, token).json()["panel"]["round"]["id"]
    projector.say(fatma, "/vote 3")  # the vote started in the chat meanwhile
    clustering = steer(projector, token, "start-clustering-1", kind="move", round=round_id,
                       code="clu", args=[])
    assert clustering.status_code == 400 and clustering.json()["error"]
    assert api(projector, token, "sessions/1/round").json()["round"]["phase"] == "voting"
    projector.say(fatma, "/close")
    late = steer(projector, token, "late-tallies-req", kind="move", round=round_id,
                 code="tal", args=[])
    assert late.status_code == 400 and late.json()["error"] == t("core.round_closed")
    forged = steer(projector, token, "forged-code-req1", kind="move", round=round_id,
                   code="zzz", args=[])
    assert forged.status_code == 400
    for broken in ({"kind": "move", "round": "x", "code": "vot"}, {"kind": "wave"},
                   {"kind": "move", "code": "vot"}):
        assert steer(projector, token, "broken-move-req1", **broken).status_code == 400
    after = panel(projector, token).json()["panel"]
    assert (after["round"], after["moves"], after["end"]) == (None, [], True)
    assert after["open"]  # a new round is offered instead


def test_a_participant_may_not_steer(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, OPEN)
    fatma_token = token_for(projector, projector.room.fatma)
    round_id = panel(projector, fatma_token).json()["panel"]["round"]["id"]
    token = token_for(projector, anna)
    assert api(projector, token, "sessions/1/round").json()["steers"] is False
    refused = panel(projector, token)
    assert refused.status_code == 403 and refused.json()["error"] == t("not_allowed.steer")
    move = steer(projector, token, "anna-starts-vote", kind="move", round=round_id, code="vot",
                 args=[])
    assert move.status_code == 403 and move.json()["error"] == t("not_allowed.steer")
    end = steer(projector, token, "anna-ends-session", kind="end", confirmed=True)
    assert end.status_code == 403
    assert api(projector, token, "sessions/1/round").json()["round"]["phase"] == "collecting"
    assert api(projector, token, "sessions").json()["sessions"] == [
        {"id": 1, "title": "Werkstatt 2", "steer": False}]


def test_seats_are_given_from_a_picker(projector: Projector) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, ben = projector.run(people, room, "Anna", "Ben")
    projector.say(fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    projector.say(anna, "/join")
    projector.say(ben, "/join")
    token = token_for(projector, fatma)
    view = panel(projector, token).json()["panel"]
    moves = {move["code"]: move for move in view["moves"]}
    assert moves["nxt"]["taps"] == [{"label": t("panel.seat_next", name="Anna"), "args": []}]
    assert moves["sit"]["label"] == t("app.panel_pick_sit")
    assert moves["sit"]["taps"] == [{"label": t("panel.seat", name="Ben"),
                                     "args": [str(ben.id)]}]
    answer = steer(projector, token, "seat-ben-request", kind="move", round=view["round"]["id"],
                   code="sit", args=[str(ben.id)])
    assert answer.status_code == 200
    moves = {move["code"]: move for move in answer.json()["panel"]["moves"]}
    assert "sit" not in moves  # Anna waits alone now: "seat the next" is hers
    assert t("panel.clock_start", name="Ben") in [tap["label"] for tap in moves["spk"]["taps"]]
    projector.run(projector.world.settle)
    assert "Ben" in projector.run(live_message, room)["text"]


def test_ending_the_session_asks_first_and_happens_once(projector: Projector) -> None:
    fatma = projector.room.fatma
    projector.say(fatma, OPEN)
    token = token_for(projector, fatma)
    unconfirmed = steer(projector, token, "end-without-yes1", kind="end")
    assert unconfirmed.status_code == 400
    assert api(projector, token, "sessions").json()["sessions"] != []
    for _ in range(2):  # sent twice: it ended once, and the second is told so
        ended = steer(projector, token, "end-the-session-1", kind="end", confirmed=True)
        assert ended.status_code == 200 and ended.json() == {"ended": True}
    drafts = [call for call in projector.world.api.sent("sendDocument", fatma.id)
              if call.status == 200]
    assert len(drafts) == 2  # Markdown and DOCX, once
    assert api(projector, token, "sessions").json()["sessions"] == []
    assert panel(projector, token).status_code == 404


def test_someone_outside_the_session_cannot_read_it_by_its_link(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    zoe = projector.world.person("Zoe", "de", "zoe")
    token = token_for(projector, zoe)
    refused = api(projector, token, "sessions/1/round")
    assert refused.status_code == 403
    assert refused.json() == {"error": t("not_allowed.read")}
    assert "Dritte Orte" not in refused.text
    assert panel(projector, token).status_code == 403
    assert api(projector, token, "sessions/1/board").status_code == 403
    projector.say(zoe, "Hallo!")  # seen in the group: she takes part, and reads
    assert api(projector, token, "sessions/1/round").json()["round"]["title"] == "Dritte Orte"

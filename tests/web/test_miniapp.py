"""The Mini App over HTTP: init data checked as Telegram says (forged, expired and replayed
init data get nothing), a session token per exchange, the role resolved per request, and
grouping moves that act once and show in the group's live message."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from bot.app import OFFLINE_TOKEN
from bot.simulate import SimPerson
from locales import translator
from storage import panels
from tests.web.conftest import Projector
from tests.web.helpers import live_message, people
from web.miniapp import (
    APP_CSP,
    InitDataError,
    Tokens,
    check_init_data,
    sign_init_data,
)

t = translator("de")
OPEN = "/pinboard Dritte Orte\nWas sind Dritte Orte?\nWer fehlt?"


def init_data(person: SimPerson | int, *, token: str = OFFLINE_TOKEN,
              auth_date: float | None = None, **extra: str) -> str:
    """Init data as Telegram hands it to the Mini App, signed with ``token``."""
    user_id = person if isinstance(person, int) else person.id
    fields = {"auth_date": str(int(auth_date if auth_date is not None else time.time())),
              "query_id": f"AAE{user_id}", "user": json.dumps({"id": user_id, "first_name": "X"}),
              **extra}
    return sign_init_data(fields, token)


def exchange(projector: Projector, data: str) -> Any:
    return projector.client.post("/app/session", json={"initData": data})


def token_for(projector: Projector, person: SimPerson) -> str:
    response = exchange(projector, init_data(person))
    assert response.status_code == 200
    return str(response.json()["token"])


def api(projector: Projector, token: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"}
    if body is None:
        return projector.client.get(f"/app/api/{path}", headers=headers)
    return projector.client.post(f"/app/api/{path}", headers=headers, json=body)


def test_init_data_signed_for_this_bot_is_good() -> None:
    fields = check_init_data(init_data(4242), OFFLINE_TOKEN)
    assert fields["user"]["id"] == 4242


@pytest.mark.parametrize("data", [
    init_data(4242, token="700000001:another-bots-token-0000000000000000000000"),
    init_data(4242).replace("4242", "4243"),
    init_data(4242, auth_date=time.time() - 2 * 24 * 3600),
    init_data(4242, auth_date=time.time() + 3600),
    sign_init_data({"auth_date": str(int(time.time()))}, OFFLINE_TOKEN),
    "hash=0&user=%7B%7D", "", "%%%",
])
def test_forged_expired_or_malformed_init_data_is_refused(data: str) -> None:
    with pytest.raises(InitDataError):
        check_init_data(data, OFFLINE_TOKEN)


def test_init_data_is_exchanged_once_for_a_token(projector: Projector) -> None:
    data = init_data(projector.room.fatma)
    first = exchange(projector, data)
    assert first.status_code == 200
    assert first.json()["texts"]["app.drag_hint"] == t("app.drag_hint")
    assert exchange(projector, data).status_code == 401  # replayed
    assert exchange(projector, init_data(projector.room.fatma, token="1:x" * 12)).status_code == 401
    assert exchange(projector, "").status_code == 401


def test_a_token_is_signed_and_expires() -> None:
    tokens = Tokens(b"k" * 32)
    token = tokens.make(7, now=1000.0)
    assert tokens.user(token, now=1000.0) == 7
    assert tokens.user(token, now=1000.0 + 13 * 3600) is None
    assert tokens.user(token.replace("7.", "8.", 1), now=1000.0) is None
    assert Tokens(b"o" * 32).user(token, now=1000.0) is None
    assert tokens.user("garbage") is None


def test_the_app_opens_on_the_session_its_link_names(projector: Projector) -> None:
    """``start_param`` (a live message's ``startapp``), else ``start`` from the page's address
    (the private chat's button) names the session; nothing, or no running session, names none."""
    ben = projector.world.person("Ben", "de", "ben")  # never seen in the group
    session_id = projector.run(session_of, projector)
    signed = exchange(projector, init_data(ben, start_param=f"s{session_id}"))
    assert signed.json()["start"] == session_id
    from_page = projector.client.post("/app/session", json={
        "initData": init_data(ben, query_id="AAE2"), "start": f"s{session_id}"})
    assert from_page.json()["start"] == session_id
    for data in (init_data(ben, query_id="AAE3"), init_data(ben, start_param="s999"),
                 init_data(ben, start_param="x1")):
        answer = exchange(projector, data)
        assert answer.status_code == 200 and answer.json()["start"] is None


async def session_of(projector: Projector) -> int:
    assert projector.world.app is not None
    async with projector.world.app.bot_data["services"].db.transaction() as tx:
        [session] = await panels.steered_sessions(tx, projector.room.fatma.id)
    return session.id


def test_the_api_refuses_requests_without_a_good_token(projector: Projector) -> None:
    for token in ("", "1.2.3", Tokens(b"x" * 32).make(projector.room.fatma.id)):
        assert api(projector, token, "sessions").status_code == 401
        assert api(projector, token, "sessions/1/board").status_code == 401
        assert api(projector, token, "sessions/1/move", {"kind": "group"}).status_code == 401


def test_the_page_loads_only_telegrams_script_and_may_be_framed_by_telegram(
    projector: Projector,
) -> None:
    response = projector.client.get("/app")
    assert response.status_code == 200
    assert response.headers.get_list("content-security-policy") == [APP_CSP]
    assert "x-frame-options" not in response.headers
    assert '<script src="https://telegram.org/js/telegram-web-app.js"></script>' in response.text
    assert '<script src="/static/app.js" defer></script>' in response.text


def test_a_facilitator_groups_notes_and_the_group_sees_it(projector: Projector) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, = projector.run(people, room, "Anna")
    projector.say(fatma, OPEN)
    for text in ("Bibliothek", "Café", "Park"):
        projector.say(anna, f"/note 1 {text}")
    projector.say(anna, "/note 2 Jugendliche")
    token = token_for(projector, fatma)
    sessions = api(projector, token, "sessions").json()["sessions"]
    assert sessions == [{"id": 1, "title": "Werkstatt 2", "steer": True}]
    board = api(projector, token, "sessions/1/board").json()["board"]
    assert board["grouping"] is False  # still collecting
    projector.say(fatma, "/cluster")
    move = {"kind": "group", "notes": [1, 2], "name": "Treffpunkte", "request": "R" * 22}
    for _ in range(2):  # sent twice, acts once
        answer = api(projector, token, "sessions/1/move", move)
        assert answer.status_code == 200
    question = answer.json()["board"]["questions"][0]
    assert question["groups"] == [{"number": 1, "name": "Treffpunkte", "notes": [
        {"number": 1, "text": "Bibliothek"}, {"number": 2, "text": "Café"}]}]
    assert [note["number"] for note in question["loose"]] == [3]
    projector.run(projector.world.settle)
    assert "Treffpunkte" in projector.run(live_message, room)["text"]
    answer = api(projector, token, "sessions/1/move", {"kind": "out", "note": 2,
                                                          "request": "S" * 22})
    assert [n["number"] for n in answer.json()["board"]["questions"][0]["loose"]] == [2, 3]
    mixed = api(projector, token, "sessions/1/move", {"kind": "group", "notes": [3, 4],
                                                         "name": "Quer", "request": "T" * 22})
    assert mixed.status_code == 400  # notes of two questions: the flow's own refusal
    answer = api(projector, token, "sessions/1/move", {"kind": "dissolve", "cluster": 1,
                                                          "request": "U" * 22})
    assert answer.json()["board"]["questions"][0]["groups"] == []


def test_a_participant_may_not_group(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, OPEN)
    projector.say(anna, "/note 1 Bibliothek")
    projector.say(projector.room.fatma, "/cluster")
    token = token_for(projector, anna)
    assert api(projector, token, "sessions").json()["sessions"] == [
        {"id": 1, "title": "Werkstatt 2", "steer": False}]  # she takes part, she does not steer
    assert api(projector, token, "sessions/1/round").json()["round"]["grouping"] is False
    board = api(projector, token, "sessions/1/board")
    assert board.status_code == 403 and board.json()["error"] == t("not_allowed.steer")
    move = api(projector, token, "sessions/1/move", {"kind": "group", "notes": [1],
                                                        "name": "Meins", "request": "V" * 22})
    assert move.status_code == 403
    assert "Meins" not in projector.page()
    assert api(projector, token, "sessions/99/board").status_code == 404


def test_a_suggested_group_is_accepted_once_and_refused_when_stale(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, OPEN)
    for text in ("Begegnung im Park", "Begegnung im Café", "Parkplätze"):
        projector.say(anna, f"/note 1 {text}")
    projector.say(projector.room.fatma, "/cluster")
    token = token_for(projector, projector.room.fatma)
    question = api(projector, token, "sessions/1/board").json()["board"]["questions"][0]
    [idea] = question["suggestions"]
    assert idea == {"name": "Begegnung", "notes": [1, 2]}
    accept = {"kind": "accept", "notes": idea["notes"], "name": idea["name"],
              "request": "W" * 22}
    answer = api(projector, token, "sessions/1/move", accept)
    assert answer.status_code == 200
    question = answer.json()["board"]["questions"][0]
    assert [group["name"] for group in question["groups"]] == ["Begegnung"]
    assert question["suggestions"] == []
    assert api(projector, token, "sessions/1/move", accept).status_code == 200  # sent again
    stale = api(projector, token, "sessions/1/move", accept | {"request": "X" * 22})
    assert stale.status_code == 400
    assert stale.json()["error"] == t("pinboard.suggestion_stale")


def test_a_participant_writes_a_note_and_a_dot_in_the_app_counts_with_a_button_in_the_group(
    projector: Projector,
) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, ben = projector.run(people, room, "Anna", "Ben")
    projector.say(fatma, OPEN)
    token = token_for(projector, anna)
    view = api(projector, token, "sessions/1/round").json()["round"]
    assert [q["text"] for q in view["questions"]] == ["Was sind Dritte Orte?", "Wer fehlt?"]
    note = {"kind": "note", "question": 2, "text": "Menschen ohne Auto", "request": "N" * 22}
    for _ in range(2):  # sent twice, acts once
        assert api(projector, token, "sessions/1/take-part", note).status_code == 200
    projector.say(ben, "/note 2 Jugendliche")
    projector.say(fatma, "/cluster")
    projector.say(fatma, "/cluster Wer fehlt: 1 2")
    projector.say(fatma, "/vote 2")
    view = api(projector, token, "sessions/1/round").json()["round"]
    [option] = view["vote"][1]["options"]
    assert option["name"] == "Wer fehlt" and option["notes"] == ["Menschen ohne Auto",
                                                                 "Jugendliche"]
    assert view["dots_left"] == 2
    dot = {"kind": "dot", "option": option["key"], "request": "D" * 22}
    answer = api(projector, token, "sessions/1/take-part", dot).json()["round"]
    assert answer["dots_left"] == 1 and answer["vote"][1]["options"][0]["mine"] == 1
    vote = projector.run(live_message, room)
    projector.run(ben.press, vote, "Wer fehlt")  # a dot by button in the group
    projector.say(fatma, "/close")
    assert t("wall.dots", count=2) in projector.page()  # both counted together


def test_someone_outside_the_session_cannot_take_part(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    token = token_for(projector, projector.world.person("Zoe", "de", "zoe"))
    assert api(projector, token, "sessions").json()["sessions"] == []
    note = {"kind": "note", "question": 1, "text": "Von außen", "request": "O" * 22}
    refused = api(projector, token, "sessions/1/take-part", note)
    assert refused.status_code == 403
    assert refused.json()["error"] == t("not_allowed.take_part")
    assert t("wall.notes", count=0) in projector.page()


def test_a_participant_queues_for_the_empty_chair_in_the_app(projector: Projector) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    token = token_for(projector, anna)
    view = api(projector, token, "sessions/1/take-part",
               {"kind": "queue", "request": "Q" * 22}).json()["round"]
    assert (view["topic"], view["seated"], view["position"]) == (
        "Wie bleiben Orte offen?", False, 1)
    view = api(projector, token, "sessions/1/take-part",
               {"kind": "leave", "request": "L" * 22}).json()["round"]
    assert view["position"] is None


def restated_council(projector: Projector) -> tuple[SimPerson, SimPerson]:
    """A council in its second round: Politik (Mia) restated Verwaltung's (Anna's) interest."""
    anna, mia = projector.run(people, projector.room, "Anna", "Mia")
    projector.say(projector.room.fatma,
                  "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik")
    live = projector.run(live_message, projector.room)
    projector.run(anna.press, live, "Verwaltung")
    projector.run(mia.press, live, "Politik")
    projector.say(anna, "/interest Ruhe am Abend weil Menschen dort wohnen")
    projector.say(mia, "/interest Arbeitsplätze weil die Stadt Steuern braucht")
    projector.say(projector.room.fatma, "/round")
    projector.say(mia, "/restate 1 Ihr wollt abends Ruhe für die Anwohner")
    return anna, mia


def test_the_original_group_rates_a_restatement_in_the_app_once(projector: Projector) -> None:
    anna, mia = restated_council(projector)
    token = token_for(projector, anna)
    round_view = api(projector, token, "sessions/1/round").json()["round"]
    assert round_view["rate"] == [{
        "interest": 1, "text": "Ruhe am Abend",
        "restatement": "Ihr wollt abends Ruhe für die Anwohner",
        "rating": None, "correction": None}]
    move = {"kind": "rate", "interest": 1, "rating": "partly",
            "correction": "Auch tagsüber", "request": "rate-1-request-id"}
    answer = api(projector, token, "sessions/1/take-part", move)
    assert answer.status_code == 200
    assert answer.json()["round"]["rate"][0] == {
        "interest": 1, "text": "Ruhe am Abend",
        "restatement": "Ihr wollt abends Ruhe für die Anwohner",
        "rating": "partly", "correction": "Auch tagsüber"}
    # The same request again acts once (a second rating would be refused as unchanged).
    assert api(projector, token, "sessions/1/take-part", move).status_code == 200
    assert t("council.rating_partly") in str(projector.run(live_message, projector.room))
    # Mia's group restated it; rating it is the original group's.
    other = token_for(projector, mia)
    assert api(projector, other, "sessions/1/round").json()["round"]["rate"] == []
    refused = api(projector, other, "sessions/1/take-part",
                  {**move, "request": "rate-2-request-id"})
    assert refused.status_code == 400
    assert refused.json()["error"] == t("council.rate_not_your_group", group="Verwaltung")

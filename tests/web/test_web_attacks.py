"""Attacks on the web side through the test client: init data replayed in another spelling or
twice at once, bodies of 10 MB, JSON of the wrong types, request ids that are missing or
shared, a stranger's event stream, cookies behind a TLS proxy, hostile names and redirects.
Each attack is answered 4xx (never 500) and changes nothing."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import httpx2 as httpx
import pytest

from locales import translator
from tests.web.conftest import Projector
from tests.web.helpers import people
from tests.web.test_miniapp import OPEN, api, exchange, init_data, token_for
from tests.web.test_take_part import REQUEST, Browser
from tests.web.test_wall_floor import opened
from web.miniapp import InitDataError, check_init_data

t = translator("de")
TEN_MB = 10 * 1024 * 1024


def logged(projector: Projector) -> int:
    """How many steps the round log holds (a move that changed nothing added none)."""
    async def count() -> int:
        assert projector.world.app is not None
        async with projector.world.app.bot_data["services"].db.read() as tx:
            row = await tx.one("SELECT COUNT(*) AS n FROM round_log", ())
        assert row is not None
        return int(row["n"])
    return projector.run(count)


def raw(projector: Projector, token: str, path: str, content: bytes | str) -> Any:
    """A POST to the Mini App's API with a body exactly as given."""
    return projector.client.post(f"/app/api/{path}", content=content, headers={
        "authorization": f"Bearer {token}", "content-type": "application/json"})


def request_id() -> str:
    return secrets.token_urlsafe(16)


# --- init data -----------------------------------------------------------------------------


def test_init_data_with_a_hash_that_is_not_ascii_is_refused(projector: Projector) -> None:
    data = init_data(4242)
    forged = re.sub(r"hash=[0-9a-f]+", "hash=%C3%A9" + "0" * 62, data)
    with pytest.raises(InitDataError):
        check_init_data(forged, "123:abc")
    assert exchange(projector, forged).status_code == 401


def test_used_init_data_in_another_spelling_is_not_exchanged_again(projector: Projector) -> None:
    ben = projector.world.person("Ben", "de", "ben")
    data = init_data(ben)
    assert exchange(projector, data).status_code == 200
    fields = parse_qsl(data, strict_parsing=True)
    respelled = (urlencode(list(reversed(fields))), urlencode(fields, quote_via=quote),
                 data.replace("auth_date=", "auth%5Fdate="))
    for again in respelled:
        assert again != data
        assert exchange(projector, again).status_code == 401, again


def test_init_data_sent_twice_at_once_is_exchanged_once(projector: Projector) -> None:
    ben = projector.world.person("Ben", "de", "ben")
    data = init_data(ben)

    async def twice() -> list[int]:
        transport = httpx.ASGITransport(app=projector.side.asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            answers = await asyncio.gather(*(client.post("/app/session", json={"initData": data})
                                             for _ in range(2)))
        return sorted(answer.status_code for answer in answers)

    assert projector.run(twice) == [200, 401]


# --- bodies --------------------------------------------------------------------------------


def chunks(size: int) -> Iterator[bytes]:
    """A body sent without a length (chunked), as a client that hides its size sends it."""
    yield b'{"initData": "'
    for _ in range(size // 65536):
        yield b"x" * 65536
    yield b'"}'


def test_a_ten_megabyte_body_is_refused_as_too_large(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    anna, = projector.run(people, projector.room, "Anna")
    token = token_for(projector, anna)
    before = logged(projector)
    note = json.dumps({"kind": "note", "question": 1, "request": request_id(),
                       "text": "x" * TEN_MB})
    assert raw(projector, token, "sessions/1/take-part", note).status_code == 413
    big = b'{"initData": "' + b"x" * TEN_MB + b'"}'
    assert projector.client.post("/app/session", content=big).status_code == 413
    assert projector.client.post("/app/session", content=chunks(TEN_MB)).status_code == 413
    browser = Browser(projector)
    browser.join()
    response = browser.client.post(f"{browser.path}/note", content=b"text=" + b"x" * TEN_MB,
                                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert logged(projector) == before


# --- JSON of the wrong types -----------------------------------------------------------------


TAKE_PART = [
    "[]", '"note"', "null", "1", "{}",
    '{"kind": ["note"], "question": 1, "text": "x", "request": "%s"}',
    '{"kind": "note", "question": "1; drop", "text": "x", "request": "%s"}',
    '{"kind": "note", "question": "1", "text": "x", "request": "%s"}',
    '{"kind": "note", "question": true, "text": "x", "request": "%s"}',
    '{"kind": "note", "question": 1.5, "text": "x", "request": "%s"}',
    '{"kind": "note", "question": 1e400, "text": "x", "request": "%s"}',
    '{"kind": "note", "question": 99999999999999999999999, "text": "x", "request": "%s"}',
    '{"kind": "note", "question": 1, "text": ["<script>"], "request": "%s"}',
    '{"kind": "note", "question": 1, "text": {"a": 1}, "request": "%s"}',
    '{"kind": "note", "question": 1, "text": "x", "request": ["%s"]}',
    '{"kind": "note", "question": 1, "text": "x", "request": "short"}',
    '{"kind": "note", "question": 1, "text": "x"}',
    '{"kind": "dot", "option": {"key": 1}, "request": "%s"}',
    '{"kind": "dot", "option": "1", "request": "short"}',
    '{"kind": "queue", "request": 12345678901234567890}',
    '{"kind": "upvote", "number": 1, "vote": "true", "request": "%s"}',
    '{"kind": "upvote", "number": 1, "vote": 1, "request": "%s"}',
    '{"kind": "ask", "text": "x", "anonymous": "true", "request": "%s"}',
    '{"kind": "rate", "interest": 1, "rating": ["understood"], "request": "%s"}',
]


@pytest.mark.parametrize("body", TAKE_PART)
def test_a_move_of_the_wrong_types_is_a_bad_request_and_changes_nothing(
    projector: Projector, body: str,
) -> None:
    projector.say(projector.room.fatma, OPEN)
    anna, = projector.run(people, projector.room, "Anna")
    token = token_for(projector, anna)
    before = logged(projector)
    content = body.replace("%s", request_id())
    response = raw(projector, token, "sessions/1/take-part", content)
    assert response.status_code == 400, response.text
    assert logged(projector) == before


def test_a_truth_value_spelled_as_text_is_a_bad_request_in_a_round_of_questions(
    projector: Projector,
) -> None:
    """"anonymous": "true" would have asked with the person's name, "vote": "true" taken a
    vote back."""
    here = opened(projector, "/questions 20m Podium: Dritte Orte", "questions.anonymity_yes",
                  "Anna", "Ben")
    projector.say(here["Anna"], "/ask Wer zahlt die Miete?")
    token = token_for(projector, here["Ben"])
    before = logged(projector)
    for body in ({"kind": "ask", "text": "Heimlich?", "anonymous": "true"},
                 {"kind": "upvote", "number": 1, "vote": "true"},
                 {"kind": "upvote", "number": 1, "vote": 1}):
        answer = api(projector, token, "sessions/1/take-part", {**body, "request": request_id()})
        assert answer.status_code == 400, answer.text
    assert logged(projector) == before
    assert [q.text for q in projector.run(here.questions).questions] == ["Wer zahlt die Miete?"]


@pytest.mark.parametrize("body", [
    '{"kind": "group", "notes": "12", "name": "Orte", "request": "%s"}',
    '{"kind": "group", "notes": [1, 2], "name": ["Orte"], "request": "%s"}',
    '{"kind": "group", "notes": [1e400], "name": "Orte", "request": "%s"}',
    '{"kind": "group", "notes": [true, 2], "name": "Orte", "request": "%s"}',
    '{"kind": "group", "notes": {"1": 1}, "name": "Orte", "request": "%s"}',
    '{"kind": "out", "note": "1", "request": "%s"}',
    '{"kind": "dissolve", "cluster": 99999999999999999999999, "request": "%s"}',
])
def test_a_grouping_move_of_the_wrong_types_is_a_bad_request(
    projector: Projector, body: str,
) -> None:
    anna, = projector.run(people, projector.room, "Anna")
    projector.say(projector.room.fatma, OPEN)
    projector.say(anna, "/note 1 Bibliothek\n/note 1 Café")
    projector.say(projector.room.fatma, "/cluster")
    token = token_for(projector, projector.room.fatma)
    before = logged(projector)
    response = raw(projector, token, "sessions/1/move", body.replace("%s", request_id()))
    assert response.status_code == 400, response.text
    assert logged(projector) == before


@pytest.mark.parametrize("body", [
    '{"kind": "move", "round": 99999999999999999999999, "code": "vote", "request": "%s"}',
    '{"kind": "move", "round": 1e400, "code": "vote", "request": "%s"}',
    '{"kind": "move", "round": "1", "code": "vote", "request": "%s"}',
    '{"kind": "move", "round": 1, "code": ["vote"], "request": "%s"}',
    '{"kind": "move", "round": 1, "code": "seat", "args": "12", "request": "%s"}',
    '{"kind": "end", "confirmed": "true", "request": "%s"}',
    '{"kind": "end", "confirmed": true, "request": "short"}',
])
def test_a_panel_move_of_the_wrong_types_is_a_bad_request(projector: Projector, body: str) -> None:
    projector.say(projector.room.fatma, OPEN)
    token = token_for(projector, projector.room.fatma)
    before = logged(projector)
    response = raw(projector, token, "sessions/1/panel", body.replace("%s", request_id()))
    assert response.status_code == 400, response.text
    assert logged(projector) == before


def test_a_session_number_too_large_for_the_database_is_not_found(projector: Projector) -> None:
    token = token_for(projector, projector.room.fatma)
    huge = "9" * 30
    for path in ("round", "board", "panel"):
        assert api(projector, token, f"sessions/{huge}/{path}").status_code == 404
    answer = api(projector, token, f"sessions/{huge}/take-part",
                 {"kind": "queue", "request": request_id()})
    assert answer.status_code == 404
    ben = projector.world.person("Ben", "de", "ben")
    for start in (f"s{huge}", "s\u00b2", "s\u0661"):
        opened = projector.client.post("/app/session", json={
            "initData": init_data(ben, start_param=start, query_id=start)})
        assert opened.status_code == 200 and opened.json()["start"] is None


# --- request ids ---------------------------------------------------------------------------


def test_a_guest_form_without_a_good_request_id_moves_nothing_and_says_so(
    projector: Projector,
) -> None:
    projector.say(projector.room.fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    browser = Browser(projector)
    browser.join()
    before = logged(projector)
    for request in ("", "short", "x" * 65, "<script>alert(1)</script>xxxxx"):
        assert browser.post("queue", request=request) in (400, 403)
    assert logged(projector) == before
    assert t("join.queue_join") in browser.page()


def test_one_persons_request_id_neither_blocks_nor_replays_anothers(
    projector: Projector,
) -> None:
    projector.say(projector.room.fatma, OPEN)
    ada, eve = Browser(projector), Browser(projector)
    ada.join(name="Ada")
    eve.join(name="Eve")
    shared = request_id()
    assert eve.post("note", question="1", text="Von Eve", request=shared) == 303
    assert ada.post("note", question="1", text="Von Ada", request=shared) == 303
    anna, = projector.run(people, projector.room, "Anna")
    token = token_for(projector, anna)
    answer = api(projector, token, "sessions/1/take-part",
                 {"kind": "note", "question": 1, "text": "Von Anna", "request": shared})
    assert answer.status_code == 200
    page = projector.page()
    assert "Von Eve" in page and "Von Ada" in page and "Von Anna" in page
    assert t("wall.notes", count=3) in page


# --- who may read what -----------------------------------------------------------------------


def test_a_stranger_gets_no_event_stream_of_a_session(projector: Projector) -> None:
    stranger = projector.world.person("Mallory", "de", "mallory")  # never in the group
    token = token_for(projector, stranger)

    async def opened() -> int:
        transport = httpx.ASGITransport(app=projector.side.asgi)
        async with (httpx.AsyncClient(transport=transport, base_url="http://testserver")
                    as client, asyncio.timeout(5),
                    client.stream("GET", "/app/api/sessions/1/events",
                                  headers={"authorization": f"Bearer {token}"}) as response):
            return response.status_code

    assert projector.run(opened) == 403


def test_a_role_taken_away_counts_at_the_next_request(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    token = token_for(projector, projector.room.fatma)
    assert api(projector, token, "sessions/1/panel").status_code == 200

    async def demote() -> None:
        assert projector.world.app is not None
        async with projector.world.app.bot_data["services"].db.transaction() as tx:
            await tx.execute("DELETE FROM roles WHERE user_id = ?", (projector.room.fatma.id,))

    projector.run(demote)
    before = logged(projector)
    assert api(projector, token, "sessions/1/panel").status_code in (403, 404)
    answer = api(projector, token, "sessions/1/panel",
                 {"kind": "move", "round": 1, "code": "cluster", "request": request_id()})
    assert answer.status_code in (403, 404)
    assert logged(projector) == before


# --- the guest's cookie and forms behind a TLS proxy ------------------------------------------


PUBLIC = "https://werkstatt.example.org"


def test_behind_a_tls_proxy_the_cookie_is_secure_and_the_public_origin_may_post(
    projector: Projector,
) -> None:
    projector.side.base = PUBLIC  # the proxy speaks plain HTTP to the web side
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    response = browser.client.post(browser.path, data={"name": "Ada"}, follow_redirects=False,
                                   headers={"origin": PUBLIC, "sec-fetch-site": "same-origin"})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    name, value = cookie.split(";")[0].split("=", 1)  # the browser sends it over HTTPS
    browser.client.cookies.set(name, value, path="/join/")
    found = REQUEST.search(browser.page())
    assert found is not None
    posted = browser.client.post(f"{browser.path}/note", follow_redirects=False,
                                 data={"question": "1", "text": "Hinter dem Proxy",
                                       "request": found.group(1)},
                                 headers={"origin": PUBLIC})
    assert posted.status_code == 303
    evil = browser.client.post(f"{browser.path}/note", follow_redirects=False,
                               data={"question": "1", "text": "Von woanders",
                                     "request": request_id()},
                               headers={"origin": "https://werkstatt.example.org.evil.example"})
    assert evil.status_code == 403
    page = projector.page()
    assert "Hinter dem Proxy" in page and "Von woanders" not in page


def test_a_cookie_kept_after_forgetting_acts_no_more(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join(name="Ada Lovelace", consent="yes")
    kept = dict(browser.client.cookies.items())
    assert browser.post("note", question="1", text="Vorher") == 303
    assert browser.post("forget", choice="anon") == 200
    replay = Browser(projector)
    for name, value in kept.items():
        replay.client.cookies.set(name, value, path="/join/")
    assert replay.post("note", question="1", text="Danach", request=request_id()) == 403
    assert replay.post("forget", choice="erase") == 403
    assert "Danach" not in projector.page()


# --- people's text ---------------------------------------------------------------------------


def guest_names(projector: Projector) -> list[str]:
    async def names() -> list[str]:
        assert projector.world.app is not None
        async with projector.world.app.bot_data["services"].db.read() as tx:
            rows = await tx.all("SELECT display_name, organization FROM people"
                                " WHERE user_id < -1000000000 ORDER BY user_id", ())
        return [f"{row['display_name']}|{row['organization']}" for row in rows]
    return projector.run(names)


def test_a_guests_name_loses_its_invisible_controls_and_shows_escaped(
    projector: Projector,
) -> None:
    projector.say(projector.room.fatma, "/fishbowl 5 Stühle Wie bleiben Orte offen?")
    browser = Browser(projector)
    browser.join(name="<script>alert(1)</script>\u202eAda\x00\u2066", consent="yes",
                 organization="Amt\x00 für \u202dStadt")
    assert guest_names(projector) == ["<script>alert(1)</script>Ada|Amt für Stadt"]
    assert browser.post("queue") == 303
    wall = projector.page()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Ada" in wall and "<script>alert" not in wall
    assert "<script>alert" not in browser.page()


def test_no_template_holds_an_inline_script_a_style_or_a_handler() -> None:
    from importlib.resources import files
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=|javascript:|<style",
                        re.IGNORECASE)
    templates = files("web") / "templates"
    found = {entry.name: inline.findall(entry.read_text("utf-8"))
             for entry in templates.iterdir() if entry.name.endswith(".j2")}
    assert found and not any(found.values()), found


@pytest.mark.parametrize("path", ["//evil.example/", "///evil.example/x", "/join//evil.example",
                                  "/wall/%2F%2Fevil.example", "/static//evil.example",
                                  "/app/", "/join/x/"])
def test_no_path_redirects_elsewhere(projector: Projector, path: str) -> None:
    response = projector.client.get(path, follow_redirects=False)
    if 300 <= response.status_code < 400:
        target = urlsplit(response.headers["location"])
        assert target.netloc in ("", "testserver"), response.headers["location"]
        assert not response.headers["location"].startswith("//")
    else:
        assert response.status_code in (200, 404, 405), response.status_code


def test_the_wall_token_appears_in_no_group_message(projector: Projector) -> None:
    room = projector.room
    projector.say(room.fatma, OPEN)
    api_calls = projector.world.api
    texts = [json.dumps(call.params) for method in ("sendMessage", "editMessageText",
                                                    "sendPhoto")
             for call in api_calls.sent(method, room.chat.id)]
    assert texts and not any(projector.token in text for text in texts)
    assert projector.token not in Browser(projector).page()



@pytest.mark.parametrize("fields", [
    {"question": "1; drop"}, {"question": "1e400"}, {"question": "9" * 5000},
    {"question": "-1"}, {"question": str(2 ** 70)},
])
def test_a_guest_form_of_the_wrong_types_changes_nothing(
    projector: Projector, fields: dict[str, str],
) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    before = logged(projector)
    assert browser.post("note", text="Notiz", **fields) in (400, 403)
    assert logged(projector) == before


def test_every_api_route_refuses_a_forged_or_expired_token(projector: Projector) -> None:
    from web.miniapp import Tokens
    fatma = projector.room.fatma.id
    honest = projector.side.grouping
    assert honest is not None
    expired = honest[2].make(fatma, now=0)
    forged = Tokens(b"x" * 32).make(fatma)
    swapped = re.sub(r"^\d+", str(fatma + 1), honest[2].make(fatma))
    before = logged(projector)
    for token in (expired, forged, swapped, "", "Bearer", "1.9999999999.abc"):
        for path in ("sessions", "sessions/1/round", "sessions/1/board", "sessions/1/panel",
                     "sessions/1/events"):
            assert api(projector, token, path).status_code == 401, (token, path)
        for path in ("sessions/1/take-part", "sessions/1/move", "sessions/1/panel"):
            answer = api(projector, token, path, {"kind": "queue", "request": request_id()})
            assert answer.status_code == 401, (token, path)
    assert logged(projector) == before


def test_the_join_token_opens_no_wall(projector: Projector) -> None:
    browser = Browser(projector)
    for path in ("", "/events", "/join.png"):
        assert projector.client.get(f"/wall/{browser.token}{path}").status_code == 404


def test_json_nested_too_deep_is_a_bad_request(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    token = token_for(projector, projector.room.fatma)
    deep = "[" * 20_000 + "]" * 20_000
    assert projector.client.post("/app/session", content=deep).status_code == 401
    for path in ("take-part", "move", "panel"):
        assert raw(projector, token, f"sessions/1/{path}", deep).status_code == 400, path
    odd = b'{"kind": "queue", "request": "\xff\xfe"}'
    assert raw(projector, token, "sessions/1/take-part", odd).status_code == 400


@pytest.mark.parametrize("args", [[], [""], ["x"], ["-5"], ["0"], ["9" * 30], ["9" * 5000],
                                  ["\u00b2"], [str(2 ** 63)]])
@pytest.mark.parametrize("opening", ["/pinboard 10m Dritte Orte\nWas sind Dritte Orte?",
                                     "/fishbowl 5 Stühle Wie bleiben Orte offen?"])
def test_a_panel_tap_with_broken_arguments_is_refused(projector: Projector, opening: str,
                                                      args: list[str]) -> None:
    projector.say(projector.room.fatma, opening)
    token = token_for(projector, projector.room.fatma)
    before = logged(projector)
    for code in ("ext", "sug", "sit", "spk", "fix", "ans"):
        answer = api(projector, token, "sessions/1/panel", {
            "kind": "move", "round": 1, "code": code, "args": args, "request": request_id()})
        assert answer.status_code == 400, (code, answer.text)
    assert logged(projector) == before
    assert "Dritte Orte" in projector.page() or "Orte offen" in projector.page()


def test_a_stream_asked_for_without_being_read_holds_no_place(projector: Projector) -> None:
    """HEAD (Starlette answers it on every GET route) makes the event stream's response but
    never runs it: each such request kept one of the link's places for good, so a few dozen
    made the wall "full" for every projector."""
    most = projector.side.streams.most
    for _ in range(most + 2):
        assert projector.client.head(f"/wall/{projector.token}/events").status_code == 200
    assert projector.side.streams.count(projector.token) == 0
    token = token_for(projector, projector.room.fatma)
    app_streams = projector.side.miniapp.streams
    for _ in range(app_streams.most + 2):
        answer = projector.client.head("/app/api/sessions/1/events",
                                       headers={"authorization": f"Bearer {token}"})
        assert answer.status_code == 200
    assert app_streams.count(projector.room.fatma.id) == 0


@pytest.mark.parametrize("body", [
    {"format": ["pinboard"], "title": "Orte", "lines": "A?", "minutes": 10},
    {"format": "pinboard", "title": ["Orte"], "lines": "A?", "minutes": 10},
    {"format": "pinboard", "title": "Orte", "lines": [1, 2], "minutes": 10},
    {"format": "pinboard", "title": "Orte", "lines": {"A?": 1}, "minutes": 10},
    {"format": "pinboard", "title": "Orte", "lines": "A?", "minutes": "10"},
    {"format": "pinboard", "title": "Orte", "lines": "A?", "minutes": 10, "choice": "true"},
    {"format": "closing", "title": "Wie war es?", "choice": "true", "minutes": 5},
])
def test_a_new_round_set_up_with_the_wrong_types_is_a_bad_request(
    projector: Projector, body: dict[str, Any],
) -> None:
    token = token_for(projector, projector.room.fatma)
    answer = api(projector, token, "sessions/1/panel",
                 {"kind": "open", **body, "request": request_id()})
    assert answer.status_code == 400, answer.text
    assert api(projector, token, "sessions/1/round").json()["round"] == {"kind": None}

"""Questions from the floor in the Mini App and on the page to take part without Telegram:
every question the room sees ranked by votes (answered ones marked, hidden ones left out,
duplicates folded into the question they joined), upvoted and taken back once per request,
asked (anonymously where allowed) — counting together with the group's buttons. A forged
token, a revoked link or a vote after the close changes nothing; an anonymous question's
author is in no answer."""

from __future__ import annotations

import asyncio
import re
import secrets
from typing import Any

import httpx2 as httpx

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.helpers import SessionRoom
from tests.web.conftest import Projector
from tests.web.helpers import ask_for_wall, live_message, people
from tests.web.test_miniapp import api, init_data, token_for
from tests.web.test_take_part import Browser
from tests.web.test_wall_floor import HOSTILE, opened, press
from tests.web.test_wall_server import events
from web.limits import Pace, Streams
from web.miniapp import Tokens

t = translator("de")
PODIUM = "/questions 20m Podium: Dritte Orte"
ANONYMOUS = "questions.anonymity_yes"
NAMED = "questions.anonymity_no"


def floor(projector: Projector, token: str) -> dict[str, Any]:
    """The Mini App's view of the session's open round."""
    response = api(projector, token, "sessions/1/round")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["round"]
    return found


def move(projector: Projector, token: str, **body: Any) -> Any:
    body.setdefault("request", secrets.token_urlsafe(16))
    return api(projector, token, "sessions/1/take-part", body)


def state(projector: Projector, here: Any) -> Any:
    return projector.run(here.questions)


def test_the_app_lists_every_question_ranked_with_what_the_person_may_do(
    projector: Projector,
) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna", "Bernd", "Chiara")
    projector.say(here["Anna"], "/ask Wer zahlt die Miete?")
    projector.say(here["Bernd"], "/ask Wie lange dauert der Umbau?")
    projector.say(here["Chiara"], f"/ask {HOSTILE}")
    projector.say(here["Chiara"], "/ask Werbung für meinen Laden!")
    projector.say(here["Anna"], "/ask Wer zahlt eigentlich die Miete?")
    press(projector, here["Chiara"], "👍 2")
    press(projector, here["Anna"], "👍 2")
    projector.run(here.follow, here.fatma, projector.run(live_message, projector.room),
                  "Alle Fragen")
    for label in ("✅ 2", "🙈 4"):
        projector.run(here.fatma.press, here.private(here.fatma), label)
    projector.run(here.fatma.press, here.private(here.fatma), "⇄ 5")
    projector.run(here.fatma.press, here.private(here.fatma), "→ 1")  # 5 joins 1
    view = floor(projector, token_for(projector, here["Bernd"]))
    assert view["kind"] == "questions" and view["title"] == "Podium: Dritte Orte"
    assert view["anonymity"] is False and view["count"] == t("questions.count", count=3)
    listed = [(q["number"], q["votes"], q["answered"], q["mine"], q["voted"])
              for q in view["questions"]]
    assert listed == [(2, 2, True, True, False), (1, 0, False, False, False),
                      (3, 0, False, False, False)]
    first, second, third = view["questions"]
    assert first["author"] == "Bernd" and second["author"] == "Anna"
    assert first["votes_label"] == t("wall.votes", count=2)
    assert second["merged"] == t("questions_web.merged", count=1, numbers="5")
    assert third["text"] == HOSTILE  # data for textContent: the page never parses it as HTML
    assert "Werbung" not in str(view)  # hidden


def test_someone_outside_the_session_sees_no_questions_and_moves_nothing(
    projector: Projector,
) -> None:
    """As in chat, where the full list is for those who may vote: no names to strangers, who
    are not let in to read the session at all."""
    here = opened(projector, PODIUM, NAMED, "Anna")
    projector.say(here["Anna"], "/ask Wer zahlt die Miete?")
    stranger = token_for(projector, projector.world.person("Eve", "de", "eve"))
    view = api(projector, stranger, "sessions/1/round")
    assert view.status_code == 403
    assert "Anna" not in view.text and "Miete" not in view.text
    refused = move(projector, stranger, kind="upvote", number=1, vote=True)
    assert refused.status_code == 403
    assert state(projector, here).questions[0].voters == ()


def test_an_upvote_in_the_app_counts_once_a_second_tap_takes_it_back(
    projector: Projector,
) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna", "Bernd")
    projector.say(here["Anna"], "/ask Wer zahlt die Miete?")
    token = token_for(projector, here["Bernd"])
    vote = {"kind": "upvote", "number": 1, "vote": True, "request": "V" * 22}
    for _ in range(2):  # a double tap, or a retry: one request acts once
        answer = api(projector, token, "sessions/1/take-part", vote)
        assert answer.status_code == 200, answer.text
    assert answer.json()["round"]["questions"][0]["voted"] is True
    assert state(projector, here).questions[0].voters == (here["Bernd"].id,)
    projector.run(projector.world.settle)
    assert "Wer zahlt die Miete? – Anna · 👍 1" in projector.run(live_message,
                                                                projector.room)["text"]
    press(projector, here.fatma, "👍 1")
    back = move(projector, token, kind="upvote", number=1, vote=False)
    assert back.status_code == 200 and back.json()["round"]["questions"][0]["voted"] is False
    assert state(projector, here).questions[0].voters == (here.fatma.id,)
    again = move(projector, token, kind="upvote", number=1, vote=False)
    assert again.status_code == 400 and again.json()["error"] == t("questions.not_voted", number=1)


def test_ones_own_question_has_no_vote_in_the_app_and_a_forged_vote_is_refused(
    projector: Projector,
) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna")
    projector.say(here["Anna"], "/ask Wer zahlt die Miete?")
    token = token_for(projector, here["Anna"])
    assert floor(projector, token)["questions"][0]["mine"] is True
    refused = move(projector, token, kind="upvote", number=1, vote=True)
    assert refused.status_code == 400
    assert refused.json()["error"] == t("questions.own_question", number=1)
    assert state(projector, here).questions[0].voters == ()


def test_a_question_asked_in_the_app_joins_the_round_and_the_live_message(
    projector: Projector,
) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna")
    token = token_for(projector, here["Anna"])
    asked = move(projector, token, kind="ask", text="Wie geht es weiter?")
    assert asked.status_code == 200, asked.text
    assert asked.json()["round"]["questions"][0] == {
        "number": 1, "rank": 1, "text": "Wie geht es weiter?", "author": "Anna", "votes": 0,
        "votes_label": t("wall.votes", count=0), "answered": False, "mine": True,
        "voted": False, "merged": None}
    projector.run(projector.world.settle)
    assert "1. Wie geht es weiter? – Anna" in projector.run(live_message, projector.room)["text"]
    assert t("questions.count", count=1) in projector.page()
    refused = move(projector, token, kind="ask", text="Heimlich?", anonymous=True)
    assert refused.status_code == 400
    assert refused.json()["error"] == t("questions.anonymity_not_allowed")
    too_long = move(projector, token, kind="ask", text="x" * 501)
    assert too_long.json()["error"] == t("questions.too_long", max=500)
    assert len(state(projector, here).questions) == 1


def test_an_anonymous_question_names_its_author_nowhere(projector: Projector) -> None:
    here = opened(projector, PODIUM, ANONYMOUS, "Anna", "Bernd")
    anna = here["Anna"]
    anna_token = token_for(projector, anna)
    assert floor(projector, anna_token)["anonymity"] is True
    assert move(projector, anna_token, kind="ask", text="Wer prüft das?",
                anonymous=True).status_code == 200
    browser = Browser(projector)
    browser.join(name="Ada Lovelace", consent="yes")
    assert t("questions_web.anonymous") in browser.page()
    assert browser.post("ask", text="Und die Kosten?", anonymous="yes") == 303
    assert [q.anonymous for q in state(projector, here).questions] == [True, True]
    view = api(projector, token_for(projector, here["Bernd"]), "sessions/1/round").text
    page = Browser(projector)
    page.join(name="Grace")
    html = page.page()
    wall = projector.page()
    projector.run(projector.world.settle)
    live = projector.run(live_message, projector.room)["text"]
    for seen in (view, html, wall, live):
        assert "Wer prüft das?" in seen and "Und die Kosten?" in seen
        assert "Anna" not in seen and "Ada" not in seen and "Lovelace" not in seen
        assert str(anna.id) not in seen
    assert view.count(f'"author":"{t("questions.anonymous")}"') == 2
    assert t("questions.anonymous") in html
    assert t("questions_web.yours") in browser.page()  # to herself, on her own screen only


def test_a_guest_lists_upvotes_takes_back_and_asks_on_the_page(projector: Projector) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna", "Bernd")
    projector.say(here["Anna"], f"/ask {HOSTILE}")
    projector.say(here["Bernd"], "/ask Wie lange dauert der Umbau?")
    press(projector, here["Anna"], "👍 2")
    browser = Browser(projector)
    browser.join(name="Ada")
    page = browser.page()
    assert page.index("Wie lange dauert der Umbau?") < page.index("&lt;script&gt;alert")
    assert "<script>alert" not in page and "<b>fett</b>" not in page
    assert "– Anna" in page and "– Bernd" in page and t("questions.list_hint") in page
    assert t("wall.votes", count=1) in page
    assert browser.post("upvote", number="1") == 303
    assert t("questions_web.upvoted") in browser.client.get(f"{browser.path}?done=upvoted").text
    assert t("questions.button_unvote", number=1) in browser.page()
    projector.run(projector.world.settle)
    assert "– Anna · 👍 1" in projector.run(live_message, projector.room)["text"]
    assert browser.post("upvote", number="1", action="take_back") == 303
    assert state(projector, here).questions[0].voters == ()
    assert browser.post("upvote", number="1", action="take_back") == 400
    assert t("questions.not_voted", number=1) in browser.last
    assert browser.post("ask", text="Wer <em>bezahlt</em>?") == 303
    page = browser.page()
    assert "Wer &lt;em&gt;bezahlt&lt;/em&gt;?" in page and t("questions_web.yours") in page
    assert "anonymous" not in page  # the round allows no anonymous questions: no choice
    assert browser.post("ask", text="Heimlich", anonymous="yes") == 400
    assert t("questions.anonymity_not_allowed") in browser.last
    assert browser.post("upvote", number="3") == 400  # her own
    assert t("questions.own_question", number=3) in browser.last
    asked = state(projector, here).questions
    assert [(q.number, q.text, q.voters) for q in asked] == [
        (1, HOSTILE, ()), (2, "Wie lange dauert der Umbau?", (here["Anna"].id,)),
        (3, "Wer <em>bezahlt</em>?", ())]


def test_a_vote_form_sent_twice_votes_once(projector: Projector) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna")
    projector.say(here["Anna"], "/ask Wer zahlt?")
    browser = Browser(projector)
    browser.join()
    for _ in range(3):
        assert browser.post("upvote", number="1", request="Q" * 22) == 303
    assert len(state(projector, here).questions[0].voters) == 1


def test_a_forged_or_revoked_token_changes_nothing(projector: Projector) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna")
    projector.say(here["Anna"], "/ask Wer zahlt?")
    browser = Browser(projector)
    browser.join()
    forged = Tokens(b"x" * 32).make(here.fatma.id)
    for token in (forged, "1.2.3", ""):
        assert move(projector, token, kind="upvote", number=1, vote=True).status_code == 401
        assert move(projector, token, kind="ask", text="Gefälscht").status_code == 401
    cookie = next(iter(browser.client.cookies.keys()))
    forger = Browser(projector)
    forger.client.cookies.set(cookie, f"{browser.client.cookies[cookie][:-4]}0000",
                              path="/join/")
    assert forger.post("upvote", number="1", request="F" * 22) == 403
    assert forger.post("ask", text="Gefälscht", request="G" * 22) == 403
    projector.run(ask_for_wall, projector.room, "new")  # the old link is revoked
    assert browser.client.post(f"{browser.path}/upvote", data={
        "number": "1", "request": "H" * 22}).status_code == 404
    assert browser.client.post(f"{browser.path}/ask", data={
        "text": "Zu spät", "request": "I" * 22}).status_code == 404
    asked = state(projector, here).questions
    assert [(q.text, q.voters) for q in asked] == [("Wer zahlt?", ())]


def test_a_vote_after_the_close_is_refused_in_the_app_and_on_the_page(
    projector: Projector,
) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna", "Bernd")
    projector.say(here["Anna"], "/ask Wer zahlt?")
    token = token_for(projector, here["Bernd"])
    browser = Browser(projector)
    browser.join()
    found = re.findall(r'name="request" value="([A-Za-z0-9_-]+)"', browser.page())
    assert found  # the page was drawn while the round was open
    projector.say(here.fatma, "/close")
    late = move(projector, token, kind="upvote", number=1, vote=True)
    assert late.status_code == 400 and late.json()["error"] == t("questions.none_open")
    assert floor(projector, token) == {"kind": None}
    assert browser.post("upvote", number="1", request=found[-1]) == 400
    assert t("questions.none_open") in browser.last
    assert move(projector, token, kind="ask", text="Noch eine?").status_code == 400
    assert t("join.nothing_now") in browser.page()
    assert [(q.text, q.voters) for q in state(projector, here).questions] == [("Wer zahlt?", ())]


def test_the_limits_per_person_apply_to_questions(projector: Projector) -> None:
    here = opened(projector, PODIUM, NAMED, "Anna", "Bernd")
    projector.say(here["Anna"], "/ask Wer zahlt?")
    projector.side.guests.moves = Pace(1)
    projector.side.miniapp.moves = Pace(1)
    browser = Browser(projector)
    browser.join()
    assert [browser.post("ask", text="Eins"), browser.post("upvote", number="1")] == [303, 429]
    token = token_for(projector, here["Bernd"])
    answers = [move(projector, token, kind="upvote", number=1, vote=True).status_code,
               move(projector, token, kind="ask", text="Zwei").status_code]
    assert answers == [200, 429]
    assert [(q.text, len(q.voters)) for q in state(projector, here).questions] == [
        ("Wer zahlt?", 1), ("Eins", 0)]


async def test_the_apps_event_stream_says_when_the_session_changed(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    """Only *that* it changed (the app reads the round again); a forged token gets no stream,
    and one person holds at most ``app_streams`` open."""
    world, companion, room, _ = served
    anna, ben = await people(room, "Anna", "Ben")
    await room.say(room.fatma, PODIUM)
    await room.fatma.press(world.api.sent("sendMessage", room.fatma.id)[-1], t(NAMED))
    companion.side.miniapp.streams = Streams(1)
    async with httpx.AsyncClient(base_url=companion.base, timeout=10) as client:
        signed = await client.post("/app/session", json={"initData": init_data(ben)})
        headers = {"authorization": f"Bearer {signed.json()['token']}"}
        forged = {"authorization": f"Bearer {Tokens(b'x' * 32).make(ben.id)}"}
        assert (await client.get("/app/api/sessions/1/events", headers=forged)).status_code == 401
        async with client.stream("GET", "/app/api/sessions/1/events",
                                 headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            second = await client.get("/app/api/sessions/1/events", headers=headers)
            assert second.status_code == 429 and second.json()["error"] == t("join.too_fast")
            stream = events(response)
            await room.say(anna, "/ask Wer zahlt die Miete?")
            name, data = await asyncio.wait_for(anext(stream), 5)
            assert name == "change" and data.isdigit() and "Miete" not in data

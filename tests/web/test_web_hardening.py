"""Hardening of the web side: init data used once also after a restart, reads paced per
person, a request id that never acts twice in a session, only Telegram's own https links
shown as the group's, and no form from an opaque origin (``Origin: null``)."""

from __future__ import annotations

import httpx2 as httpx
import pytest

from locales import translator
from service.wall import telegram_link
from storage import walls
from tests.web.conftest import Projector
from tests.web.helpers import INVITE, people
from tests.web.test_miniapp import OPEN, api, exchange, init_data, token_for
from tests.web.test_take_part import Browser, wall
from web.app import WebSide
from web.limits import Pace

t = translator("de")


# --- init data -----------------------------------------------------------------------------


def test_used_init_data_is_refused_after_a_restart(projector: Projector) -> None:
    ben = projector.world.person("Ben", "de", "ben")
    data = init_data(ben)
    assert exchange(projector, data).status_code == 200
    restarted = WebSide()  # nothing in its memory: the database remembers
    restarted.grouping = projector.side.grouping

    async def after_restart() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=restarted.asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            again = await client.post("/app/session", json={"initData": data})
            fresh = await client.post("/app/session", json={"initData": init_data(
                ben, query_id="another")})
        return again.status_code, fresh.status_code

    assert projector.run(after_restart) == (401, 200)


# --- request ids ---------------------------------------------------------------------------


def test_a_guests_note_sent_again_after_a_new_board_opened_is_not_added_again(
    projector: Projector,
) -> None:
    fatma = projector.room.fatma
    projector.say(fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    assert browser.post("note", question="1", text="Bänke", request="R" * 22) == 303
    assert t("wall.notes", count=1) in wall(projector)
    projector.say(fatma, "/close")
    projector.say(fatma, OPEN)
    assert t("wall.notes", count=0) in wall(projector)
    assert browser.post("note", question="1", text="Bänke", request="R" * 22) == 303
    assert t("wall.notes", count=0) in wall(projector)  # a retry of the old board's note
    assert browser.post("note", question="1", text="Bänke", request="S" * 22) == 303
    assert t("wall.notes", count=1) in wall(projector)


# --- the group's join link -----------------------------------------------------------------


async def join_url(projector: Projector, url: str | None = None) -> str | None:
    """The session's join link as stored (after storing ``url`` directly, as an older version
    may have kept it)."""
    assert projector.world.app is not None
    async with projector.world.app.bot_data["services"].db.transaction() as tx:
        found = await walls.wall_session(tx, projector.token)
        assert found is not None
        if url is not None:
            await walls.set_join_url(tx, found[0].id, url)
        current = await walls.current_wall(tx, found[0].id)
    assert current is not None
    return current.join_url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "http://t.me/+werkstatt2", "https://evil.example/+werkstatt2",
    "https://t.me.evil.example/x", "https://user@t.me/x", "https://t.me:8443/x",
    "https://t.me/", "https://t.me/x\u0000y", "data:text/html,<b>x</b>",
])
def test_a_join_link_that_is_not_telegrams_https_link_is_not_shown(
    projector: Projector, url: str,
) -> None:
    browser = Browser(projector)
    assert f'href="{INVITE}"' in browser.page()
    projector.run(join_url, projector, url)
    page = browser.page()
    assert t("join.telegram") not in page and 'class="telegram"' not in page
    assert url not in page and "javascript:" not in page


def test_a_join_link_telegram_gives_that_is_no_https_link_is_not_kept(
    projector: Projector,
) -> None:
    assert telegram_link("https://t.me/werkstatt_gruppe/12") == "https://t.me/werkstatt_gruppe/12"
    assert telegram_link("https://telegram.me/+abc") == "https://telegram.me/+abc"
    assert telegram_link("http://t.me/+abc") is None and telegram_link(None) is None
    room = projector.room
    for url, kept in (("javascript:alert(1)", INVITE), ("https://t.me/+neu", "https://t.me/+neu")):
        room.world.api.chats[room.chat.id]["invite_link"] = url
        projector.run(room.say, room.fatma, "/wall")
        assert projector.run(join_url, projector) == kept  # a good one stays


# --- forms from an opaque origin -----------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"origin": "null"}, {"origin": "NULL"}, {"origin": "null", "sec-fetch-site": "same-origin"},
    {"origin": "http://[werkstatt"},
])
def test_a_guest_form_from_an_opaque_origin_is_refused(
    projector: Projector, headers: dict[str, str],
) -> None:
    projector.say(projector.room.fatma, OPEN)
    browser = Browser(projector)
    browser.join()
    response = browser.client.post(f"{browser.path}/note", follow_redirects=False, headers=headers,
                                   data={"question": "1", "text": "Aus dem Sandkasten",
                                         "request": "N" * 22})
    assert response.status_code == 403
    joined = Browser(projector).client.post(browser.path, follow_redirects=False,
                                            headers=headers, data={"name": "Nullo"})
    assert joined.status_code == 403 and "set-cookie" not in joined.headers
    assert t("wall.notes", count=0) in wall(projector)
    # The page's own form (its origin, or no header at all from a client without a cookie
    # to borrow) still acts.
    assert browser.client.post(f"{browser.path}/note", follow_redirects=False,
                               headers={"origin": "http://testserver"},
                               data={"question": "1", "text": "Von hier",
                                     "request": "O" * 22}).status_code == 303
    assert t("wall.notes", count=1) in wall(projector)


# --- reads ---------------------------------------------------------------------------------


def test_mini_app_reads_are_paced_per_person(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    anna, ben = projector.run(people, projector.room, "Anna", "Ben")
    projector.side.miniapp.reads = Pace(3)
    token = token_for(projector, anna)
    assert api(projector, token, "sessions").status_code == 200
    assert api(projector, token, "sessions/1/round").status_code == 200
    assert api(projector, token, "sessions/1/board").status_code in (200, 403)
    for path in ("sessions", "sessions/1/round", "sessions/1/panel", "sessions/1/events"):
        refused = api(projector, token, path)
        assert refused.status_code == 429, path
        assert refused.json()["error"] == t("join.too_fast")
        assert refused.headers["retry-after"] == "60"
    assert api(projector, token_for(projector, ben), "sessions/1/round").status_code == 200
    note = {"kind": "note", "question": 1, "text": "Bänke", "request": "M" * 22}
    assert api(projector, token, "sessions/1/take-part", note).status_code == 200  # moves apart
    assert api(projector, "1.1.abc", "sessions").status_code == 401  # no token: not counted


def test_guest_page_reads_are_paced_per_guest_and_per_link(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    ada, bea = Browser(projector), Browser(projector)
    ada.join()
    projector.side.guests.reads = Pace(1)
    projector.side.guests.link_reads = Pace(1)
    assert "Dritte Orte" in ada.page()
    refused = ada.client.get(ada.path)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert t("join.too_fast") in refused.text
    assert "Was sind Dritte Orte?" not in refused.text and "<form" not in refused.text
    assert bea.client.get(bea.path).status_code == 200  # the link's own pace, not Ada's
    again = bea.client.get(bea.path)
    assert again.status_code == 429 and t("join.too_fast") in again.text
    assert "<form" not in again.text
    assert Browser(projector).client.get("/join/" + "x" * 22).status_code == 404

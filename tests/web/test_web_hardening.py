"""Hardening of the web side: init data used once also after a restart, reads paced per
person, a request id that never acts twice in a session, only Telegram's own https links
shown as the group's, and no form from an opaque origin (``Origin: null``)."""

from __future__ import annotations

import httpx2 as httpx

from locales import translator
from tests.web.conftest import Projector
from tests.web.test_miniapp import OPEN, exchange, init_data
from tests.web.test_take_part import Browser, wall
from web.app import WebSide

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

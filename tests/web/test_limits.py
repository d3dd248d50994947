"""Limits per person and per link, never per address (a venue shares one behind its router):
a guest or a Mini App person past their pace gets 429 in their language while the others
go on; a participation link past its joins or forms, a wall link past its requests or open
streams gets 429 too; nothing refused is counted or stored."""

from __future__ import annotations

import asyncio

import httpx2 as httpx

from bot.simulate import World
from bot.webside import WebCompanion
from locales import translator
from tests.bot.helpers import SessionRoom
from tests.web.conftest import Projector
from tests.web.helpers import people
from tests.web.test_miniapp import api, exchange, init_data, token_for
from tests.web.test_take_part import OPEN, Browser
from tests.web.test_wall_server import watching
from web.limits import Pace, Streams, WebLimits

t = translator("de")


async def test_a_pace_counts_per_key_and_refuses_past_its_rate() -> None:
    pace = Pace(2)
    assert [await pace.allow("a") for _ in range(3)] == [True, True, False]
    assert await pace.allow("b")  # another key has a bucket of its own
    assert len(pace) == 2


def test_streams_are_counted_while_open() -> None:
    streams = Streams(2)
    assert streams.open("w") and streams.open("w") and not streams.open("w")
    streams.close("w")
    assert streams.count("w") == 1 and streams.open("w")


def test_the_screens_setting_scales_the_wall_link_limits() -> None:
    assert WebLimits.for_screens(300) == WebLimits(wall_streams=300, wall_requests=1200)
    assert WebLimits.for_screens(30) == WebLimits()


def test_a_guest_past_their_pace_is_slowed_down_and_the_next_guest_is_not(
    projector: Projector,
) -> None:
    projector.side.guests.moves = Pace(2)
    projector.say(projector.room.fatma, OPEN)
    ada, bea = Browser(projector), Browser(projector)  # one address, two people
    ada.join(name="Ada")
    bea.join(name="Bea")
    assert [ada.post("note", question="1", text=f"Ada {n}") for n in range(3)] == [
        303, 303, 429]
    assert t("join.too_fast") in ada.last
    assert bea.post("note", question="1", text="Bea 1") == 303
    assert t("wall.notes", count=3) in projector.page()  # the refused note is not stored


def test_the_answer_past_the_pace_is_the_page_with_a_retry_after(projector: Projector) -> None:
    projector.side.guests.moves = Pace(0)
    projector.say(projector.room.fatma, OPEN)
    ada = Browser(projector)
    ada.join()
    response = ada.client.post(f"{ada.path}/note", data={"question": "1", "text": "x",
                                                         "request": "r" * 20})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert t("join.too_fast") in response.text and t("join.send_note") in response.text


def test_a_participation_link_limits_its_joins_and_its_forms(projector: Projector) -> None:
    projector.say(projector.room.fatma, OPEN)
    projector.side.guests.joins = Pace(1)
    ada, bea = Browser(projector), Browser(projector)
    ada.join(name="Ada")
    refused = bea.client.post(bea.path, data={"name": "Bea"}, follow_redirects=False)
    assert refused.status_code == 429 and t("join.too_fast") in refused.text
    assert "set-cookie" not in refused.headers  # nobody joined

    projector.side.guests.posts = Pace(1)  # every form through the link, whoever sends it
    assert ada.post("note", question="1", text="eins") == 303
    assert ada.post("note", question="1", text="zwei") == 429
    assert t("wall.notes", count=1) in projector.page()


def test_a_mini_app_person_past_their_pace_gets_429_in_their_language(
    projector: Projector,
) -> None:
    room, fatma = projector.room, projector.room.fatma
    anna, = projector.run(people, room, "Anna")
    projector.say(fatma, OPEN)
    projector.side.miniapp.moves = Pace(1)
    token, other = token_for(projector, fatma), token_for(projector, anna)

    def note(key: str, request: str) -> int:
        response = api(projector, key, "sessions/1/take-part",
                       {"kind": "note", "question": 1, "text": request, "request": request * 16})
        if response.status_code == 429:
            assert response.json()["error"] == t("join.too_fast")
            assert response.headers["retry-after"] == "60"
        return int(response.status_code)

    assert [note(token, "a"), note(token, "b"), note(other, "c")] == [200, 429, 200]
    assert t("wall.notes", count=2) in projector.page()


def test_init_data_exchanges_per_person_are_limited(projector: Projector) -> None:
    projector.side.miniapp.exchanges = Pace(1)
    fatma = projector.room.fatma
    assert exchange(projector, init_data(fatma)).status_code == 200
    again = exchange(projector, init_data(fatma, query_id="other"))
    assert again.status_code == 429 and again.json()["error"] == t("join.too_fast")
    assert exchange(projector, init_data(4242)).status_code == 200


def test_a_wall_link_asked_for_too_often_gets_a_page_saying_so(projector: Projector) -> None:
    projector.side.asked = Pace(1)
    assert projector.client.get(f"/wall/{projector.token}").status_code == 200
    refused = projector.client.get(f"/wall/{projector.token}")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert t("wall.busy") in refused.text
    assert "wall.js" not in refused.text  # the refused page does not ask again by itself
    assert projector.client.get(f"/wall/{projector.token}/join.png").status_code == 429
    assert projector.client.get("/wall/" + "A" * 22).status_code == 404  # 404 before 429


async def test_a_wall_link_holds_as_many_streams_as_screens_allowed(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _, companion, _, token = served
    companion.side.streams = Streams(1)
    async with watching(companion, token):
        assert companion.side.streams.count(token) == 1
        async with httpx.AsyncClient(base_url=companion.base, timeout=10) as client:
            refused = await client.get(f"/wall/{token}/events")
        assert refused.status_code == 429
        assert t("wall.full", count=1) in refused.text
    for _ in range(1000):  # the server notices the closed connection
        if companion.side.streams.count(token) == 0:
            break
        await asyncio.sleep(0.01)
    async with watching(companion, token):  # the first stream closed: its place is free
        pass

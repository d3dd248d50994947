"""Wall links: one current token per session, revoked by the next, gone with the event."""

from __future__ import annotations

from storage import privacy, rounds, walls
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ORGANIZER, Board, workshop


@covers(walls.new_wall, walls.current_wall, walls.wall_session)
async def test_a_new_wall_link_revokes_the_one_before(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        none_yet = await walls.current_wall(tx, shop.session.id)
        await walls.new_wall(tx, shop.session.id, "a" * 22, ORGANIZER, None)
        await walls.new_wall(tx, shop.session.id, "b" * 22, ORGANIZER, "https://t.me/+x")
        current = await walls.current_wall(tx, shop.session.id)
        old = await walls.wall_session(tx, "a" * 22)
        new = await walls.wall_session(tx, "b" * 22)
        unknown = await walls.wall_session(tx, "c" * 22)
    assert none_yet is None and old is None and unknown is None
    assert current is not None and current.token == "b" * 22
    assert new is not None and new[0] == shop.session and new[1] == current
    assert current.join_url == "https://t.me/+x"


@covers(walls.set_join_url)
async def test_the_join_link_is_kept_with_the_current_wall(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await walls.new_wall(tx, shop.session.id, "a" * 22, ORGANIZER, None)
        await walls.set_join_url(tx, shop.session.id, "https://t.me/gruppe")
        current = await walls.current_wall(tx, shop.session.id)
    assert current is not None and current.join_url == "https://t.me/gruppe"


@covers(walls.shown_round)
async def test_a_wall_shows_the_open_round_else_the_latest(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        open_one = await walls.shown_round(tx, shop.session.id)
        later = await rounds.create_round(tx, shop.session.id, "board", Board(title="2"), None)
        await rounds.store_state(tx, later.id, later.state_json, is_open=False, deadline=None,
                                 at="2026-01-01T00:00:00+00:00")
        still_open = await walls.shown_round(tx, shop.session.id)
        await rounds.store_state(tx, shop.round.id, shop.round.state_json, is_open=False,
                                 deadline=None, at="2026-01-01T00:00:00+00:00")
        latest = await walls.shown_round(tx, shop.session.id)
    assert open_one is not None and open_one.id == shop.round.id
    assert still_open is not None and still_open.id == shop.round.id
    assert latest is not None and latest.id == later.id


async def test_the_wall_goes_with_the_sessions_event(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await walls.new_wall(tx, shop.session.id, "a" * 22, ORGANIZER, None)
        await privacy.delete_event(tx, shop.event.id)
        gone = await walls.wall_session(tx, "a" * 22)
    assert gone is None


async def test_the_links_to_take_part_are_a_kind_of_their_own(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await walls.new_wall(tx, shop.session.id, "w" * 22, ORGANIZER, None)
        await walls.new_wall(tx, shop.session.id, "j" * 22, ORGANIZER, None, "join")
        await walls.new_wall(tx, shop.session.id, "k" * 22, ORGANIZER, None, "join")
        wall = await walls.current_wall(tx, shop.session.id)
        joining = await walls.current_wall(tx, shop.session.id, "join")
        crossed = (await walls.wall_session(tx, "k" * 22),
                   await walls.wall_session(tx, "w" * 22, "join"))
        revoked = await walls.wall_session(tx, "j" * 22, "join")
        current = await walls.wall_session(tx, "k" * 22, "join")
    assert wall is not None and wall.token == "w" * 22  # a new join link leaves the wall's
    assert joining is not None and joining.token == "k" * 22 and joining.kind == "join"
    assert crossed == (None, None) and revoked is None
    assert current is not None and current[1] == joining

"""The running sessions a person took part in."""

from __future__ import annotations

from storage import memberships, people
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, workshop


@covers(memberships.running_sessions_of)
async def test_the_running_sessions_a_person_was_seen_in(backend: Database) -> None:
    first = await workshop(backend)
    second = await workshop(backend, chat_id=-200)
    third = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        none_yet = await memberships.running_sessions_of(tx, ANNA)
        await people.see_person(tx, ANNA, "Anna", None, "de")
        for shop in (first, second, third):
            await people.add_member(tx, shop.session.id, ANNA)
        await people.end_session(tx, second.session.id)
        running = await memberships.running_sessions_of(tx, ANNA)
    assert none_yet == []
    assert [session.id for session in running] == [first.session.id, third.session.id]

"""The current notice per session: kept, replaced, and gone with the session's event."""

from __future__ import annotations

from storage import notices, privacy
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import workshop


@covers(notices.get_notice, notices.set_notice)
async def test_a_session_keeps_one_notice_and_the_next_replaces_it(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        none_yet = await notices.get_notice(tx, shop.session.id)
        await notices.set_notice(tx, shop.session.id, 40)
        await notices.set_notice(tx, shop.session.id, 41)
        kept = await notices.get_notice(tx, shop.session.id)
    assert none_yet is None and kept == 41


async def test_the_notice_goes_with_the_sessions_event(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await notices.set_notice(tx, shop.session.id, 40)
        await privacy.delete_event(tx, shop.event.id)
        gone = await notices.get_notice(tx, shop.session.id)
    assert gone is None

"""The facilitator's panel: its message and session per person, and the sessions they steer."""

from __future__ import annotations

from storage import panels, people
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, workshop


@covers(panels.get_panel, panels.set_panel, panels.steered_sessions)
async def test_a_panel_is_kept_per_person_and_lists_the_sessions_they_steer(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        empty = await panels.get_panel(tx, ANNA)
        await panels.set_panel(tx, ANNA, 40, shop.session.id)
        await panels.set_panel(tx, ANNA, 41, shop.session.id)
        kept = await panels.get_panel(tx, ANNA)
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
        await people.grant_role(tx, shop.event.id, BEN, "notetaker")
        steered = await panels.steered_sessions(tx, ANNA)
        not_steered = await panels.steered_sessions(tx, BEN)
    assert empty == panels.Panel(None, None)
    assert kept == panels.Panel(41, shop.session.id)
    assert [s.id for s in steered] == [shop.session.id] and not_steered == []

"""The durable inbox: updates kept as they arrived until handled, then pruned."""

from __future__ import annotations

from datetime import timedelta

from storage import inbox
from storage.db import Database
from storage.records import iso, utcnow
from tests.storage.contract.coverage import covers


@covers(inbox.receive, inbox.unhandled)
async def test_a_batch_is_kept_in_telegrams_order_and_a_second_delivery_changes_nothing(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await inbox.receive(tx, [(12, '{"b": 1}'), (11, '{"a": 1}')])
        await inbox.receive(tx, [(12, '{"b": "again"}'), (13, '{"c": 1}')])
        await inbox.receive(tx, [])
        waiting = await inbox.unhandled(tx)
    assert waiting == [(11, '{"a": 1}'), (12, '{"b": 1}'), (13, '{"c": 1}')]


@covers(inbox.mark_handled, inbox.handled_ids)
async def test_a_handled_update_leaves_the_queue_and_keeps_its_id(backend: Database) -> None:
    async with backend.transaction() as tx:
        await inbox.receive(tx, [(21, "{}"), (22, "{}")])
        await inbox.mark_handled(tx, [21, 30])  # 30 never passed the inbox (a test's update)
        await inbox.mark_handled(tx, [])
        waiting = await inbox.unhandled(tx)
        handled = await inbox.handled_ids(tx)
    assert waiting == [(22, "{}")]
    assert handled == {21, 30}


async def test_confirming_a_batch_forgets_handled_rows_below_the_offset_only(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await inbox.receive(tx, [(41, "{}"), (42, "{}"), (43, "{}")])
        await inbox.mark_handled(tx, [41, 43])
        await inbox.receive(tx, [(44, "{}")], confirmed_below=43)
        handled = await inbox.handled_ids(tx)
        waiting = await inbox.unhandled(tx)
    assert handled == {43}
    assert waiting == [(42, "{}"), (44, "{}")]


@covers(inbox.prune)
async def test_old_handled_updates_are_pruned_and_waiting_ones_never(backend: Database) -> None:
    async with backend.transaction() as tx:
        await inbox.receive(tx, [(51, "{}"), (52, "{}")])
        await inbox.mark_handled(tx, [51])
        none_old = await inbox.prune(tx, iso(utcnow() - timedelta(days=1)))
        all_old = await inbox.prune(tx, iso(utcnow() + timedelta(seconds=1)))
        left = (await inbox.handled_ids(tx), await inbox.unhandled(tx))
    assert (none_old, all_old) == (0, 1)
    assert left == (set(), [(52, "{}")])

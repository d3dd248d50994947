"""Dialogues kept across restarts, the handled update ids, and the installation's settings."""

from __future__ import annotations

from datetime import timedelta

from storage import dialogs
from storage.db import Database
from storage.records import iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN


@covers(dialogs.start_dialog, dialogs.get_dialog, dialogs.end_dialog)
async def test_a_dialogue_is_kept_per_person_chat_and_topic_until_it_ends(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await dialogs.start_dialog(tx, ANNA, 500, "register", {"step": "name"})
        await dialogs.start_dialog(tx, ANNA, 500, "register", {"step": "sector", "name": "Änne"})
        await dialogs.start_dialog(tx, ANNA, -100, "note", {"question": 2}, thread_id=7)
        private = await dialogs.get_dialog(tx, ANNA, 500)
        topic = await dialogs.get_dialog(tx, ANNA, -100, thread_id=7)
        elsewhere = [await dialogs.get_dialog(tx, ANNA, -100),
                     await dialogs.get_dialog(tx, BEN, 500)]
        ended = [await dialogs.end_dialog(tx, ANNA, 500), await dialogs.end_dialog(tx, ANNA, 500)]
        gone = await dialogs.get_dialog(tx, ANNA, 500)
        kept = await dialogs.get_dialog(tx, ANNA, -100, thread_id=7)
    assert private == ("register", {"step": "sector", "name": "Änne"})
    assert topic == kept == ("note", {"question": 2})
    assert elsewhere == [None, None] and ended == [True, False] and gone is None


@covers(dialogs.remember_updates, dialogs.seen_update_ids, dialogs.forget_old_updates)
async def test_handled_updates_are_remembered_once_until_they_are_old(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await dialogs.remember_updates(tx, [501, 502])
        await dialogs.remember_updates(tx, [502, 503])
        await dialogs.remember_updates(tx, [])
        remembered = await dialogs.seen_update_ids(tx)
        none_old = await dialogs.forget_old_updates(tx, iso(utcnow() - timedelta(days=1)))
        all_old = await dialogs.forget_old_updates(tx, iso(utcnow() + timedelta(seconds=1)))
        left = await dialogs.seen_update_ids(tx)
    assert remembered == {501, 502, 503}
    assert (none_old, all_old, left) == (0, 3, set())


@covers(dialogs.meta_value)
async def test_a_setting_is_created_with_its_default_once_and_then_kept(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        first = await dialogs.meta_value(tx, "secret", "abc")
        later = await dialogs.meta_value(tx, "secret", "xyz")
        other = await dialogs.meta_value(tx, "other", "")
    assert (first, later, other) == ("abc", "abc", "")

"""Dialogues kept across restarts and the installation's settings."""

from __future__ import annotations

from storage import dialogs
from storage.db import Database
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


@covers(dialogs.meta_value)
async def test_a_setting_is_created_with_its_default_once_and_then_kept(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        first = await dialogs.meta_value(tx, "secret", "abc")
        later = await dialogs.meta_value(tx, "secret", "xyz")
        other = await dialogs.meta_value(tx, "other", "")
    assert (first, later, other) == ("abc", "abc", "")

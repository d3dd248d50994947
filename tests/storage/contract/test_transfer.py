"""Copying a SQLite database into an empty one of either backend (``werkstatt migrate``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import documentation as docs
from storage import people, rounds
from storage.db import Database
from storage.guard import DatabaseFileError
from storage.transfer import all_events, copy_database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, Board, Note, Pin, workshop


@covers(copy_database, all_events)
async def test_a_copied_database_holds_every_row_and_new_rows_get_new_ids(
    backend: Database, tmp_path: Path,
) -> None:
    source = Database(tmp_path / "source.sqlite3")
    await source.open()
    shop = await workshop(source)
    image = bytes(range(256))
    async with source.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", "anna", "de")
        await people.update_profile(tx, ANNA, display_name="Anna A.", consent_name=True)
        await people.add_member(tx, shop.session.id, ANNA)
        await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text="Mut"),)),
                               Pin(actor=ANNA, text="Mut"), source="-100:1", is_open=True,
                               deadline=None)
        quote, _ = await docs.mark_quote(tx, shop.session.id, -100, 1, ANNA, "Mut", BEN)
        photo, _ = await docs.add_photo(tx, shop.session.id, -100, 2, "file", "Wand", image)
        second = await people.create_event(tx, "Zweiter Tag", "2. Mai", "Aula", "en", BEN)
    copied = await copy_database(source, backend)
    assert copied["events"] == 2 and copied["round_log"] == 1 and copied["photos"] == 1
    async with source.read() as before, backend.read() as after:
        assert await all_events(after) == await all_events(before) == [shop.event, second]
        assert (await rounds.rounds_of_session(after, shop.session.id)
                == await rounds.rounds_of_session(before, shop.session.id))
        assert await people.get_person(after, ANNA) == await people.get_person(before, ANNA)
        assert await docs.quotes_of_session(after, shop.session.id) == [quote]
        assert await docs.photos_of_session(after, shop.session.id) == [photo]
        assert await rounds.source_seen(after, shop.round.id, "-100:1")
    async with backend.transaction() as tx:
        third = await people.create_event(tx, "Dritter Tag", "3. Mai", "Aula", "de", ANNA)
    assert third.id > second.id
    with pytest.raises(DatabaseFileError, match="already holds"):
        await copy_database(source, backend)
    await source.close()

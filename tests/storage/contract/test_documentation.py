"""Quotes with their author's consent, photos with their bytes, a session's texts, and the
rounds a draft shows."""

from __future__ import annotations

import pytest

from storage import documentation as docs
from storage import impressum, rounds
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, ORGANIZER, Board, Note, Pin, workshop


@covers(docs.mark_quote, docs.get_quote)
async def test_a_quote_is_stored_once_with_consent_pending(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        quote, new = await docs.mark_quote(tx, shop.session.id, -100, 11, ANNA, "Mut!", BEN)
        again, new_again = await docs.mark_quote(tx, shop.session.id, -100, 11, ANNA, "x",
                                                 ORGANIZER)
        found = await docs.get_quote(tx, quote.id)
        missing = await docs.get_quote(tx, quote.id + 1)
    assert new and not new_again and again == quote == found and missing is None
    assert (quote.session_id, quote.chat_id, quote.message_id, quote.author_id, quote.text,
            quote.marked_by, quote.consent) == (shop.session.id, -100, 11, ANNA, "Mut!", BEN,
                                                "pending")


@covers(docs.set_quote_consent, docs.quotes_of_session)
async def test_only_the_author_answers_for_their_quote(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        first, _ = await docs.mark_quote(tx, shop.session.id, -100, 11, ANNA, "eins", BEN)
        second, _ = await docs.mark_quote(tx, shop.session.id, -100, 12, BEN, "zwei", ANNA)
        answers = [
            await docs.set_quote_consent(tx, first.id, ANNA, "named"),
            await docs.set_quote_consent(tx, second.id, ANNA, "declined"),
            await docs.set_quote_consent(tx, second.id + 1, BEN, "anonymous"),
        ]
        listed = await docs.quotes_of_session(tx, shop.session.id)
        with pytest.raises(ValueError, match="unknown consent"):
            await docs.set_quote_consent(tx, first.id, ANNA, "maybe")  # type: ignore[arg-type]
    assert answers == [True, False, False]
    assert [(q.id, q.consent) for q in listed] == [(first.id, "named"), (second.id, "pending")]


@covers(docs.add_photo, docs.photo_stored, docs.photos_of_session)
async def test_a_photo_is_stored_once_with_its_bytes(backend: Database) -> None:
    shop = await workshop(backend)
    image = bytes(range(256)) * 4
    async with backend.transaction() as tx:
        photo, new = await docs.add_photo(tx, shop.session.id, -100, 21, "file-a", "Wand", image)
        again, new_again = await docs.add_photo(tx, shop.session.id, -100, 21, "file-b", None,
                                                b"other")
        plain, _ = await docs.add_photo(tx, shop.session.id, -100, 22, "file-c", None, b"\x00")
        stored = [await docs.photo_stored(tx, -100, m) for m in (21, 22, 23)]
        listed = await docs.photos_of_session(tx, shop.session.id)
    assert new and not new_again and again == photo
    assert (photo.file_id, photo.caption, photo.data) == ("file-a", "Wand", image)
    assert stored == [True, True, False]
    assert listed == [photo, plain] and plain.caption is None and plain.data == b"\x00"


@covers(docs.session_texts, docs.set_session_texts)
async def test_a_sessions_texts_are_empty_until_set_and_can_be_cleared(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        empty = await docs.session_texts(tx, shop.session.id)
        await docs.set_session_texts(tx, shop.session.id, docs.SessionTexts(
            question="Wie?", impulse="Ein Bild", moderation="Olga"))
        full = await docs.session_texts(tx, shop.session.id)
        await docs.set_session_texts(tx, shop.session.id, docs.SessionTexts(question="Wo?"))
        partly = await docs.session_texts(tx, shop.session.id)
        nowhere = await docs.session_texts(tx, shop.session.id + 1)
    assert empty == docs.SessionTexts() == nowhere
    assert full == docs.SessionTexts(question="Wie?", impulse="Ein Bild", moderation="Olga")
    assert partly == docs.SessionTexts(question="Wo?")


@covers(docs.rounds_with_end)
async def test_a_sessions_rounds_come_in_order_with_their_state_and_when_they_closed(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        closed = Board(notes=(Note(text="fertig"),))
        await rounds.save_step(tx, shop.round.id, closed, Pin(actor=ANNA, text="fertig"),
                               source=None, is_open=False, deadline=None)
        await rounds.create_round(tx, shop.session.id, "council", Board(title="Rat"), None)
        listed = await docs.rounds_with_end(tx, shop.session.id)
        none = await docs.rounds_with_end(tx, shop.session.id + 1)
    assert [(kind, Board.model_validate_json(state)) for kind, state, _ in listed] == [
        ("board", closed), ("council", Board(title="Rat"))]
    assert listed[0][2] is not None and listed[1][2] is None and none == []


@covers(docs.get_photo, docs.photo_of_message, docs.set_photo_subjects)
async def test_only_whoever_added_a_photo_confirms_that_its_people_agreed(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        photo, _ = await docs.add_photo(tx, shop.session.id, -100, 31, "f", "Wand", b"png",
                                        uploader_id=ANNA, added_by=BEN, credit="Anna A.")
        pending = await docs.photo_of_message(tx, -100, 31)
        answers = [await docs.set_photo_subjects(tx, photo.id, ANNA, "agreed"),
                   await docs.set_photo_subjects(tx, photo.id + 1, BEN, "agreed"),
                   await docs.set_photo_subjects(tx, photo.id, BEN, "nobody")]
        answered = await docs.get_photo(tx, photo.id)
        with pytest.raises(ValueError, match="unknown answer"):
            await docs.set_photo_subjects(tx, photo.id, BEN, "maybe")  # type: ignore[arg-type]
        missing = (await docs.get_photo(tx, photo.id + 1),
                   await docs.photo_of_message(tx, -100, 32))
    assert pending == photo and photo.subjects == "pending"
    assert (photo.uploader_id, photo.added_by, photo.credit) == (ANNA, BEN, "Anna A.")
    assert answers == [False, False, True]
    assert answered is not None and answered.subjects == "nobody"
    assert answered.subjects in docs.PUBLISHABLE and missing == (None, None)


@covers(impressum.impressum_of, impressum.set_impressum_field)
async def test_an_events_impressum_is_filled_field_by_field_and_can_be_emptied(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        empty = await impressum.impressum_of(tx, shop.event.id)
        await impressum.set_impressum_field(tx, shop.event.id, "publisher", "Stadt Kassel")
        await impressum.set_impressum_field(tx, shop.event.id, "contact", "info@kassel.de")
        await impressum.set_impressum_field(tx, shop.event.id, "contact", None)
        filled = await impressum.impressum_of(tx, shop.event.id)
        with pytest.raises(ValueError, match="unknown field"):
            await impressum.set_impressum_field(tx, shop.event.id, "x", "y")  # type: ignore[arg-type]
    assert empty == impressum.Impressum()
    assert filled == impressum.Impressum(publisher="Stadt Kassel")

"""Where a draft's quotes, photos and session texts are kept (storage.documentation)."""

from __future__ import annotations

from storage import documentation as docs
from storage import people, privacy
from storage.db import Database
from storage.records import Session


async def a_session(db: Database) -> Session:
    async with db.transaction() as tx:
        event = await people.create_event(tx, "Konferenz", "Mai", "Kassel", "de", 1)
        session, _ = await people.link_session(tx, event.id, -100, 0, "Gruppe", "WS 2")
    return session


async def test_a_quote_is_stored_once_per_message_and_waits_for_its_authors_answer(
    db: Database,
) -> None:
    session = await a_session(db)
    async with db.transaction() as tx:
        quote, new = await docs.mark_quote(tx, session.id, -100, 7, 42, "Hingehen!", 1)
        again, new_again = await docs.mark_quote(tx, session.id, -100, 7, 42, "Hingehen!", 2)
    assert new and not new_again
    assert again == quote and quote.consent == "pending"
    async with db.transaction() as tx:
        assert not await docs.set_quote_consent(tx, quote.id, 99, "named")
        assert await docs.set_quote_consent(tx, quote.id, 42, "anonymous")
        stored = await docs.quotes_of_session(tx, session.id)
    assert [q.consent for q in stored] == ["anonymous"]


async def test_a_photo_is_kept_with_its_bytes_once_per_message(db: Database) -> None:
    session = await a_session(db)
    async with db.transaction() as tx:
        photo, new = await docs.add_photo(tx, session.id, -100, 9, "F1", "Pinnwand", b"\x89PNG")
        _, new_again = await docs.add_photo(tx, session.id, -100, 9, "F1", "Pinnwand", b"x")
        stored = await docs.photos_of_session(tx, session.id)
        assert await docs.photo_stored(tx, -100, 9)
    assert new and not new_again
    assert [p.data for p in stored] == [b"\x89PNG"] and photo.caption == "Pinnwand"


async def test_session_texts_start_empty_and_can_be_set(db: Database) -> None:
    session = await a_session(db)
    texts = docs.SessionTexts(question="Wie?", impulse="Janine", moderation=None)
    async with db.transaction() as tx:
        assert await docs.session_texts(tx, session.id) == docs.SessionTexts()
        await docs.set_session_texts(tx, session.id, texts)
        assert await docs.session_texts(tx, session.id) == texts


async def test_forgetting_a_person_erases_or_anonymizes_their_quotes(db: Database) -> None:
    session = await a_session(db)
    async with db.transaction() as tx:
        await docs.mark_quote(tx, session.id, -100, 1, 42, "Eins", 1)
        await docs.mark_quote(tx, session.id, -100, 2, 43, "Zwei", 1)
        await privacy.forget_person(tx, 42, erase=True)
        await privacy.forget_person(tx, 43, erase=False)
        left = await docs.quotes_of_session(tx, session.id)
    assert [(q.text, q.author_id) for q in left] == [("Zwei", -1)]


async def test_deleting_an_event_deletes_its_quotes_and_photos(db: Database) -> None:
    session = await a_session(db)
    async with db.transaction() as tx:
        await docs.mark_quote(tx, session.id, -100, 1, 42, "Eins", 1)
        await docs.add_photo(tx, session.id, -100, 2, "F", None, b"png")
        await privacy.delete_event(tx, session.event_id)
        assert await docs.quotes_of_session(tx, session.id) == []
        assert await docs.photos_of_session(tx, session.id) == []

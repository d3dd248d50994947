"""Deleting what people and organizers ask to delete, and what is past its retention."""

from __future__ import annotations

from datetime import timedelta

from flows.base import FORGOTTEN
from storage import dialogs, drafting, people, privacy, rounds
from storage import documentation as docs
from storage.db import Database
from storage.records import iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import Board, workshop

ANNE = 1002
"""Ids of several digits: a mention of one is not found inside another's number."""
BERT = 1003


@covers(privacy.table_exists)
async def test_a_table_is_known_to_exist_or_not(backend: Database) -> None:
    async with backend.transaction() as tx:
        found = [await privacy.table_exists(tx, name) for name in ("quotes", "no_such_table")]
    assert found == [True, False]


@covers(privacy.redact_log)
async def test_a_forgotten_persons_log_rows_lose_their_body_and_private_sources(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    at = iso(utcnow())
    async with backend.transaction() as tx:
        await rounds.log_events(tx, [
            (shop.round.id, ANNE, 'Pin {"text":"meins"}', f"{ANNE}:9", at),
            (shop.round.id, ANNE, 'Pin {"text":"im Raum"}', "-100:2", at),
            (shop.round.id, BERT, f'Hide {{"user_id":{ANNE}}}', "-100:3", at),
            (shop.round.id, BERT, f'Pin {{"text":"{ANNE}0 Euro"}}', "-100:4", at),
        ])
        redacted = await privacy.redact_log(tx, ANNE)
        sources = [await rounds.source_seen(tx, shop.round.id, source)
                   for source in (f"{ANNE}:9", "-100:2", "-100:3", "-100:4")]
        actors = await drafting.round_actors(tx, shop.event.id)
        again = await privacy.redact_log(tx, ANNE)
    assert redacted == 3 and again == 0
    assert sources == [False, True, True, True]
    assert actors == {BERT}


@covers(privacy.forget_person)
async def test_forgetting_keeps_quotes_anonymous_and_erasing_deletes_them(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        for user_id, name in ((ANNE, "Anne"), (BERT, "Bert")):
            await people.see_person(tx, user_id, name, None, "de")
            await people.grant_role(tx, shop.event.id, user_id, "notetaker")
            await people.add_member(tx, shop.session.id, user_id)
            await dialogs.start_dialog(tx, user_id, user_id, "register", {})
        named, _ = await docs.mark_quote(tx, shop.session.id, -100, 1, ANNE, "eins", BERT)
        pending, _ = await docs.mark_quote(tx, shop.session.id, -100, 2, ANNE, "zwei", BERT)
        erased, _ = await docs.mark_quote(tx, shop.session.id, -100, 3, BERT, "drei", ANNE)
        await docs.set_quote_consent(tx, named.id, ANNE, "named")
        await privacy.forget_person(tx, ANNE, erase=False)
        await privacy.forget_person(tx, BERT, erase=True)
        left = [await people.get_person(tx, u) for u in (ANNE, BERT)]
        roles = await people.people_with_role(tx, shop.event.id, "notetaker")
        members = [await people.is_member(tx, shop.session.id, u) for u in (ANNE, BERT)]
        talks = [await dialogs.get_dialog(tx, u, u) for u in (ANNE, BERT)]
        quotes = await docs.quotes_of_session(tx, shop.session.id)
    assert left == [None, None] and roles == [] and members == [False, False]
    assert talks == [None, None]
    assert [(q.id, q.author_id, q.consent) for q in quotes] == [
        (named.id, FORGOTTEN, "anonymous"), (pending.id, FORGOTTEN, "pending")]
    assert erased.id not in {q.id for q in quotes}


async def test_a_forgotten_sender_leaves_photo_credits_and_an_erased_one_their_photos(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        kept, _ = await docs.add_photo(tx, shop.session.id, -100, 5, "f", "Wand", b"a",
                                       uploader_id=ANNE, added_by=ANNE)
        sent, _ = await docs.add_photo(tx, shop.session.id, -100, 6, "g", None, b"b",
                                       uploader_id=BERT, added_by=ANNE)
        await privacy.forget_person(tx, ANNE, erase=False)
        await privacy.forget_person(tx, BERT, erase=True)
        photos = await docs.photos_of_session(tx, shop.session.id)
    assert [(p.id, p.uploader_id, p.added_by) for p in photos] == [
        (kept.id, FORGOTTEN, FORGOTTEN)]
    assert sent.id not in {p.id for p in photos}


@covers(privacy.delete_event)
async def test_deleting_an_event_takes_everything_in_it(backend: Database) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        quote, _ = await docs.mark_quote(tx, shop.session.id, -100, 1, ANNE, "eins", BERT)
        await privacy.delete_event(tx, shop.event.id)
        gone = (await people.get_event(tx, shop.event.id), await people.get_session(
            tx, shop.session.id), await rounds.get_round(tx, shop.round.id),
            await docs.get_quote(tx, quote.id))
        roles = await people.roles_of(tx, shop.event.id, shop.event.created_by)
        kept = await rounds.get_round(tx, other.round.id)
    assert gone == (None, None, None, None) and roles == set()
    assert kept is not None and kept.state(Board) == Board()


@covers(privacy.expired_events)
async def test_events_older_than_the_retention_are_found(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        fresh = await privacy.expired_events(tx, 30)
        later = await privacy.expired_events(tx, 30, now=utcnow() + timedelta(days=31))
    assert fresh == [] and later == [shop.event.id]

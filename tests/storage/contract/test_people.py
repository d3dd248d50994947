"""People, events, roles and sessions, and the times stored with them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage import people
from storage.db import Database
from storage.records import DEFAULT_SECTORS, Person, iso, iso_or_none, parse_iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, ORGANIZER, workshop


@covers(people.see_person, people.get_person, people.newcomer)
async def test_a_person_seen_for_the_first_time_is_stored_as_telegram_shows_them(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        seen = await people.see_person(tx, ANNA, "Anna Berg", "AnnaB", "en")
        stored = await people.get_person(tx, ANNA)
        nobody = await people.get_person(tx, BEN)
    assert seen == stored == people.newcomer(ANNA, "Anna Berg", "AnnaB", "en")
    assert stored is not None and stored.username == "annab"
    assert nobody is None


@covers(people.see_person, people.update_profile, Person.name)
async def test_a_person_seen_again_keeps_their_own_answers(backend: Database) -> None:
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await people.update_profile(tx, ANNA, display_name="Anna B.", sector="municipal",
                                    consent_name=True, language="en", registered=True)
        again = await people.see_person(tx, ANNA, "Anna Berg", "anna", "de")
    assert again.telegram_name == "Anna Berg" and again.username == "anna"
    assert (again.display_name, again.sector, again.consent_name, again.language,
            again.registered) == ("Anna B.", "municipal", True, "en", True)
    assert again.name == "Anna B."
    assert people.newcomer(BEN, "Ben", None, "de").name == "Ben"


@covers(people.update_profile)
async def test_an_answer_left_out_of_a_profile_update_stays_as_it_was(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await people.update_profile(tx, ANNA, display_name="Anna B.", consent_name=True)
        await people.update_profile(tx, ANNA, sector="research", consent_name=False)
        found = await people.get_person(tx, ANNA)
    assert found is not None
    assert (found.display_name, found.sector, found.consent_name, found.registered) == (
        "Anna B.", "research", False, False)


@covers(people.see_people, people.people_by_id)
async def test_many_people_are_seen_at_once_and_read_back_by_id(backend: Database) -> None:
    now = iso(utcnow())
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await people.update_profile(tx, ANNA, display_name="Anna B.")
        await people.see_people(tx, [(ANNA, "Anna Berg", "anna", "en", now),
                                     (BEN, "Ben", None, "en", now)])
        found = await people.people_by_id(tx, [ANNA, BEN, 99])
        none = await people.people_by_id(tx, [])
    assert sorted(found) == [ANNA, BEN]
    assert (found[ANNA].telegram_name, found[ANNA].name, found[ANNA].language) == (
        "Anna Berg", "Anna B.", "de")
    assert found[BEN] == people.newcomer(BEN, "Ben", None, "en")
    assert none == {}


@covers(people.find_by_username)
async def test_a_person_is_found_by_username_whatever_the_case_and_the_at_sign(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", "Anna_B", "de")
        found = await people.find_by_username(tx, "@ANNA_b")
        missing = await people.find_by_username(tx, "@ben")
    assert found is not None and found.user_id == ANNA
    assert missing is None


@covers(people.sender, people.Sender.needs_sighting, people.sighting_due)
async def test_a_sender_is_read_with_roles_and_membership_and_says_when_to_see_them_again(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        unknown = await people.sender(tx, ANNA, shop.session.id, shop.event.id)
        await people.see_person(tx, ANNA, "Anna", "anna", "de")
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
        await people.grant_role(tx, shop.event.id, ANNA, "notetaker")
        await people.add_member(tx, shop.session.id, ANNA)
        known = await people.sender(tx, ANNA, shop.session.id, shop.event.id)
        elsewhere = await people.sender(tx, ANNA, None, None)
    assert unknown.person is None and unknown.held == frozenset() and not unknown.member
    assert unknown.needs_sighting("Anna", "anna")
    assert known.person is not None and known.person.name == "Anna"
    assert known.held == {"facilitator", "notetaker"} and known.member
    assert not known.needs_sighting("Anna", "ANNA")
    assert known.needs_sighting("Anna Berg", "anna") and known.needs_sighting("Anna", None)
    assert elsewhere.held == frozenset() and not elsewhere.member
    long_ago = iso(utcnow() - people.SEEN_REFRESH - timedelta(minutes=1))
    assert people.sighting_due(known.person, long_ago, "Anna", "anna")
    assert not people.sighting_due(known.person, known.seen_at, "Anna", "anna")


@covers(people.senders)
async def test_many_senders_are_read_at_once_each_as_one_would_be(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", "anna", "de")
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
        await people.add_member(tx, shop.session.id, ANNA)
        await people.see_person(tx, BEN, "Ben", None, "en")
    asked = [(ANNA, shop.session.id, shop.event.id), (BEN, shop.session.id, shop.event.id),
             (ANNA, None, None), (9999, shop.session.id, shop.event.id),
             *((10_000 + n, shop.session.id, shop.event.id)
               for n in range(people.SENDERS_AT_ONCE + 5)),
             (ANNA, shop.session.id, shop.event.id)]  # asked twice: read once
    async with backend.read() as tx:
        found = await people.senders(tx, asked)
        one_by_one = {key: await people.sender(tx, *key) for key in asked[:4]}
    assert len(found) == len(set(asked))
    assert {key: found[key] for key in asked[:4]} == one_by_one
    anna, ben, elsewhere, nobody = (found[key] for key in asked[:4])
    assert anna.person is not None and anna.held == {"facilitator"} and anna.member
    assert ben.person is not None and ben.person.language == "en" and not ben.member
    assert elsewhere.person == anna.person and elsewhere.held == frozenset()
    assert nobody.person is None and not nobody.member and nobody.seen_at == ""
    assert all(found[(10_000 + n, shop.session.id, shop.event.id)].person is None
               for n in range(people.SENDERS_AT_ONCE + 5))


@covers(people.create_event, people.get_event, people.event_by_code, utcnow, iso, parse_iso,
        iso_or_none)
async def test_a_new_event_gets_a_short_code_its_organizer_and_the_time_it_was_made(
    backend: Database,
) -> None:
    before = utcnow().replace(microsecond=0)
    async with backend.transaction() as tx:
        event = await people.create_event(tx, "Werkstatt", "1. Mai", "Rathaus", "de", ORGANIZER)
        by_id = await people.get_event(tx, event.id)
        by_code = await people.event_by_code(tx, f"  {event.code.lower()} ")
        roles = await people.roles_of(tx, event.id, ORGANIZER)
        missing = await people.get_event(tx, event.id + 1)
    assert by_id == by_code == event and missing is None
    assert len(event.code) == 6 and event.code.isalnum() and event.code.isupper()
    assert (event.title, event.dates, event.place, event.language) == (
        "Werkstatt", "1. Mai", "Rathaus", "de")
    assert event.sectors == DEFAULT_SECTORS and not event.custom_sectors
    assert roles == {"organizer"}
    assert before <= event.created_at <= utcnow() and event.created_at.tzinfo is not None
    assert parse_iso(iso(event.created_at)) == event.created_at
    assert iso(datetime(2025, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)) == (
        "2025-05-01T12:00:00.123+00:00")
    assert iso_or_none(None) is None and parse_iso(None) is None
    assert iso_or_none(event.created_at) == iso(event.created_at)


@covers(people.events_organized_by)
async def test_the_events_someone_organizes_come_newest_first(backend: Database) -> None:
    async with backend.transaction() as tx:
        first = await people.create_event(tx, "Erster", "", "", "de", ORGANIZER)
    await asyncio.sleep(0.002)  # times are kept to the millisecond
    async with backend.transaction() as tx:
        second = await people.create_event(tx, "Zweiter", "", "", "de", ORGANIZER)
        await people.grant_role(tx, first.id, ANNA, "facilitator")
        organized = await people.events_organized_by(tx, ORGANIZER)
        by_anna = await people.events_organized_by(tx, ANNA)
    assert [event.id for event in organized] == [second.id, first.id]
    assert by_anna == []


@covers(people.set_address)
async def test_a_new_event_says_sie_until_an_organizer_chooses_du(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        informal = await people.create_event(tx, "Barcamp", "", "", "de", ORGANIZER, "du")
        await people.set_address(tx, shop.event.id, "du")
        changed = await people.get_event(tx, shop.event.id)
        await people.set_address(tx, shop.event.id, "sie")
        back = await people.get_event(tx, shop.event.id)
    assert shop.event.address == "sie" and informal.address == "du"
    assert changed is not None and changed.address == "du"
    assert back is not None and back.address == "sie"


@covers(people.set_sectors)
async def test_an_events_own_sectors_replace_the_default_list_until_cleared(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.set_sectors(tx, shop.event.id, ["Verwaltung", "Bürger"])
        custom = await people.get_event(tx, shop.event.id)
        await people.set_sectors(tx, shop.event.id, None)
        cleared = await people.get_event(tx, shop.event.id)
    assert custom is not None and custom.sectors == ("Verwaltung", "Bürger")
    assert custom.custom_sectors
    assert cleared is not None and cleared.sectors == DEFAULT_SECTORS
    assert not cleared.custom_sectors


@covers(people.grant_role, people.roles_of, people.people_with_role)
async def test_a_role_is_granted_once_and_read_per_person_and_per_role(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        granted = [await people.grant_role(tx, shop.event.id, user, "facilitator")
                   for user in (BEN, ANNA, ANNA)]
        await people.grant_role(tx, shop.event.id, ANNA, "notetaker")
        facilitators = await people.people_with_role(tx, shop.event.id, "facilitator")
        anna = await people.roles_of(tx, shop.event.id, ANNA)
        nobody = await people.roles_of(tx, shop.event.id, 99)
    assert granted == [True, True, False]
    assert facilitators == [ANNA, BEN]
    assert anna == {"facilitator", "notetaker"} and nobody == set()


@covers(people.role_chats)
async def test_the_chats_where_a_person_holds_a_role_are_each_named_once(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.link_session(tx, shop.event.id, -100, 7, "Forum", "Thema")
        await people.link_session(tx, shop.event.id, -200, 0, "Zweite", "Runde 2")
        await people.grant_role(tx, shop.event.id, ANNA, "notetaker")
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
        anna = await people.role_chats(tx, ANNA)
        organizer = await people.role_chats(tx, ORGANIZER)
        nobody = await people.role_chats(tx, BEN)
    assert anna == organizer == [-200, -100]
    assert nobody == []


@covers(people.link_session, people.get_session, people.session_at, people.rename_session)
async def test_a_chat_or_forum_topic_becomes_a_session_once(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        again, new_again = await people.link_session(tx, shop.event.id, -100, 0, "G", "Neu")
        topic, new_topic = await people.link_session(tx, shop.event.id, -100, 7, "G", "Thema")
        await people.rename_session(tx, topic.id, "Thema 2")
        renamed = await people.get_session(tx, topic.id)
        at_topic = await people.session_at(tx, -100, 7)
        nowhere = await people.session_at(tx, -200, 0)
        missing = await people.get_session(tx, topic.id + 1)
    assert (again, new_again) == (shop.session, False)
    assert new_topic and (topic.chat_id, topic.thread_id, topic.title) == (-100, 7, "Thema")
    assert topic.ended_at is None and topic.event_id == shop.event.id
    assert renamed is not None and renamed.title == "Thema 2" and at_topic == renamed
    assert nowhere is None and missing is None


@covers(people.sessions_of, people.end_session)
async def test_an_events_sessions_come_in_order_and_end_once(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        second, _ = await people.link_session(tx, shop.event.id, -300, 0, "G2", "Runde 2")
        await people.end_session(tx, shop.session.id)
        ended = await people.get_session(tx, shop.session.id)
    await asyncio.sleep(0.002)
    async with backend.transaction() as tx:
        await people.end_session(tx, shop.session.id)
        still = await people.get_session(tx, shop.session.id)
        listed = await people.sessions_of(tx, shop.event.id)
        none = await people.sessions_of(tx, shop.event.id + 1)
    assert ended is not None and ended.ended_at is not None
    assert still is not None and still.ended_at == ended.ended_at
    assert [s.id for s in listed] == [shop.session.id, second.id] and none == []


@covers(people.add_member, people.add_members, people.is_member, people.is_member_of_event)
async def test_members_are_added_once_and_belong_to_the_event(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    now = iso(utcnow())
    async with backend.transaction() as tx:
        other, _ = await people.link_session(tx, shop.event.id, -300, 0, "G2", "Runde 2")
        for user_id, name in ((ANNA, "Anna"), (BEN, "Ben")):
            await people.see_person(tx, user_id, name, None, "de")
        await people.add_member(tx, shop.session.id, ANNA)
        await people.add_member(tx, shop.session.id, ANNA)
        await people.add_members(tx, [(other.id, BEN, now), (other.id, ANNA, now)])
        await people.add_members(tx, [])
        members = [await people.is_member(tx, session, user)
                   for session in (shop.session.id, other.id) for user in (ANNA, BEN)]
        in_event = [await people.is_member_of_event(tx, shop.event.id, user)
                    for user in (ANNA, BEN, ORGANIZER)]
    assert members == [True, False, True, True]
    assert in_event == [True, True, False]


@covers(people.latest_event_of)
async def test_the_latest_event_is_the_newest_one_taken_part_in_or_organized(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.add_member(tx, shop.session.id, ANNA)
        nothing = await people.latest_event_of(tx, BEN)
        first = await people.latest_event_of(tx, ANNA)
    await asyncio.sleep(0.002)
    async with backend.transaction() as tx:
        organized = await people.create_event(tx, "Eigene", "", "", "de", ANNA)
        latest = await people.latest_event_of(tx, ANNA)
    assert nothing is None and first == shop.event and latest == organized


@covers(people.recent_event_of)
async def test_the_recent_event_is_of_the_newest_session_joined_or_role_held(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        nothing = await people.recent_event_of(tx, BEN)
        organizer = await people.recent_event_of(tx, ORGANIZER)
        await people.add_member(tx, shop.session.id, ANNA)
    await asyncio.sleep(0.002)
    async with backend.transaction() as tx:
        newer = await people.create_event(tx, "Zweite", "", "", "de", ORGANIZER)
        later, _ = await people.link_session(tx, newer.id, -200, 0, "Gruppe 2", "Runde 2")
        joined_first = await people.recent_event_of(tx, ANNA)
    await asyncio.sleep(0.002)
    async with backend.transaction() as tx:
        await people.add_member(tx, later.id, ANNA)
        await people.add_member(tx, shop.session.id, BEN)
        joined_later = await people.recent_event_of(tx, ANNA)
        organizes_newer = await people.recent_event_of(tx, ORGANIZER)
    assert nothing is None and organizer == shop.event
    assert joined_first == shop.event and joined_later == newer == organizes_newer

"""What the draft is made of besides the rounds: organizations, speakers, minutes, the
programme, the composition's source, and who took part."""

from __future__ import annotations

from flows.people import Guest
from storage import composition, contributors, drafting, minutes, people, privacy, programme
from storage import documentation as docs
from storage import rounds as stored
from storage.db import Database
from storage.records import iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, ORGANIZER, workshop

CARL = 4
DORA = 5


@covers(people.update_profile)
async def test_an_organization_and_function_are_kept_and_an_empty_one_removes_it(
    backend: Database,
) -> None:
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await people.update_profile(tx, ANNA, organization="Stadt Kassel", function="Leitung")
        both = await people.get_person(tx, ANNA)
        await people.update_profile(tx, ANNA, function="")
        without_function = await people.get_person(tx, ANNA)
        await people.update_profile(tx, ANNA, display_name="Anna B.")
        unchanged = await people.get_person(tx, ANNA)
    assert both is not None and (both.organization, both.function) == ("Stadt Kassel", "Leitung")
    assert without_function is not None and without_function.function is None
    assert unchanged is not None and unchanged.organization == "Stadt Kassel"


@covers(contributors.add_contributor, contributors.add_guest, contributors.contributors_of,
        contributors.get_contributor)
async def test_a_person_is_named_once_per_part_and_guests_are_named_from_the_start(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    guest = Guest(name="Dr. Uli Glaser", organization="Stadt Nürnberg", function=None)
    async with backend.transaction() as tx:
        podium = await contributors.add_guest(tx, shop.session.id, "podium", guest, ORGANIZER)
        moderation, new = await contributors.add_contributor(tx, shop.session.id, "moderation",
                                                             BEN, ORGANIZER)
        impulse, _ = await contributors.add_contributor(tx, shop.session.id, "impulse", ANNA,
                                                        ORGANIZER)
        again, new_again = await contributors.add_contributor(tx, shop.session.id, "impulse",
                                                              ANNA, BEN)
        listed = await contributors.contributors_of(tx, shop.session.id)
        found = await contributors.get_contributor(tx, podium.id)
        missing = await contributors.get_contributor(tx, podium.id + 100)
    assert new and not new_again and again == impulse
    assert [(c.role, c.user_id, c.name) for c in listed] == [
        ("impulse", ANNA, None), ("moderation", BEN, None), ("podium", None, "Dr. Uli Glaser")]
    assert (moderation.consent, podium.consent) == ("pending", "named")
    assert found == podium and missing is None
    assert (podium.organization, podium.function) == ("Stadt Nürnberg", None)


@covers(contributors.set_contributor_consent, contributors.remove_contributor)
async def test_only_the_person_named_answers_and_a_part_can_be_taken_back(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        named, _ = await contributors.add_contributor(tx, shop.session.id, "impulse", ANNA,
                                                      ORGANIZER)
        answers = [
            await contributors.set_contributor_consent(tx, named.id, BEN, "named"),
            await contributors.set_contributor_consent(tx, named.id, ANNA, "declined"),
        ]
        declined = await contributors.get_contributor(tx, named.id)
        removed = [await contributors.remove_contributor(tx, named.id),
                   await contributors.remove_contributor(tx, named.id)]
        left = await contributors.contributors_of(tx, shop.session.id)
    assert answers == [False, True]
    assert declined is not None and declined.consent == "declined"
    assert removed == [True, False] and left == []


@covers(minutes.write_minutes, minutes.get_minutes)
async def test_minutes_keep_the_latest_text_and_everyone_who_wrote_to_it(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        nothing = await minutes.get_minutes(tx, shop.session.id)
        await minutes.write_minutes(tx, shop.session.id, "Erster Absatz", ANNA)
        await minutes.write_minutes(tx, shop.session.id, "Erster Absatz\n\nZweiter", BEN)
        await minutes.write_minutes(tx, shop.session.id, "Neu", ANNA)
        kept = await minutes.get_minutes(tx, shop.session.id)
        await minutes.write_minutes(tx, shop.session.id, None, BEN)
        cleared = await minutes.get_minutes(tx, shop.session.id)
    assert nothing is None and cleared is None
    assert kept is not None and (kept.text, kept.authors) == ("Neu", (ANNA, BEN))


@covers(minutes.recorded_sessions)
async def test_the_sessions_a_person_records_are_those_of_events_they_hold_a_role_in(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        await people.grant_role(tx, shop.event.id, ANNA, "notetaker")
        await people.grant_role(tx, other.event.id, BEN, "facilitator")
        await people.add_member(tx, shop.session.id, CARL)
        anna = await minutes.recorded_sessions(tx, ANNA)
        ben = await minutes.recorded_sessions(tx, BEN)
        carl = await minutes.recorded_sessions(tx, CARL)
        olga = await minutes.recorded_sessions(tx, ORGANIZER)
    assert [s.id for s in anna] == [shop.session.id]
    assert [s.id for s in ben] == [other.session.id]
    assert carl == []
    assert {s.id for s in olga} == {shop.session.id, other.session.id}


@covers(programme.add_entry, programme.get_entry, programme.replace_entry,
        programme.delete_entry, programme.programme_of)
async def test_programme_entries_are_added_changed_and_deleted(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        keynote = await programme.add_entry(tx, shop.event.id, 1, "14:00", "Transformation",
                                            "keynote")
        workshop_entry = await programme.add_entry(tx, shop.event.id, 1, "11:00", "Dritte Orte",
                                                   "workshop", shop.session.id)
        moved = keynote.model_copy(update={"day": 2, "time": None, "title": "Vortrag"})
        replaced = await programme.replace_entry(tx, moved)
        found = await programme.get_entry(tx, keynote.id)
        deleted = [await programme.delete_entry(tx, workshop_entry.id),
                   await programme.delete_entry(tx, workshop_entry.id)]
        listed = await programme.programme_of(tx, shop.event.id)
        gone = await programme.get_entry(tx, workshop_entry.id)
    assert replaced and found == (shop.event.id, moved)
    assert workshop_entry.session_id == shop.session.id
    assert deleted == [True, False] and listed == [moved] and gone is None


@covers(composition.set_composition, composition.composition_counts,
        composition.set_note_authors)
async def test_an_events_composition_source_and_counts_are_kept_until_changed(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        before = await people.get_event(tx, shop.event.id)
        await composition.set_composition(tx, shop.event.id, "import", "anmeldung.csv",
                                          [("municipal", 48), ("Verwaltung", 6), ("", 2)])
        imported = await people.get_event(tx, shop.event.id)
        counts = await composition.composition_counts(tx, shop.event.id)
        await composition.set_composition(tx, shop.event.id, "typed", None, [("state", 3)])
        typed = await composition.composition_counts(tx, shop.event.id)
        await composition.set_composition(tx, shop.event.id, "participants")
        back = await people.get_event(tx, shop.event.id)
        kept = await composition.composition_counts(tx, shop.event.id)
        await composition.set_note_authors(tx, shop.event.id, True)
        authors = await people.get_event(tx, shop.event.id)
    assert before is not None and before.composition_source == "participants"
    assert not before.note_authors
    assert imported is not None
    assert (imported.composition_source, imported.composition_label) == ("import",
                                                                         "anmeldung.csv")
    assert counts == [("municipal", 48), ("Verwaltung", 6), ("", 2)]
    assert typed == [("state", 3)] and kept == typed
    assert back is not None and back.composition_source == "participants"
    assert authors is not None and authors.note_authors


@covers(drafting.participants)
async def test_who_took_part_is_everyone_seen_or_contributing_in_a_session_of_the_event(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    at = iso(utcnow())
    async with backend.transaction() as tx:
        await people.add_member(tx, shop.session.id, ANNA)
        await stored.log_events(tx, [(shop.round.id, BEN, "Pin {}", None, at),
                                     (shop.round.id, 0, "TimerExpired {}", None, at),
                                     (shop.round.id, -1, "Pin {}", None, at)])
        await docs.mark_quote(tx, shop.session.id, -100, 7, CARL, "Mut!", ANNA)
        await minutes.write_minutes(tx, shop.session.id, "Bericht", DORA)
        await contributors.add_contributor(tx, shop.session.id, "impulse", 77, ORGANIZER)
        await contributors.add_guest(tx, shop.session.id, "podium", Guest(name="Gast"),
                                     ORGANIZER)
        await people.add_member(tx, other.session.id, 99)
        took_part = await drafting.participants(tx, shop.event.id)
        elsewhere = await drafting.participants(tx, other.event.id)
    assert took_part == {ANNA, BEN, CARL, DORA, 77}
    assert elsewhere == {99}


@covers(privacy.forget_in_minutes)
async def test_forgetting_removes_speaker_parts_and_erasing_removes_minutes_written_alone(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    second = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        await contributors.add_contributor(tx, shop.session.id, "impulse", ANNA, ORGANIZER)
        await minutes.write_minutes(tx, shop.session.id, "Zusammen", ANNA)
        await minutes.write_minutes(tx, shop.session.id, "Zusammen geschrieben", BEN)
        await minutes.write_minutes(tx, second.session.id, "Allein", ANNA)
        await privacy.forget_in_minutes(tx, ANNA, erase=True)
        shared = await minutes.get_minutes(tx, shop.session.id)
        alone = await minutes.get_minutes(tx, second.session.id)
        speakers = await contributors.contributors_of(tx, shop.session.id)
    assert shared is not None and shared.authors == (BEN,)
    assert alone is None and speakers == []


async def test_forgetting_without_erasing_keeps_the_minutes_but_not_the_authorship(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await minutes.write_minutes(tx, shop.session.id, "Allein", ANNA)
        await privacy.forget_person(tx, ANNA, erase=False)
        kept = await minutes.get_minutes(tx, shop.session.id)
    assert kept is not None and (kept.text, kept.authors) == ("Allein", ())

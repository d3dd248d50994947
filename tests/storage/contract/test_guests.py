"""Guests (people taking part from a browser): an id no Telegram user has, a member of their
session, and gone when they are forgotten or the session's event is deleted."""

from __future__ import annotations

from storage import guests, people, privacy
from storage.db import Database
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import workshop


@covers(guests.new_guest, guests.guest_of, guests.is_guest)
async def test_a_guest_is_a_registered_member_of_their_session(backend: Database) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-200)
    async with backend.transaction() as tx:
        first = await guests.new_guest(tx, shop.session.id, "Ada", "de", "research", True)
        second = await guests.new_guest(tx, shop.session.id, "Bo", "en", None, False)
        found = await guests.guest_of(tx, shop.session.id, first.user_id)
        elsewhere = await guests.guest_of(tx, other.session.id, first.user_id)
        member = await people.is_member(tx, shop.session.id, first.user_id)
        telegram = await guests.guest_of(tx, shop.session.id, 1)
    assert guests.is_guest(first.user_id) and guests.is_guest(second.user_id)
    assert not guests.is_guest(1) and not guests.is_guest(-1) and not guests.is_guest(-100)
    assert first.user_id != second.user_id
    assert found == first and elsewhere is None and telegram is None and member
    assert (first.name, first.sector, first.consent_name, first.registered) == (
        "Ada", "research", True, True)
    assert (second.language, second.sector, second.consent_name) == ("en", None, False)


async def test_a_forgotten_guest_is_no_guest_any_more(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        guest = await guests.new_guest(tx, shop.session.id, "Ada", "de", None, False)
        await privacy.forget_person(tx, guest.user_id, erase=True)
        gone = await guests.guest_of(tx, shop.session.id, guest.user_id)
    assert gone is None


async def test_guests_go_with_the_sessions_event(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        guest = await guests.new_guest(tx, shop.session.id, "Ada", "de", None, False)
        await privacy.delete_event(tx, shop.event.id)
        gone = await guests.guest_of(tx, shop.session.id, guest.user_id)
    assert gone is None

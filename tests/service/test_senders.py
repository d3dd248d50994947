"""Senders read in batches: those asked for together cost one read, a read ahead is used
once and only while who-is-who stood still, and a failed read is told to whoever waits."""

from __future__ import annotations

import asyncio

import pytest

from service.senders import SenderReads
from storage import people
from storage.db import Database
from storage.people import Asked
from tests.storage.contract.scene import ANNA, BEN, Workshop, workshop


async def test_senders_asked_for_together_are_read_in_one_query(db: Database) -> None:
    shop = await workshop(db)
    async with db.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
        await people.grant_role(tx, shop.event.id, ANNA, "facilitator")
    reads = SenderReads(db)
    here = (shop.session.id, shop.event.id)
    asked = [(user, *here) for user in (ANNA, BEN, *range(5000, 5040))]
    found = await asyncio.gather(*(reads.sender(key, db.generation) for key in asked))
    assert reads.reads == 1
    assert found[0].person is not None and found[0].held == {"facilitator"}
    assert all(sender.person is None for sender in found[1:])


async def anna_in_a_workshop(db: Database) -> tuple[Workshop, SenderReads, Asked]:
    """A workshop, the reads of its senders, and Anna sending in it."""
    shop = await workshop(db)
    return shop, SenderReads(db), (ANNA, shop.session.id, shop.event.id)


async def test_a_sender_read_ahead_is_used_once_while_who_is_who_stands_still(
    db: Database,
) -> None:
    shop, reads, anna = await anna_in_a_workshop(db)
    for user in (ANNA, BEN):
        reads.ahead((user, shop.session.id, shop.event.id))
    reads.ahead(anna)  # asked ahead twice: read once
    generation = db.generation
    await asyncio.sleep(0.05)
    assert reads.reads == 1
    assert (await reads.sender(anna, generation)).person is None
    assert reads.reads == 1  # the read ahead
    async with db.transaction() as tx:
        await people.see_person(tx, ANNA, "Anna", None, "de")
    assert (await reads.sender(anna, generation)).person is not None  # used once: read again
    assert reads.reads == 2
    reads.ahead(anna)
    await asyncio.sleep(0.05)
    async with db.transaction() as tx:  # who is who changes after the read ahead
        await people.grant_role(tx, shop.event.id, ANNA, "notetaker")
    assert (await reads.sender(anna, db.generation)).held == {"notetaker"}
    assert reads.reads == 4


async def test_a_failed_read_is_told_to_whoever_waits_and_the_next_one_reads_again(
    db: Database,
) -> None:
    _, reads, anna = await anna_in_a_workshop(db)
    await db.close()
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver says of a closed database
        await reads.sender(anna, db.generation)
    reads.ahead(anna)  # a read ahead that fails is not left unretrieved, nor used
    await asyncio.sleep(0.05)
    await db.open()
    assert (await reads.sender(anna, db.generation)).person is None

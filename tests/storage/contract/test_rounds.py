"""Rounds: their states, log, deadlines and live messages; states written piece by piece;
who acted in an event's rounds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.base import FORGOTTEN, SYSTEM
from storage import documentation, drafting, people, rounds
from storage.db import Database
from storage.dumping import IncrementalDump
from storage.errors import DuplicateSource
from storage.records import RoundRecord, iso, utcnow
from tests.storage.contract.coverage import covers
from tests.storage.contract.scene import ANNA, BEN, Board, Note, Pin, workshop

DEADLINE = datetime(2030, 5, 1, 10, 30, 15, 250000, tzinfo=UTC)


@covers(rounds.create_round, rounds.get_round, RoundRecord.state)
async def test_a_new_round_is_open_and_keeps_its_state_and_deadline(backend: Database) -> None:
    shop = await workshop(backend)
    state = Board(title="Ideen", notes=(Note(text="Mehr Bänke"),))
    async with backend.transaction() as tx:
        record = await rounds.create_round(tx, shop.session.id, "board", state, DEADLINE)
        again = await rounds.get_round(tx, record.id)
        missing = await rounds.get_round(tx, record.id + 1)
    assert again == record and missing is None
    assert (record.session_id, record.kind, record.is_open) == (shop.session.id, "board", True)
    assert record.state(Board) == state and record.deadline == DEADLINE
    assert (record.live_message_id, record.live_text) == (None, None)


@covers(rounds.get_round_and_session)
async def test_a_round_comes_with_the_session_it_runs_in(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        record, session = await rounds.get_round_and_session(tx, shop.round.id)
        missing = await rounds.get_round_and_session(tx, shop.round.id + 1)
    assert record == shop.round and session == shop.session
    assert missing == (None, None)


@covers(rounds.open_round, rounds.last_round, rounds.rounds_of_session, rounds.all_open_rounds)
async def test_rounds_are_found_open_newest_of_a_kind_per_session_and_everywhere(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300, kind="bowl")
    async with backend.transaction() as tx:
        closed = shop.round
        await rounds.save_step(tx, closed.id, Board(), Pin(actor=ANNA, text="-"), source=None,
                               is_open=False, deadline=None)
        nothing_open = await rounds.open_round(tx, shop.session.id)
        newer = await rounds.create_round(tx, shop.session.id, "board", Board(), None)
        council = await rounds.create_round(tx, shop.session.id, "council", Board(), None)
        open_now = await rounds.open_round(tx, shop.session.id)
        last_board = await rounds.last_round(tx, shop.session.id, "board")
        no_bowl = await rounds.last_round(tx, shop.session.id, "bowl")
        listed = await rounds.rounds_of_session(tx, shop.session.id)
        everywhere = await rounds.all_open_rounds(tx)
    assert nothing_open is None
    assert open_now is not None and open_now.id == council.id
    assert last_board is not None and last_board.id == newer.id and no_bowl is None
    assert [r.id for r in listed] == [closed.id, newer.id, council.id]
    assert [r.id for r in everywhere] == [other.round.id, newer.id, council.id]


@covers(rounds.save_step, rounds.source_seen)
async def test_a_step_stores_the_new_state_with_its_event_and_its_source(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    state = Board(notes=(Note(text="Licht"),))
    async with backend.transaction() as tx:
        written = await rounds.save_step(tx, shop.round.id, state, Pin(actor=ANNA, text="Licht"),
                                         source="-100:5", is_open=True, deadline=DEADLINE)
        given = await rounds.save_step(tx, shop.round.id, state, Pin(actor=BEN, text="x"),
                                       source=None, is_open=True, deadline=None,
                                       state_json=state.model_dump_json(indent=1))
        record = await rounds.get_round(tx, shop.round.id)
        seen = await rounds.source_seen(tx, shop.round.id, "-100:5")
        unseen = await rounds.source_seen(tx, shop.round.id, "-100:6")
    assert written == state.model_dump_json() and given == state.model_dump_json(indent=1)
    assert record is not None and record.state(Board) == state and record.deadline is None
    assert record.state_json == given
    assert seen and not unseen


@covers(rounds.source_seen_in_session)
async def test_a_source_is_seen_in_every_round_of_its_session_and_no_other(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        await rounds.save_step(tx, shop.round.id, Board(), Pin(actor=ANNA, text="a"),
                               source="web:1", is_open=False, deadline=None)
        newer = await rounds.create_round(tx, shop.session.id, "board", Board(), None)
        in_old = await rounds.source_seen_in_session(tx, shop.session.id, "web:1")
        in_new_round = await rounds.source_seen(tx, newer.id, "web:1")
        unseen = await rounds.source_seen_in_session(tx, shop.session.id, "web:2")
        elsewhere = await rounds.source_seen_in_session(tx, other.session.id, "web:1")
    assert in_old and not in_new_round  # the round's own check knows only the round
    assert not unseen and not elsewhere


@covers(rounds.save_step)
async def test_a_repeated_source_is_refused_and_its_step_leaves_nothing_behind(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text="a"),)),
                               Pin(actor=ANNA, text="a"), source="-100:5", is_open=True,
                               deadline=None)
    with pytest.raises(DuplicateSource):
        async with backend.transaction() as tx:
            await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text="b"),)),
                                   Pin(actor=BEN, text="b"), source="-100:5", is_open=True,
                                   deadline=None)
    async with backend.transaction() as tx:
        record = await rounds.get_round(tx, shop.round.id)
        actors = await drafting.round_actors(tx, shop.event.id)
    assert record is not None and record.state(Board).notes == (Note(text="a"),)
    assert actors == {ANNA}


@covers(rounds.log_events, rounds.log_text, rounds.store_state)
async def test_log_rows_and_the_newest_state_are_stored_and_closing_is_noted_once(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    pin = Pin(actor=ANNA, text="Wasser")
    first, later = iso(datetime(2030, 5, 1, 10, tzinfo=UTC)), iso(utcnow())
    async with backend.transaction() as tx:
        await rounds.log_events(tx, [(shop.round.id, ANNA, rounds.log_text(pin), "-100:1", first),
                                     (shop.round.id, BEN, "Pin {}", "-100:2", first)])
        await rounds.store_state(tx, shop.round.id, Board(title="neu").model_dump_json(),
                                 is_open=False, deadline=None, at=first)
        await rounds.store_state(tx, shop.round.id, Board(title="neuer").model_dump_json(),
                                 is_open=False, deadline=iso(DEADLINE), at=later)
        record = await rounds.get_round(tx, shop.round.id)
        ends = await documentation.rounds_with_end(tx, shop.session.id)
        sources = [await rounds.source_seen(tx, shop.round.id, s) for s in ("-100:1", "-100:2")]
    assert rounds.log_text(pin) == 'Pin {"actor":2,"text":"Wasser"}'
    assert record is not None and not record.is_open and record.deadline == DEADLINE
    assert record.state(Board).title == "neuer"
    assert ends == [("board", record.state_json, datetime(2030, 5, 1, 10, tzinfo=UTC))]
    assert sources == [True, True]


@covers(rounds.set_live_message)
async def test_a_rounds_live_message_and_its_text_are_kept(backend: Database) -> None:
    shop = await workshop(backend)
    async with backend.transaction() as tx:
        await rounds.set_live_message(tx, shop.round.id, 42, "Pinnwand: 0 Notizen")
        shown = await rounds.get_round(tx, shop.round.id)
        await rounds.set_live_message(tx, shop.round.id, None, None)
        gone = await rounds.get_round(tx, shop.round.id)
    assert shown is not None and (shown.live_message_id, shown.live_text) == (
        42, "Pinnwand: 0 Notizen")
    assert gone is not None and (gone.live_message_id, gone.live_text) == (None, None)


@covers(rounds.rounds_mentioning, rounds.replace_state)
async def test_rounds_that_may_name_a_person_are_found_and_rewritten(backend: Database) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    async with backend.transaction() as tx:
        await rounds.save_step(tx, shop.round.id, Board(notes=(Note(text=f"von {ANNA}"),)),
                               Pin(actor=ANNA, text="x"), source=None, is_open=True,
                               deadline=None)
        await rounds.set_live_message(tx, shop.round.id, 42, f"von {ANNA}")
        mentioning = await rounds.rounds_mentioning(tx, ANNA)
        await rounds.replace_state(tx, shop.round.id, Board(notes=(Note(text="von jemandem"),)))
        rewritten = await rounds.get_round(tx, shop.round.id)
        afterwards = await rounds.rounds_mentioning(tx, ANNA)
    assert [r.id for r in mentioning] == [shop.round.id] and other.round.id != shop.round.id
    assert rewritten is not None and rewritten.live_text is None
    assert rewritten.live_message_id == 42
    assert rewritten.state(Board).notes == (Note(text="von jemandem"),)
    assert afterwards == []


@covers(IncrementalDump.__call__, IncrementalDump.forget)
async def test_a_state_written_piece_by_piece_reads_back_equal(backend: Database) -> None:
    shop = await workshop(backend)
    dump = IncrementalDump(["notes"])
    state = Board()
    for text in ("eins", "zwei", "drei"):
        state = Board(title=state.title, notes=(*state.notes, Note(text=text)))
        async with backend.transaction() as tx:
            await rounds.save_step(tx, shop.round.id, state, Pin(actor=ANNA, text=text),
                                   source=None, is_open=True, deadline=None,
                                   state_json=dump(shop.round.id, state))
    rewritten = Board(title="Neu", notes=(Note(text="zwei"), *state.notes[2:]))
    dump.forget(shop.round.id)
    async with backend.transaction() as tx:
        stored = await rounds.get_round(tx, shop.round.id)
        await rounds.save_step(tx, shop.round.id, rewritten, Pin(actor=ANNA, text="-"),
                               source=None, is_open=False, deadline=None,
                               state_json=dump(shop.round.id, rewritten))
        final = await rounds.get_round(tx, shop.round.id)
    assert stored is not None and stored.state(Board) == state
    assert final is not None and final.state(Board) == rewritten
    assert dump(shop.round.id, Board()) == '{"title":"Wand","notes":[]}'


@covers(drafting.round_actors)
async def test_the_actors_of_an_events_rounds_leave_out_the_bot_and_the_forgotten(
    backend: Database,
) -> None:
    shop = await workshop(backend)
    other = await workshop(backend, chat_id=-300)
    at = iso(utcnow())
    async with backend.transaction() as tx:
        second, _ = await people.link_session(tx, shop.event.id, 555, 0, "privat", "Privat")
        late = await rounds.create_round(tx, second.id, "board", Board(), None)
        await rounds.log_events(tx, [
            (shop.round.id, ANNA, "Pin {}", None, at),
            (shop.round.id, SYSTEM, "TimerExpired {}", None, at),
            (shop.round.id, FORGOTTEN, "Pin {}", None, at),
            (late.id, BEN, "Pin {}", None, at),
            (other.round.id, 77, "Pin {}", None, at),
        ])
        actors = await drafting.round_actors(tx, shop.event.id)
        none = await drafting.round_actors(tx, other.event.id + 1)
    assert actors == {ANNA, BEN} and none == set()

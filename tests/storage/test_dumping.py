"""Incremental dumping writes the same state as a whole dump, and reuses unchanged items."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.pinboard import (
    HideNotes,
    PinboardState,
    StartVote,
    UndoNote,
    Vote,
    apply,
    parse_note,
    parse_open,
)
from storage.dumping import IncrementalDump

NOW = datetime(2023, 5, 5, 10, tzinfo=UTC)


def board_with_notes(count: int) -> PinboardState:
    state = apply(None, parse_open("/pinboard 10m Dritte Orte\nWas?\nWer?", 1), NOW).state
    for number in range(count):
        event = parse_note(f"{1 + number % 2} Notiz {number} | „Zitat“ \\ ✍", 100 + number,
                           questions=2, source=f"-1:{number}")
        state = apply(state, event, NOW).state
    return state


def test_an_incremental_dump_parses_back_to_the_same_state_at_every_step() -> None:
    dump = IncrementalDump(("notes", "dots"))
    state = board_with_notes(0)
    for number in range(30):
        event = parse_note(f"1 Neu {number}", 500 + number, questions=2, source=f"-2:{number}")
        state = apply(state, event, NOW).state
        assert PinboardState.model_validate_json(dump(7, state)) == state
    state = apply(state, UndoNote(actor=529), NOW).state  # the last note goes
    assert PinboardState.model_validate_json(dump(7, state)) == state
    state = apply(state, HideNotes(actor=1, numbers=(3, 5)), NOW).state  # two notes change
    assert PinboardState.model_validate_json(dump(7, state)) == state
    state = apply(state, StartVote(actor=1, budget=3), NOW).state
    state = apply(state, Vote(actor=500, option="n1", source="cb:1"), NOW).state
    assert PinboardState.model_validate_json(dump(7, state)) == state


def test_unchanged_notes_are_not_serialized_again() -> None:
    dump = IncrementalDump(("notes",))
    state = board_with_notes(50)
    dump(1, state)
    calls = 0
    original = type(state.notes[0]).model_dump_json

    def counting(self: object, **kwargs: object) -> str:
        nonlocal calls
        calls += 1
        return original(self, **kwargs)  # type: ignore[arg-type]

    type(state.notes[0]).model_dump_json = counting  # type: ignore[method-assign]
    try:
        grown = apply(state, parse_note("2 Eine mehr", 9, questions=2, source="-3:1"), NOW).state
        assert PinboardState.model_validate_json(dump(1, grown)) == grown
    finally:
        type(state.notes[0]).model_dump_json = original  # type: ignore[method-assign]
    assert calls == 1

"""Parsed states of open rounds: used while their JSON stands, and kept for the rounds used
most recently only."""

from __future__ import annotations

from typing import Any

from service.states import STATES_KEPT, StateCache
from storage.records import RoundRecord


class Counting:
    """A format that counts how often it parses."""

    def __init__(self) -> None:
        self.parsed = 0

    def parse(self, record: RoundRecord) -> Any:
        self.parsed += 1
        return {"json": record.state_json}


def record(round_id: int, state_json: str = "{}", *, is_open: bool = True) -> RoundRecord:
    return RoundRecord(id=round_id, session_id=round_id, kind="pinboard", state_json=state_json,
                       is_open=is_open, deadline=None, live_message_id=None, live_text=None)


def test_a_state_is_parsed_once_while_its_json_stands_and_only_recent_ones_are_kept() -> None:
    cache = StateCache()
    fmt: Any = Counting()  # (only ``parse`` of a format is used)
    cache.parse(fmt, record(1))
    assert cache.parse(fmt, record(1)) == {"json": "{}"}
    assert fmt.parsed == 1
    cache.parse(fmt, record(1, '{"n": 1}'))
    assert fmt.parsed == 2  # the stored text changed: parsed anew
    cache.parse(fmt, record(2, is_open=False))
    cache.parse(fmt, record(2, is_open=False))
    assert fmt.parsed == 4  # a closed round's state is not kept
    for round_id in range(3, STATES_KEPT + 3):
        cache.parse(fmt, record(round_id))
        cache.parse(fmt, record(1, '{"n": 1}'))  # in use: kept
    parsed = fmt.parsed
    cache.parse(fmt, record(1, '{"n": 1}'))
    cache.parse(fmt, record(STATES_KEPT + 2))
    assert fmt.parsed == parsed  # the recent ones are still kept
    cache.parse(fmt, record(3))
    assert fmt.parsed == parsed + 1  # the least recently used one went

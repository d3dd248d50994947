"""Parsed states of open rounds, and each session's head: the state contributions build on."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from service.formats import RoundFormat
from storage.journal import Write
from storage.records import RoundRecord

STATES_KEPT = 256
"""Parsed states kept, the most recently used (a thousand open boards' notes as objects
took some 30 MB; a state not kept is parsed again from its JSON when next needed)."""


@dataclass(frozen=True)
class Head:
    """A round's newest state, which contributions build on (possibly ahead of the stored one)."""

    record: RoundRecord
    """The round as read from the database, without its state and live texts."""
    state: Any
    version: int = 0
    """The round's version once everything built on it so far is stored: a contribution on
    this head is stored only if the round is still there (``storage.journal.Write.expected``)."""


class StateCache:
    """The parsed state of each open round, next to the JSON it was parsed from.

    Parsing a board of a thousand notes costs milliseconds; a contribution
    would otherwise pay it every time. The JSON stays the truth: a cached
    state is used only while the stored text is exactly the one it came from.

    A contribution that goes through the journal (``RoundService.contribute``)
    builds on the round's *head*: its newest state, which the journal is about
    to store. Heads are kept per session (one open round each) and dropped
    whenever another path changes the round (``RoundService.act``, or any change
    under ``RoundService.exclusive``), so the next contribution reads it again.
    Parsed states are kept for the ``STATES_KEPT`` rounds used most recently; heads are
    never dropped for room (a head may be ahead of what is stored).
    """

    def __init__(self) -> None:
        self._states: OrderedDict[int, tuple[str, Any]] = OrderedDict()
        self._heads: dict[int, Head] = {}

    def parse(self, fmt: RoundFormat[Any], record: RoundRecord) -> Any:
        cached = self._states.get(record.id)
        if cached is not None and cached[0] == record.state_json:
            self._states.move_to_end(record.id)
            return cached[1]
        state = fmt.parse(record)
        if record.is_open:
            self._put(record.id, record.state_json, state)
        return state

    def keep(self, round_id: int, state_json: str, state: Any, *, is_open: bool) -> None:
        if is_open:
            self._put(round_id, state_json, state)
        else:
            self._states.pop(round_id, None)

    def _put(self, round_id: int, state_json: str, state: Any) -> None:
        self._states[round_id] = (state_json, state)
        self._states.move_to_end(round_id)
        while len(self._states) > STATES_KEPT:
            self._states.popitem(last=False)

    def head(self, session_id: int) -> Head | None:
        return self._heads.get(session_id)

    def advance(self, head: Head) -> None:
        self._heads[head.record.session_id] = head

    def drop_head(self, session_id: int) -> None:
        self._heads.pop(session_id, None)

    def drop_heads(self) -> None:
        self._heads.clear()

    def stored(self, write: Write, state_json: str) -> None:
        """The journal committed a round's newest write."""
        self.keep(write.round_id, state_json, write.value, is_open=write.is_open)

    def failed(self, round_ids: set[int]) -> None:
        """The journal could not store these rounds' contributions: forget what they built on."""
        for round_id in round_ids:
            self._states.pop(round_id, None)
        for session_id, head in list(self._heads.items()):
            if head.record.id in round_ids:
                del self._heads[session_id]

"""Writing a round's state without serializing it whole every time.

A pinboard's state carries every note; a contribution changes one of a
thousand, yet ``model_dump_json`` would serialize all of them again, so each
note would cost more than the one before. States are frozen and a step keeps
the untouched items as the very same objects, so the JSON of each item can
be kept and reused while the object is still part of the state; when a step
only appended items (the usual case), the joined JSON of the ones before is
reused whole. The result is the same JSON document (fields in another
order), which parses back to an equal state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass
class _Written:
    """One field's items as last written: the tuple, its items' JSON, and all of it joined."""

    items: tuple[BaseModel, ...] = ()
    pieces: dict[int, tuple[BaseModel, str]] = field(default_factory=dict)
    joined: str = ""


class IncrementalDump:
    """Dumps states whose ``fields`` are long tuples of frozen models, reusing items' JSON."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self._written: dict[tuple[int, str], _Written] = {}

    def __call__(self, round_id: int, state: BaseModel) -> str:
        head = state.model_dump_json(exclude=set(self.fields))
        parts = [
            f'"{name}":[{self._field(round_id, name, getattr(state, name))}]'
            for name in self.fields
        ]
        body = ",".join(parts)
        return "{" + body + "}" if head == "{}" else head[:-1] + "," + body + "}"

    def _field(self, round_id: int, name: str, items: tuple[BaseModel, ...]) -> str:
        before = self._written.get((round_id, name), _Written())
        now = _Written(items=items)
        kept = len(before.items)
        if kept and items[:kept] == before.items:  # only appended: identical objects compare fast
            now.pieces = before.pieces
            added = [self._piece(now.pieces, item) for item in items[kept:]]
            now.joined = ",".join([before.joined, *added]) if added else before.joined
        else:
            now.joined = ",".join(
                self._piece(now.pieces, item, before.pieces) for item in items
            )
        self._written[(round_id, name)] = now
        return now.joined

    @staticmethod
    def _piece(
        into: dict[int, tuple[BaseModel, str]],
        item: BaseModel,
        known: dict[int, tuple[BaseModel, str]] | None = None,
    ) -> str:
        found = (known or into).get(id(item))
        if found is None or found[0] is not item:
            found = (item, item.model_dump_json())
        into[id(item)] = found
        return found[1]

    def forget(self, round_id: int) -> None:
        """A closed round is written no more."""
        for name in self.fields:
            self._written.pop((round_id, name), None)

"""Writing a round's state without serializing it whole every time.

A pinboard's state carries every note; a contribution changes one of a
thousand, yet ``model_dump_json`` would serialize all of them again, so each
note would cost more than the one before. States are frozen and a step keeps
the untouched items as the very same objects, so the JSON of each item can
be kept and reused while the object is still part of the state. The result
is the same JSON document (fields in another order), which parses back to
an equal state.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel


class IncrementalDump:
    """Dumps states whose ``fields`` are long tuples of frozen models, reusing items' JSON."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self._known: dict[int, dict[int, tuple[BaseModel, str]]] = {}

    def __call__(self, round_id: int, state: BaseModel) -> str:
        head = state.model_dump_json(exclude=set(self.fields))
        previous = self._known.get(round_id, {})
        current: dict[int, tuple[BaseModel, str]] = {}
        parts = []
        for name in self.fields:
            pieces = []
            for item in getattr(state, name):
                known = previous.get(id(item))
                if known is None or known[0] is not item:
                    known = (item, item.model_dump_json())
                current[id(item)] = known
                pieces.append(known[1])
            parts.append(f'"{name}":[{",".join(pieces)}]')
        self._known[round_id] = current
        body = ",".join(parts)
        return "{" + body + "}" if head == "{}" else head[:-1] + "," + body + "}"

    def forget(self, round_id: int) -> None:
        """A closed round is written no more."""
        self._known.pop(round_id, None)

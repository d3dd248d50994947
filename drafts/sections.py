"""The formats' sections of a draft: one function per round kind, listed in one place.

The document is built around sections it does not know: a pinboard transcript,
a fishbowl protocol, a council's tables. Each format contributes one function,
so a new format needs no change to the document builder.

The contract, for ``drafts/<kind>.py``::

    def pinboard_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]: ...

and the pair ``("pinboard", pinboard_section)`` added to ``SECTIONS`` in
``drafts/document.py``, the one table of sections. A section that also reads
its session (the quotes its round gathered, the session's podium) is a
``SessionSection``: its function gets the ``SessionInput`` as a fourth
argument, and the quotes it shows itself are left out of the session's
"Zitate".

- ``state`` is the round's stored flow state: the JSON text from the database,
  or the state model itself (tests, the demo). ``state_as(Model, state)``
  gives the model either way.
- ``names`` is the only way to name a person: ``names.person(user_id)`` gives
  the name if they agreed, else "a participant (sector)"; never print a name
  from the state itself.
- ``t`` is the event's language (``t("pinboard.draft_title")``); every heading
  and label comes from the catalogue, in German and English.
- Return blocks (``drafts.blocks``) with plain, unescaped text: the renderers
  escape. Start with a ``Heading(level=2, …)`` naming the round; go no deeper
  than level 3 below it. Return ``[]`` when the round has nothing to document
  (say, it was opened and closed at once).
- Be linear in the number of contributions: a draft may hold 10,000 notes.

A round whose kind has no section is left out of the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel

from drafts.blocks import Block
from drafts.model import SessionInput
from drafts.names import Names
from locales import Translator

StateInput = str | BaseModel
"""A round's state as stored (JSON) or as the flow's model."""
SectionFn = Callable[[StateInput, Names, Translator], Sequence[Block]]


def no_quotes(state: StateInput) -> Collection[str]:
    return ()


@dataclass(frozen=True)
class SessionSection:
    """A section that reads its session as well as its round."""

    build: Callable[[StateInput, Names, Translator, SessionInput], Sequence[Block]]
    quotes: Callable[[StateInput], Collection[str]] = no_quotes
    """The sources of the session's quotes the section shows itself (its round's answers)."""


Section = SectionFn | SessionSection
"""One format's part of a draft: its function, or a ``SessionSection``."""

ModelT = TypeVar("ModelT", bound=BaseModel)


def section_table(sections: Iterable[tuple[str, Section]]) -> Mapping[str, Section]:
    """Round kind → its section; a kind listed twice is a wiring mistake."""
    table: dict[str, Section] = {}
    for kind, fn in sections:
        if kind in table:
            raise ValueError(f"two sections for {kind!r}: {table[kind]!r} and {fn!r}")
        table[kind] = fn
    return MappingProxyType(table)


def state_as(model: type[ModelT], state: StateInput) -> ModelT:
    """The round's state as ``model``, whether it came as stored JSON or as the model."""
    if isinstance(state, model):
        return state
    if isinstance(state, str):
        return model.model_validate_json(state)
    return model.model_validate(state.model_dump())

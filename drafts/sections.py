"""The formats' sections of a draft: one function per round kind, registered by each format.

The document is built around sections it does not know: a pinboard transcript,
a fishbowl protocol, a council's tables. Each format contributes one function,
so a new format needs no change to the document builder.

The contract, for ``drafts/<kind>.py``::

    def pinboard_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]: ...

    register_section("pinboard", pinboard_section)

and the module's name added to ``SECTION_MODULES`` below, so that it is
imported (and registers) before the first draft is built.

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

A round whose kind has no registered section is left out of the draft.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel

from drafts.blocks import Block
from drafts.names import Names
from locales import Translator

StateInput = str | BaseModel
"""A round's state as stored (JSON) or as the flow's model."""
SectionFn = Callable[[StateInput, Names, Translator], Sequence[Block]]

SECTIONS: dict[str, SectionFn] = {}
"""Round kind → the function that documents a round of that kind."""

SECTION_MODULES: tuple[str, ...] = ("pinboard", "fishbowl", "council")
"""Modules below ``drafts`` that register a section when imported (``"pinboard"`` …)."""

ModelT = TypeVar("ModelT", bound=BaseModel)


def register_section(kind: str, fn: SectionFn) -> SectionFn:
    """Make ``fn`` document the rounds of ``kind``; a kind has one section, registered once."""
    existing = SECTIONS.get(kind)
    if existing is not None and existing is not fn:
        raise ValueError(f"a section for {kind!r} is registered already: {existing!r}")
    SECTIONS[kind] = fn
    return fn


def registered_sections() -> Mapping[str, SectionFn]:
    """Every section, after importing the modules that register them."""
    for module in SECTION_MODULES:
        importlib.import_module(f"drafts.{module}")
    return SECTIONS


def state_as(model: type[ModelT], state: StateInput) -> ModelT:
    """The round's state as ``model``, whether it came as stored JSON or as the model."""
    if isinstance(state, model):
        return state
    if isinstance(state, str):
        return model.model_validate_json(state)
    return model.model_validate(state.model_dump())

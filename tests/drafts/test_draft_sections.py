"""The section contract: formats give one function each; the builder calls them in order."""

from __future__ import annotations

import gc
from collections.abc import Sequence

import pytest

from drafts import (
    Block,
    DraftInput,
    EventInfo,
    Heading,
    Names,
    Paragraph,
    Placeholder,
    RoundInput,
    SectionFn,
    SessionInput,
    StateInput,
    build_document,
    section_table,
    state_as,
)
from drafts import document as document_module
from drafts.collect import collector_paused
from locales import Translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, Board, Question


def kind_section(kind: str) -> SectionFn:
    def section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
        return [Heading(level=2, text=f"{kind}: {state_as(Board, state).title}")]

    return section


def draft(*sessions: SessionInput) -> DraftInput:
    return DraftInput(
        event=EventInfo(title="E", dates="heute", place="hier", language="de",
                        sectors=DEFAULT_SECTORS),
        sessions=sessions,
    )


def board(title: str) -> str:
    return Board(title=title, questions=(Question(text="Q"),)).model_dump_json()


def headings(result: DraftInput, sections: dict[str, SectionFn]) -> list[str]:
    document = build_document(result, sections=sections)
    return [b.text for b in document.blocks if isinstance(b, Heading) and b.level >= 1]


def test_sessions_and_their_rounds_appear_in_the_order_they_happened() -> None:
    first = SessionInput(id=1, title="WS 1", rounds=(
        RoundInput(kind="pinboard", state=board("eins")),
        RoundInput(kind="fishbowl", state=board("zwei")),
        RoundInput(kind="pinboard", state=board("drei")),
    ))
    second = SessionInput(id=2, title="WS 2", rounds=(RoundInput(kind="fishbowl",
                                                                 state=board("vier")),))
    sections = {"pinboard": kind_section("pinboard"), "fishbowl": kind_section("fishbowl")}
    assert headings(draft(first, second), sections)[2:-2] == [
        "WS 1", "pinboard: eins", "fishbowl: zwei", "pinboard: drei", "WS 2", "fishbowl: vier",
    ]


def test_rounds_of_a_kind_without_a_section_are_left_out() -> None:
    session = SessionInput(id=1, title="WS", rounds=(
        RoundInput(kind="council", state=board("ohne")),
        RoundInput(kind="pinboard", state=board("mit")),
    ))
    assert "pinboard: mit" in headings(draft(session), {"pinboard": kind_section("pinboard")})
    assert not any("ohne" in h for h in headings(draft(session), {"pinboard": kind_section("p")}))


def test_a_session_without_any_result_asks_the_organizer_for_them() -> None:
    document = build_document(draft(SessionInput(id=1, title="Leer")), sections={})
    texts = [b.text for b in document.blocks if isinstance(b, Placeholder)]
    assert "Die Ergebnisse dieser Sitzung." in texts
    assert "Die Leitfrage dieser Sitzung." in texts


def test_impulse_and_moderation_are_shown_as_given_and_a_gap_is_marked() -> None:
    session = SessionInput(id=1, title="WS", question="Wie?", impulse="Dr. Uli Glaser (Nürnberg)")
    document = build_document(draft(session), sections={})
    paragraphs = ["".join(r.text for r in b.runs) for b in document.blocks
                  if isinstance(b, Paragraph)]
    assert "Leitfrage: Wie?" in paragraphs
    assert "Impuls: Dr. Uli Glaser (Nürnberg)" in paragraphs
    assert any(isinstance(b, Placeholder) and "moderierte" in b.text for b in document.blocks)
    both = session.model_copy(update={"moderation": "Ute Bertel (München)"})
    document = build_document(draft(both), sections={})
    paragraphs = ["".join(r.text for r in b.runs) for b in document.blocks
                  if isinstance(b, Paragraph)]
    assert "Impuls: Dr. Uli Glaser (Nürnberg) | Moderation: Ute Bertel (München)" in paragraphs


def test_a_state_arrives_as_stored_json_or_as_the_model_and_reads_the_same() -> None:
    model = Board(title="T", questions=(Question(text="Q"),))
    assert state_as(Board, model.model_dump_json()) == model
    assert state_as(Board, model) is model


def test_a_kind_has_one_section_listed_once() -> None:
    first = kind_section("contract-test")
    assert section_table([("contract-test", first)])["contract-test"] is first
    with pytest.raises(ValueError, match="two sections for 'contract-test'"):
        section_table([("contract-test", first), ("contract-test", kind_section("other"))])


def test_the_formats_sections_are_used_when_none_are_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = SessionInput(id=1, title="WS", rounds=(RoundInput(kind="contract-test",
                                                                state=board("global")),))
    sections = {**document_module.SECTIONS, "contract-test": kind_section("registered")}
    monkeypatch.setattr(document_module, "SECTIONS", sections)
    document = build_document(draft(session))
    assert any(isinstance(b, Heading) and b.text == "registered: global" for b in document.blocks)


def test_compiling_a_draft_pauses_the_collector_and_restores_it() -> None:
    seen: list[bool] = []

    @collector_paused
    def inner() -> None:
        seen.append(gc.isenabled())

    @collector_paused
    def outer() -> None:
        inner()
        seen.append(gc.isenabled())

    assert gc.isenabled()
    outer()
    assert seen == [False, False]
    assert gc.isenabled()

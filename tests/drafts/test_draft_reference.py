"""The reference documentation rebuilt: workshop 2's pinboard notes and the composition table.

Kassel 2023 was documented by hand; the draft must reproduce what its
organizers typed: the "Dritte Orte" pinboard transcript question by question,
and the composition of the 79 participants with the shares the reference shows.
"""

from __future__ import annotations

import io

import docx
import pytest

from drafts import (
    DraftInput,
    EventInfo,
    PersonInfo,
    RoundInput,
    SessionInput,
    Table,
    build_document,
    render_docx,
    render_markdown,
)
from drafts.composition import share_percent
from tests.drafts.draft_samples import (
    DEFAULT_SECTORS,
    Board,
    Note,
    Question,
    transcript_section,
    unescape_md,
)
from tests.reference import REFERENCE_BOARD

PINBOARD = REFERENCE_BOARD
COMPOSITION = {"municipal": 48, "state": 6, "federal": 3, "civil_society": 17, "foundation": 2,
               "research": 3}
REFERENCE_SHARES = ["61 %", "8 %", "4 %", "22 %", "3 %", "4 %"]
TRANSCRIPT_LINES = [f"{question}: {' | '.join(notes)}" for question, notes in PINBOARD.items()]


def kassel() -> DraftInput:
    """79 registered participants by sector, and workshop 2 with its pinboard."""
    people: dict[int, PersonInfo] = {}
    for sector, count in COMPOSITION.items():
        for _ in range(count):
            people[len(people) + 1] = PersonInfo(name=f"P{len(people) + 1}", sector=sector,
                                                 registered=True)
    board = Board(
        title="Dokumentation der Pinwand-Mitschrift",
        questions=tuple(
            Question(text=question, notes=tuple(Note(text=text, author=1) for text in notes))
            for question, notes in PINBOARD.items()
        ),
    )
    workshop = SessionInput(
        id=2,
        title="„Dritte Orte - Räume mit Potential“ (WS 2)",
        question="Wie finden wir ‚Dritte Orte‘, wie organisieren wir sie?",
        impulse="Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)",
        moderation="Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)",
        rounds=(RoundInput(kind="pinboard", state=board),),
    )
    return DraftInput(
        event=EventInfo(title="Herausforderungen in den Kommunen gemeinsam bewältigen",
                        dates="11.–12. Mai 2023", place="Kassel", language="de",
                        sectors=DEFAULT_SECTORS),
        people=people,
        participants=frozenset(people),
        sessions=(workshop,),
    )


def composition_table(draft: DraftInput) -> Table:
    document = build_document(draft, sections={"pinboard": transcript_section})
    return next(block for block in document.blocks if isinstance(block, Table))


def test_the_composition_table_reproduces_the_references_counts_and_shares() -> None:
    table = composition_table(kassel())
    assert [row[1] for row in table.rows] == ["48", "6", "3", "17", "2", "3", "79"]
    assert [row[2] for row in table.rows[:-1]] == REFERENCE_SHARES
    assert table.rows[-1][0] == "Gesamt"
    assert table.rows[0][0].startswith("Kommunale Ebene")


@pytest.mark.parametrize(
    ("count", "total", "percent"),
    [(48, 79, 61), (6, 79, 8), (17, 79, 22), (2, 79, 3), (1, 8, 13), (1, 3, 33), (0, 5, 0),
     (3, 0, 0)],
)
def test_shares_are_rounded_half_up_one_by_one(count: int, total: int, percent: int) -> None:
    assert share_percent(count, total) == percent


def test_the_markdown_draft_reproduces_the_pinboard_transcript_line_by_line() -> None:
    document = build_document(kassel(), sections={"pinboard": transcript_section})
    lines = unescape_md(render_markdown(document)).splitlines()
    for expected in TRANSCRIPT_LINES:
        assert f"**{expected.split(': ', 1)[0]}:** {expected.split(': ', 1)[1]}" in lines
    assert "**Impuls & Moderation:** Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)" in lines
    assert "| Zivilgesellschaftliche Organisationen | 17 | 22 % |" in lines


def test_the_docx_draft_reproduces_the_pinboard_transcript_and_the_table() -> None:
    document = build_document(kassel(), sections={"pinboard": transcript_section})
    word = docx.Document(io.BytesIO(render_docx(document)))
    texts = [paragraph.text for paragraph in word.paragraphs]
    for expected in TRANSCRIPT_LINES:
        assert expected in texts
    cells = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert cells[0] == ["Bereich", "Anzahl", "Anteil"]
    assert [row[2] for row in cells[1:7]] == REFERENCE_SHARES
    assert cells[-1][:2] == ["Gesamt", "79"]


def test_people_who_did_not_register_or_name_no_known_sector_count_as_not_stated() -> None:
    draft = kassel()
    people = dict(draft.people)
    people[900] = PersonInfo(name="Unregistered", sector="municipal", registered=False)
    people[901] = PersonInfo(name="Sectorless", sector=None, registered=True)
    people[902] = PersonInfo(name="Elsewhere", sector="Wirtschaft", registered=True)
    changed = draft.model_copy(update={"people": people,
                                       "participants": frozenset(people)})
    table = composition_table(changed)
    assert table.rows[-2] == ("Ohne Angabe", "3", "4 %")
    assert table.rows[-1][1] == "82"

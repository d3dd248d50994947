"""Test-only material for the draft tests: a tiny pinboard section, sample people, a PNG.

The real pinboard section belongs to the pinboard's engineers; these tests
need a format's section to build a realistic draft around, so they bring a
minimal one through ``build_document(sections=…)`` without registering it.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Sequence

from drafts import (
    Block,
    BulletList,
    Consent,
    DraftInput,
    EventInfo,
    Heading,
    Item,
    Names,
    Paragraph,
    PersonInfo,
    PhotoInput,
    QuoteInput,
    RoundInput,
    Run,
    SessionInput,
    StateInput,
    Table,
    state_as,
)
from flows.base import FORGOTTEN, Value
from locales import Translator

DEFAULT_SECTORS = ("municipal", "state", "federal", "civil_society", "foundation", "research")


class Note(Value):
    text: str
    author: int


class Question(Value):
    text: str
    notes: tuple[Note, ...] = ()
    cluster: str | None = None


class Board(Value):
    """A pinboard as the test section sees it: questions with their notes and dot votes."""

    title: str
    questions: tuple[Question, ...]
    votes: tuple[tuple[str, int], ...] = ()


def board_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
    """Questions as headings, clusters and notes as nested bullets, votes as a table."""
    board = state_as(Board, state)
    blocks: list[Block] = [Heading(level=2, text=f"Pinnwand: {board.title}")]
    for question in board.questions:
        blocks.append(Heading(level=3, text=question.text))
        items = [Item.of(question.cluster, bold=True)] if question.cluster else []
        depth = 1 if question.cluster else 0
        items += [
            Item(runs=(Run(text=note.text), Run(text=f" ({names.person(note.author)})",
                                                 italic=True)), depth=depth)
            for note in question.notes
        ]
        if items:
            blocks.append(BulletList(items=tuple(items)))
    if board.votes:
        rows = tuple((option, str(points)) for option, points in board.votes)
        blocks.append(Table(header=("Cluster", "Punkte"), rows=rows, caption="Punktabfrage"))
    return blocks


def transcript_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
    """The reference's form: "Question: note | note | note", one paragraph per question."""
    board = state_as(Board, state)
    blocks: list[Block] = [Heading(level=2, text=board.title)]
    for question in board.questions:
        notes = " | ".join(note.text for note in question.notes)
        blocks.append(Paragraph(runs=(Run(text=f"{question.text}: ", bold=True),
                                      Run(text=notes))))
    return blocks


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG of one colour, so python-docx can embed it and read its size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


ANNA, BEN, CARLA, DENIZ, EMIL = 11, 12, 13, 14, 15


def realistic_draft(language: str = "de") -> DraftInput:
    """One session of a workshop: a pinboard, quotes with every kind of consent, a photo."""
    people = {
        ANNA: PersonInfo(name="Anna Albers", sector="municipal", consent=True, registered=True),
        BEN: PersonInfo(name="Ben Brandt", sector="civil_society", consent=False, registered=True),
        CARLA: PersonInfo(name="Carla Conrad", sector="research", consent=True, registered=True),
        DENIZ: PersonInfo(name="Deniz Demir", sector="Quartiersmanagement", consent=False,
                          registered=True),
        EMIL: PersonInfo(name="Emil Engel", sector=None, consent=False, registered=False),
    }
    board = Board(
        title="Dritte Orte",
        questions=(
            Question(text="Was sind „Dritte Orte“?", cluster="Begegnung ohne Konsumzwang",
                     notes=(Note(text="Ohne Konsumzwang", author=BEN),
                            Note(text="Soziale Knotenpunkte", author=ANNA))),
            Question(text="Wer trägt die Kosten?",
                     notes=(Note(text="Hausmeister & Versicherung => typisch deutsch",
                                 author=DENIZ),
                            Note(text="Träger kann jeder sein", author=FORGOTTEN))),
        ),
        votes=(("Begegnung ohne Konsumzwang", 7), ("Kosten teilen", 3)),
    )
    session = SessionInput(
        id=2,
        title="Dritte Orte – Räume mit Potential (WS 2)",
        question="Wie finden wir Dritte Orte, wie organisieren wir sie?",
        impulse="Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)",
        moderation="Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)",
        rounds=(RoundInput(kind="pinboard", state=board.model_dump_json()),),
        quotes=(
            QuoteInput(text="Demokratie lebt von Zufallsbegegnung.", author=ANNA,
                       consent=Consent.NAMED),
            QuoteInput(text="Hingehen! Ansprechen!", author=BEN, consent=Consent.ANONYMOUS),
            QuoteInput(text="Das bitte nicht zitieren.", author=CARLA, consent=Consent.DECLINED),
            QuoteInput(text="Noch nicht gefragt.", author=DENIZ, consent=Consent.PENDING),
        ),
        photos=(PhotoInput(data=tiny_png(), filename="pinwand ws2.png",
                           caption="Die Pinnwand am Ende des Workshops", agreed=True,
                           uploader=ANNA),),
    )
    return DraftInput(
        event=EventInfo(title="Kommunalkonferenz", dates="11.–12. Mai 2023", place="Kassel",
                        language=language, sectors=DEFAULT_SECTORS),
        people=people,
        participants=frozenset(people),
        facilitators=(ANNA, BEN),
        notetakers=(CARLA,),
        sessions=(session,),
    )


SECTIONS = {"pinboard": board_section}

_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_md(text: str) -> str:
    """What a Markdown reader shows for backslash escapes: the character itself."""
    return _MD_ESCAPE.sub(r"\1", text)


def tables(blocks: Sequence[Block]) -> list[Table]:
    """The tables of a section, in order."""
    return [block for block in blocks if isinstance(block, Table)]


def bullets(blocks: Sequence[Block]) -> list[list[str]]:
    """The text of each bullet list's items, one list per bullet list."""
    return [
        ["".join(run.text for run in item.runs) for item in block.items]
        for block in blocks
        if isinstance(block, BulletList)
    ]

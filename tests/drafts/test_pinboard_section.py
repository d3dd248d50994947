"""The pinboard's section of a draft: the reference's transcript form, clusters by dots, consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from drafts import (
    SECTIONS,
    BulletList,
    DraftInput,
    EventInfo,
    Heading,
    Paragraph,
    PersonInfo,
    RoundInput,
    SessionInput,
    build_document,
    render_markdown,
)
from drafts.names import Names
from drafts.pinboard import pinboard_section
from flows import pinboard
from flows.base import FORGOTTEN, Event
from flows.pinboard import (
    AddNotes,
    Close,
    GroupNotes,
    HideNotes,
    OpenBoard,
    PinboardState,
    StartClustering,
    StartVote,
    Vote,
)
from locales import translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, unescape_md

T0 = datetime(2023, 5, 11, 14, 0, tzinfo=UTC)
FATMA, ANNA, BEN, CARLA = 1, 11, 12, 13
QUESTIONS = ("Was sind „Dritte Orte“?", "Wer trägt die Kosten?",
             "Was müssen wir als Kommune machen?")
PEOPLE = {
    ANNA: PersonInfo(name="Anna Albers", sector="municipal", consent=True, registered=True),
    BEN: PersonInfo(name="Ben Brandt", sector="civil_society", consent=False, registered=True),
    CARLA: PersonInfo(name="Carla Conrad", sector="research", consent=True, registered=True),
}


def board(*more: Event) -> PinboardState:
    """The reference's first questions, a spam note hidden, two clusters and a few dots."""
    events: list[Event] = [
        OpenBoard(actor=FATMA, title="Dritte Orte", questions=QUESTIONS, anonymity_allowed=True),
        AddNotes(actor=ANNA, question=1, texts=("Zivilgesellschaftlich geprägt",
                                                  "Ohne Konsumzwang", "Nicht kommerziell")),
        AddNotes(actor=BEN, question=1, texts=("Soziale Knotenpunkte", "Urban vs. ländlich")),
        AddNotes(actor=BEN, question=2, texts=("Träger kann jeder sein",)),
        AddNotes(actor=CARLA, question=2, texts=("Hausmeister & Versicherung => typisch deutsch",),
                 anonymous=True),
        AddNotes(actor=BEN, question=1, texts=("Kauft bei mir ein!",)),
        HideNotes(actor=FATMA, numbers=(8,)),
        *more,
    ]
    state: PinboardState | None = None
    for index, event in enumerate(events):
        state = pinboard.apply(state, event, T0 + timedelta(seconds=index * 5)).state
    assert state is not None
    return state


def voted() -> PinboardState:
    return board(
        StartClustering(actor=FATMA),
        GroupNotes(actor=FATMA, name="Ohne Kommerz", notes=(2, 3)),
        StartVote(actor=FATMA, budget=3),
        Vote(actor=ANNA, option="n4"), Vote(actor=BEN, option="n4"),
        Vote(actor=CARLA, option="c1"), Vote(actor=CARLA, option="n7"),
        Close(actor=FATMA),
    )


def section(state: PinboardState | str, language: str = "de", *,
            authors: bool = False) -> list[object]:
    t = translator(language)
    return list(pinboard_section(state, Names(PEOPLE, t, note_authors=authors), t))


def bullets(blocks: list[object]) -> list[str]:
    return [
        "  " * item.depth + "".join(run.text for run in item.runs)
        for block in blocks if isinstance(block, BulletList) for item in block.items
    ]


def test_the_transcript_has_the_references_form_question_by_question() -> None:
    blocks = section(board())
    lines = ["".join(run.text for run in block.runs) for block in blocks
             if isinstance(block, Paragraph) and block.runs[0].bold]
    assert lines == [
        "Was sind „Dritte Orte“?: Zivilgesellschaftlich geprägt | Ohne Konsumzwang | "
        "Nicht kommerziell | Soziale Knotenpunkte | Urban vs. ländlich",
        "Wer trägt die Kosten?: Träger kann jeder sein | "
        "Hausmeister & Versicherung => typisch deutsch",
    ]
    headings = [block.text for block in blocks if isinstance(block, Heading)]
    assert headings == ["Pinnwand: Dritte Orte", "Dokumentation der Pinnwand-Mitschrift"]


def test_hidden_notes_are_left_out_of_the_draft() -> None:
    text = repr(section(voted()))
    assert "Kauft bei mir ein" not in text
    assert "Notizen: 7 · beteiligte Personen: 3" in text


def test_clusters_are_ranked_by_dots_with_their_notes_and_no_authors_as_in_the_reference(
) -> None:
    assert bullets(section(voted())) == [
        "Was sind „Dritte Orte“?",
        "  Soziale Knotenpunkte – 2 Punkte",
        "  Ohne Kommerz – 1 Punkt",
        "    Ohne Konsumzwang",
        "    Nicht kommerziell",
        "  Zivilgesellschaftlich geprägt – 0 Punkte",
        "  Urban vs. ländlich – 0 Punkte",
        "Wer trägt die Kosten?",
        "  Hausmeister & Versicherung => typisch deutsch – 1 Punkt",
        "  Träger kann jeder sein – 0 Punkte",
    ]
    assert "Anna" not in repr(section(voted()))


def test_an_event_that_names_authors_shows_them_as_they_agreed() -> None:
    assert bullets(section(voted(), authors=True)) == [
        "Was sind „Dritte Orte“?",
        "  Soziale Knotenpunkte (eine teilnehmende Person (Zivilgesellschaft)) – 2 Punkte",
        "  Ohne Kommerz – 1 Punkt",
        "    Ohne Konsumzwang (Anna Albers)",
        "    Nicht kommerziell (Anna Albers)",
        "  Zivilgesellschaftlich geprägt (Anna Albers) – 0 Punkte",
        "  Urban vs. ländlich (eine teilnehmende Person (Zivilgesellschaft)) – 0 Punkte",
        "Wer trägt die Kosten?",
        "  Hausmeister & Versicherung => typisch deutsch – 1 Punkt",
        "  Träger kann jeder sein (eine teilnehmende Person (Zivilgesellschaft)) – 0 Punkte",
    ]
    assert "Punktabfrage mit 3 Punkten je Person · Abstimmende: 3." in repr(section(voted()))


def test_an_anonymous_note_never_names_its_author_even_one_who_agreed() -> None:
    assert "Carla" not in repr(section(voted(), authors=True))


def test_someone_forgotten_appears_as_a_participant() -> None:
    state = pinboard.forget(voted(), ANNA, erase=False)
    lines = bullets(section(state, authors=True))
    assert "    Ohne Konsumzwang (eine teilnehmende Person)" in lines
    assert "Anna" not in repr(section(state, authors=True))
    assert {note.author for note in state.notes if note.text == "Ohne Konsumzwang"} == {FORGOTTEN}


def test_without_clusters_or_a_vote_there_is_only_the_transcript() -> None:
    assert bullets(section(board())) == []


def test_a_board_without_visible_notes_adds_nothing_to_the_draft() -> None:
    empty = pinboard.apply(None, OpenBoard(actor=FATMA, title="Leer", questions=("Frage?",)),
                           T0).state
    assert section(empty) == []


def test_the_stored_json_gives_the_same_section_in_english() -> None:
    blocks = section(voted().model_dump_json(), "en")
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        "Pinboard: Dritte Orte", "Transcript of the pinboard", "Clusters by dots"]
    assert "  Ohne Kommerz – 1 dot" in bullets(blocks)


def test_the_registered_section_appears_in_the_markdown_draft() -> None:
    assert SECTIONS["pinboard"] is pinboard_section
    session = SessionInput(id=2, title="Dritte Orte – Räume mit Potential (WS 2)",
                           rounds=(RoundInput(kind="pinboard", state=voted().model_dump_json()),))
    draft = DraftInput(
        event=EventInfo(title="Kommunalkonferenz", dates="11.–12. Mai 2023", place="Kassel",
                        language="de", sectors=DEFAULT_SECTORS),
        people=PEOPLE, participants=frozenset(PEOPLE), sessions=(session,),
    )
    lines = unescape_md(render_markdown(build_document(draft))).splitlines()
    assert "### Pinnwand: Dritte Orte" in lines
    assert ("**Wer trägt die Kosten?:** Träger kann jeder sein | "
            "Hausmeister & Versicherung => typisch deutsch") in lines

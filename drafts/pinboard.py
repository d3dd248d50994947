"""The pinboard in a draft: the transcript question by question, then clusters ranked by dots.

The reference documentation typed each paper pinboard up as one line per
guiding question, "Was sind „Dritte Orte“?: note | note | note"; the
transcript here has exactly that shape. Below it, where the facilitator
grouped notes or held a dot-vote, each question lists its clusters (and the
notes left on their own) ranked by dots. Like the reference, notes name no
author; an event that switched authors on (``Names.note_authors``) shows each
note's author as ``Names`` allows: by name only with consent, never for an
anonymous note.
Hidden notes are left out everywhere, as in the result posted in the chat.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafts.blocks import Block, BulletList, Heading, Item, Paragraph, Run
from drafts.figures import bar_chart
from drafts.names import Names
from drafts.sections import StateInput, state_as
from drafts.text import one_line
from flows.pinboard import Option, PinboardState, QuestionResult, result, visible_notes
from flows.pinboard.model import Note
from locales import Translator


def pinboard_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
    """Transcript, then clusters with dots; nothing for a board without a visible note."""
    board = state_as(PinboardState, state)
    notes = visible_notes(board)
    if not notes:
        return []
    questions = result(board)
    blocks: list[Block] = [
        Heading(level=2, text=t("pinboard.draft_title", title=one_line(board.title))),
        Paragraph.of(summary(board, notes, t), italic=True),
        Heading(level=3, text=t("pinboard.draft_transcript")),
        *(transcript_line(question) for question in questions if question.notes),
    ]
    if board.clusters or board.budget is not None:
        heading = "pinboard.draft_ranked" if board.budget is not None else "pinboard.draft_clusters"
        blocks += [Heading(level=3, text=t(heading)),
                   BulletList(items=tuple(ranked_items(questions, board, names, t)))]
    if board.budget is not None:
        blocks += bar_chart(t, "chart-dots.png", t("docx.chart_dots", title=one_line(board.title)),
                            t("docx.chart_dots_axis"), dots_per_option(questions))
    return blocks


def dots_per_option(questions: Sequence[QuestionResult]) -> list[tuple[str, int]]:
    """Each cluster (or note on its own) of every question with its dots: the vote's chart."""
    return [(one_line(option.name if option.name is not None else option.notes[0].text),
             option.dots)
            for question in questions for option in question.options]


def summary(board: PinboardState, notes: Sequence[Note], t: Translator) -> str:
    """How many notes from how many people, and how the vote went, in one sentence."""
    text = t("pinboard.draft_summary", notes=len(notes),
             people=len({note.author for note in notes}))
    if board.budget is not None:
        voters = len({dot.voter for dot in board.dots})
        text += " " + t("pinboard.draft_vote_summary", budget=board.budget, voters=voters)
    return text


def transcript_line(question: QuestionResult) -> Paragraph:
    """"**Question:** note | note | note", the reference's form."""
    return Paragraph.labelled(one_line(question.text),
                              " | ".join(one_line(note.text) for note in question.notes))


def ranked_items(
    questions: Sequence[QuestionResult], board: PinboardState, names: Names, t: Translator
) -> list[Item]:
    """Per question its options, most dots first; each cluster with its notes below it."""
    items: list[Item] = []
    voted = board.budget is not None
    for question in questions:
        if not question.options:
            continue
        items.append(Item.of(one_line(question.text), bold=True))
        for option in question.options:
            if option.name is None:
                items.append(note_item(option.notes[0], names, 1, dots(option, voted, t)))
                continue
            items.append(Item(runs=(Run(text=one_line(option.name), bold=True),
                                    Run(text=dots(option, voted, t))), depth=1))
            items.extend(note_item(note, names, 2) for note in option.notes)
    return items


def dots(option: Option, voted: bool, t: Translator) -> str:
    if not voted:
        return ""
    return " – " + t("pinboard.draft_dots", count=option.dots)


def note_item(note: Note, names: Names, depth: int, suffix: str = "") -> Item:
    """A note, with its author in italics where the event names authors; an anonymous note
    names nobody.

    Built without validation: every value here is already a checked ``str``
    or a depth of 1 or 2, and a draft may hold ten thousand notes.
    """
    runs = [Run.model_construct(text=one_line(note.text))]
    if names.note_authors and not note.anonymous:
        runs.append(Run.model_construct(text=f" ({names.person(note.author)})", italic=True))
    if suffix:
        runs.append(Run.model_construct(text=suffix))
    return Item.model_construct(runs=tuple(runs), depth=depth)

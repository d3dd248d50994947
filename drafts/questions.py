"""Questions from the floor in a draft: the questions ranked by votes, answered ones marked.

The reference documentation reports what the room asked a keynote or a podium
without naming who asked; so does this section: no question carries its
author, which also keeps an anonymous question anonymous here. Hidden
questions and merged duplicates are left out (their votes counted where they
were merged). The podium's guests the questions were put to are named once, under the
session's title (``drafts/speakers.py``, chosen with ``/session podium``).
"""

from __future__ import annotations

from collections.abc import Sequence

from drafts.blocks import Block, Heading, Paragraph, Table
from drafts.model import SessionInput
from drafts.names import Names
from drafts.sections import SessionSection, StateInput, state_as
from drafts.text import one_line
from flows import questions as qs
from locales import Translator


def questions_section(state: StateInput, names: Names, t: Translator,
                      session: SessionInput) -> Sequence[Block]:
    """One round of questions; nothing for a round nobody asked in."""
    held = state_as(qs.QuestionsState, state)
    ranked = qs.ranked(held)
    if not ranked:
        return []
    rows = tuple(
        (str(rank), one_line(question.text), str(question.votes),
         t("questions.draft_answered") if question.answered else "")
        for rank, question in enumerate(ranked, start=1))
    header = (t("questions.draft_rank"), t("questions.draft_question"),
              t("questions.draft_votes"), t("questions.draft_answered_column"))
    title = one_line(held.title)
    if title != t("questions.default_title"):
        title = t("questions.draft_title", title=title)
    return [
        Heading(level=2, text=title),
        Paragraph.of(t("questions.draft_frame", count=len(ranked),
                       answered=qs.answered_count(held))),
        Table(header=header, rows=rows, caption=t("questions.draft_caption")),
    ]


QUESTIONS_SECTION = SessionSection(questions_section)
"""A section of a round in its session (the session heads it with the podium's guests)."""

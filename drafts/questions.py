"""Questions from the floor in a draft: the questions ranked by votes, answered ones marked.

The reference documentation reports what the room asked a keynote or a podium
without naming who asked; so does this section: no question carries its
author, which also keeps an anonymous question anonymous here. Hidden
questions and merged duplicates are left out (their votes counted where they
were merged). The podium's guests head the list once sessions know them.
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
        *podium_blocks(session, names, t),
        Paragraph.of(t("questions.draft_frame", count=len(ranked),
                       answered=qs.answered_count(held))),
        Table(header=header, rows=rows, caption=t("questions.draft_caption")),
    ]


def podium_blocks(session: SessionInput, names: Names, t: Translator) -> list[Block]:
    """The guests the room asked: the one place this section names people.

    Sessions do not record their podium yet (impulse, moderation and podium
    guests chosen from people, with their consent, come with the draft's
    people); until then there is nothing to name, and the list starts at once.
    """
    return []


QUESTIONS_SECTION = SessionSection(questions_section)
"""Reads its session for the podium's guests."""

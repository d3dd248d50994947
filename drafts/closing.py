"""The closing round in a draft: "Stimmen zum Abschluss" and the rating's spread.

An answer appears only as its author agreed when asked, as for any quote:
with their name and sector, anonymously, or not at all. The session's quotes
that are the round's answers are shown here, under their question, and not
again under the session's "Zitate". The rating is a table of how many gave
each value, with the mean written the way the draft's language writes numbers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from drafts.blocks import Block, Heading, Paragraph, Table
from drafts.composition import share_percent
from drafts.model import QuoteInput, SessionInput
from drafts.names import Names
from drafts.quotes import quotation
from drafts.sections import SessionSection, StateInput, state_as
from drafts.text import one_line
from flows import closing as cl
from locales import Translator, decimal


def closing_section(state: StateInput, names: Names, t: Translator,
                    session: SessionInput) -> Sequence[Block]:
    """One closing round; nothing for one nobody answered or rated in."""
    held = state_as(cl.ClosingState, state)
    if not held.answers and not held.ratings:
        return []
    quotes = {quote.source: quote for quote in session.quotes if quote.source is not None}
    blocks: list[Block] = [Heading(level=2, text=t("closing.draft_title"))]
    voices = 0
    for number, question in enumerate(held.questions, start=1):
        said = voices_to(held, number, quotes, names, t)
        voices += len(said)
        if len(held.questions) > 1:
            blocks.append(Heading(level=3, text=one_line(question)))
        else:
            blocks.append(Paragraph.labelled(t("closing.draft_question"), one_line(question)))
        blocks.extend(said)
    if held.answers and not voices:
        blocks.append(Paragraph.of(t("closing.draft_no_voices", count=len(held.answers)),
                                   italic=True))
    return blocks + rating_blocks(held, t)


def voices_to(held: cl.ClosingState, number: int, quotes: dict[str, QuoteInput], names: Names,
              t: Translator) -> list[Block]:
    """The answers to one question that their authors agreed to, as they agreed."""
    said: list[Block] = []
    for answer in cl.answers_to(held, number):
        quote = quotes.get(answer.source) if answer.source is not None else None
        block = quotation(quote, names, t) if quote is not None else None
        if block is not None:
            said.append(block)
    return said


def rating_blocks(held: cl.ClosingState, t: Translator) -> list[Block]:
    """How many gave each value, highest first, with shares and the mean."""
    average = cl.mean(held)
    if not held.rating or average is None:
        return []
    spread = cl.distribution(held)
    whole = len(held.ratings)
    rows = [(str(value), str(count),
             t("draft.percent", value=share_percent(count, whole)))
            for value, count in sorted(spread.items(), reverse=True)]
    rows.append((t("draft.composition_total"), str(whole), ""))
    return [
        Heading(level=3, text=t("closing.draft_rating")),
        Table(header=(t("closing.draft_rating_column"), t("closing.draft_count"),
                      t("draft.composition_share")),
              rows=tuple(rows), caption=t("closing.draft_scale")),
        Paragraph.of(t("closing.draft_mean", mean=decimal(average, t.language), count=whole)),
    ]


def answer_sources(state: StateInput) -> Collection[str]:
    """The messages the round's answers came from: their quotes are shown here."""
    return {a.source for a in state_as(cl.ClosingState, state).answers if a.source is not None}


CLOSING_SECTION = SessionSection(closing_section, answer_sources)
"""Reads its session for the quotes its answers became."""

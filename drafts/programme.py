"""The draft in the order of the event's programme, as the reference is ordered.

Days are chapters ("TAG 1", "TAG 2"); below each, its parts in time order: a part linked
to a session is that session's chapter one level deeper, a part without a session is a
heading with a placeholder for what was said there, and breaks are left out. Sessions
that are on no day follow at the end, as chapters of their own. Without a programme the
sessions follow one another in the order they were held.
"""

from __future__ import annotations

from collections.abc import Callable

from drafts.blocks import Block, Heading, Placeholder
from drafts.model import DraftInput, SessionInput
from flows.programme import by_day
from locales import Translator

Chapter = Callable[[SessionInput], list[Block]]


def deeper(blocks: list[Block]) -> list[Block]:
    """The blocks with every heading below the title one level deeper."""
    return [block.model_copy(update={"level": block.level + 1})
            if isinstance(block, Heading) and block.level >= 1 else block for block in blocks]


def ordered_chapters(draft: DraftInput, t: Translator, chapter: Chapter) -> list[Block]:
    """Every session's chapter, arranged by the programme if the event has one."""
    if not draft.programme:
        return [block for session in draft.sessions for block in chapter(session)]
    sessions = {session.id: session for session in draft.sessions}
    shown: set[int] = set()
    blocks: list[Block] = []
    for day, entries in by_day(draft.programme):
        parts: list[Block] = []
        for entry in entries:
            session = sessions.get(entry.session_id) if entry.session_id is not None else None
            if session is not None and session.id not in shown:
                shown.add(session.id)
                parts += deeper(chapter(session))
            elif session is None and entry.kind != "break":
                parts += [Heading(level=2, text=entry.title),
                          Placeholder(label=t("draft.placeholder_label"),
                                      text=t(f"people.draft_placeholder_{entry.kind}"))]
        if parts:
            blocks += [Heading(level=1, text=t("people.draft_day", number=day)), *parts]
    for session in draft.sessions:
        if session.id not in shown:
            blocks += chapter(session)
    return blocks

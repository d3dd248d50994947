"""Questions from the floor on a participant's own screen: the Mini App and the guest page.

Both show every question the room sees ranked by votes, as the wall does
(``flows.questions.ranked``: hidden ones and merged duplicates left out, a
duplicate's votes counted in the question it joined), answered ones marked. An
asker is named only as the chat names them: an anonymous question says
"anonymous" and its author's id never leaves the server; a person's own
question says so to them alone and has no vote button (the flow refuses a vote
for one's own question). Only reads; the moves are ``service.requests``'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flows import questions as qs
from locales import Translator

FLOOR_TEXTS = ("questions.list_hint", "questions.live_empty", "questions.button_vote",
               "questions.button_unvote", "questions.answered_mark", "questions_web.yours",
               "questions_web.ask_label", "questions_web.ask_button", "questions_web.anonymous",
               "questions_web.asked", "questions_web.asked_anonymous")
"""The texts a page of questions shows besides each question's own (one word for one thing:
the chat's buttons and marks)."""


@dataclass(frozen=True)
class Asked:
    """One question as a participant's screen shows it."""

    number: int
    rank: int
    text: str
    author: str
    """The asker as the room may see them: a name, "anonymous" or "someone (deleted)"."""
    votes: int
    votes_label: str
    answered: bool
    mine: bool
    """The viewer asked it (no vote for one's own question)."""
    voted: bool
    """The viewer's vote counts for it: a tap takes it back."""
    merged: str | None
    """Which duplicates were merged into it ("merged with question 3"), if any."""


def asker(t: Translator, names: Mapping[int, str], question: qs.Question) -> str:
    """Who asked, as the chat shows it (``bot.questions.view.author``)."""
    key = qs.unnamed(question)
    return t(key) if key is not None else names.get(question.author, "?")


def floor(state: qs.QuestionsState, t: Translator, names: Mapping[int, str],
          viewer: int) -> list[Asked]:
    """Every question the room sees, most votes first, with what the viewer may do."""
    mine = qs.voted(state, viewer)

    def merged(question: qs.Question) -> str | None:
        numbers = [q.number for q in state.questions if q.merged_into is not None
                   and qs.final(state, q.number).number == question.number]
        return (t("questions_web.merged", count=len(numbers),
                  numbers=", ".join(map(str, numbers))) if numbers else None)

    return [Asked(number=question.number, rank=rank, text=question.text,
                  author=asker(t, names, question), votes=question.votes,
                  votes_label=t("wall.votes", count=question.votes),
                  answered=question.answered, mine=question.author == viewer,
                  voted=question.number in mine,
                  merged=merged(question))
            for rank, question in enumerate(qs.ranked(state), start=1)]


def floor_json(state: qs.QuestionsState, t: Translator, names: Mapping[int, str],
               viewer: int) -> dict[str, object]:
    """The round as the Mini App draws it (no author ids: names as the chat shows them)."""
    return {"title": state.title, "anonymity": state.anonymity_allowed,
            "count": t("questions.count", count=len(qs.shown(state))),
            "questions": [{"number": a.number, "rank": a.rank, "text": a.text,
                           "author": a.author, "votes": a.votes, "votes_label": a.votes_label,
                           "answered": a.answered, "mine": a.mine, "voted": a.voted,
                           "merged": a.merged}
                          for a in floor(state, t, names, viewer)]}

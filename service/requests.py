"""Moves that arrive as web requests: each carries the browser's request id as its source.

A request sent twice (a double tap, a retry, a replay) is refused by the round
service as ``duplicate``, which here means "done": it acted once, in whichever round of
the session (a retry that arrives after a new round opened acts no more than one within
the round). After a stored step the adapter that shows rounds in chat is told
(``OnStep``), so the group's live message and announcements follow as for a move made in
chat.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from flows import council, fishbowl, pinboard
from flows import questions as qs
from flows.base import Event, FlowError, Step
from flows.pinboard.model import check_note_texts
from flows.questions.model import check_question
from service.rounds import Actor, RoundService
from storage import people
from storage import rounds as stored
from storage.errors import DuplicateSource
from storage.records import Session

REQUEST = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
"""A request id: what a form or a Mini App move carries so that sending it twice acts once."""
OnStep = Callable[[Session, int, Any, Step[Any], int | None], Awaitable[None]]
"""Told after a web request's step is stored: session, round id, state before, step, actor
(``None`` when the page that made the move shows its outcome itself: nothing is echoed to
the actor privately, as for the chat's panel); no state before: the step opened the round."""


class WebMoves:
    """Carries out web requests' moves on the round service, once each."""

    def __init__(self, rounds: RoundService, on_step: OnStep | None = None) -> None:
        self.rounds = rounds
        self.on_step = on_step

    async def act(self, session: Session, actor: Actor, event: Event, kind: str,
                  request: str, prefix: str = "web", *, round_id: int | None = None,
                  echo: bool = True) -> None:
        """Apply ``event`` to the session's open round of ``kind`` (or the given round) once
        per request id."""
        moved = source(request, actor.user_id, prefix)  # outside: without an id, no repeat
        try:
            applied = await self.rounds.act(session, actor, event, kind=kind,
                                            round_id=round_id, source=moved, session_wide=True)
        except FlowError as error:
            if error.key == "duplicate":
                return  # sent again: it acted once
            raise
        await self.told(session, applied.round.id, applied.before, applied.step,
                        actor.user_id if echo else None)

    async def add_note(self, session: Session, actor: Actor, question: int, text: str,
                       request: str) -> None:
        """A note to a guiding question of the open pinboard: a contribution, as in chat (the
        journal stores it with whatever else arrives meanwhile)."""
        moved = source(request, actor.user_id)
        event = pinboard.AddNotes(actor=actor.user_id, question=question,
                                  texts=check_note_texts((text,)), source=moved)
        async with self.rounds.db.read() as tx:
            if await stored.source_seen_in_session(tx, session.id, moved):
                return  # sent again: it acted once (perhaps in a round closed since)
        done = await self.rounds.contribute(session, actor, event, kind="pinboard",
                                            source=moved)
        try:
            landed = await done.stored
        except DuplicateSource:
            return
        await self.told(session, done.round.id, landed.before, landed.step, actor.user_id)

    async def dot(self, session: Session, actor: Actor, option: str, request: str, *,
                  add: bool = True) -> None:
        """A dot on an option of the open vote, or (``add`` false) one taken back."""
        event: Event = (pinboard.Vote(actor=actor.user_id, option=option,
                                      source=source(request, actor.user_id)) if add
                        else pinboard.Unvote(actor=actor.user_id, option=option))
        await self.act(session, actor, event, "pinboard", request)

    async def wait(self, session: Session, actor: Actor, request: str, *,
                   join: bool = True) -> None:
        """Queue for the fishbowl's empty chair, or stop waiting."""
        event: Event = (fishbowl.JoinQueue(actor=actor.user_id) if join
                        else fishbowl.LeaveQueue(actor=actor.user_id))
        await self.act(session, actor, event, "fishbowl", request)

    async def rate(self, session: Session, actor: Actor, interest: int, rating: str,
                   correction: str | None, request: str) -> None:
        """Rate a restatement of the person's group's interest (``council.Rating``'s values),
        with a correction if they like, as the chat's rating buttons do."""
        event = council.RateRestatement(actor=actor.user_id, interest=interest,
                                        rating=council.Rating(rating),
                                        correction=correction or None,
                                        source=source(request, actor.user_id))
        await self.act(session, actor, event, "council", request)

    async def ask(self, session: Session, actor: Actor, text: str, anonymous: bool,
                  request: str) -> None:
        """A question to the open round of questions; anonymous only where the facilitator
        allowed it (the flow refuses it otherwise), as asked privately in chat."""
        event = qs.AskQuestion(actor=actor.user_id, text=check_question(text),
                               anonymous=anonymous, source=source(request, actor.user_id))
        await self.act(session, actor, event, qs.MACHINE.name, request)

    async def upvote(self, session: Session, actor: Actor, number: int, vote: bool,
                     request: str) -> None:
        """A vote for a question, or (``vote`` false) its withdrawal: the page drew the
        button knowing the person's vote, as the private list in chat does, so a form sent
        twice does not undo the first."""
        event = qs.Upvote(actor=actor.user_id, number=number, vote=vote)
        await self.act(session, actor, event, qs.MACHINE.name, request)

    async def names(self, user_ids: Collection[int]) -> dict[int, str]:
        """The names people chose (or Telegram's), for those a page may name."""
        async with self.rounds.db.read() as tx:
            found = await people.people_by_id(tx, sorted(user_ids))
        return {user_id: person.name for user_id, person in found.items()}

    async def told(self, session: Session, round_id: int, before: Any, step: Step[Any],
                   actor: int | None) -> None:
        if self.on_step is not None:
            await self.on_step(session, round_id, before, step, actor)


def source(request: str, actor: int, prefix: str = "web") -> str:
    """The source a request's move is stored with: the request id *of this person* (a digest
    of both, so the log keeps no id of a person someone could forget), so one person's id
    can neither block nor replay another's move. A request without a valid id moves nothing
    (there would be nothing to tell a repeat by) and is refused as malformed (``ValueError``:
    the adapters answer 400 or 403), never taken for a repeat that acted."""
    if not REQUEST.fullmatch(request):
        raise ValueError("no request id")
    digest = hashlib.sha256(f"{actor}:{request}".encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"

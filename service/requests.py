"""Moves that arrive as web requests: each carries the browser's request id as its source.

A request sent twice (a double tap, a retry, a replay) is refused by the round
service as ``duplicate``, which here means "done": it acted once. After a stored
step the adapter that shows rounds in chat is told (``OnStep``), so the group's
live message and announcements follow as for a move made in chat.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from flows.base import Event, FlowError, Step
from service.rounds import Actor, RoundService
from storage.records import Session

REQUEST = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
"""A request id: what a form or a Mini App move carries so that sending it twice acts once."""
OnStep = Callable[[Session, int, Any, Step[Any], int], Awaitable[None]]
"""Told after a web request's step is stored: session, round id, state before, step, actor."""


class WebMoves:
    """Carries out web requests' moves on the round service, once each."""

    def __init__(self, rounds: RoundService, on_step: OnStep | None = None) -> None:
        self.rounds = rounds
        self.on_step = on_step

    async def act(self, session: Session, actor: Actor, event: Event, kind: str,
                  request: str, prefix: str = "web") -> None:
        """Apply ``event`` to the session's open round of ``kind`` once per request id."""
        try:
            applied = await self.rounds.act(session, actor, event, kind=kind,
                                            source=source(request, prefix))
        except FlowError as error:
            if error.key == "duplicate":
                return  # sent again: it acted once
            raise
        await self.told(session, applied.round.id, applied.before, applied.step,
                        actor.user_id)

    async def told(self, session: Session, round_id: int, before: Any, step: Step[Any],
                   actor: int) -> None:
        if self.on_step is not None:
            await self.on_step(session, round_id, before, step, actor)


def source(request: str, prefix: str = "web") -> str:
    """The source a request's move is stored with; a request without a valid id moves
    nothing (there would be nothing to tell a repeat by)."""
    if not REQUEST.match(request):
        raise FlowError("duplicate")
    return f"{prefix}:{request}"

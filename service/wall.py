"""The live wall's side of the one door: its links, and what a wall shows, read from storage.

A facilitator's ``/wall`` gets the session's link (``link``): a random 128-bit
token, the same until ``renew`` revokes it. A page asks ``snapshot`` with a
token: the session, its event, the round a wall shows (the open one, else the
latest), the parsed state and the people it names, or ``None`` for a token that
is unknown or revoked. Reading changes nothing; the rules of what may be shown
(never a note's author, a name only with consent) are the adapter's templates'.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows import roles
from flows.wall import RenewWall, ShowWall
from service.rounds import Actor, RoundService
from storage import people, walls
from storage.records import Event, Person, RoundRecord, Session

TOKEN_BYTES = 16
"""128 random bits per wall link."""


@dataclass(frozen=True)
class WallSnapshot:
    """What a wall shows now, and the version of the session it was read at."""

    session: Session
    event: Event
    round: RoundRecord | None
    state: Any
    """The round's parsed state (``None`` without a round)."""
    persons: Mapping[int, Person]
    join_url: str | None
    version: int
    now: datetime


class WallService:
    """Wall links per session and the snapshots pages show, over the round service."""

    def __init__(self, rounds: RoundService) -> None:
        self.rounds = rounds

    async def link(self, session: Session, actor: Actor, *, renew: bool = False,
                   join_url: str | None = None) -> str:
        """The session's wall token: the current one, or (``renew``, or none yet) a new one
        that revokes it. ``join_url`` is the group's join link, if Telegram told it."""
        roles.require(RenewWall(actor=actor.user_id) if renew else ShowWall(actor=actor.user_id),
                      actor.role)
        async with self.rounds.db.transaction() as tx:
            current = await walls.current_wall(tx, session.id)
            if current is not None and not renew:
                if join_url is not None and join_url != current.join_url:
                    await walls.set_join_url(tx, session.id, join_url)
                return current.token
            token = secrets.token_urlsafe(TOKEN_BYTES)
            await walls.new_wall(tx, session.id, token, actor.user_id,
                                 join_url if join_url is not None
                                 else current.join_url if current else None)
        self.rounds.changes.changed(session.id)  # a revoked link's pages learn it now
        return token

    async def snapshot(self, token: str) -> WallSnapshot | None:
        """What the wall of ``token`` shows; ``None`` for an unknown or revoked token."""
        changes = self.rounds.changes
        async with self.rounds.db.read() as tx:
            found = await walls.wall_session(tx, token)
            if found is None:
                return None
            session, wall = found
            version = changes.version(session.id)  # read before the round: a later change wakes
            event = await people.get_event(tx, session.event_id)
            record = await walls.shown_round(tx, session.id)
            if event is None:
                return None
            state = None
            named: set[int] = set()
            if record is not None and record.kind in self.rounds.formats:
                fmt = self.rounds.formats[record.kind]
                state = self.rounds.states.parse(fmt, record)
                named = fmt.people_in(state)
            persons = await people.people_by_id(tx, sorted(named)) if named else {}
        return WallSnapshot(session=session, event=event, round=record, state=state,
                            persons=persons, join_url=wall.join_url, version=version,
                            now=self.rounds.clock())

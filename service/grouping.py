"""The Mini App's moves, through the one door: facilitators group notes, everyone takes part.

The person is resolved per request the way chat resolves them (``flows.roles``):
the roles stored in the event, whether they administer the session's group (the
adapter knows: ``IsAdmin``), whether they take part. Grouping is the flows' own
events (``GroupNotes``, ``AcceptSuggestion``, ``MoveNote``, ``Ungroup``); taking
part is a note, a dot or a place in the fishbowl's queue (``service.requests``);
the role matrix decides each, and each acts once per request id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from flows import pinboard, roles
from flows.base import FlowError
from flows.pinboard.model import PinboardState
from service.requests import OnStep, WebMoves
from service.rounds import Actor, RoundService
from storage import initdata, memberships, panels, people
from storage import rounds as stored
from storage.records import Person, RoundRecord, Session

IsAdmin = Callable[[int, int], Awaitable[bool]]
"""Whether a person administers a chat (chat id, user id), as Telegram says."""


@dataclass(frozen=True)
class Steering:
    """A person in a session, with the role they act in there."""

    session: Session
    actor: Actor
    person: Person | None


@dataclass(frozen=True)
class Board:
    """The session's open pinboard, or ``None`` without one."""

    round_id: int | None
    state: PinboardState | None


class Grouping(WebMoves):
    """Facilitators' moves on a pinboard from the Mini App."""

    def __init__(self, rounds: RoundService, is_admin: IsAdmin | None = None,
                 on_step: OnStep | None = None) -> None:
        super().__init__(rounds, on_step)
        self.is_admin = is_admin

    async def sessions(self, user_id: int) -> list[tuple[Session, bool]]:
        """The running sessions the person steers (every session of an event they organize or
        facilitate) or took part in, each with whether they steer it."""
        async with self.rounds.db.read() as tx:
            steered = await panels.steered_sessions(tx, user_id)
            joined = await memberships.running_sessions_of(tx, user_id)
        steering = {session.id for session in steered}
        found = {session.id: session for session in [*steered, *joined]}
        return [(session, session.id in steering)
                for session in sorted(found.values(), key=lambda s: (s.created_at, s.id))]

    async def first_exchange(self, signature: str, expires: int, now: int) -> bool:
        """Whether init data (by its signature) is exchanged for the first time: noted in the
        database until ``expires``, so a restart or another process refuses it too."""
        async with self.rounds.db.beside() as tx:
            return await initdata.use_init_data(tx, signature, expires, now)

    async def person(self, user_id: int) -> Person | None:
        async with self.rounds.db.read() as tx:
            return await people.get_person(tx, user_id)

    async def steering(self, session_id: int, user_id: int) -> Steering | None:
        """The person in the session with their role, resolved now; ``None`` for no session."""
        async with self.rounds.db.read() as tx:
            session = await people.get_session(tx, session_id)
            if session is None or session.ended_at is not None:
                return None
            held = await people.roles_of(tx, session.event_id, user_id)
            member = await people.is_member(tx, session.id, user_id)
            person = await people.get_person(tx, user_id)
        admin = self.is_admin is not None and await self.is_admin(session.chat_id, user_id)
        return Steering(session, Actor.from_facts(user_id, held, is_chat_admin=admin,
                                                  member=member), person)

    async def now(self, steering: Steering) -> tuple[RoundRecord | None, Any]:
        """The session's open round and its state, for anyone in the session: the standing
        the chat asks for (seen in its group, a guest of it, or holding a role in its event);
        someone outside, who only knows its link, is refused and reads nothing."""
        require_standing(steering)
        async with self.rounds.db.read() as tx:
            record = await stored.open_round(tx, steering.session.id)
        if record is None or record.kind not in self.rounds.formats:
            return None, None
        return record, self.rounds.states.parse(self.rounds.formats[record.kind], record)

    async def board(self, steering: Steering) -> Board:
        """The session's open pinboard, for someone who may group it."""
        roles.require(pinboard.GroupNotes, steering.actor.role)
        async with self.rounds.db.read() as tx:
            record = await stored.open_round(tx, steering.session.id)
        if record is None or record.kind != "pinboard":
            return Board(None, None)
        state = self.rounds.states.parse(self.rounds.formats[record.kind], record)
        return Board(record.id, state)

    async def group(self, steering: Steering, notes: tuple[int, ...], name: str,
                    request: str) -> None:
        """Put notes into the group of that name (made if new), as ``/cluster name: 3 5 7``."""
        event = pinboard.GroupNotes(actor=steering.actor.user_id, name=name, notes=notes)
        await self.act(steering.session, steering.actor, event, "pinboard", request, "app")

    async def accept(self, steering: Steering, notes: tuple[int, ...], name: str,
                     request: str) -> None:
        """Take a suggested group as it was shown (stale once one of its notes was grouped)."""
        event = pinboard.AcceptSuggestion(actor=steering.actor.user_id, name=name, notes=notes)
        await self.act(steering.session, steering.actor, event, "pinboard", request, "app")

    async def ungroup_note(self, steering: Steering, note: int, request: str) -> None:
        """Take a note out of its group, as ``/cluster out 7``."""
        event = pinboard.MoveNote(actor=steering.actor.user_id, note=note, cluster=None)
        await self.act(steering.session, steering.actor, event, "pinboard", request, "app")

    async def dissolve(self, steering: Steering, cluster: int, request: str) -> None:
        """Dissolve a group, as ``/cluster ungroup 2``."""
        event = pinboard.Ungroup(actor=steering.actor.user_id, cluster=cluster)
        await self.act(steering.session, steering.actor, event, "pinboard", request, "app")


def require_standing(steering: Steering) -> None:
    """Refuse (``not_allowed.read``) someone outside the session's event."""
    if steering.actor.role == roles.Role.OUTSIDER:
        raise FlowError("not_allowed", who="read")


def require_pinboard(board: Board) -> PinboardState:
    if board.state is None:
        raise FlowError("pinboard.none_open")
    return board.state

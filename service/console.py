"""The Moderationspult (the facilitator's panel) from the web: the moves offered now, made once.

The same rules as the chat's panel (``service.panel``): the moves the format's
table allows in the round's phase, each with its taps (one, or one per person or
per number of minutes), and the event a tap sends, rebuilt from the round as it
is then. Only those who steer the session (its event's organizers and
facilitators, administrators of its group) see and make them; the role is
resolved per request (``Grouping.steering``). A move names the round it was
offered for, so one made after that round closed is refused, and carries the
page's request id, so sending it again acts once. Ending the session sends the
draft through the chat: the adapter that hosts the web side does it (``EndSession``).

Without an open round the panel offers a new one per format the person may open,
set up with what the chat's panel asks (``service.panel.SETUPS``: a title, lines
where the format has them, a yes or no where it has one, the duration), checked
by the format before anything is stored and opened once per request id; the
adapter is told as for any web step (the live message goes to the group).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flows import roles
from flows.base import FlowError
from flows.durations import MAX_MINUTES, OUT_OF_RANGE
from flows.session import EndSession as EndingSession
from locales import DEFAULT_LANGUAGE, Translator, translator
from service import panel
from service.grouping import Grouping, Steering
from service.requests import source
from service.rounds import Actor
from storage import people
from storage import rounds as stored
from storage.records import RoundRecord, Session

EndSession = Callable[[Session, Actor], Awaitable[None]]
"""Close the session's open round, end the session and send its draft, as ``/endsession``."""


@dataclass(frozen=True)
class Desk:
    """What the panel shows a facilitator: the open round (if any), its lines, the moves;
    without an open round, the formats they may open one of."""

    record: RoundRecord | None
    lines: tuple[str, ...]
    offers: tuple[panel.Offer, ...]
    setups: tuple[panel.Setup, ...] = ()
    room: Translator | None = None
    """Texts as the room reads them (the event's language and address): a usual title."""


@dataclass(frozen=True)
class Opening:
    """A new round as the page set it up: the chat panel's answers, the duration in minutes
    (0: no timer)."""

    kind: str
    title: str
    lines: str
    choice: bool
    minutes: int


def require_steering(steering: Steering) -> None:
    """Refuse (``not_allowed.steer``) anyone who does not steer the session."""
    if steering.actor.role not in roles.STEER:
        raise FlowError("not_allowed", who="steer")


def offered(kind: str, state: object, role: roles.Role, code: str, args: Sequence[str]) -> bool:
    """Whether a tap with these arguments is offered on the round now. The chat's buttons
    carry signed data; a page's arguments are whatever it sends, so one that no tap carries
    (a person who is not waiting, a number of minutes not offered) is a stale tap, not an
    event built from it."""
    wanted = list(args)
    return any(tap.code == code and [str(arg) for arg in tap.args] == wanted
               for offer in panel.offers(kind, state, role, translator(DEFAULT_LANGUAGE), str)
               for tap in offer.taps)


class Console:
    """The panel's moves for the web, over the Mini App's door (``Grouping``)."""

    def __init__(self, grouping: Grouping, end: EndSession | None = None) -> None:
        self.grouping = grouping
        self.end_session = end
        self.ending: set[int] = set()
        """Sessions whose end is under way (a second request for it waits for nothing)."""
        self.ended: dict[tuple[int, str], int] = {}
        """Who ended a session with which request id, and which session: the same request
        of the same person again is done."""

    async def desk(self, steering: Steering, t: Translator, now: datetime) -> Desk:
        """The open round and the moves offered on it now, in ``t``'s language."""
        require_steering(steering)
        record, state = await self.grouping.now(steering)
        if record is None:
            async with self.grouping.rounds.db.read() as tx:
                event = await people.get_event(tx, steering.session.event_id)
            return Desk(None, (), (), tuple(setup for kind, setup in panel.SETUPS.items()
                                            if panel.may_open(kind, steering.actor.role)),
                        t if event is None else translator(event.language, event.address))
        fmt = self.grouping.rounds.formats[record.kind]
        async with self.grouping.rounds.db.read() as tx:
            persons = await people.people_by_id(tx, sorted(fmt.people_in(state)))

        def name(user_id: int) -> str:
            person = persons.get(user_id)
            return person.name if person is not None else "?"

        return Desk(record, tuple(panel.round_lines(record.kind, state, t, now)),
                    panel.offers(record.kind, state, steering.actor.role, t, name))

    async def make(self, steering: Steering, round_id: int, code: str, args: Sequence[str],
                   request: str) -> None:
        """A tap on the panel: the event rebuilt from the round as it is now, then ``act``
        on that round (a closed one is refused, a request made before is done)."""
        require_steering(steering)
        moved = source(request, steering.actor.user_id, "app")
        rounds = self.grouping.rounds
        async with rounds.db.read() as tx:
            if await stored.source_seen_in_session(tx, steering.session.id, moved):
                return  # sent again: it acted once (even if that closed the round)
            record = await stored.get_round(tx, round_id)
        if record is None or record.session_id != steering.session.id:
            raise FlowError("core.stale_button")
        fmt = rounds.formats[record.kind]
        state = rounds.states.parse(fmt, record)
        if record.is_open and not offered(record.kind, state, steering.actor.role, code, args):
            raise FlowError("core.stale_button")
        event = panel.build(code, fmt, steering.actor.user_id, state, args)
        await self.grouping.act(steering.session, steering.actor, event, record.kind, request,
                                "app", round_id=record.id, echo=False)

    async def open(self, steering: Steering, opening: Opening, request: str) -> None:
        """Open a round as the chat's panel does: the format's own check first (a refusal
        changes nothing), then the round service, once per request id; the adapter posts
        the live message (nothing is echoed privately: the page shows the round)."""
        require_steering(steering)
        setup = panel.SETUPS.get(opening.kind)
        if setup is None or not panel.may_open(opening.kind, steering.actor.role):
            raise FlowError("not_allowed", who="steer")
        if not 0 <= opening.minutes <= MAX_MINUTES:
            raise FlowError(OUT_OF_RANGE)
        moved = source(request, steering.actor.user_id, "app")
        rounds, actor = self.grouping.rounds, steering.actor
        title = opening.title.strip()
        lines = panel.split_lines(opening.lines) if setup.lines else ()
        setup.check(actor.user_id, title, lines, rounds.clock())
        event = setup.opening(actor.user_id, title, lines,
                              float(opening.minutes) if opening.minutes else None,
                              opening.choice and setup.choice)
        try:
            applied = await rounds.open_round(steering.session, actor, rounds.formats[setup.kind],
                                              event, source=moved)
        except FlowError as error:
            if error.key == "duplicate":
                return  # sent again: it opened the round once
            raise
        await self.grouping.told(steering.session, applied.round.id, None, applied.step, None)

    def done(self, user_id: int, request: str) -> int | None:
        """The session the person's request ended before, if it did."""
        return self.ended.get((user_id, request))

    async def end(self, steering: Steering, request: str) -> None:
        """End the session (asked for once more by the page first), once per request."""
        require_steering(steering)
        roles.require(EndingSession(actor=steering.actor.user_id), steering.actor.role)
        source(request, steering.actor.user_id, "app")
        session = steering.session
        if self.end_session is None:
            raise FlowError("core.not_a_session")
        if session.id in self.ending:
            return
        self.ending.add(session.id)
        try:
            await self.end_session(session, steering.actor)
        finally:
            self.ending.discard(session.id)
        self.ended[(steering.actor.user_id, request)] = session.id


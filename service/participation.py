"""Taking part from a browser, without Telegram: the moves of a guest, through the one door.

A guest opens the session's participation link (a token of its own, revoked with
the wall's), gives a display name and, if they like, a sector, consent to be
named and (kept only with that consent, as chat asks it only then) their
organization and function, and becomes a person of the session (``storage.guests``).
Their notes, dots, queue places, questions and votes for questions are the flows' own
events, applied by the round service with the participant's role, so every rule, limit
and exactly-once check is the one chat has: each move carries the browser's request id as
its source, and a request sent again acts once. What the step means for the chat (the
group's live message, announcements) is the adapter's: ``on_step`` is told of it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows import questions as qs
from flows.base import FlowError, Step, has_visible_text
from flows.people import clean_function, clean_organization
from flows.roles import Role
from service.forgetting import forget_everywhere
from service.keys import installation_key
from service.requests import WebMoves
from service.rounds import Actor
from service.wall import telegram_link
from storage import guests, people, walls
from storage import rounds as stored
from storage.records import Event as EventRecord
from storage.records import Person, RoundRecord, Session

MAX_NAME = 60
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (PostgreSQL refuses NUL in a text) and the bidirectional embeddings,
overrides and isolates (a name that turns the rest of a line around, "Trojan Source"),
which a form can carry: letters of any script, joiners and marks stay."""


def plain(text: str) -> str:
    """A text from a form without control characters and bidirectional controls."""
    return INVISIBLE.sub("", text)


@dataclass(frozen=True)
class Place:
    """The session a participation token opens, its event and the group's link in Telegram."""

    session: Session
    event: EventRecord
    join_url: str | None


@dataclass(frozen=True)
class Guest:
    """A guest of the session, as a valid cookie names them."""

    place: Place
    person: Person

    @property
    def user_id(self) -> int:
        return self.person.user_id

    def actor(self) -> Actor:
        return Actor(self.user_id, Role.PARTICIPANT)


@dataclass(frozen=True)
class Now:
    """What a guest's page shows: the session's open round (or none), its state and the names
    of the people it may name (the askers of questions, as the chat names them)."""

    round: RoundRecord | None
    state: Any
    names: Mapping[int, str] = field(default_factory=dict)


def clean_name(name: str) -> str:
    """A display name as given, trimmed; empty or too long is refused."""
    cleaned = " ".join(plain(name).split())
    if not has_visible_text(cleaned) or len(cleaned) > MAX_NAME:
        raise FlowError("join.name_missing", max=MAX_NAME)
    return cleaned


class Participation(WebMoves):
    """The guests of every session: joining, their moves, forgetting them."""

    _secret: bytes | None = None

    # --- who is who ----------------------------------------------------------------------

    async def place(self, token: str) -> Place | None:
        """The session a participation token opens; ``None`` if unknown or revoked."""
        async with self.rounds.db.read() as tx:
            found = await walls.wall_session(tx, token, "join")
            if found is None:
                return None
            session, _ = found
            wall = await walls.current_wall(tx, session.id)
            event = await people.get_event(tx, session.event_id)
        if event is None or session.ended_at is not None:
            return None
        return Place(session, event, telegram_link(wall.join_url) if wall else None)

    async def join(self, place: Place, name: str, sector: str | None, consent: bool,
                   organization: str = "", function: str = "") -> Person:
        """A new guest of the session with the name, sector (one of the event's, or none) and
        consent they gave; with consent, also the organization and function they gave (each
        may be left empty; a function without an organization is kept, as chat keeps it)."""
        cleaned = clean_name(name)
        if sector is not None and sector not in place.event.sectors:
            sector = None
        organization, function = plain(organization), plain(function)
        org = clean_organization(organization) if consent and organization.strip() else None
        role = clean_function(function) if consent and function.strip() else None
        async with self.rounds.db.transaction() as tx:
            person = await guests.new_guest(tx, place.session.id, cleaned,
                                            place.event.language, sector, consent)
            if org is None and role is None:
                return person
            await people.update_profile(tx, person.user_id, organization=org, function=role)
            found = await people.get_person(tx, person.user_id)
        assert found is not None
        return found

    async def guest(self, place: Place, cookie: str | None) -> Guest | None:
        """The guest a signed cookie names, if it is valid for this session."""
        if not cookie or cookie.count(".") != 1:
            return None
        number = cookie.split(".")[0]
        if not re.fullmatch(r"-\d{10,19}", number):
            return None
        expected = await self.sign(place.session.id, int(number))
        if not hmac.compare_digest(expected, cookie):
            return None
        async with self.rounds.db.read() as tx:
            person = await guests.guest_of(tx, place.session.id, int(number))
        return Guest(place, person) if person is not None else None

    async def sign(self, session_id: int, user_id: int) -> str:
        """The cookie that names a guest of a session: their id and its signature."""
        if self._secret is None:
            self._secret = await installation_key(self.rounds.db, "guest_secret")
        mac = hmac.new(self._secret, f"{session_id}:{user_id}".encode(), hashlib.sha256)
        return f"{user_id}.{mac.hexdigest()}"

    async def now(self, place: Place) -> Now:
        """The session's open round, as a guest's page shows it."""
        async with self.rounds.db.read() as tx:
            record = await stored.open_round(tx, place.session.id)
        if record is None or record.kind not in self.rounds.formats:
            return Now(None, None)
        state = self.rounds.states.parse(self.rounds.formats[record.kind], record)
        if record.kind == qs.MACHINE.name:
            return Now(record, state, await self.names(qs.named_askers(state)))
        return Now(record, state)

    # --- moves ---------------------------------------------------------------------------

    async def note(self, guest: Guest, question: int, text: str, request: str) -> None:
        """A note to a guiding question of the open pinboard (a contribution, like in chat)."""
        await self.add_note(guest.place.session, guest.actor(), question, text, request)

    async def vote(self, guest: Guest, option: str, request: str, *, add: bool = True) -> None:
        """A dot on an option of the open vote, or (``add`` false) one taken back."""
        await self.dot(guest.place.session, guest.actor(), option, request, add=add)

    async def queue(self, guest: Guest, request: str, *, join: bool = True) -> None:
        """Queue for the fishbowl's empty chair, or stop waiting."""
        await self.wait(guest.place.session, guest.actor(), request, join=join)

    async def question(self, guest: Guest, text: str, anonymous: bool, request: str) -> None:
        """A question to the open round of questions (anonymous where the round allows it)."""
        await self.ask(guest.place.session, guest.actor(), text, anonymous, request)

    async def support(self, guest: Guest, number: int, vote: bool, request: str) -> None:
        """A vote for a question, or (``vote`` false) its withdrawal."""
        await self.upvote(guest.place.session, guest.actor(), number, vote, request)

    async def forget(self, guest: Guest, *, erase: bool) -> None:
        """The guest's ``/forgetme``: their profile goes; their words go too, or stay without
        their name (``erase`` false)."""
        open_ids = (await forget_everywhere(self.rounds, guest.user_id, erase=erase)).open_ids
        for round_id in open_ids:
            async with self.rounds.db.read() as tx:
                record = await stored.get_round(tx, round_id)
            if record is not None and record.session_id == guest.place.session.id:
                state = self.rounds.states.parse(self.rounds.formats[record.kind], record)
                await self.told(guest.place.session, round_id, state, Step(state=state),
                                guest.user_id)

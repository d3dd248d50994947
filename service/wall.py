"""The live wall's side of the one door: its links, and what a wall shows, read from storage.

A facilitator's ``/wall`` gets the session's links (``link``): random 128-bit
tokens, one for the wall and one to take part from a browser (``service.participation``),
the same until ``renew`` revokes both. A page asks ``snapshot`` with a
token: the session, its event, the round a wall shows (the open one, else the
latest), the parsed state and the people it names, or ``None`` for a token that
is unknown or revoked. Reading changes nothing; the rules of what may be shown
(never a note's author, a name only with consent) are the adapter's templates'.
The group's join link comes from Telegram and is shown as a link: only one of Telegram's
own https links is kept or shown (``telegram_link``), anything else is left out.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flows import roles
from flows.wall import RenewWall, ShowWall
from service.rounds import Actor, RoundService
from storage import people, walls
from storage.records import Event, Person, RoundRecord, Session

TOKEN_BYTES = 16
"""128 random bits per wall link."""
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me"})
"""The hosts of Telegram's own links to a group (its username or an invite)."""
LONGEST_LINK = 512


def telegram_link(url: str | None) -> str | None:
    """``url`` if it is one of Telegram's own https links to a chat (``https://t.me/…``), else
    ``None``: another scheme (``http:``, ``javascript:``), another host, a user name or a port
    in it, or a space or control character is no link a page shows."""
    if not url or len(url) > LONGEST_LINK or any(c.isspace() or not c.isprintable()
                                                 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.scheme != "https" or parts.netloc.lower() not in TELEGRAM_HOSTS
            or parts.path in ("", "/")):
        return None
    return url


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
    """The group's join link in Telegram, if Telegram told it."""
    join_token: str | None
    """The token of the session's link to take part from a browser."""
    version: int
    now: datetime


@dataclass(frozen=True)
class Links:
    """A session's current tokens: the wall's (read-only) and the one to take part."""

    wall: str
    join: str


class WallService:
    """Wall links per session and the snapshots pages show, over the round service."""

    def __init__(self, rounds: RoundService) -> None:
        self.rounds = rounds

    async def link(self, session: Session, actor: Actor, *, renew: bool = False,
                   join_url: str | None = None) -> Links:
        """The session's tokens: the current ones, or (``renew``, or none yet) new ones that
        revoke them. ``join_url`` is the group's join link, if Telegram told it."""
        roles.require(RenewWall(actor=actor.user_id) if renew else ShowWall(actor=actor.user_id),
                      actor.role)
        join_url = telegram_link(join_url)
        async with self.rounds.db.transaction() as tx:
            current = await walls.current_wall(tx, session.id)
            joining = await walls.current_wall(tx, session.id, "join")
            if current is not None and joining is not None and not renew:
                if join_url is not None and join_url != current.join_url:
                    await walls.set_join_url(tx, session.id, join_url)
                return Links(current.token, joining.token)
            kept = join_url if join_url is not None else current.join_url if current else None
            links = Links(secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES))
            await walls.new_wall(tx, session.id, links.wall, actor.user_id, kept)
            await walls.new_wall(tx, session.id, links.join, actor.user_id, kept, "join")
        self.rounds.changes.changed(session.id)  # a revoked link's pages learn it now
        return links

    async def snapshot(self, token: str) -> WallSnapshot | None:
        """What the wall of ``token`` shows; ``None`` for an unknown or revoked token."""
        changes = self.rounds.changes
        async with self.rounds.db.read() as tx:
            found = await walls.wall_session(tx, token)
            if found is None:
                return None
            session, wall = found
            version = changes.version(session.id)  # read before the round: a later change wakes
            joining = await walls.current_wall(tx, session.id, "join")
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
                            persons=persons, join_url=telegram_link(wall.join_url),
                            join_token=joining.token if joining else None, version=version,
                            now=self.rounds.clock())

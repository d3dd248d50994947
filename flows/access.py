"""The roles of an event and the one refusal of a move: the words every move table uses.

Roles belong to an event: organizers created it or were made co-organizers;
facilitators and note-takers were appointed (administrators of a group are
facilitators of its sessions); participants are people seen in a session of
the event; everyone else is outside. A table (``Matrix``) says which roles may
send each event type; ``check`` enforces one. The whole matrix, computed from
every format's table, is ``flows.roles.MATRIX``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum

from flows.base import FlowError


class Role(StrEnum):
    ORGANIZER = "organizer"
    FACILITATOR = "facilitator"
    NOTETAKER = "notetaker"
    PARTICIPANT = "participant"
    OUTSIDER = "outsider"


STEER = frozenset({Role.ORGANIZER, Role.FACILITATOR})
"""Open, time, close and steer rounds."""
RECORD = STEER | {Role.NOTETAKER}
"""Record what was said (key points, speaking clocks)."""
TAKE_PART = RECORD | {Role.PARTICIPANT}
"""Contribute: notes, queueing, interests, votes."""
ORGANIZE = frozenset({Role.ORGANIZER})
"""Shape the event itself: its sessions, roles, sectors, export and deletion."""

Matrix = Mapping[type, frozenset[Role]]
"""Event type → the roles that may send it; a type not listed may be sent by nobody."""


def check(matrix: Matrix, event: object, role: Role) -> None:
    """Raise ``FlowError('not_allowed')`` if ``matrix`` does not let ``role`` send ``event``
    (or its type), saying who may."""
    roles = matrix.get(event if isinstance(event, type) else type(event), frozenset())
    if role not in roles:
        if roles <= {Role.ORGANIZER}:
            who = "organize"
        elif roles <= STEER:
            who = "steer"
        elif roles <= RECORD:
            who = "record"
        else:
            who = "take_part"
        raise FlowError("not_allowed", who=who)


def resolve(held: Collection[str], is_chat_admin: bool, *, member: bool = False) -> Role:
    """A person's role from what is known of them: the roles stored for them in the event,
    whether they administer the session's group, whether they take part in it.

    The strongest wins: organizer, then facilitator (administrators of the group
    facilitate its sessions), then note-taker; anyone else who takes part is a
    participant, and everyone else is outside.
    """
    if Role.ORGANIZER in held:
        return Role.ORGANIZER
    if Role.FACILITATOR in held or is_chat_admin:
        return Role.FACILITATOR
    if Role.NOTETAKER in held:
        return Role.NOTETAKER
    return Role.PARTICIPANT if member else Role.OUTSIDER

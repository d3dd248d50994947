"""Who may do what: the roles of an event and the one check every move passes.

Each format's move table (``flows.machine``) says which roles may send each
event; other events are declared beside them. ``require`` is the single place
where that is enforced (the adapter calls it before ``apply``), and ``may``
asks the same question without an event in hand. Roles belong to an event: organizers
created it or were made co-organizers; facilitators and note-takers were
appointed (administrators of a group are facilitators of its sessions);
participants are people seen in a session of the event; everyone else is
outside.
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

Matrix = Mapping[type, frozenset[Role]]
_MATRIX: dict[type, frozenset[Role]] = {}


def declare(matrix: Matrix) -> None:
    """Add a format's permissions to the one matrix (called at import of each flow)."""
    _MATRIX.update(matrix)


def allowed_roles(event_type: type) -> frozenset[Role]:
    """The roles that may send events of this type; no declaration means nobody."""
    return _MATRIX.get(event_type, frozenset())


def may(role: Role, event_type: type) -> bool:
    """Whether ``role`` may send events of this type: a question, not a dummy event."""
    return role in _MATRIX.get(event_type, ())


def require(event: object, role: Role) -> None:
    """Raise ``FlowError('not_allowed')`` if ``role`` may not send ``event`` (or its type)."""
    roles = allowed_roles(event if isinstance(event, type) else type(event))
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


def matrix() -> dict[type, frozenset[Role]]:
    """A copy of the whole matrix, for documentation and tests."""
    return dict(_MATRIX)


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

"""Who may do what: the one role matrix, computed from every format's table, and its checks.

Each format's move table (``flows.machine``) says which roles may send each
event; the events around the formats (sessions, roles, quotes, export) say it
in ``PERMISSIONS`` beside them. ``MATRIX`` is built here from that explicit
list, once, and nothing adds to it later. ``require`` is the single place where
it is enforced (the round service calls it before ``apply``), and ``may`` asks
the same question without an event in hand. The roles themselves and how a
person's role is resolved are in ``flows.access``.
"""

from __future__ import annotations

from types import MappingProxyType

from flows import composition, documentation, kit, minutes, people, programme, session, wall
from flows.access import (
    ORGANIZE,
    RECORD,
    STEER,
    TAKE_PART,
    Matrix,
    Role,
    check,
    resolve,
)
from flows.closing.machine import MACHINE as CLOSING
from flows.council.machine import MACHINE as COUNCIL
from flows.fishbowl.machine import MACHINE as FISHBOWL
from flows.pinboard.machine import MACHINE as PINBOARD
from flows.questions.machine import MACHINE as QUESTIONS
from flows.survey.machine import MACHINE as SURVEY

__all__ = [
    "MATRIX",
    "ORGANIZE",
    "RECORD",
    "STEER",
    "TAKE_PART",
    "Matrix",
    "Role",
    "allowed_roles",
    "check",
    "matrix",
    "may",
    "require",
    "resolve",
]


def combined(*tables: Matrix) -> Matrix:
    """One matrix from several tables; an event type in two tables is a wiring mistake."""
    found: dict[type, frozenset[Role]] = {}
    for table in tables:
        for event_type, allowed in table.items():
            if event_type in found and found[event_type] != allowed:
                raise ValueError(f"{event_type.__name__} is declared twice, differently")
            found[event_type] = allowed
    return MappingProxyType(found)


MATRIX: Matrix = combined(
    PINBOARD.permissions(),
    FISHBOWL.permissions(),
    COUNCIL.permissions(),
    QUESTIONS.permissions(),
    CLOSING.permissions(),
    SURVEY.permissions(),
    session.PERMISSIONS,
    documentation.PERMISSIONS,
    people.PERMISSIONS,
    minutes.PERMISSIONS,
    programme.PERMISSIONS,
    composition.PERMISSIONS,
    wall.PERMISSIONS,
    kit.PERMISSIONS,
)
"""Every event type of every flow → the roles that may send it."""


def allowed_roles(event_type: type) -> frozenset[Role]:
    """The roles that may send events of this type; no declaration means nobody."""
    return MATRIX.get(event_type, frozenset())


def may(role: Role, event_type: type) -> bool:
    """Whether ``role`` may send events of this type: a question, not a dummy event."""
    return role in MATRIX.get(event_type, ())


def require(event: object, role: Role) -> None:
    """Raise ``FlowError('not_allowed')`` if ``role`` may not send ``event`` (or its type)."""
    check(MATRIX, event, role)


def matrix() -> dict[type, frozenset[Role]]:
    """A copy of the whole matrix, for documentation and tests."""
    return dict(MATRIX)

"""Which command sends which move: the bridge from the flows' move tables to what people type.

A format's move table (``flows.machine``, each format's ``MACHINE``) says which
event types are legal in a round's phase, and ``flows.roles`` which role may
send them; ``COMMANDS`` names the command that sends each, ``ORGANIZING`` and
``RECORDING`` those around the formats (sessions, roles, quotes, photos). So "what can I
do now" (``/help`` in a session) and each role's command menu (``menu``) are
asked of the tables, not listed by hand: a command cannot be legal for a role
and missing from its menu.
"""

from __future__ import annotations

from typing import Any

from flows import (
    closing,
    council,
    documentation,
    fishbowl,
    kit,
    minutes,
    pinboard,
    questions,
    roles,
    session,
    wall,
)
from flows.base import Event
from service.panel import MACHINES

COMMANDS: dict[str, tuple[tuple[type[Event], str], ...]] = {
    "pinboard": (
        (pinboard.AddNotes, "note"), (pinboard.UndoNote, "undo"), (pinboard.HideNotes, "hide"),
        (pinboard.RestoreNotes, "restore"), (pinboard.StartClustering, "cluster"),
        (pinboard.GroupNotes, "cluster"), (pinboard.RenameCluster, "cluster"),
        (pinboard.MoveNote, "cluster"), (pinboard.Ungroup, "cluster"),
        (pinboard.StartVote, "vote"), (pinboard.Extend, "extend"), (pinboard.Close, "close"),
    ),
    "fishbowl": (
        (fishbowl.JoinQueue, "join"), (fishbowl.SeatPerson, "seat"), (fishbowl.FixSeat, "seat"),
        (fishbowl.SeatNext, "next"), (fishbowl.Speaks, "speaks"), (fishbowl.AddPoint, "point"),
        (fishbowl.AddOwnPoint, "point"), (fishbowl.Extend, "extend"), (fishbowl.Close, "close"),
    ),
    "council": (
        (council.StateInterest, "interest"), (council.EditInterest, "interest"),
        (council.Restate, "restate"),
        (council.Propose, "proposal"), (council.AssignGroup, "assign"),
        (council.NameSpeaker, "speaker"), (council.NextRound, "round"),
        (council.GoBack, "round"), (council.Amend, "amend"), (council.Extend, "extend"),
        (council.Close, "close"),
    ),
    "questions": (
        (questions.AskQuestion, "ask"), (questions.Extend, "extend"), (questions.Close, "close"),
    ),
    "closing": ((closing.Extend, "extend"), (closing.Close, "close")),
}
"""Per format, each event type a command sends and that command, in the order help lists them."""

OPENING: dict[str, str] = {"pinboard": "pinboard", "fishbowl": "fishbowl", "council": "council",
                           "questions": "questions", "closing": "closing"}
"""The command that opens a round of each format."""


def possible_now(kind: str, state: Any, role: roles.Role) -> tuple[str, ...]:
    """The commands of a round that the move table allows in its phase and the role may send."""
    machine = MACHINES[kind]
    found = (command for event_type, command in COMMANDS[kind]
             if machine.legal(state, event_type) and roles.may(role, event_type))
    return tuple(dict.fromkeys(found))


def openers(role: roles.Role) -> tuple[str, ...]:
    """The commands that open a round, for a role that may open one (no round is open)."""
    return tuple(command for kind, command in OPENING.items()
                 if roles.may(role, MACHINES[kind].opening.event))


def steering(role: roles.Role) -> tuple[str, ...]:
    """Every round command the role may send in some phase of some format (its menu's share)."""
    found = [command for kind in COMMANDS for event_type, command in COMMANDS[kind]
             if roles.may(role, event_type)]
    return tuple(dict.fromkeys([*openers(role), *found]))


ORGANIZING: tuple[tuple[type[Event], str], ...] = (
    (session.LinkSession, "session"), (session.SetSessionText, "session"),
    (session.Appoint, "facilitator"), (session.Appoint, "notetaker"),
    (kit.AppointOrganizer, "organizer"), (kit.ShowInvitation, "qr"),
    (session.EndSession, "endsession"),
)
"""The session chat's commands for the session itself and its roles, with the event each sends."""
RECORDING: tuple[tuple[type[Event], str], ...] = (
    (documentation.MarkQuote, "quote"), (documentation.AddPhoto, "photo"),
    (minutes.WriteMinutes, "minutes"), (wall.ShowWall, "wall"),
)
"""The session chat's commands for the documentation, with the event each sends."""
EVERYONE = ("help",)
"""Session chat commands that send no move: anyone may use them."""


def menu(role: roles.Role) -> tuple[str, ...]:
    """The role's command menu in a session chat: every command it may send there in some phase
    of some format, and around the formats; each once, the session's own commands first."""
    def allowed(pairs: tuple[tuple[type[Event], str], ...]) -> list[str]:
        return [command for event_type, command in pairs if roles.may(role, event_type)]

    return tuple(dict.fromkeys(
        [*allowed(ORGANIZING), *steering(role), *allowed(RECORDING), *EVERYONE]))

"""Who people are in the documentation: organization and function, and a session's speakers.

The reference names people as "Name (Organisation | Funktion)": impulse speakers,
moderators, podium guests, quote authors, note-takers. Rules:

- A person states an organization (and, if they like, a function) only after agreeing
  to be named; nobody's organization appears without that agreement.
- A session's impulse speakers, moderators and podium guests (its *contributors*) are
  chosen from people by those who steer it. Each person chosen is asked privately
  whether they may appear by name in this part; until they answer, their general
  consent decides, and a "no" is final until they change it.
- A guest without Telegram is typed in by an organizer ("Name (Organisation |
  Funktion)"), who confirms that the guest agreed to be named; nothing is stored before.
- Whether the draft names the authors of pinboard notes is the event's choice
  (``ChooseAttribution``); by default it does not, as the reference never does.
"""

from __future__ import annotations

import re
from typing import Literal

from flows.access import ORGANIZE, STEER, Matrix
from flows.base import Event, FlowError, Value, has_visible_text

ContributorRole = Literal["impulse", "moderation", "podium"]
CONTRIBUTOR_ROLES: tuple[ContributorRole, ...] = ("impulse", "moderation", "podium")
CONTRIBUTOR_WORDS: dict[str, ContributorRole] = {
    "impuls": "impulse", "impulse": "impulse", "moderation": "moderation",
    "podium": "podium",
}
"""The words after ``/session`` that name a contributor's part."""
SpeakerConsent = Literal["pending", "named", "declined"]
SPEAKER_CONSENTS: tuple[SpeakerConsent, ...] = ("pending", "named", "declined")
MAX_ORGANIZATION = 150
MAX_FUNCTION = 100
MAX_GUEST = 300
MAX_CONTRIBUTORS = 12
"""Contributors of one part of a session (a podium of twelve is already large)."""


class ChooseContributor(Event):
    """Name a person (by Telegram) as impulse speaker, moderator or podium guest."""

    role: ContributorRole
    target: int


class EnterGuest(Event):
    """Type in a guest without Telegram; the organizer confirms the guest agreed."""

    role: ContributorRole
    name: str


class RemoveContributor(Event):
    contributor_id: int


class ChooseAttribution(Event):
    """Whether the event's draft names the authors of pinboard notes."""

    authors: bool


PERMISSIONS: Matrix = {
    ChooseContributor: STEER,
    RemoveContributor: STEER,
    EnterGuest: ORGANIZE,
    ChooseAttribution: ORGANIZE,
}
"""Who may name a session's speakers and guests, and switch note authors on."""


class Guest(Value):
    """A guest as typed in: the name and what stands in brackets after it."""

    name: str
    organization: str | None = None
    function: str | None = None


def clean_part(text: str, limit: int, missing: str = "people.organization_missing") -> str:
    """An organization or function as given, on one line; nothing visible or too long is
    refused."""
    cleaned = " ".join(text.split())
    if not has_visible_text(cleaned):
        raise FlowError(missing)
    if len(cleaned) > limit:
        raise FlowError("people.too_long", max=limit)
    return cleaned


def clean_organization(text: str) -> str:
    return clean_part(text, MAX_ORGANIZATION)


def clean_function(text: str) -> str:
    return clean_part(text, MAX_FUNCTION, "people.function_missing")


_BRACKETS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inside>.*)\)\s*$")


def parse_guest(text: str) -> Guest:
    """"Name (Organisation | Funktion)", "Name (Organisation)", "Name | Organisation |
    Funktion" or just "Name"."""
    cleaned = " ".join(text.split())
    if not has_visible_text(cleaned):
        raise FlowError("people.guest_missing")
    if len(cleaned) > MAX_GUEST:
        raise FlowError("people.too_long", max=MAX_GUEST)
    match = _BRACKETS.match(cleaned)
    if match:
        name, rest = match.group("name"), [part.strip() for part in match.group("inside")
                                           .split("|")]
    else:
        name, *rest = (part.strip() for part in cleaned.split("|"))
    if not has_visible_text(name) or name.startswith("("):
        raise FlowError("people.guest_missing")
    parts = [part for part in rest if has_visible_text(part)]
    return Guest(name=name.strip(), organization=parts[0] if parts else None,
                 function=" | ".join(parts[1:]) or None)


def described(name: str, organization: str | None, function: str | None) -> str:
    """"Name (Organisation | Funktion)", "Name (Organisation)", "Name (Funktion)" or "Name"."""
    inside = " | ".join(part for part in (organization, function) if part)
    return f"{name} ({inside})" if inside else name


def named_in_part(answer: SpeakerConsent, general_consent: bool) -> bool:
    """Whether a contributor chosen from people appears by name: their answer for this part,
    or their general consent while they have not answered."""
    if answer == "pending":
        return general_consent
    return answer == "named"


def parse_speaker_answer(value: str) -> SpeakerConsent:
    """A contributor's answer from a button; anything else is refused."""
    if value == "named":
        return "named"
    if value == "declined":
        return "declined"
    raise FlowError("core.stale_button")


Piece = Literal["minutes", "impulse", "moderation"]
PIECES: tuple[Piece, ...] = ("minutes", "impulse", "moderation")


def missing_pieces(has_minutes: bool, parts: set[str]) -> tuple[Piece, ...]:
    """What a session's draft still lacks at its end: the summary, the impulse, the
    moderation (``parts`` holds the contributor parts the session has, by name or as text)."""
    present = {"minutes"} if has_minutes else set()
    present |= parts & {"impulse", "moderation"}
    return tuple(piece for piece in PIECES if piece not in present)

"""The council's frozen values: phases, what each group hands in, the state and the events.

The rules themselves are stated in ``flows/council/machine.py``; this module only says
what is stored. Groups are addressed by their index in ``CouncilState.groups``
(0-based, fixed at open); interests and proposals by a number that counts from
1 and is never reused, so a stale button can not hit a different item.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flows.base import Event, Value

MIN_GROUPS = 2
MAX_GROUPS = 8
MAX_GROUP_NAME = 40
MAX_TEXT = 1000
MAX_MINUTES = 24 * 60
"""The longest timer a round may have (longer ones are typing mistakes, and overflow dates)."""


class Phase(StrEnum):
    """The council's rounds in order, then closed."""

    INTERESTS = "interests"
    RESTATE = "restate"
    PROPOSALS = "proposals"
    STANCES = "stances"
    CLOSED = "closed"


ROUNDS: tuple[Phase, ...] = (Phase.INTERESTS, Phase.RESTATE, Phase.PROPOSALS, Phase.STANCES)


class Rating(StrEnum):
    """How well the original group feels understood by a restatement."""

    UNDERSTOOD = "understood"
    PARTLY = "partly"
    NOT_UNDERSTOOD = "not_understood"


class StanceKind(StrEnum):
    """A member's (or group's) stance on a proposal, from least to most critical."""

    AGREE = "agree"
    CONCERNS = "concerns"
    OBJECT = "object"


CRITICALITY: dict[StanceKind, int] = {
    StanceKind.AGREE: 0,
    StanceKind.CONCERNS: 1,
    StanceKind.OBJECT: 2,
}


class Group(Value):
    """An interest group: its name, its members (user ids) and an optional speaker."""

    name: str
    members: tuple[int, ...] = ()
    speaker: int | None = None


CONNECTIVES = ("weil", "denn", "because")
"""The words that join an interest and its reason in one message. "da", "as" and "since"
are not among them: they also mean "there", "when" and "from", so they would cut
interests in two that have no reason in them."""


def as_said(reason: str, connective: str) -> str:
    """A reason with the connective its author wrote before it, if any ("weil es fehlt")."""
    return f"{connective} {reason}" if connective else reason


class Interest(Value):
    """An interest a group stated in round 1, always with its reason.

    ``connective`` is the word the author joined them with ("weil", "because"),
    empty when the reason came on its own: the reason is shown as they said it,
    never with a word of another language glued in front.
    """

    number: int
    group: int
    text: str
    reason: str
    author: int
    at: datetime
    source: str | None = None
    edited_at: datetime | None = None
    connective: str = ""

    @property
    def reason_as_said(self) -> str:
        """The reason with the author's own connective, if they wrote one ("weil es fehlt")."""
        return as_said(self.reason, self.connective)


class Restatement(Value):
    """Round 2: another group's words for interest ``interest``, and the original group's rating."""

    interest: int
    by_group: int
    text: str
    author: int
    at: datetime
    source: str | None = None
    rating: Rating | None = None
    correction: str | None = None
    rated_by: int | None = None
    rated_at: datetime | None = None


class ProposalVersion(Value):
    """One wording of a proposal; an amendment adds a version and keeps the older ones."""

    version: int
    text: str
    author: int
    at: datetime
    addresses: tuple[int, ...] = ()
    source: str | None = None


class Proposal(Value):
    """A proposal with its history of versions (the last one is put to the groups)."""

    number: int
    versions: tuple[ProposalVersion, ...]

    @property
    def current(self) -> ProposalVersion:
        """The version the groups take a stance on now."""
        return self.versions[-1]


class Stance(Value):
    """One member's stance on one version of a proposal, in the group they belonged to."""

    proposal: int
    version: int
    member: int
    group: int
    kind: StanceKind
    reason: str | None = None
    at: datetime
    source: str | None = None


class RoundChange(Value):
    """When the council entered a phase, and who moved it (``SYSTEM`` for a timer)."""

    phase: Phase
    at: datetime
    actor: int


class CouncilState(Value):
    """Everything a council round stores, and all the documentation draft needs."""

    question: str
    groups: tuple[Group, ...]
    phase: Phase = Phase.INTERESTS
    opened_by: int
    opened_at: datetime
    closed_at: datetime | None = None
    deadline: datetime | None = None
    assignment: tuple[int, ...] = ()
    interests: tuple[Interest, ...] = ()
    restatements: tuple[Restatement, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    stances: tuple[Stance, ...] = ()
    history: tuple[RoundChange, ...] = ()
    sources: tuple[str, ...] = ()
    next_interest: int = 1
    next_proposal: int = 1


# --- events -------------------------------------------------------------------------


class OpenCouncil(Event):
    """``/council [duration] question`` followed by 2 to 8 group names, one per line."""

    question: str
    groups: tuple[str, ...]
    minutes: float | None = None


class JoinGroup(Event):
    """The actor chooses a group (a button); it moves them out of any other group."""

    group: int


class AssignGroup(Event):
    """The facilitator puts ``member`` into a group (``/assign <group>`` as a reply)."""

    member: int
    group: int


class NameSpeaker(Event):
    """A member of the group names one of its members as speaker, or clears it (None)."""

    group: int
    speaker: int | None


class StateInterest(Event):
    """Round 1: an interest of the actor's group with its reason (and the word joining them)."""

    text: str
    reason: str
    source: str | None = None
    connective: str = ""


class EditInterest(Event):
    """Round 1: a member of the group rewords one of its interests."""

    interest: int
    text: str
    reason: str
    source: str | None = None
    connective: str = ""


class NextRound(Event):
    """``/round [duration]``: move on to the next round, optionally with a timer."""

    minutes: float | None = None


class GoBack(Event):
    """Back to the previous round while nothing of the current one has been handed in."""


class RemindMissing(Event):
    """The facilitator privately reminds the members of groups the round still waits for."""


class Restate(Event):
    """Round 2: the actor's group restates an interest of the group assigned to it."""

    interest: int
    text: str
    source: str | None = None


class RateRestatement(Event):
    """Round 2: a member of the original group rates a restatement of its interest."""

    interest: int
    rating: Rating
    correction: str | None = None
    source: str | None = None


class Propose(Event):
    """Round 3: anyone proposes a solution, optionally marking interests it addresses."""

    text: str
    addresses: tuple[int, ...] = ()
    source: str | None = None


class MarkInterest(Event):
    """Round 3: the proposal's author marks (or unmarks) an interest it addresses."""

    proposal: int
    interest: int
    addressed: bool = True


class TakeStance(Event):
    """Round 4: a group member's stance on the current version of a proposal.

    ``version`` is the version the person saw (a button carries it); a stance
    for a version that was amended meanwhile is refused rather than counted
    for words the person did not see.
    """

    proposal: int
    kind: StanceKind
    reason: str | None = None
    source: str | None = None
    version: int | None = None


class Amend(Event):
    """``/amend <n> <text>``: a new version of proposal n, put to the groups again."""

    proposal: int
    text: str
    source: str | None = None


class Extend(Event):
    """Add minutes to the current round's timer (or start one)."""

    minutes: float


class Close(Event):
    """``/close``: end the council and post the result."""

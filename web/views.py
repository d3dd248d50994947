"""What a wall shows of each format, read from the flows' query functions (no rule decided here).

Everything a template needs is a plain value: texts people wrote (escaped by the
templates), numbers, and moments as ISO strings that the page's clock counts
from. A note never shows who wrote it; a person appears by name only with their
consent, else as a participant of their sector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows import fishbowl as fb
from flows import pinboard as pb
from flows.base import FORGOTTEN
from flows.council.machine import round_number
from flows.council.model import CouncilState
from flows.council.model import Phase as CouncilPhase
from flows.council.tables import group_stance, is_agreed
from flows.fishbowl.model import FishbowlState
from flows.fishbowl.report import running_turn
from flows.pinboard.model import PinboardState
from locales import Translator, clock, translator
from service.wall import WallSnapshot
from storage.records import DEFAULT_SECTORS

QUEUE_SHOWN = 8
"""People in the fishbowl's queue shown by name on the wall; the rest are counted."""
DENSE_CARDS = 24
"""A pinboard column with more cards than this shows them smaller."""


@dataclass(frozen=True)
class Card:
    text: str


@dataclass(frozen=True)
class Cluster:
    name: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    cards: int
    """How many notes the option holds (1 for an ungrouped note)."""
    dots: int
    width: int
    """The bar's length in percent of the column's best option."""


@dataclass(frozen=True)
class Column:
    number: int
    question: str
    count: int
    clusters: tuple[Cluster, ...]
    loose: tuple[Card, ...]
    bars: tuple[Bar, ...]
    dense: bool


@dataclass(frozen=True)
class Chair:
    name: str
    label: str | None
    since: str
    speaking: bool
    fixed: bool


@dataclass(frozen=True)
class Interest:
    number: int
    text: str
    reason: str
    restated: bool


@dataclass(frozen=True)
class CouncilGroup:
    name: str
    members: int
    interests: tuple[Interest, ...]


@dataclass(frozen=True)
class Proposal:
    number: int
    text: str
    version: int
    agreed: bool
    stances: tuple[str, ...]
    """Each group's stance on it, in the groups' order: agree, concerns, object or ``""``."""


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class Wall:
    """One snapshot as the templates read it."""

    def __init__(self, snapshot: WallSnapshot) -> None:
        self.snapshot = snapshot
        event = snapshot.event
        self.t: Translator = translator(event.language, event.address)
        self.language = self.t.language
        self.session = snapshot.session
        self.event = event
        record = snapshot.round
        self.kind: str | None = record.kind if record is not None else None
        self.is_open = record is not None and record.is_open
        self.state: Any = snapshot.state
        self.now = iso(snapshot.now)
        self.can_join = snapshot.join_token is not None

    @property
    def template(self) -> str:
        """The template of what is shown: the open round's format, or the screen between."""
        if self.is_open and self.kind in ("pinboard", "fishbowl", "council"):
            return f"{self.kind}.html.j2"
        return "between.html.j2"

    @property
    def deadline(self) -> str | None:
        return iso(getattr(self.state, "deadline", None)) if self.is_open else None

    def name(self, user_id: int) -> str:
        """A person's name if they agreed to be named, else "a participant (their sector)"."""
        person = self.snapshot.persons.get(user_id)
        if user_id == FORGOTTEN or person is None:
            return self.t("wall.someone")
        if person.consent_name:
            return person.name
        if person.sector is None:
            return self.t("wall.someone")
        sector = (self.t(f"sector.{person.sector}") if person.sector in DEFAULT_SECTORS
                  else person.sector)
        return self.t("wall.someone_from", sector=sector)

    # --- pinboard ------------------------------------------------------------------------

    def columns(self) -> tuple[Column, ...]:
        state: PinboardState = self.state
        tallies = pb.visible_tallies(state)
        found = []
        for number, question in enumerate(state.questions, start=1):
            notes = pb.visible_notes(state, number)
            clusters: list[Cluster] = []
            grouped: set[int] = set()
            for cluster in state.clusters:
                if cluster.question != number:
                    continue
                grouped.update(cluster.notes)
                cards = tuple(Card(note.text) for note in notes if note.number in cluster.notes)
                if cards:
                    clusters.append(Cluster(cluster.name, cards))
            loose = tuple(Card(note.text) for note in notes if note.number not in grouped)
            bars: tuple[Bar, ...] = ()
            if tallies is not None and state.phase in (pb.Phase.VOTING, pb.Phase.CLOSED):
                bars = self._bars(state, number)
            found.append(Column(number, question, len(notes), tuple(clusters), loose, bars,
                                dense=len(notes) > DENSE_CARDS))
        return tuple(found)

    @staticmethod
    def _bars(state: PinboardState, question: int) -> tuple[Bar, ...]:
        ranked = pb.ranked(state, question)
        best = max((option.dots for option in ranked), default=0) or 1
        return tuple(
            Bar(label=option.name if option.name is not None else option.notes[0].text,
                cards=len(option.notes), dots=option.dots,
                width=round(100 * option.dots / best))
            for option in ranked
        )

    def voters(self) -> int:
        state: PinboardState = self.state
        return len({dot.voter for dot in state.dots})

    def tallies_hidden(self) -> bool:
        state: PinboardState = self.state
        return state.phase == pb.Phase.VOTING and pb.visible_tallies(state) is None

    # --- fishbowl ------------------------------------------------------------------------

    def chairs(self) -> tuple[Chair, ...]:
        state: FishbowlState = self.state
        turn = running_turn(state)
        return tuple(
            Chair(name=self.name(seat.user_id), label=seat.label, since=clock(seat.start),
                  speaking=turn is not None and turn.user_id == seat.user_id, fixed=seat.fixed)
            for seat in fb.occupants(state)
        )

    def free_chairs(self) -> int:
        return fb.free_chairs(self.state)

    def speaker(self) -> tuple[str, str] | None:
        """Who speaks and since when (ISO, the page counts the seconds)."""
        turn = running_turn(self.state)
        if turn is None or not turn.timed:
            return None
        return self.name(turn.user_id), turn.start.isoformat()

    def queue(self) -> tuple[tuple[str, ...], int]:
        """The first in the queue by name, and how many more wait."""
        waiting = fb.queue_order(self.state)
        return tuple(self.name(uid) for uid in waiting[:QUEUE_SHOWN]), max(
            0, len(waiting) - QUEUE_SHOWN)

    # --- council -------------------------------------------------------------------------

    def round_number(self) -> int:
        return round_number(self.state.phase)

    def groups(self) -> tuple[CouncilGroup, ...]:
        state: CouncilState = self.state
        restated = {r.interest for r in state.restatements}
        return tuple(
            CouncilGroup(
                name=group.name, members=len(group.members),
                interests=tuple(Interest(i.number, i.text, i.reason, i.number in restated)
                                for i in state.interests if i.group == index))
            for index, group in enumerate(state.groups)
        )

    def proposals(self) -> tuple[Proposal, ...]:
        state: CouncilState = self.state
        return tuple(
            Proposal(
                number=proposal.number, text=proposal.current.text,
                version=proposal.current.version, agreed=is_agreed(state, proposal.number),
                stances=tuple(
                    str(stance.value) if (stance := group_stance(state, g, proposal.number))
                    else "" for g in range(len(state.groups))))
            for proposal in state.proposals
        )

    def show_restatements(self) -> bool:
        state: CouncilState = self.state
        return state.phase != CouncilPhase.INTERESTS

    def group_names(self) -> tuple[str, ...]:
        return tuple(group.name for group in self.state.groups)

    # --- between rounds ------------------------------------------------------------------

    def last_result(self) -> tuple[Column, ...]:
        """After a pinboard's vote: its ranked options, until the next round opens."""
        if self.kind != "pinboard" or self.state is None or not self.state.dots:
            return ()
        return tuple(column for column in self.columns() if column.bars)

"""What a draft is made from: plain data, loaded by the bot from storage (or built by a test).

``drafts`` never reads the database or talks to Telegram; ``bot`` gathers a
``DraftInput`` and hands it over. Keeping the input as pure data is what lets
the reference documentation be rebuilt as a fixture and a draft be compiled
the same way at the end of a session, by ``/export`` and from the command line.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from flows.base import Value
from flows.composition import Source
from flows.people import ContributorRole
from flows.programme import Entry
from flows.survey import SurveyState


class Consent(StrEnum):
    """How the author of a quote agreed to be quoted; only NAMED and ANONYMOUS are printed."""

    PENDING = "pending"
    NAMED = "named"
    ANONYMOUS = "anonymous"
    DECLINED = "declined"


class EventInfo(Value):
    title: str
    dates: str
    place: str
    language: str
    sectors: tuple[str, ...]
    """The event's sector keys in order: default keys (``municipal`` …) or the event's own."""
    note_authors: bool = False
    """Whether pinboard notes name their authors (the event's choice; off as in the reference)."""


class PersonInfo(Value):
    name: str
    sector: str | None = None
    consent: bool = False
    """Whether the person agreed to be named in the documentation."""
    registered: bool = False
    organization: str | None = None
    function: str | None = None
    """Shown as "Name (Organisation | Funktion)" where the person is named."""


class RoundInput(Value):
    """One round as it happened: its format, its flow state (JSON or model) and when it ended."""

    kind: str
    state: str | BaseModel
    ended_at: datetime | None = None


class QuoteInput(Value):
    text: str
    author: int
    consent: Consent
    source: str | None = None
    """The quoted message ("chat:message"): a round that gathered it (a closing round's
    answer) shows it in its own section."""


class PhotoInput(Value):
    data: bytes
    filename: str
    caption: str | None = None
    agreed: bool = False
    """Whether whoever added it confirmed that the people shown agreed (or that nobody is
    recognizable); a draft prints only such photos."""
    credit: str | None = None
    """Who took it, as typed for the credit line ("Foto: …")."""
    uploader: int | None = None
    """Who sent it: named in the credit line if they agreed to be named."""


class ImpressumInput(Value):
    """What the organizer fills in once per event for the closing pages; ``None`` is to fill."""

    publisher: str | None = None
    """The organizing body (Herausgeber); also the file's author."""
    address: str | None = None
    contact: str | None = None
    responsible: str | None = None
    """Who is responsible for the content (V. i. S. d. P.)."""
    thanks: str | None = None
    """The organizer's own words of thanks, instead of the general sentence."""


class ContributorInput(Value):
    """An impulse speaker, moderator or podium guest: a person (``user_id``) or a guest typed
    in (``name`` with organization and function)."""

    role: ContributorRole
    user_id: int | None = None
    named: bool = False
    """Whether the person agreed to be named in this part (a guest always is)."""
    name: str | None = None
    organization: str | None = None
    function: str | None = None


class MinutesInput(Value):
    """The session's summary as written last, and who wrote it ("[Bericht von …]")."""

    text: str
    authors: tuple[int, ...] = ()


class SessionInput(Value):
    id: int
    title: str
    question: str | None = None
    impulse: str | None = None
    moderation: str | None = None
    """Impulse and moderation typed as text; contributors chosen from people come first."""
    rounds: tuple[RoundInput, ...] = ()
    quotes: tuple[QuoteInput, ...] = ()
    photos: tuple[PhotoInput, ...] = ()
    contributors: tuple[ContributorInput, ...] = ()
    minutes: MinutesInput | None = None


class CompositionInput(Value):
    """Counts the organizer imported (a registration list) or typed in, by sector key, own
    label or ``""`` (no sector); without it the participants are counted."""

    source: Source
    label: str | None = None
    counts: tuple[tuple[str, int], ...] = ()


class DraftInput(Value):
    """Everything one draft needs: an event, its people and the sessions to document, in order."""

    event: EventInfo
    people: dict[int, PersonInfo] = Field(default_factory=dict)
    participants: frozenset[int] = frozenset()
    """Who took part in the event; the registered among them make up the composition table."""
    facilitators: tuple[int, ...] = ()
    notetakers: tuple[int, ...] = ()
    sessions: tuple[SessionInput, ...] = ()
    impressum: ImpressumInput = ImpressumInput()
    organizer_name: str | None = None
    """An organizer's name, only if they agreed to be named: the file's author when no
    organizing body is given."""
    programme: tuple[Entry, ...] = ()
    """The event's programme: the draft follows it day by day; sessions not on it follow."""
    composition: CompositionInput | None = None
    survey: SurveyState | None = None
    """The event's topic survey before it (Vorabbefragung), if it had one."""

"""The one place a draft names a person: by name only if they agreed, otherwise by sector.

Consent is personal data's hinge: a draft is forwarded, printed and published,
so every section asks ``Names`` instead of reading names itself. Someone who
did not agree, or asked to be forgotten, appears as "a participant" with their
sector, the way the reference documents unnamed contributions. Someone who
agreed appears as the reference writes people: "Name (Organisation | Funktion)"
when they stated an organization or function, else as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from drafts.model import PersonInfo
from flows.base import FORGOTTEN
from flows.people import described
from locales import Translator

DEFAULT_SECTORS = frozenset(
    {"municipal", "state", "federal", "civil_society", "foundation", "research"}
)
"""Sector keys with texts in the catalogue; any other sector is an event's own, shown as given."""


class Names:
    """Names and sectors of one draft's people, in the draft's language."""

    def __init__(self, people: Mapping[int, PersonInfo], t: Translator, *,
                 note_authors: bool = False) -> None:
        self._people = people
        self._t = t
        self.note_authors = note_authors
        """Whether pinboard notes name their authors (the event's choice; off by default,
        as the reference never does)."""

    def person(self, user_id: int) -> str:
        """The person as they agreed to be named ("Name (Organisation | Funktion)"), else "a
        participant (sector)"."""
        info = self._known(user_id)
        if info is not None and info.consent:
            return described(info.name, info.organization, info.function)
        return self.anonymous(user_id)

    def named(self, user_id: int) -> str:
        """"Name (Organisation | Funktion)" for someone who agreed to this very part being
        named (a speaker), whatever their general consent."""
        info = self._known(user_id)
        if info is None:
            return self.anonymous(user_id)
        return described(info.name, info.organization, info.function)

    def person_with_sector(self, user_id: int) -> str:
        """Like ``person``, with the sector after a consenting person's name: "Anna (Kommune)"."""
        info = self._known(user_id)
        if info is None or not info.consent:
            return self.anonymous(user_id)
        return self.named_with_sector(user_id)

    def named_with_sector(self, user_id: int) -> str:
        """"Anna (Stadt Kassel | Leitung)", or "Anna (Kommune)" without an organization, for
        someone who agreed to this very text (a quote) being named."""
        info = self._known(user_id)
        if info is None:
            return self.anonymous(user_id)
        if info.organization or info.function:
            return described(info.name, info.organization, info.function)
        if info.sector is None:
            return info.name
        return self._t("draft.named_sector", name=info.name, sector=self.short_sector(info.sector))

    def anonymous(self, user_id: int) -> str:
        """"a participant (sector)" whatever the person's consent: for anonymous quotes."""
        info = self._known(user_id)
        if info is None or info.sector is None:
            return self._t("draft.participant")
        return self._t("draft.participant_sector", sector=self.short_sector(info.sector))

    def credited(self, user_ids: Iterable[int]) -> tuple[list[str], int]:
        """The names of those who agreed (in order, once each) and how many others there are."""
        names: list[str] = []
        others = 0
        for user_id in dict.fromkeys(user_ids):
            info = self._known(user_id)
            if info is not None and info.consent:
                names.append(described(info.name, info.organization, info.function))
            else:
                others += 1
        return names, others

    def sector_of(self, user_id: int) -> str | None:
        """The person's sector key, for totals by sector; ``None`` if not stated or forgotten."""
        info = self._known(user_id)
        return info.sector if info is not None else None

    def sector(self, key: str) -> str:
        """A sector's full text, as in the composition table."""
        return self._t(f"sector.{key}") if key in DEFAULT_SECTORS else key

    def short_sector(self, key: str) -> str:
        """A sector's short text, as in "a participant (civil society)"."""
        return self._t(f"draft.sector.{key}") if key in DEFAULT_SECTORS else key

    def _known(self, user_id: int) -> PersonInfo | None:
        if user_id == FORGOTTEN:
            return None
        return self._people.get(user_id)

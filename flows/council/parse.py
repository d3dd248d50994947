"""Commands of the council whose shape is a format rule, parsed into events (pure functions).

``/council [duration] question`` + 2..8 group lines, ``/interest <interest> weil
<reason>`` (or ``denn``, ``because``), ``/proposal <text>``, ``/amend <n> <text>``,
``/round [duration]``, ``/round back``, ``/restate <n> <text>``, ``/extend
<duration>``, and a group named by number or name. Each raises ``FlowError``
with a ``council.*`` key on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from flows.base import FlowError, has_visible_text
from flows.council.model import (
    CONNECTIVES,
    MAX_GROUP_NAME,
    MAX_GROUPS,
    MAX_TEXT,
    MIN_GROUPS,
    Amend,
    Extend,
    GoBack,
    Group,
    NextRound,
    OpenCouncil,
    Propose,
    Restate,
    StateInterest,
    as_said,
)
from flows.durations import parse_duration, take_duration

_BECAUSE = re.compile(r"\b(?:" + "|".join(CONNECTIVES) + r")\b", re.IGNORECASE)
"""Where a reason starts in an interest's message: only the unambiguous connectives."""
_SEPARATORS = " \t\n,;:-–—"
GO_BACK_WORDS = frozenset({"back", "zurück", "zurueck"})
"""``/round back`` (or ``/round zurück``) goes back one round."""


def clean_text(text: str | None, empty_key: str, max_chars: int = MAX_TEXT) -> str:
    """The text without surrounding whitespace; empty (nothing visible) or too long is refused."""
    cleaned = (text or "").strip()
    if not has_visible_text(cleaned):
        raise FlowError(empty_key)
    if len(cleaned) > max_chars:
        raise FlowError("council.text_too_long", max=max_chars)
    return cleaned


def strip_command(text: str, command: str) -> str:
    """``text`` without a leading ``/command`` or ``/command@botname``."""
    pattern = rf"\s*/{re.escape(command)}(?:@\w+)?(?=\s|$)[ \t]*"
    match = re.match(pattern, text, re.IGNORECASE)
    return text if match is None else text[match.end() :]


def parse_open(text: str, actor: int) -> OpenCouncil:
    """``/council [10 Min.] Question`` then one interest group per line (2 to 8, distinct).

    A leading duration needs a unit (``10m``), so "2030 ..." stays part of the question.
    """
    lines = [line.strip() for line in strip_command(text, "council").splitlines()]
    lines = [line for line in lines if has_visible_text(line)]
    if not lines:
        raise FlowError("council.no_question")
    taken = take_duration(lines[0])
    minutes, question = taken if taken is not None else (None, lines[0])
    question = clean_text(question, "council.no_question")
    groups = tuple(lines[1:])
    if len(groups) < MIN_GROUPS:
        raise FlowError("council.too_few_groups", min=MIN_GROUPS)
    if len(groups) > MAX_GROUPS:
        raise FlowError("council.too_many_groups", max=MAX_GROUPS)
    for name in groups:
        if len(name) > MAX_GROUP_NAME:
            raise FlowError("council.group_name_too_long", max=MAX_GROUP_NAME)
    if len({name.casefold() for name in groups}) < len(groups):
        raise FlowError("council.duplicate_group")
    return OpenCouncil(actor=actor, question=question, groups=groups, minutes=minutes)


class Said(NamedTuple):
    """An interest as its author wrote it: the interest, its reason (empty when it is still to
    come) and the connective that joined them ("weil", "denn", "because"; empty without one)."""

    text: str
    reason: str
    connective: str = ""

    @property
    def reason_as_said(self) -> str:
        """The reason with the author's own connective, if they wrote one."""
        return as_said(self.reason, self.connective)


def split_interest(text: str) -> Said:
    """``"<interest> weil <reason>"`` (or ``denn``, ``because``) -> its parts; the first
    connective splits, so a reason may contain another one."""
    match = _BECAUSE.search(text)
    if match is None:
        return Said(text.strip(_SEPARATORS), "")
    return Said(
        text[: match.start()].strip(_SEPARATORS),
        text[match.end() :].strip(_SEPARATORS),
        match.group().lower(),
    )


def split_reason(text: str) -> Said:
    """A reason given on its own, in a second step: a connective it starts with is kept as
    such ("weil es keine gibt" -> reason "es keine gibt", connective "weil")."""
    stripped = text.strip(_SEPARATORS)
    match = _BECAUSE.match(stripped)
    if match is None:
        return Said("", stripped)
    return Said("", stripped[match.end() :].strip(_SEPARATORS), match.group().lower())


def parse_interest(text: str, actor: int, source: str | None = None) -> StateInterest:
    """``/interest <interest> weil <reason>``; an interest without a reason is refused."""
    said = split_interest(strip_command(text, "interest"))
    interest = clean_text(said.text, "council.interest_empty")
    reason = clean_text(said.reason, "council.interest_needs_reason")
    return StateInterest(
        actor=actor, text=interest, reason=reason, source=source, connective=said.connective
    )


def parse_proposal(text: str, actor: int, source: str | None = None) -> Propose:
    """``/proposal <text>``."""
    body = clean_text(strip_command(text, "proposal"), "council.proposal_empty")
    return Propose(actor=actor, text=body, source=source)


def parse_amend(text: str, actor: int, source: str | None = None) -> Amend:
    """``/amend <n> <text>``: the proposal's number, then its new wording."""
    number, _, body = strip_command(text, "amend").strip().partition(" ")
    if not number.isdecimal():
        raise FlowError("council.amend_usage")
    body = clean_text(body, "council.amend_usage")
    return Amend(actor=actor, proposal=int(number), text=body, source=source)


def parse_round(text: str, actor: int) -> NextRound:
    """``/round`` or ``/round 10m`` (``10 Min.``, ``10``): the next round, with a timer if given."""
    rest = strip_command(text, "round").strip()
    if not rest:
        return NextRound(actor=actor)
    minutes = parse_duration(rest)
    if minutes is None:
        raise FlowError("council.bad_duration")
    return NextRound(actor=actor, minutes=minutes)


def parse_round_command(text: str, actor: int) -> NextRound | GoBack:
    """``/round [duration]`` moves on; ``/round back`` (or ``zurück``) goes back one round."""
    if strip_command(text, "round").strip().casefold() in GO_BACK_WORDS:
        return GoBack(actor=actor)
    return parse_round(text, actor)


def parse_restate(text: str, actor: int, source: str | None = None) -> Restate:
    """``/restate <n> <text>``: the number of the interest, then the group's own words for it."""
    number, _, body = strip_command(text, "restate").strip().partition(" ")
    if not number.isdecimal():
        raise FlowError("council.restate_usage")
    body = clean_text(body, "council.restate_usage")
    return Restate(actor=actor, interest=int(number), text=body, source=source)


def parse_group(groups: Sequence[Group], text: str) -> int:
    """A group's index from its number as shown (1-based), its name, or a unique start of it.

    Case does not matter, so ``/assign politik`` and ``/assign 2`` both name "Politik".
    """
    wanted = text.strip().casefold()
    if not wanted:
        raise FlowError("council.assign_usage")
    if wanted.isdecimal() and 1 <= int(wanted) <= len(groups):
        return int(wanted) - 1
    names = [group.name.casefold() for group in groups]
    if wanted in names:
        return names.index(wanted)
    starting = [index for index, name in enumerate(names) if name.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    raise FlowError("council.unknown_group_name", name=text.strip())


def parse_extend(text: str, actor: int) -> Extend:
    """``/extend 5m`` (or ``5 Minuten``, ``5``): the command takes nothing but the duration."""
    minutes = parse_duration(strip_command(text, "extend"))
    if minutes is None:
        raise FlowError("council.bad_duration")
    return Extend(actor=actor, minutes=minutes)

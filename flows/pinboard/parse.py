"""The pinboard's commands as text: pure functions from a message to an event.

Each accepts the text with or without its leading command (``/pinboard@bot``)
and raises ``FlowError`` with a ``pinboard.*`` key for anything it can't read.
"""

from __future__ import annotations

import re

from flows.base import Event, FlowError
from flows.durations import parse_duration, take_duration, unreadable
from flows.pinboard.model import (
    AddNotes,
    Extend,
    GroupNotes,
    HideNotes,
    MoveNote,
    OpenBoard,
    RenameCluster,
    RestoreNotes,
    StartVote,
    Ungroup,
    check_budget,
    check_name,
    check_note_texts,
    check_open,
    clean,
)

_COMMAND = re.compile(r"^/[A-Za-z_]+(@\w+)?(\s+|$)")
_ANONYMOUS = {"anonym", "anonymous", "anon"}
_RENAME = {"rename", "umbenennen", "name"}
_MOVE = {"move", "verschieben", "verschiebe"}
_OUT = {"out", "heraus", "raus"}
_UNGROUP = {"ungroup", "auflösen", "aufloesen"}
_MAX = {"max", "max.", "maximal", "höchstens"}


def strip_command(text: str) -> str:
    """The text after a leading ``/command`` or ``/command@bot``, if there is one."""
    return _COMMAND.sub("", text.strip(), count=1)


def _duration(text: str, *, bare: bool = False) -> tuple[float, str] | None:
    """A duration at the start of ``text`` and what follows; ``None`` if the text starts otherwise.

    A number glued to letters that are no unit (``10x``) is refused as a mistyped duration.
    """
    taken = take_duration(text, bare=bare)
    if taken is None and unreadable((text.split() or [""])[0]):
        raise FlowError("pinboard.bad_duration")
    return taken


def parse_open(text: str, actor: int) -> OpenBoard:
    """``/pinboard [anonym] [10 Min.] Title`` then one guiding question per line (1 to 12).

    A number without a unit belongs to the title (``/pinboard 2 Tage Konferenz``).
    """
    head, *rest = strip_command(text).split("\n")
    first = " ".join(head.split())
    minutes: float | None = None
    anonymous = False
    while first:
        word, _, after = first.partition(" ")
        if word.lower() in _ANONYMOUS and not anonymous:
            anonymous, first = True, after
        elif minutes is None and (taken := _duration(first)) is not None:
            minutes, first = taken
        else:
            break
    questions = tuple(clean(line) for line in rest if clean(line))
    event = OpenBoard(
        actor=actor,
        title=first,
        questions=questions,
        minutes=minutes,
        anonymity_allowed=anonymous,
    )
    check_open(event)
    return event


def parse_note(
    text: str,
    actor: int,
    *,
    questions: int,
    source: str | None = None,
    anonymous: bool = False,
) -> AddNotes:
    """``[/note] 2 Hausmeister & Versicherung``; every further line is another note.

    Without a number the note goes to the only question; with several questions
    ``pinboard.which_question`` asks the adapter to offer a choice.
    """
    number, lines = _numbered_lines(text)
    texts = check_note_texts(lines)
    if number is None and questions != 1:
        raise FlowError("pinboard.which_question", count=questions)
    return AddNotes(
        actor=actor,
        question=1 if number is None else number,
        texts=texts,
        anonymous=anonymous,
        source=source,
    )


def _numbered_lines(text: str) -> tuple[int | None, tuple[str, ...]]:
    """A leading question number, if any, and the non-empty lines after it."""
    head, _, tail = strip_command(text).partition("\n")
    number_text, _, first = head.strip().partition(" ")
    number = int(number_text) if number_text.isdecimal() else None
    if number is not None:
        head = first
    return number, tuple(clean(line) for line in [head, *tail.split("\n")] if clean(line))


def note_lines(text: str) -> tuple[str, ...]:
    """The notes in an edited message: its non-empty lines, a leading question number dropped."""
    return check_note_texts(_numbered_lines(text)[1])


def parse_numbers(text: str) -> tuple[int, ...]:
    """Note numbers such as ``3 5 7`` or ``3, 5, 7``; at least one."""
    tokens = [token for token in re.split(r"[\s,;]+", text.strip()) if token]
    if not tokens:
        raise FlowError("pinboard.numbers_missing")
    if not all(token.isdecimal() for token in tokens):
        raise FlowError("pinboard.numbers_format", example="3 5 7")
    return tuple(dict.fromkeys(int(token) for token in tokens))


def parse_grouping(text: str) -> tuple[str, tuple[int, ...]]:
    """``Kosten: 3 5 7`` -> ``("Kosten", (3, 5, 7))``; the name may itself contain colons."""
    name, colon, numbers = text.strip().rpartition(":")
    if not colon:
        raise FlowError("pinboard.grouping_format")
    return check_name(name), parse_numbers(numbers)


def parse_cluster_command(text: str, actor: int) -> Event:
    """The facilitator's short grouping commands.

    ``Kosten: 3 5 7`` groups, ``rename 2 Finanzen`` renames cluster 2,
    ``move 7 2`` moves note 7 into cluster 2, ``out 7`` takes note 7 out of its
    cluster, ``ungroup 2`` dissolves cluster 2; the German words German users are
    shown (``umbenennen``, ``verschieben``, ``heraus``, ``auflösen``) work the same.
    """
    body = strip_command(text)
    word, _, rest = body.partition(" ")
    verb = word.lower()
    if verb in _RENAME:
        number, _, name = rest.strip().partition(" ")
        return RenameCluster(actor=actor, cluster=_one_number(number), name=check_name(name))
    if verb in _MOVE:
        # A note and a cluster may share a number ("move 2 2"): no de-duplication here.
        tokens = [token for token in re.split(r"[\s,;]+", rest.strip()) if token]
        if len(tokens) != 2 or not all(token.isdecimal() for token in tokens):
            raise FlowError("pinboard.move_format")
        return MoveNote(actor=actor, note=int(tokens[0]), cluster=int(tokens[1]))
    if verb in _OUT:
        return MoveNote(actor=actor, note=_one_number(rest), cluster=None)
    if verb in _UNGROUP:
        return Ungroup(actor=actor, cluster=_one_number(rest))
    name, notes = parse_grouping(body)
    return GroupNotes(actor=actor, name=name, notes=notes)


def _one_number(text: str) -> int:
    numbers = parse_numbers(text)
    if len(numbers) != 1:
        raise FlowError("pinboard.numbers_format", example="2")
    return numbers[0]


def parse_hide(text: str, actor: int, *, restore: bool = False) -> HideNotes | RestoreNotes:
    """``/hide 4`` or ``/hide 4 5``; with ``restore`` the same numbers are shown again."""
    numbers = parse_numbers(strip_command(text))
    if restore:
        return RestoreNotes(actor=actor, numbers=numbers)
    return HideNotes(actor=actor, numbers=numbers)


def parse_vote(text: str, actor: int) -> StartVote:
    """``/vote 3`` (dots each), optionally ``max 1`` per cluster and a duration ``10 Min.``.

    After the budget a number without a unit is the duration: nothing else stands there.
    """
    budget_text, _, rest = " ".join(strip_command(text).lower().split()).partition(" ")
    if not budget_text.isdecimal():
        raise FlowError("pinboard.budget_missing", example="/vote 3")
    budget = int(budget_text)
    per_cluster: int | None = None
    minutes: float | None = None
    while rest := rest.strip():
        word, _, after = rest.partition(" ")
        cap, _, later = after.partition(" ")
        if word.rstrip("=:") in _MAX and cap.isdecimal():
            per_cluster, rest = int(cap), later
        elif minutes is None and (taken := _duration(rest, bare=True)) is not None:
            minutes, rest = taken
        else:
            raise FlowError("pinboard.vote_format")
    check_budget(budget, per_cluster)
    return StartVote(actor=actor, budget=budget, per_cluster=per_cluster, minutes=minutes)


def parse_extend(text: str, actor: int) -> Extend:
    """``/extend 5m`` (or ``5 Minuten``, ``5``): the command takes nothing but the duration."""
    minutes = parse_duration(strip_command(text))
    if minutes is None:
        raise FlowError("pinboard.bad_duration")
    return Extend(actor=actor, minutes=minutes)

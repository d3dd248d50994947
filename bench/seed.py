"""Stored workshops written straight through ``storage``: boards made by the pinboard flow itself.

Restart, memory and the draft compile need many rounds that would take minutes
to play through the chat. The states are made by ``flows.pinboard.apply``
(so they are states the bot could have reached) and stored with
``storage.rounds.create_round``, as ``open_round`` stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flows.pinboard import (
    AddNotes,
    Close,
    GroupNotes,
    OpenBoard,
    PinboardState,
    StartClustering,
    StartVote,
    Vote,
    apply,
    options,
)
from storage import people
from storage import rounds as stored
from storage.db import Database, Tx
from storage.records import utcnow

QUESTIONS = ("Was läuft gut?", "Was fehlt?", "Was probieren wir als Nächstes?")
SECTORS = ("municipal", "state", "federal", "civil_society", "foundation", "research")
_WORDS = (
    "Begegnungsräume im Quartier öffnen", "Ehrenamt & Verwaltung | gemeinsam planen",
    "Kosten *teilen*, Verantwortung klären", "Hausmeister_innen früh einbinden",
    "#1 Priorität: Barrierefreiheit", "Förderprogramme [vereinfachen]", "1. Schritt: zuhören",
)
FIRST_CHAT = -1_000_000_100_000
FIRST_PERSON = 4_000_000
BOARD_VARIANTS = 4
"""Distinct boards (other authors) the sessions take turns with: playing each board through the
flow costs seconds that would only measure the seeding."""


def chat_id(number: int) -> int:
    """The Telegram id of the ``number``-th seeded group (the fresh process registers the same)."""
    return FIRST_CHAT - number


def note_text(number: int) -> str:
    return f"{_WORDS[number % len(_WORDS)]} (Notiz {number})"


def board(
    notes: int,
    authors: Sequence[int],
    facilitator: int,
    start: datetime,
    *,
    minutes: float | None = None,
    finish: bool = False,
) -> PinboardState:
    """A board with ``notes`` notes; ``finish``: clustered (four notes a cluster), voted, closed."""
    state = apply(None, OpenBoard(actor=facilitator, title="Dritte Orte", questions=QUESTIONS,
                                  minutes=minutes), start).state
    for number in range(notes):
        note = AddNotes(actor=authors[number % len(authors)], question=1 + number % len(QUESTIONS),
                         texts=(note_text(number),), source=f"seed:{number}")
        state = apply(state, note, start + timedelta(seconds=number)).state
    if not finish:
        return state
    later = start + timedelta(hours=1)
    state = apply(state, StartClustering(actor=facilitator), later).state
    for question in range(1, len(QUESTIONS) + 1):
        numbers = [n.number for n in state.notes if n.question == question]
        grouped = numbers[: len(numbers) * 3 // 4]
        for index in range(0, len(grouped), 4):
            group = GroupNotes(actor=facilitator, name=f"Thema {question}.{index // 4 + 1}",
                               notes=tuple(grouped[index : index + 4]))
            state = apply(state, group, later).state
    state = apply(state, StartVote(actor=facilitator, budget=3), later).state
    keys = [option.key for q in range(1, len(QUESTIONS) + 1) for option in options(state, q)]
    for index, voter in enumerate(dict.fromkeys(authors)):
        for dot in range(3):
            option = keys[(index * 7 + dot * 13) % len(keys)]
            event = Vote(actor=voter, option=option, source=f"dot:{voter}:{dot}")
            state = apply(state, event, later + timedelta(seconds=index)).state
    return apply(state, Close(actor=facilitator), later + timedelta(hours=1)).state


async def seed_people(tx: Tx, count: int) -> list[int]:
    """Participants, most registered with a sector, two in three agreeing to be named."""
    ids = [FIRST_PERSON + number for number in range(count)]
    for number, user_id in enumerate(ids):
        await people.see_person(tx, user_id, f"Teilnehmerin {number}", None, "de")
        await people.update_profile(
            tx, user_id, display_name=f"Person {number}", sector=SECTORS[number % len(SECTORS)],
            consent_name=number % 3 != 0, registered=number % 5 != 0,
        )
    return ids


async def store_board(
    tx: Tx, event_id: int, number: int, authors: Sequence[int], state: PinboardState,
    finish: bool,
) -> None:
    """A linked group session whose members wrote the board, and the board as its round."""
    session, _ = await people.link_session(
        tx, event_id, chat_id(number), 0, f"Werkstatt {number + 1}",
        f"Werkstatt {number + 1}: Dritte Orte",
    )
    first_seen = session.created_at.isoformat()
    await people.add_members(
        tx, [(session.id, author, first_seen) for author in dict.fromkeys(authors)])
    record = await stored.create_round(tx, session.id, "pinboard", state, state.deadline)
    await tx.insert_rows(
        "INSERT INTO round_log (round_id, actor, event, source, at)",
        [(record.id, note.author, f"AddNotes {note.text}", note.source, note.created.isoformat())
         for note in state.notes],
    )
    if finish:
        await tx.execute("UPDATE rounds SET is_open = 0, closed_at = created_at WHERE id = ?",
                         (record.id,))
    else:
        await stored.set_live_message(tx, record.id, 1, None)


@dataclass(frozen=True)
class Seeded:
    event_id: int
    sessions: int
    rounds: int
    notes: int


async def seed_event(
    path: Path, *, sessions: int, notes_per_session: int, participants: int, finish: bool,
    minutes: float | None = None, first_chat: int = 0, started_ago: float = 3 * 3600,
) -> Seeded:
    """One event with ``sessions`` linked groups, each with one board of its own."""
    db = Database(path)
    await db.open()
    start = utcnow() - timedelta(seconds=started_ago)
    try:
        async with db.transaction() as tx:
            ids = await seed_people(tx, participants)
            organizer = ids[0]
            event = await people.create_event(tx, "Kommunalkonferenz", "5.–6. Mai 2023",
                                              "Kassel", "de", organizer)
            await people.grant_role(tx, event.id, ids[1], "facilitator")
            await people.grant_role(tx, event.id, ids[2], "notetaker")
        boards: dict[int, tuple[list[int], PinboardState]] = {}
        async with db.transaction() as tx:
            for number in range(sessions):
                if number % BOARD_VARIANTS not in boards:
                    authors = [ids[(number * 17 + k) % len(ids)]
                               for k in range(min(len(ids), 60))]
                    boards[number % BOARD_VARIANTS] = authors, board(
                        notes_per_session, authors, ids[1], start, minutes=minutes,
                        finish=finish)
                authors, state = boards[number % BOARD_VARIANTS]
                await store_board(tx, event.id, first_chat + number, authors, state, finish)
    finally:
        await db.close()
    return Seeded(event.id, sessions, sessions, sessions * notes_per_session)

"""Draft compile: a whole event compiled to Markdown and to DOCX, against reading its rows.

The event is seeded with closed boards (clustered and voted) across the
sessions. Reading is what ``/export`` does first: the event, its sessions, their
rounds (the stored states), quotes, photos, who contributed and the people,
from SQLite into a ``DraftInput`` (``bot.drafting.load_draft``).
Compiling is ``drafts``' public entry points from there: ``build_document``
then ``render_markdown`` or ``render_docx``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench.seed import seed_event
from bot.drafting import load_draft
from drafts import SECTIONS, DraftInput, build_document, render_docx, render_markdown
from storage import people
from storage.db import Database


async def read_event(db: Database, event_id: int) -> DraftInput:
    """The event as ``/export`` reads it: ``bot.documentation.load_draft`` in one transaction."""
    async with db.transaction() as tx:
        event = await people.get_event(tx, event_id)
        if event is None:
            raise LookupError(f"no event {event_id}")
        return await load_draft(tx, event)


@dataclass(frozen=True)
class DraftTimes:
    read: float
    build: float
    """``build_document`` alone, part of both compile times."""
    markdown: float
    docx: float
    markdown_cpu: float
    docx_cpu: float
    """CPU seconds of the two compiles: on a shared machine the wall time is longer."""
    markdown_bytes: int
    docx_bytes: int
    notes: int
    sections: tuple[str, ...]
    """Round kinds with a registered draft section (what actually renders)."""


COMPILES = 3
"""Each compile runs this often, like the read: the best run counts (the first one includes
compiling the Markdown template, which a running bot does once)."""


async def draft_compile(
    folder: Path, *, notes: int, sessions: int, participants: int = 300
) -> DraftTimes:
    path = folder / "draft.sqlite3"
    seeded = await seed_event(path, sessions=sessions, notes_per_session=notes // sessions,
                              participants=participants, finish=True)
    db = Database(path)
    await db.open()
    try:
        reads = []
        for _ in range(3):
            started = time.perf_counter()
            draft = await read_event(db, seeded.event_id)
            reads.append(time.perf_counter() - started)
    finally:
        await db.close()
    markdown_runs, docx_runs = [], []
    for _ in range(COMPILES):
        cpu = time.process_time()
        started = time.perf_counter()
        document = build_document(draft)
        build = time.perf_counter() - started
        markdown = render_markdown(document)
        markdown_runs.append((time.perf_counter() - started, time.process_time() - cpu, build))
        cpu = time.process_time()
        started = time.perf_counter()
        docx = render_docx(build_document(draft))
        docx_runs.append((time.perf_counter() - started, time.process_time() - cpu))
    markdown_seconds, markdown_cpu, build = min(markdown_runs)
    docx_seconds, docx_cpu = min(docx_runs)
    return DraftTimes(
        read=min(reads), build=build, markdown=markdown_seconds, docx=docx_seconds,
        markdown_cpu=markdown_cpu, docx_cpu=docx_cpu,
        markdown_bytes=len(markdown.encode()), docx_bytes=len(docx), notes=seeded.notes,
        sections=tuple(sorted(SECTIONS)),
    )

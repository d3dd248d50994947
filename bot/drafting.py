"""From the database to draft files: gather a ``DraftInput``, build it, render it.

Shared by the bot (``/endsession``, ``/export``), the command line
(``werkstatt export``) and the demo. Rendering runs in a worker thread: a
draft of thousands of notes takes seconds and must not stall other chats,
and LibreOffice's conversion to PDF (a process with a time limit) waits
there too. An operator's templates (``draft.md.j2``, ``draft.docx``) are read
from the directory in ``WERKSTATT_DRAFT_TEMPLATES``; ``WERKSTATT_DRAFT_CHARTS``
turns the charts off.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drafts import (
    CompositionInput,
    Consent,
    ContributorInput,
    DraftFile,
    DraftInput,
    EventInfo,
    Format,
    ImpressumInput,
    MinutesInput,
    PdfUnavailable,
    PersonInfo,
    PhotoInput,
    QuoteInput,
    RoundInput,
    SessionInput,
    build_document,
    draft_files,
    file_stem,
)
from flows import survey as sv
from flows.base import FORGOTTEN, SYSTEM
from flows.composition import SOURCES
from flows.people import named_in_part
from storage import composition, contributors, drafting, minutes, people, programme, surveys
from storage import documentation as docs
from storage.db import Database, Tx
from storage.impressum import impressum_of
from storage.records import Event, Session

FORMAT_CHOICES: dict[str, tuple[Format, ...]] = {
    "md": ("md",), "docx": ("docx",), "pdf": ("pdf",), "both": ("md", "docx"),
}


async def load_draft(tx: Tx, event: Event, session_id: int | None = None) -> DraftInput:
    """The event with all its sessions (in the order of its programme), or only
    ``session_id``, as ``drafts`` needs it."""
    sessions = [s for s in await people.sessions_of(tx, event.id)
                if session_id is None or s.id == session_id]
    took_part = await drafting.participants(tx, event.id)
    facilitators = await people.people_with_role(tx, event.id, "facilitator")
    notetakers = await people.people_with_role(tx, event.id, "notetaker")
    organizers = await people.people_with_role(tx, event.id, "organizer")
    inputs = [await session_input(tx, session) for session in sessions]
    named = {q.author for s in inputs for q in s.quotes}
    named |= {c.user_id for s in inputs for c in s.contributors if c.user_id is not None}
    named |= {uid for s in inputs if s.minutes for uid in s.minutes.authors}
    named |= {p.uploader for s in inputs for p in s.photos if p.uploader is not None}
    everyone = took_part | named | set(facilitators) | set(notetakers) | set(organizers)
    persons = await people.people_by_id(tx, sorted(everyone - {FORGOTTEN, SYSTEM}))
    organizer_name = next((persons[uid].name for uid in organizers
                           if uid in persons and persons[uid].consent_name), None)
    return DraftInput(
        event=EventInfo(title=event.title, dates=event.dates, place=event.place,
                        language=event.language, sectors=event.sectors,
                        note_authors=event.note_authors),
        people={uid: PersonInfo(name=p.name, sector=p.sector, consent=p.consent_name,
                                registered=p.registered, organization=p.organization,
                                function=p.function) for uid, p in persons.items()},
        participants=frozenset(took_part),
        facilitators=tuple(facilitators),
        notetakers=tuple(notetakers),
        sessions=tuple(inputs),
        impressum=ImpressumInput(**(await impressum_of(tx, event.id)).model_dump()),
        organizer_name=organizer_name,
        programme=tuple(await programme.programme_of(tx, event.id)) if session_id is None
        else (),
        composition=await composition_input(tx, event),
        survey=await survey_state(tx, event) if session_id is None else None,
    )


async def composition_input(tx: Tx, event: Event) -> CompositionInput | None:
    """The counts the organizer imported or typed in; ``None`` while the participants count."""
    source = next((s for s in SOURCES if s == event.composition_source), "participants")
    if source == "participants":
        return None
    return CompositionInput(source=source, label=event.composition_label,
                            counts=tuple(await composition.composition_counts(tx, event.id)))


async def survey_state(tx: Tx, event: Event) -> sv.SurveyState | None:
    """The event's survey before it, if it had one (the draft of the whole event shows it)."""
    found = await surveys.survey_of(tx, event.id)
    return found.state if found else None


async def session_input(tx: Tx, session: Session) -> SessionInput:
    texts = await docs.session_texts(tx, session.id)
    summary = await minutes.get_minutes(tx, session.id)
    chosen = await contributors.contributors_of(tx, session.id)
    persons = await people.people_by_id(tx, [c.user_id for c in chosen if c.user_id])
    return SessionInput(
        id=session.id,
        title=session.title,
        question=texts.question,
        impulse=texts.impulse,
        moderation=texts.moderation,
        rounds=tuple(RoundInput(kind=kind, state=state, ended_at=ended)
                     for kind, state, ended in await docs.rounds_with_end(tx, session.id)),
        quotes=tuple(QuoteInput(text=q.text, author=q.author_id, consent=Consent(q.consent),
                                source=f"{q.chat_id}:{q.message_id}")
                     for q in await docs.quotes_of_session(tx, session.id)),
        photos=tuple(PhotoInput(data=p.data, filename=f"foto-{p.id}.jpg", caption=p.caption,
                                credit=p.credit, uploader=p.uploader_id,
                                agreed=p.subjects in docs.PUBLISHABLE)
                     for p in await docs.photos_of_session(tx, session.id)),
        contributors=tuple(
            ContributorInput(
                role=c.role, user_id=c.user_id, name=c.name, organization=c.organization,
                function=c.function,
                named=c.user_id is None or named_in_part(
                    c.consent, bool(persons.get(c.user_id) and persons[c.user_id].consent_name)),
            )
            for c in chosen if c.user_id is None or c.user_id in persons
        ),
        minutes=MinutesInput(text=summary.text, authors=summary.authors) if summary else None,
    )


@dataclass(frozen=True)
class DraftOptions:
    """How drafts are made here: an operator's templates, charts or not, the PDF's time limit."""

    templates: str | None = None
    charts: bool = True
    pdf_timeout: float = 120.0

    @classmethod
    def of(cls, settings: object) -> DraftOptions:
        """The options from the settings (``WERKSTATT_DRAFT_*``, ``WERKSTATT_PDF_TIMEOUT``)."""
        configured = getattr(settings, "draft_templates", None)
        return cls(templates=str(configured) if configured else None,
                   charts=bool(getattr(settings, "draft_charts", True)),
                   pdf_timeout=float(getattr(settings, "pdf_timeout", 120.0)))


async def render_files(
    draft: DraftInput, formats: Sequence[Format], stem: str, options: DraftOptions
) -> list[DraftFile]:
    """Build and render in a worker thread: a draft of thousands of notes takes seconds, a PDF
    too; ``PdfUnavailable`` if a PDF was asked for and cannot be made."""
    def work() -> list[DraftFile]:
        document = build_document(draft, charts=options.charts)
        return draft_files(document, formats, stem=stem, template_dir=options.templates,
                           pdf_timeout=options.pdf_timeout)

    return await asyncio.to_thread(work)


async def export_files(
    database: str | Path, event_code: str, session_id: int | None, formats: Sequence[Format],
    options: DraftOptions | None = None,
) -> list[DraftFile]:
    """The draft of an event (or one of its sessions) straight from the database file."""
    db = Database(database)
    await db.open()
    try:
        async with db.transaction() as tx:
            event = await people.event_by_code(tx, event_code)
            if event is None:
                raise LookupError(f"no event with the code {event_code}")
            draft = await load_draft(tx, event, session_id)
    finally:
        await db.close()
    if session_id is not None and not draft.sessions:
        raise LookupError(f"the event {event_code} has no session {session_id}")
    title = draft.sessions[0].title if session_id is not None else ""
    stem = file_stem(f"{event.title} {title}".strip())
    return await render_files(draft, formats, stem, options or DraftOptions())


def export_command(
    database: str | Path, event_code: str, session_id: int | None, fmt: str, out: str | Path,
    options: DraftOptions | None = None,
) -> int:
    """``werkstatt export``: write the draft to ``out`` and say where; 1 if there is no such draft
    or no PDF can be made.

    ``fmt`` is ``md``, ``docx``, ``pdf`` or ``both`` (Markdown and DOCX).
    Markdown with photos or charts is a zip, so ``out`` then gets the suffix
    ``.zip``; with ``both``, ``out`` names both files (``.md``/``.zip`` and
    ``.docx``).
    """
    if fmt not in FORMAT_CHOICES:
        print(f"werkstatt export: unknown format {fmt!r} (md, docx, pdf or both)",
              file=sys.stderr)
        return 2
    try:
        files = asyncio.run(export_files(database, event_code, session_id, FORMAT_CHOICES[fmt],
                                         options))
    except (LookupError, PdfUnavailable) as error:
        print(f"werkstatt export: {error}", file=sys.stderr)
        return 1
    target = Path(out)
    for file in files:
        path = target.with_suffix(Path(file.filename).suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.data)
        print(f"wrote {path}")
    return 0

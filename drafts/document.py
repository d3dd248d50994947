"""The whole draft as blocks, in the shape of the reference documentation.

Title, dates and place; contents; an introduction for the organizer to write;
the composition of participants; the survey before the event (``drafts.survey``); then
every session in the order of the event's
programme, day by day, or else in the order it was held (guiding question, impulse
and moderation, podium, the summary the note-takers wrote, the section of each round
in the order the rounds happened, quotes as agreed that no round showed, photos); and
thanks to the facilitators and note-takers who agreed to be named. All headings come
from the catalogue in the event's language.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from drafts.backmatter import author, impressum_blocks, photo_credit
from drafts.blocks import (
    Block,
    Chart,
    Document,
    Heading,
    Image,
    Paragraph,
    Placeholder,
    Run,
    TableOfContents,
)
from drafts.closing import CLOSING_SECTION
from drafts.collect import collector_paused
from drafts.composition import composition_blocks
from drafts.council import council_section
from drafts.figures import composition_chart
from drafts.fishbowl import fishbowl_section
from drafts.model import DraftInput, SessionInput
from drafts.names import Names
from drafts.pinboard import pinboard_section
from drafts.programme import ordered_chapters
from drafts.questions import QUESTIONS_SECTION
from drafts.quotes import quotation
from drafts.sections import Section, SessionSection, section_table
from drafts.speakers import impulse_label, minutes_blocks, part_text, podium_blocks
from drafts.survey import survey_blocks
from locales import Translator, translator

SECTIONS: Mapping[str, Section] = section_table((
    ("pinboard", pinboard_section),
    ("fishbowl", fishbowl_section),
    ("council", council_section),
    ("questions", QUESTIONS_SECTION),
    ("closing", CLOSING_SECTION),
))
"""Every format's section of the draft, by round kind."""


@collector_paused
def build_document(
    draft: DraftInput, *, sections: Mapping[str, Section] | None = None, charts: bool = True
) -> Document:
    """The draft of the given sessions; ``sections`` replaces the formats' own (tests);
    ``charts=False`` leaves the charts out (``WERKSTATT_DRAFT_CHARTS``)."""
    t = translator(draft.event.language)
    names = Names(draft.people, t, note_authors=draft.event.note_authors)
    known = SECTIONS if sections is None else sections
    blocks: list[Block] = [*front_matter(draft, t), *composition_blocks(draft, names, t),
                           *composition_chart(draft, names, t), *survey_blocks(draft, t)]
    blocks.extend(ordered_chapters(
        draft, t, lambda session: session_blocks(session, names, t, known, draft)))
    blocks.extend(thanks_blocks(draft, names, t))
    blocks.extend(impressum_blocks(draft, t))
    if not charts:
        blocks = [block for block in blocks if not isinstance(block, Chart)]
    subject = t("draft.subtitle") + " – " + t(
        "draft.date_place", dates=draft.event.dates, place=draft.event.place)
    return Document(language=t.language, title=draft.event.title, blocks=tuple(blocks),
                    subject=subject, author=author(draft))


def front_matter(draft: DraftInput, t: Translator) -> list[Block]:
    """Title, subtitle, dates and place, contents and the introduction to write."""
    event = draft.event
    return [
        Heading(level=0, text=event.title),
        Paragraph.of(t("draft.subtitle"), bold=True),
        Paragraph.of(t("draft.date_place", dates=event.dates, place=event.place)),
        TableOfContents(title=t("draft.contents"), hint=t("draft.contents_hint")),
        Heading(level=1, text=t("draft.introduction")),
        placeholder(t, "draft.introduction_placeholder"),
    ]


def placeholder(t: Translator, key: str) -> Placeholder:
    return Placeholder(label=t("draft.placeholder_label"), text=t(key))


def session_blocks(
    session: SessionInput, names: Names, t: Translator, sections: Mapping[str, Section],
    draft: DraftInput,
) -> list[Block]:
    """One session's chapter; a session with nothing documented asks for its results."""
    blocks: list[Block] = [Heading(level=1, text=session.title)]
    if session.question:
        blocks.append(Paragraph.labelled(t("draft.question"), session.question))
    else:
        blocks.append(placeholder(t, "draft.question_placeholder"))
    blocks.extend(impulse_blocks(session, names, t))
    blocks.extend(podium_blocks(session, names, t))
    content: list[Block] = minutes_blocks(session, names, t)
    shown: set[str] = set()
    for held in session.rounds:
        section = sections.get(held.kind)
        if isinstance(section, SessionSection):
            content.extend(section.build(held.state, names, t, session))
            shown.update(section.quotes(held.state))
        elif section is not None:
            content.extend(section(held.state, names, t))
    content.extend(quote_blocks(session, names, t, leave_out=shown))
    content.extend(photo_blocks(session, names, t, draft))
    return blocks + (content or [placeholder(t, "draft.results_placeholder")])


def impulse_blocks(session: SessionInput, names: Names, t: Translator) -> list[Block]:
    """"Impuls: … | Moderation: …" as in the reference; what is missing is left to write
    (a podium's moderation needs no impulse)."""
    impulse = part_text(session, "impulse", names)
    moderation = part_text(session, "moderation", names)
    if not impulse and not moderation:
        return [placeholder(t, "draft.impulse_placeholder")]
    if impulse and impulse == moderation:
        return [Paragraph.labelled(t("draft.impulse_and_moderation"), impulse)]
    runs: list[Run] = []
    for label, text in ((impulse_label(session, t), impulse),
                        (t("draft.moderation"), moderation)):
        if text:
            if runs:
                runs.append(Run(text=" | "))
            runs.extend(Paragraph.labelled(label, text).runs)
    blocks: list[Block] = [Paragraph(runs=tuple(runs))]
    if (not impulse or not moderation) and not part_text(session, "podium", names):
        blocks.append(placeholder(t, "draft.impulse_placeholder"))
    return blocks


def quote_blocks(session: SessionInput, names: Names, t: Translator,
                 leave_out: Collection[str] = ()) -> list[Block]:
    """Only quotes whose author agreed, named or anonymously, as they agreed; not those a
    round's section showed already (``leave_out``, by source)."""
    quotes: list[Block] = []
    for quote in session.quotes:
        shown = quote.source is not None and quote.source in leave_out
        block = None if shown else quotation(quote, names, t)
        if block is not None:
            quotes.append(block)
    return [Heading(level=2, text=t("draft.quotes")), *quotes] if quotes else []


def photo_blocks(
    session: SessionInput, names: Names, t: Translator, draft: DraftInput
) -> list[Block]:
    """Photos whose people shown agreed, each with its caption and credit; the others are
    counted for the organizer, who can still confirm them."""
    if not session.photos:
        return []
    blocks: list[Block] = [Heading(level=2, text=t("draft.photos"))]
    for number, photo in enumerate(session.photos, start=1):
        if not photo.agreed:
            continue
        caption = photo.caption or t("draft.photo_caption", number=number)
        credit = photo_credit(photo, draft, names, t)
        blocks.append(Image(filename=photo.filename, data=photo.data, alt=caption,
                            caption=t("docx.photo_caption", caption=caption, credit=credit)))
    waiting = sum(not photo.agreed for photo in session.photos)
    if waiting:
        blocks.append(Placeholder(label=t("draft.placeholder_label"),
                                  text=t("docx.photos_waiting", count=waiting)))
    return blocks


def thanks_blocks(draft: DraftInput, names: Names, t: Translator) -> list[Block]:
    """Thanks by name to facilitators and note-takers who agreed; the others are counted."""
    blocks: list[Block] = [
        Heading(level=1, text=t("draft.thanks")),
        Paragraph.of(draft.impressum.thanks or t("draft.thanks_text")),
    ]
    for key, people in (
        ("draft.thanks_facilitators", draft.facilitators),
        ("draft.thanks_notetakers", draft.notetakers),
    ):
        named, others = names.credited(people)
        if not named and not others:
            continue
        if others:
            key_more = "draft.thanks_unnamed_more" if named else "draft.thanks_unnamed"
            named.append(t(key_more, count=others))
        blocks.append(Paragraph.labelled(t(key), " | ".join(named)))
    return blocks

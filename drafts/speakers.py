"""A session's speakers and its minutes in the draft, as the reference writes them.

"Impuls: Dr. Uli Glaser (Stadt Nürnberg) | Moderation: Ute Bertel (Stadt München)" under
the title, "Podium: …" below it, then "Impuls & Diskussionsergebnisse – Zusammenfassung"
with "[Bericht von …]" and the summary the note-takers wrote. A speaker chosen from people
is named only if they agreed to be named in this part; otherwise as "a participant
(sector)". Guests were typed in by an organizer who confirmed their consent.
"""

from __future__ import annotations

from drafts.blocks import Block, BulletList, Heading, Item, Paragraph
from drafts.model import ContributorInput, SessionInput
from drafts.names import Names
from flows.people import ContributorRole, described
from locales import Translator

_BULLET = ("- ", "– ", "• ", "* ")


def speaker(contributor: ContributorInput, names: Names) -> str:
    """How one contributor appears: a guest as typed, a person as they agreed."""
    if contributor.user_id is None:
        return described(contributor.name or "", contributor.organization,
                         contributor.function)
    if contributor.named:
        return names.named(contributor.user_id)
    return names.anonymous(contributor.user_id)


def chosen(session: SessionInput, role: ContributorRole) -> list[ContributorInput]:
    return [c for c in session.contributors if c.role == role]


def part_text(session: SessionInput, role: ContributorRole, names: Names) -> str | None:
    """The people of one part joined as in the reference ("A | B"); without anyone chosen,
    the text typed with ``/session impuls …`` (if any)."""
    people = chosen(session, role)
    if people:
        return " | ".join(speaker(c, names) for c in people)
    return {"impulse": session.impulse, "moderation": session.moderation}.get(role)


def impulse_label(session: SessionInput, t: Translator) -> str:
    """"Impuls", or "Impulse" for several speakers."""
    return t("people.draft_impulses") if len(chosen(session, "impulse")) > 1 else t(
        "draft.impulse")


def podium_blocks(session: SessionInput, names: Names, t: Translator) -> list[Block]:
    text = part_text(session, "podium", names)
    return [Paragraph.labelled(t("people.draft_podium"), text)] if text else []


def minutes_blocks(session: SessionInput, names: Names, t: Translator) -> list[Block]:
    """The summary with who reported it; nothing while nobody wrote one."""
    if session.minutes is None or not session.minutes.text.strip():
        return []
    named, _ = names.credited(session.minutes.authors)
    report = (t("people.draft_report_by", names=" | ".join(named)) if named
              else t("people.draft_report_unnamed"))
    return [Heading(level=2, text=t("people.draft_summary")),
            Paragraph.of(report, italic=True),
            *text_blocks(session.minutes.text)]


def text_blocks(text: str) -> list[Block]:
    """Free text as the reference sets it: a paragraph per line, lines starting with a dash
    or bullet as a list."""
    blocks: list[Block] = []
    items: list[Item] = []
    for raw in text.splitlines():
        line = raw.strip()
        bullet = next((mark for mark in _BULLET if line.startswith(mark)), None)
        if bullet is not None and line[len(bullet):].strip():
            items.append(Item.of(line[len(bullet):].strip()))
            continue
        if items:
            blocks.append(BulletList(items=tuple(items)))
            items = []
        if line:
            blocks.append(Paragraph.of(line))
    if items:
        blocks.append(BulletList(items=tuple(items)))
    return blocks

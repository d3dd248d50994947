"""The invitation page: one A4 page to print or project, with the links as QR codes.

What an organizer hands out so that people get in: the event's title, three
steps in plain words, each link as a QR code with its label and the link
written out (for those who type it), and the data-protection notice, which the
organizer adapts in Word before it goes out. A link the bot could not make (an
invite link without the right to invite) is a sentence saying so instead of a
code. The texts come in the event's language from the caller (``InvitationInput``);
here they are laid out: python-docx's own API, as the page is small. The PDF is
the DOCX converted (``drafts.pdf``), where LibreOffice is installed.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from drafts.export import DraftFile, file_stem
from drafts.pdf import DEFAULT_TIMEOUT, docx_to_pdf
from drafts.qr import qr_png
from drafts.text import one_line, paragraphs
from drafts.word_frame import set_language, set_page
from flows.base import Value
from locales import Translator

QR_WIDTH = {1: Cm(6.0), 2: Cm(5.5), 3: Cm(4.6)}
"""The printed width of each code, by how many share the row (16 cm of text width)."""
PER_ROW = 3
"""Codes side by side; an event with more groups gets more rows (and, past six, pages)."""


class InvitationLink(Value):
    """One way in: its label, the link (``None`` if there is none) and a line under it."""

    label: str
    link: str | None = None
    note: str | None = None


class InvitationInput(Value):
    language: str
    title: str
    subtitle: str
    steps: tuple[str, ...]
    links: tuple[InvitationLink, ...]
    notice_title: str
    notice: str


def privacy_notice(t: Translator, *, publisher: str | None, contact: str | None,
                   days: int) -> str:
    """The data-protection notice for the invitation, with the organizer's name and contact
    where the Impressum has them, else a bracket to fill in."""
    return t("kit.notice", publisher=publisher or t("kit.notice_publisher"),
             contact=contact or t("kit.notice_contact"), retention=t("kit.retention", days=days))


def invitation_docx(page: InvitationInput) -> bytes:
    """The page as a DOCX file's bytes."""
    doc = docx.Document()
    set_page(doc)
    set_language(doc, page.language)
    doc.core_properties.title = one_line(page.title)
    doc.add_heading(one_line(page.title), level=0)
    subtitle = doc.add_paragraph()
    subtitle.add_run(one_line(page.subtitle)).bold = True
    for step in page.steps:
        doc.add_paragraph(one_line(step), style="List Number")
    codes(doc, page.links)
    doc.add_heading(one_line(page.notice_title), level=2)
    for line in paragraphs(page.notice):
        if line:
            small(doc.add_paragraph(), line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def codes(doc: Any, links: tuple[InvitationLink, ...]) -> None:
    """Rows of up to ``PER_ROW``: each link's code (or the sentence why there is none), its
    label and the link written out."""
    if not links:
        return
    columns = min(len(links), PER_ROW)
    table = doc.add_table(rows=0, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = QR_WIDTH[len(links)] if len(links) < PER_ROW else QR_WIDTH[PER_ROW]
    for start in range(0, len(links), columns):
        row = links[start:start + columns]
        for cell, link in zip(table.add_row().cells, row, strict=False):
            code(cell, link, width)


def code(cell: Any, link: InvitationLink, width: Any) -> None:
    label = cell.paragraphs[0]
    label.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label.add_run(one_line(link.label)).bold = True
    if link.link is not None:
        image = cell.add_paragraph()
        image.alignment = WD_ALIGN_PARAGRAPH.CENTER
        image.add_run().add_picture(io.BytesIO(qr_png(link.link)), width=width)
        small(cell.add_paragraph(), link.link).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if link.note:
        small(cell.add_paragraph(), link.note).alignment = WD_ALIGN_PARAGRAPH.CENTER


def small(paragraph: Any, text: str) -> Any:
    """Nine-point text: what is read up close (the written-out link, the notice)."""
    paragraph.add_run(one_line(text)).font.size = Pt(9)
    return paragraph


def invitation_files(page: InvitationInput, *, pdf: bool,
                     pdf_timeout: float = DEFAULT_TIMEOUT) -> list[DraftFile]:
    """The DOCX, and with ``pdf`` the same page as a PDF (``PdfUnavailable`` if it cannot)."""
    word = invitation_docx(page)
    stem = file_stem(page.title, "einladung")
    files = [DraftFile(f"{stem}.docx", word)]
    if pdf:
        files.append(DraftFile(f"{stem}.pdf", docx_to_pdf(word, timeout=pdf_timeout)))
    return files

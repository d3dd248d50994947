"""Turns a stored session or event into a documentation draft (Markdown, DOCX).

``build_document(DraftInput) -> Document`` makes the renderer-neutral blocks;
``render_markdown``, ``markdown_zip``, ``render_docx``, ``docx_to_pdf`` and
``draft_files`` turn them into files. Each format's section is listed in ``SECTIONS``
(``drafts.document``; see ``drafts.sections`` for the contract). Imports only the standard
library, pydantic, jinja2, python-docx, matplotlib (inside ``drafts.charts``,
when a chart is drawn), ``flows`` and ``locales``; the PDF is LibreOffice's, run as a process.
"""

from drafts.blocks import (
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    Image,
    Item,
    Paragraph,
    Placeholder,
    Quotation,
    Run,
    Table,
    TableOfContents,
)
from drafts.document import SECTIONS, build_document
from drafts.export import FORMATS, DraftFile, Format, draft_files, file_stem
from drafts.markdown import markdown_zip, render_markdown
from drafts.model import (
    CompositionInput,
    Consent,
    ContributorInput,
    DraftInput,
    EventInfo,
    ImpressumInput,
    MinutesInput,
    PersonInfo,
    PhotoInput,
    QuoteInput,
    RoundInput,
    SessionInput,
)
from drafts.names import Names
from drafts.pdf import PdfUnavailable, docx_to_pdf
from drafts.sections import SectionFn, StateInput, section_table, state_as
from drafts.word import render_docx

__all__ = [
    "FORMATS",
    "SECTIONS",
    "Block",
    "BulletList",
    "Chart",
    "CompositionInput",
    "Consent",
    "ContributorInput",
    "Document",
    "DraftFile",
    "DraftInput",
    "EventInfo",
    "Format",
    "Heading",
    "Image",
    "ImpressumInput",
    "Item",
    "MinutesInput",
    "Names",
    "Paragraph",
    "PdfUnavailable",
    "PersonInfo",
    "PhotoInput",
    "Placeholder",
    "Quotation",
    "QuoteInput",
    "RoundInput",
    "Run",
    "SectionFn",
    "SessionInput",
    "StateInput",
    "Table",
    "TableOfContents",
    "build_document",
    "docx_to_pdf",
    "draft_files",
    "file_stem",
    "markdown_zip",
    "render_docx",
    "render_markdown",
    "section_table",
    "state_as",
]

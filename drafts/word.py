"""DOCX with python-docx: real heading styles, a contents field, real tables and the photos.

Organizers edit the draft in Word or LibreOffice, so it must be a document
those programs treat as their own: headings in the "Heading 1…3" styles (the
navigation pane and the contents field are built from them), tables as
tables, images embedded. User text is cleaned of characters XML cannot hold.
An operator may give a ``draft.docx`` in the template directory: its styles,
page layout, header and footer are used and its body is replaced.

Paragraphs, lists and tables are written as WordprocessingML elements directly
(``docx_xml``): python-docx's convenience API parses an XML snippet and scans
the styles for every element, which made a draft of 10,000 notes take tens of
seconds. Images and the document's parts still go through python-docx.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import docx
from docx.shared import Cm

from drafts.blocks import (
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Placeholder,
    Quotation,
    Run,
    Table,
    TableOfContents,
)
from drafts.collect import collector_paused
from drafts.docx_xml import Body, update_fields_on_open
from drafts.markdown import STEM
from drafts.text import one_line, paragraphs
from locales import Translator, translator

log = logging.getLogger(__name__)
BASE_DOCX = f"{STEM}.docx"
EMU_PER_TWIP = 635


@collector_paused
def render_docx(document: Document, template_dir: str | Path | None = None) -> bytes:
    """The draft as a DOCX file's bytes."""
    base = Path(template_dir) / BASE_DOCX if template_dir is not None else None
    doc = docx.Document(str(base)) if base is not None and base.is_file() else docx.Document()
    writer = DocxWriter(doc, translator(document.language))
    with writer.body.writing():
        for block in document.blocks:
            writer.write(block)
    update_fields_on_open(doc.settings.element)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_text(text: str) -> str:
    """User text as DOCX may hold it: no control characters, lines kept, empty lines dropped."""
    return "\n".join(line for line in paragraphs(text) if line)


class DocxWriter:
    """Appends blocks to a python-docx document, in the styles it has."""

    def __init__(self, doc: Any, t: Translator) -> None:
        self.doc = doc
        self.t = t
        section = doc.sections[-1]
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        self.width = (section.page_width - margins) if section.page_width else Cm(16)
        self.body = Body(
            doc.element.body,
            {style.name: style.style_id for style in doc.styles},
            text_width_twips=int(self.width / EMU_PER_TWIP),
        )

    def write(self, block: Block) -> None:
        body = self.body
        if isinstance(block, Heading):
            name = "Title" if block.level == 0 else f"Heading {min(block.level, 9)}"
            body.paragraph([Run(text=one_line(block.text))], name)
        elif isinstance(block, Paragraph):
            body.paragraph(self.clean_runs(block.runs), "Normal")
        elif isinstance(block, BulletList):
            for item in block.items:
                names = ("List Bullet 3", "List Bullet 2", "List Bullet")[2 - item.depth :]
                body.paragraph(self.clean_runs(item.runs, one=True), *names)
        elif isinstance(block, Table):
            body.table(
                [one_line(cell) for cell in block.header],
                [[docx_text(cell) for cell in row] for row in block.rows],
            )
            if block.caption:
                body.paragraph([Run(text=one_line(block.caption))], "Caption")
        elif isinstance(block, Quotation):
            body.paragraph([Run(text=docx_text(block.text))], "Quote")
            body.paragraph([Run(text=f"— {one_line(block.attribution)}")], "Quote")
        elif isinstance(block, Image):
            self.image(block)
        elif isinstance(block, Placeholder):
            runs = [Run(text=f"✎ {one_line(block.label)}: ", bold=True),
                    Run(text=docx_text(block.text), italic=True)]
            body.paragraph(runs, "Normal", highlight=True)
        elif isinstance(block, TableOfContents):
            bold = body.style("TOC Heading") is None
            body.paragraph([Run(text=one_line(block.title), bold=bold)], "TOC Heading")
            body.contents_field(one_line(block.hint))

    @staticmethod
    def clean_runs(runs: tuple[Run, ...], *, one: bool = False) -> list[Run]:
        """Runs with clean text; spaces at a run's edges stay, they separate it from the next."""
        cleaned = []
        for run in runs:
            core = one_line(run.text) if one else docx_text(run.text)
            if core:
                lead = " " if run.text[:1].isspace() else ""
                trail = " " if run.text[-1:].isspace() else ""
                cleaned.append(run.model_copy(update={"text": f"{lead}{core}{trail}"}))
        return cleaned

    def image(self, block: Image) -> None:
        """The photo at its size, at most the text's width; one that can't be read is named."""
        paragraph = self.doc.add_paragraph()
        try:
            shape = paragraph.add_run().add_picture(io.BytesIO(block.content()))
        except Exception as error:  # python-docx raises several types for unreadable images
            log.warning("image %r not embedded: %s", block.filename, error)
            paragraph.add_run(self.t("draft.image_missing", name=one_line(block.filename)))
        else:
            if shape.width > self.width:
                shape.height = int(shape.height * self.width / shape.width)
                shape.width = self.width
        if block.caption:
            self.body.paragraph([Run(text=one_line(block.caption))], "Caption")

"""DOCX with python-docx: real heading styles, a contents, real tables, photos and charts.

Organizers edit the draft in Word or LibreOffice, so it must be a document
those programs treat as their own: headings in the "Heading 1…3" styles (the
navigation pane and the contents are built from them), tables as tables,
images embedded with their alternative text. The contents' entries are
written (links to the headings) with a page-number field each, so they read
right on opening, the PDF has the page numbers, and no program asks to
update fields. A title page comes
first, then the contents, then the chapters. User text is cleaned of
characters XML cannot hold. The frame (A4, language, properties, header and
footer) is ``drafts.word_frame``'s. An operator may give a ``draft.docx`` in
the template directory: its styles, page layout, header and footer are used
and its body is replaced.

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
    Chart,
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
from drafts.docx_xml import Body
from drafts.markdown import STEM, figure_bytes
from drafts.text import one_line, paragraphs
from drafts.word_frame import (
    add_toc_styles,
    header_and_footer,
    set_language,
    set_page,
    set_properties,
)
from locales import Translator, translator

log = logging.getLogger(__name__)
BASE_DOCX = f"{STEM}.docx"
EMU_PER_TWIP = 635
TITLE_SPACE_TWIPS = 3400


@collector_paused
def render_docx(document: Document, template_dir: str | Path | None = None) -> bytes:
    """The draft as a DOCX file's bytes."""
    base = Path(template_dir) / BASE_DOCX if template_dir is not None else None
    own = base is not None and base.is_file()
    doc = docx.Document(str(base)) if own else docx.Document()
    t = translator(document.language)
    if not own:
        set_page(doc)
        header_and_footer(doc, document, t)
    add_toc_styles(doc)
    set_properties(doc, document, set_language(doc, document.language))
    writer = DocxWriter(doc, t, document)
    with writer.body.writing():
        for block in document.blocks:
            writer.write(block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_text(text: str) -> str:
    """User text as DOCX may hold it: no control characters, lines kept, empty lines dropped."""
    return "\n".join(line for line in paragraphs(text) if line)


class DocxWriter:
    """Appends blocks to a python-docx document, in the styles it has."""

    def __init__(self, doc: Any, t: Translator, document: Document) -> None:
        self.doc = doc
        self.t = t
        self.document = document
        self.anchors = iter(range(1, len(document.headings()) + 1))
        self.new_page = False
        """Whether the next heading starts a page (the first chapter after the contents)."""
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
            self.heading(block)
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
        elif isinstance(block, Image | Chart):
            self.image(block)
        elif isinstance(block, Placeholder):
            runs = [Run(text=f"✎ {one_line(block.label)}: ", bold=True),
                    Run(text=docx_text(block.text), italic=True)]
            body.paragraph(runs, "Normal", highlight=True)
        elif isinstance(block, TableOfContents):
            self.contents(block)

    def heading(self, block: Heading) -> None:
        """A heading in its style; below the title each carries the bookmark the contents
        links to (in the order of ``Document.headings``)."""
        text = [Run(text=one_line(block.text))]
        if block.level == 0:
            self.body.paragraph(text, "Title", space_before=TITLE_SPACE_TWIPS)  # a cover's place
            return
        number = next(self.anchors)
        self.body.paragraph(text, f"Heading {min(block.level, 9)}",
                            bookmark=(number, f"_Toc{number:05d}"), new_page=self.new_page)
        self.new_page = False

    def contents(self, block: TableOfContents) -> None:
        """The title page ends (with its publisher), the contents fill the next page, and the
        first chapter starts on a new one."""
        if self.document.author:
            self.body.paragraph([Run(text=self.t("docx.published_by",
                                                 publisher=one_line(self.document.author)))],
                                "Subtitle", "Normal")
        bold = self.body.style("TOC Heading") is None
        self.body.paragraph([Run(text=one_line(block.title), bold=bold)], "TOC Heading",
                            new_page=True)
        entries = [(heading.level, one_line(heading.text), f"_Toc{number:05d}")
                   for number, heading in enumerate(self.document.headings(), start=1)
                   if heading.level <= 3]
        self.body.contents(entries, one_line(block.hint), int(self.width) // EMU_PER_TWIP)
        self.new_page = True

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

    def image(self, block: Image | Chart) -> None:
        """The photo at its size (a chart at the text's width), at most the text's width, with
        its alternative text; one that can't be read is named."""
        paragraph = self.doc.add_paragraph()
        try:
            data = figure_bytes(block, self.document.language)
            shape = paragraph.add_run().add_picture(io.BytesIO(data))
        except Exception as error:  # python-docx raises several types for unreadable images
            log.warning("image %r not embedded: %s", block.filename, error)
            paragraph.add_run(self.t("draft.image_missing", name=one_line(block.filename)))
        else:
            if shape.width > self.width or isinstance(block, Chart):
                shape.height = int(shape.height * self.width / shape.width)
                shape.width = self.width
            alt = block.alt or block.caption or block.filename
            shape._inline.docPr.set("descr", docx_text(alt))
            if isinstance(block, Chart):
                shape._inline.docPr.set("title", one_line(block.title))
        if block.caption:
            self.body.paragraph([Run(text=one_line(block.caption))], "Caption")

"""The document model every renderer shares: frozen blocks of plain text.

A draft is built once as blocks and then rendered as Markdown or DOCX, so the
two formats cannot drift apart. Blocks hold text exactly as people wrote it;
each renderer escapes for its own format, which is the only place that knows
what is dangerous there (a pipe in a Markdown table, a control character in
DOCX's XML).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from flows.base import Value


class Run(Value):
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


class Heading(Value):
    """A heading: level 0 is the document's title, 1 a chapter (a session), 2 and 3 below it."""

    kind: Literal["heading"] = "heading"
    level: int = Field(ge=0, le=6)
    text: str


class Paragraph(Value):
    kind: Literal["paragraph"] = "paragraph"
    runs: tuple[Run, ...]

    @classmethod
    def of(cls, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
        """A paragraph of one run."""
        return cls(runs=(Run(text=text, bold=bold, italic=italic),))

    @classmethod
    def labelled(cls, label: str, text: str) -> Paragraph:
        """``label:`` in bold, then the text: the reference's "Leitfrage: …" lines."""
        return cls(runs=(Run(text=f"{label}: ", bold=True), Run(text=text)))


class Item(Value):
    """One bullet; ``depth`` 0 is the outer list, 1 and 2 are nested below the item before."""

    runs: tuple[Run, ...]
    depth: int = Field(default=0, ge=0, le=2)

    @classmethod
    def of(cls, text: str, depth: int = 0, *, bold: bool = False) -> Item:
        return cls(runs=(Run(text=text, bold=bold),), depth=depth)


class BulletList(Value):
    kind: Literal["bullets"] = "bullets"
    items: tuple[Item, ...]

    @classmethod
    def of(cls, *texts: str) -> BulletList:
        """A flat list of plain items."""
        return cls(items=tuple(Item.of(text) for text in texts))


class Table(Value):
    """A table with one header row; every row has as many cells as the header."""

    kind: Literal["table"] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        width = len(self.header)
        if width == 0 or any(len(row) != width for row in self.rows):
            raise ValueError(f"every row needs {width} cells")
        return self


class Quotation(Value):
    """Words someone agreed to have quoted, with the attribution they agreed to."""

    kind: Literal["quotation"] = "quotation"
    text: str
    attribution: str


class Image(Value):
    """A photo (graphic recording, paper pinboard) from ``data`` or read from ``path``.

    ``alt`` describes the picture for those who cannot see it (screen readers,
    a public body's accessibility duty); without it the caption stands in.
    """

    kind: Literal["image"] = "image"
    filename: str
    data: bytes | None = None
    path: Path | None = None
    caption: str | None = None
    alt: str | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Image:
        if (self.data is None) == (self.path is None):
            raise ValueError("an image needs either data or a path")
        return self

    def content(self) -> bytes:
        """The image's bytes, read from the file when it was given as a path."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


class Chart(Value):
    """A bar chart drawn from stored numbers when the draft is rendered (``drafts.charts``).

    ``labels`` and ``values`` are the bars in order; ``unit`` says how a value
    reads ("dots", "people", "minutes"), ``axis`` labels the value axis. The
    numbers are here, not in pixels, so a test reads what the chart shows and
    ``alt`` says the same in words for those who cannot see it.
    """

    kind: Literal["chart"] = "chart"
    filename: str
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    axis: str
    alt: str
    caption: str | None = None
    decimals: int = Field(default=0, ge=0, le=3)

    @model_validator(mode="after")
    def _paired(self) -> Chart:
        if len(self.labels) != len(self.values) or not self.labels:
            raise ValueError("a chart needs one value per label, and at least one")
        return self


class Placeholder(Value):
    """Text for the organizer to write, visibly marked (``label``) so nobody publishes it as is."""

    kind: Literal["placeholder"] = "placeholder"
    label: str
    text: str


class TableOfContents(Value):
    """Where the contents go: a DOCX field (showing ``hint`` until updated), a Markdown list."""

    kind: Literal["toc"] = "toc"
    title: str
    hint: str


Block = Annotated[
    Heading | Paragraph | BulletList | Table | Quotation | Image | Chart | Placeholder
    | TableOfContents,
    Field(discriminator="kind"),
]


class Document(Value):
    """A whole draft, ready for any renderer: its language, file stem and blocks in order.

    ``subject`` and ``author`` go into the file's properties (DOCX, PDF): the
    author is the organizing body, or the organizer's name if they agreed.
    """

    language: str
    title: str
    blocks: tuple[Block, ...]
    subject: str = ""
    author: str = ""

    def headings(self) -> list[Heading]:
        """The chapters and sections below the title, for a table of contents."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level >= 1]

    def images(self) -> list[Image]:
        return [b for b in self.blocks if isinstance(b, Image)]

    def figures(self) -> list[Image | Chart]:
        """Photos and charts in order: what a Markdown draft keeps beside it in ``images/``."""
        return [b for b in self.blocks if isinstance(b, Image | Chart)]

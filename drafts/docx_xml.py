"""WordprocessingML written directly: paragraphs, runs, tables and the table of contents.

Only what python-docx would write too, built with lxml's ``makeelement`` so a
long draft costs a few microseconds per element. The elements land in the
document python-docx opened and are saved by it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from docx.oxml.ns import qn

from drafts.blocks import Run

_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(parent: Any, tag: str, **attrs: str) -> Any:
    """A ``w:`` child element with ``w:`` attributes, appended to ``parent``."""
    child = parent.makeelement(qn(f"w:{tag}"), {qn(f"w:{k}"): v for k, v in attrs.items()})
    parent.append(child)
    return child


class Body:
    """The document's body, written from its end; knows the ids of the styles it may use."""

    def __init__(
        self, element: Any, style_ids: Mapping[str, str], *, text_width_twips: int
    ) -> None:
        self.element = element
        self.style_ids = style_ids
        self.text_width = text_width_twips

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Empty the body and append to it; the section properties (page, header) move last."""
        section = self.element.find(qn("w:sectPr"))
        for child in list(self.element):
            self.element.remove(child)
        try:
            yield
        finally:
            if section is not None:
                self.element.append(section)

    def style(self, *names: str) -> str | None:
        """The id of the first named style the document has (an operator's file may lack some)."""
        return next((self.style_ids[name] for name in names if name in self.style_ids), None)

    def paragraph(
        self, runs: Sequence[Run], *styles: str, highlight: bool = False,
        bookmark: tuple[int, str] | None = None, new_page: bool = False, space_before: int = 0,
    ) -> Any:
        """A paragraph of runs in the first of ``styles`` the document has; ``bookmark`` (id,
        name) marks its text for the contents' links, ``new_page`` starts a page with it,
        ``space_before`` (twips) moves it down."""
        style = self.style(*styles)
        p = _w(self.element, "p")
        if style is not None or new_page or space_before:
            properties = _w(p, "pPr")
            if style is not None:
                _w(properties, "pStyle", val=style)
            if new_page:
                _w(properties, "pageBreakBefore")
            if space_before:
                _w(properties, "spacing", before=str(space_before))
        if bookmark is not None:
            _w(p, "bookmarkStart", id=str(bookmark[0]), name=bookmark[1])
        for run in runs:
            self.run(p, run, highlight=highlight)
        if bookmark is not None:
            _w(p, "bookmarkEnd", id=str(bookmark[0]))
        return p

    @staticmethod
    def run(p: Any, run: Run, *, highlight: bool = False) -> Any:
        """A run; line ends in the text become line breaks."""
        r = _w(p, "r")
        if run.bold or run.italic or highlight:
            properties = _w(r, "rPr")
            if run.bold:
                _w(properties, "b")
            if run.italic:
                _w(properties, "i")
            if highlight:
                _w(properties, "highlight", val="yellow")
        for number, line in enumerate(run.text.split("\n")):
            if number:
                _w(r, "br")
            text = _w(r, "t")
            text.text = line
            if line[:1].isspace() or line[-1:].isspace():
                text.set(_SPACE, "preserve")
        return r

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
        """A grid table, columns of equal width, the header row bold and repeated on every page."""
        tbl = _w(self.element, "tbl")
        properties = _w(tbl, "tblPr")
        style = self.style("Table Grid")
        if style is not None:
            _w(properties, "tblStyle", val=style)
        _w(properties, "tblW", w="0", type="auto")
        _w(properties, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
           lastColumn="0", noHBand="0", noVBand="1")
        width = str(self.text_width // max(len(header), 1))
        grid = _w(tbl, "tblGrid")
        for _ in header:
            _w(grid, "gridCol", w=width)
        self._row(tbl, header, width, header_row=True)
        for row in rows:
            self._row(tbl, row, width, header_row=False)
        return tbl

    def _row(self, tbl: Any, cells: Sequence[str], width: str, *, header_row: bool) -> None:
        tr = _w(tbl, "tr")
        if header_row:
            _w(_w(tr, "trPr"), "tblHeader")
        for text in cells:
            tc = _w(tr, "tc")
            _w(_w(tc, "tcPr"), "tcW", w=width, type="dxa")
            p = _w(tc, "p")
            if text:
                self.run(p, Run(text=text, bold=header_row))

    def contents(self, entries: Sequence[tuple[int, str, str]], hint: str, width: int) -> None:
        """The contents: one paragraph per heading (level, text, bookmark) in Word's "toc 1–3"
        styles, each a link to its heading with its page number at the right margin behind
        dots. The page number is a ``PAGEREF`` field to the heading's bookmark, which
        LibreOffice computes on layout (so the PDF has the numbers) and Word when it updates
        fields (F9); nothing asks to update when the document opens. The entries are not
        wrapped in a ``TOC`` field: LibreOffice keeps a TOC field's result as written and
        would never fill in the numbers."""
        for level, text, anchor in list(entries) or [(1, hint, "")]:
            p = _w(self.element, "p")
            style = self.style(f"toc {level}", f"TOC {level}")
            properties = _w(p, "pPr")
            if style is not None:
                _w(properties, "pStyle", val=style)
            if not anchor:
                self.run(p, Run(text=text))
                continue
            _w(_w(properties, "tabs"), "tab", val="right", leader="dot", pos=str(width))
            self.run(_w(p, "hyperlink", anchor=anchor, history="1"), Run(text=text))
            _w(_w(p, "r"), "tab")
            self.field(p, f"PAGEREF {anchor} \\h", "")

    @staticmethod
    def field(p: Any, code: str, shown: str) -> None:
        """A simple field (``PAGE``, ``NUMPAGES``) in paragraph ``p``, showing ``shown`` until
        the word processor computes it, as it does for page numbers on every layout."""
        _w(_w(p, "r"), "fldChar", fldCharType="begin")
        instr = _w(_w(p, "r"), "instrText")
        instr.set(_SPACE, "preserve")
        instr.text = f" {code} "
        _w(_w(p, "r"), "fldChar", fldCharType="separate")
        if shown:
            Body.run(p, Run(text=shown))
        _w(_w(p, "r"), "fldChar", fldCharType="end")

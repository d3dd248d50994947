"""The files a draft is handed out as: Markdown (a zip when it has photos or charts), DOCX and
a PDF made from that DOCX (``drafts.pdf``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, NamedTuple

from drafts.blocks import Document
from drafts.markdown import markdown_zip, render_markdown
from drafts.pdf import DEFAULT_TIMEOUT, docx_to_pdf, require_office
from drafts.text import one_line
from drafts.word import render_docx

Format = Literal["md", "docx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "docx", "pdf")
_NOT_IN_NAMES = re.compile(r"[^\w.-]+")


class DraftFile(NamedTuple):
    filename: str
    data: bytes


def file_stem(title: str, fallback: str = "draft") -> str:
    """A file name from a title: letters, digits, dots and dashes only, at most 60 characters."""
    stem = _NOT_IN_NAMES.sub("-", one_line(title)).strip("-.")[:60].rstrip("-.")
    return stem or fallback


def draft_files(
    document: Document,
    formats: Iterable[Format],
    *,
    stem: str | None = None,
    template_dir: str | Path | None = None,
    pdf_timeout: float = DEFAULT_TIMEOUT,
) -> list[DraftFile]:
    """The draft in each format asked for; Markdown with photos or charts comes as a zip with
    ``images/``, the PDF is the DOCX converted. ``PdfUnavailable`` (before anything is
    rendered, if LibreOffice is missing) when a PDF is asked for and cannot be made."""
    wanted = list(dict.fromkeys(formats))
    if "pdf" in wanted:
        require_office()
    name = stem or file_stem(document.title)
    files: list[DraftFile] = []
    word: bytes | None = None
    for fmt in wanted:
        if fmt == "md" and document.figures():
            files.append(DraftFile(f"{name}.zip", markdown_zip(document, template_dir)))
        elif fmt == "md":
            files.append(DraftFile(f"{name}.md", render_markdown(document, template_dir).encode()))
        elif fmt in ("docx", "pdf"):
            word = word or render_docx(document, template_dir)
            data = word if fmt == "docx" else docx_to_pdf(word, timeout=pdf_timeout)
            files.append(DraftFile(f"{name}.{fmt}", data))
        else:
            raise ValueError(f"unknown draft format {fmt!r}")
    return files

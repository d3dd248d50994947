"""Markdown from a Jinja2 template an operator may replace, with escaping no user text escapes.

What people write is plain text, and Markdown gives meaning to many
characters: a pipe breaks a table, ``#`` at a line's start makes a heading,
``[x](y)`` a link, backticks code, ``<`` HTML. The filters below are the
template's only way to print user text, and they backslash-escape every
character that could start such a construct (CommonMark allows a backslash
before any ASCII punctuation, so escaped text still reads as written). Bare
web addresses stay as written: GitHub shows them as the links they are.

Templates: ``draft.md.j2`` in this package; a directory given as
``template_dir`` is searched first, so an operator copies the file there and
changes it, or includes the shipped one as ``werkstatt/draft.md.j2`` (filters
``md``, ``md_cell``, ``md_runs``, ``md_text``; function ``image_src``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
)

from drafts.blocks import Chart, Document, Image, Run
from drafts.collect import collector_paused
from drafts.text import clean, one_line, paragraphs

STEM = "draft"
TEMPLATE = f"{STEM}.md.j2"
_INLINE = re.compile(r"[\\`*_\[\]<~#$|]|&(?=#?[A-Za-z0-9]+;)")
_INLINE_NO_PIPE = re.compile(r"[\\`*_\[\]<~#$]|&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(?:(>|[+-](?=\s|$)|[-=][-=\s]*$)|(\d{1,9})([.)])(?=\s|$))")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_SPACES = re.compile(r" {2,}")


def _inline(text: str, *, pipes: bool = True) -> str:
    pattern = _INLINE if pipes else _INLINE_NO_PIPE
    return pattern.sub(r"\\\g<0>", text)


def _line_start(line: str) -> str:
    """Escape what would start a list, a setext heading or a thematic break at a line's start."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(1):
        return "\\" + line
    return f"{match.group(2)}\\{line[match.end(2):]}"


def md(text: str) -> str:
    """One line of user text, safe anywhere in Markdown (headings, list items, captions)."""
    return _line_start(_inline(one_line(text)))


def md_cell(text: str) -> str:
    """User text for a table cell: on one line, pipes escaped."""
    return md(text)


def md_text(text: str, prefix: str = "") -> str:
    """Several lines of user text, kept apart by hard line breaks; ``prefix`` starts each line."""
    lines = [line for line in paragraphs(text) if line]
    pipes = len(lines) > 1
    return ("\\\n" + prefix).join(_line_start(_inline(line, pipes=pipes)) for line in lines)


def md_runs(runs: Iterable[Run], multiline: bool = False, prefix: str = "") -> str:
    """Styled runs (bold, italic) as one paragraph; user text inside is escaped."""
    runs = list(runs)
    if not multiline:
        return _one_line_runs(runs)
    # Any line break paragraphs() knows (also \u2028, \x85 …) could start a table row.
    pipes = any(len([line for line in paragraphs(run.text) if line]) > 1 for run in runs)
    out: list[str] = []
    for index, run in enumerate(runs):
        lines = paragraphs(run.text) if multiline else [one_line(run.text)]
        lines = [line for line in lines if line]
        if not lines:
            out.append(" " if run.text[:1].isspace() or run.text[-1:].isspace() else "")
            continue
        escaped = [
            _inline(line, pipes=pipes) if (index > 0 and number == 0) else _line_start(
                _inline(line, pipes=pipes)
            )
            for number, line in enumerate(lines)
        ]
        marker = ("**" if run.bold else "") + ("*" if run.italic else "")
        body = ("\\\n" + prefix).join(escaped)
        lead = " " if run.text[:1].isspace() else ""
        trail = " " if run.text[-1:].isspace() else ""
        out.append(f"{lead}{marker}{body}{marker[::-1]}{trail}")
    return _SPACES.sub(" ", "".join(out)).strip()


def _one_line_runs(runs: list[Run]) -> str:
    """``md_runs`` for runs on one line: the common case of every note and list item, kept
    short because a draft has tens of thousands of them."""
    out: list[str] = []
    for index, run in enumerate(runs):
        text = run.text
        line = one_line(text)
        if not line:
            out.append(" " if text[:1].isspace() or text[-1:].isspace() else "")
            continue
        body = _INLINE_NO_PIPE.sub(r"\\\g<0>", line)
        if index == 0:
            body = _line_start(body)
        marker = ("**" if run.bold else "") + ("*" if run.italic else "")
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        out.append(f"{lead}{marker}{body}{marker[::-1]}{trail}")
    return _SPACES.sub(" ", "".join(out)).strip()


_SIGNATURES = ((b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif"))


def image_names(document: Document) -> dict[int, str]:
    """A safe, unique path below ``images/`` for every image, keyed by the block's id.

    The suffix follows the image's content where it is recognizable, so a PNG
    that arrived named ``.jpg`` still opens in every viewer.
    """
    names: dict[int, str] = {}
    for number, image in enumerate(document.figures(), start=1):
        stem = _UNSAFE_NAME.sub("-", clean(image.filename)).strip("-.")[:60] or "photo"
        head = b"\x89PNG" if isinstance(image, Chart) else image.content()[:8]
        suffix = next((s for magic, s in _SIGNATURES if head.startswith(magic)), None)
        if suffix is not None and not stem.lower().endswith(suffix):
            stem = f"{stem.rsplit('.', 1)[0] if '.' in stem else stem}{suffix}"
        names[id(image)] = f"images/{number:02d}-{stem}"
    return names


@cache
def environment(template_dir: str | None = None) -> Environment:
    """The Jinja2 environment: the operator's directory first, then the shipped templates.

    The shipped ones are also reachable as ``werkstatt/draft.md.j2``, so an
    operator's template can ``include`` or ``extend`` them instead of copying.
    """
    shipped = PackageLoader("drafts", "templates")
    loaders: list[BaseLoader] = [PrefixLoader({"werkstatt": shipped}), shipped]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(template_dir))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, md_cell=md_cell, md_text=md_text, md_runs=md_runs)
    return env


@collector_paused
def render_markdown(document: Document, template_dir: str | Path | None = None) -> str:
    """The draft as Markdown; images are referenced below ``images/`` (see ``markdown_zip``)."""
    names = image_names(document)

    def image_src(image: Image | Chart) -> str:
        return names[id(image)]

    env = environment(str(template_dir) if template_dir is not None else None)
    text = env.get_template(TEMPLATE).render(document=document, image_src=image_src)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@collector_paused
def markdown_zip(document: Document, template_dir: str | Path | None = None) -> bytes:
    """The draft as ``draft.md`` beside the images it shows in ``images/``, as one zip file."""
    names = image_names(document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{STEM}.md", render_markdown(document, template_dir))
        for image in document.figures():
            archive.writestr(names[id(image)], figure_bytes(image, document.language),
                             zipfile.ZIP_STORED)
    return buffer.getvalue()


def figure_bytes(figure: Image | Chart, language: str) -> bytes:
    """A photo's bytes, or a chart drawn as PNG (matplotlib is imported only here)."""
    if isinstance(figure, Image):
        return figure.content()
    from drafts.charts import chart_png

    return chart_png(figure, language)

"""Hostile input: nothing anyone types may change the draft's structure in Markdown or DOCX.

Every place user text reaches (titles, questions, notes in lists and tables,
quotes, captions, names, sectors) gets the same nasty strings; the checks
look at the Markdown's lines the way a CommonMark/GFM reader would.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from drafts import (
    BulletList,
    Consent,
    DraftInput,
    EventInfo,
    Heading,
    Item,
    Names,
    Paragraph,
    PersonInfo,
    PhotoInput,
    Placeholder,
    Quotation,
    QuoteInput,
    RoundInput,
    SessionInput,
    StateInput,
    Table,
    build_document,
    render_docx,
    render_markdown,
)
from drafts.markdown import md, md_cell, md_runs, md_text
from drafts.text import _DROP, _LINE_ENDS, clean
from locales import Translator
from tests.drafts.draft_samples import tiny_png, unescape_md

LONG = "Lange Notiz " + "x" * 988
HOSTILE = [
    "a | b || c",
    "# Überschrift?",
    "## zwei\n# mehr\n===\n---",
    "`code` und ```fence```",
    "[x](https://evil.example)",
    "![bild](https://evil.example/p.png)",
    "<script>alert(1)</script> <b>fett</b> &amp; &#x41;",
    "*kursiv* __fett__ ~~weg~~",
    "> zitiert\n- liste\n1. nummer\n+ plus",
    "rechts\u202enach links\u202c und \u2067isoliert\u2069",
    "null\u200bbreit\u200c\u200d\ufeffweich\u00ad",
    "Zeile eins\r\nZeile zwei\u2028Zeile drei",
    "steuer\x00zeichen\x07\x1b[31m\x7f\x85",
    "\\ am Ende \\",
    "عربي نص من اليمين",
    LONG,
]
INVISIBLE = "\u202e\u202c\u2067\u2069\u200b\u200c\u200d\ufeff\u00ad\x00\x07\x1b\x7f\x85"
HOSTILE_STRINGS = dict(enumerate(HOSTILE))


def hostile_section(state: StateInput, names: Names, t: Translator) -> list[
    Heading | Paragraph | BulletList | Table
]:
    """Every hostile string as heading, paragraph, list item and table cell."""
    return [
        *(Heading(level=3, text=text) for text in HOSTILE),
        *(Paragraph.of(text) for text in HOSTILE),
        BulletList(items=tuple(Item.of(text, depth=index % 3) for index, text in
                               enumerate(HOSTILE))),
        Table(header=("Nr", "Notiz | Kopf"), rows=tuple((str(n), t) for n, t in
                                                         enumerate(HOSTILE)), caption=HOSTILE[1]),
    ]


def hostile_draft() -> DraftInput:
    people = {
        n + 1: PersonInfo(name=text[:200], sector=HOSTILE[(n + 1) % len(HOSTILE)], consent=True,
                          registered=True)
        for n, text in enumerate(HOSTILE)
    }
    session = SessionInput(
        id=1,
        title=HOSTILE[1],
        question=HOSTILE[4],
        impulse=HOSTILE[0],
        moderation=HOSTILE[6],
        rounds=(RoundInput(kind="hostile", state="{}"),),
        quotes=tuple(QuoteInput(text=text, author=n + 1, consent=Consent.NAMED)
                     for n, text in enumerate(HOSTILE)),
        photos=(PhotoInput(data=tiny_png(), filename="../../etc/pass wd`.png",
                           caption=HOSTILE[5]),),
    )
    return DraftInput(
        event=EventInfo(title=HOSTILE[2], dates=HOSTILE[8], place=HOSTILE[0], language="de",
                        sectors=tuple(HOSTILE[:4])),
        people=people,
        participants=frozenset(people),
        facilitators=tuple(people),
        sessions=(session,),
    )


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(build_document(hostile_draft(), sections={"hostile": hostile_section}))


def unescaped(line: str, char: str) -> int:
    """How many times ``char`` appears not escaped by a backslash (an odd run of them)."""
    count = 0
    for match in re.finditer(re.escape(char), line):
        backslashes = len(line[: match.start()]) - len(line[: match.start()].rstrip("\\"))
        count += backslashes % 2 == 0
    return count


def table_groups(markdown: str) -> list[list[str]]:
    """Runs of consecutive lines that start with a pipe: the tables a GFM reader sees."""
    groups: list[list[str]] = []
    previous = ""
    for line in markdown.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                groups.append([])
            groups[-1].append(line)
        previous = line
    return groups


def test_no_user_text_breaks_a_table_row(markdown: str) -> None:
    document = build_document(hostile_draft(), sections={"hostile": hostile_section})
    tables = [block for block in document.blocks if isinstance(block, Table)]
    groups = table_groups(markdown)
    assert [len(group) for group in groups] == [2 + len(table.rows) for table in tables]
    for table, group in zip(tables, groups, strict=True):
        for row in group:
            assert unescaped(row, "|") == len(table.header) + 1, row


def test_no_user_text_makes_a_heading(markdown: str) -> None:
    document = build_document(hostile_draft(), sections={"hostile": hostile_section})
    headings = [block for block in document.blocks if isinstance(block, Heading)]
    heading_lines = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(heading_lines) == len(headings)
    for line in markdown.splitlines():
        assert not re.match(r"^ {0,3}(=+|-+)\s*$", line), line


def test_no_user_text_makes_a_link_html_or_code(markdown: str) -> None:
    own_image = re.compile(r"^!\[(.*)\]\(images/\d\d-[\w.-]+\.png\)$")
    for line in markdown.splitlines():
        image = own_image.match(line)
        for char in "[]<`~$":
            assert unescaped(image.group(1) if image else line, char) == 0, (char, line)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_filter_escapes_every_markup_character(text: str) -> None:
    runs = Paragraph.of(text, bold=True).runs
    for escaped in (md(text), md_cell(text), md_text(text), md_runs(runs, multiline=True)):
        inner = escaped.removeprefix("**").removesuffix("**")
        for char in "*_[]<`~$#":
            assert unescaped(inner, char) == 0, (char, escaped)
        assert not re.search(r"(?<!\\)&#?[A-Za-z0-9]+;", inner)
    assert unescaped(md_cell(text), "|") == 0


def groups(markdown: str, pattern: str) -> list[list[str]]:
    """Runs of consecutive lines matching ``pattern``: the lists or block quotes a reader sees."""
    found: list[list[str]] = []
    inside = False
    for line in markdown.splitlines():
        matches = re.match(pattern, line) is not None
        if matches and not inside:
            found.append([])
        if matches:
            found[-1].append(line)
        inside = matches
    return found


def test_no_user_text_starts_a_list_or_a_block_quote(markdown: str) -> None:
    document = build_document(hostile_draft(), sections={"hostile": hostile_section})
    lists = [len(b.items) for b in document.blocks if isinstance(b, BulletList)]
    assert [len(g) for g in groups(markdown, r"^ *([*+-]|\d+[.)])( |$)")] == [
        len(document.headings()), *lists
    ]
    quotes = groups(markdown, r"^ *>")
    assert len(quotes) == sum(isinstance(b, Quotation | Placeholder) for b in document.blocks)
    for quote in quotes:
        assert quote[0].startswith(("> ✎ **", "> „")), quote


def test_invisible_and_control_characters_are_removed_but_right_to_left_text_stays(
    markdown: str,
) -> None:
    assert not set(INVISIBLE) & set(markdown)
    assert "rechtsnach links und isoliert" in markdown
    assert "nullbreitweich" in markdown
    assert "عربي نص من اليمين" in markdown


def test_a_note_of_a_thousand_characters_is_kept_whole(markdown: str) -> None:
    assert len(LONG) == 1000
    assert sum(LONG in unescape_md(line) for line in markdown.splitlines()) >= 4


def test_escaped_text_still_reads_as_written() -> None:
    for text in ["a | b", "[x](y)", "<b>", "`c`", "*k*", "# h", "3. Orte", "- x", "&amp;"]:
        assert unescape_md(md(text)) == text
    assert unescape_md(md_text("eins\n# zwei")) == "eins\\\n# zwei"


def test_a_hostile_docx_draft_is_valid_and_keeps_the_words() -> None:
    document = build_document(hostile_draft(), sections={"hostile": hostile_section})
    data = render_docx(document)
    word = docx.Document(io.BytesIO(data))
    texts = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "[x](https://evil.example)" in texts
    assert "<script>alert(1)</script>" in texts
    assert LONG in texts
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert not set(INVISIBLE) & set(xml)
    assert "<script>" not in xml
    table = word.tables[-1]
    assert len(table.rows) == 1 + len(HOSTILE)
    assert table.rows[1].cells[1].text == "a | b || c"


def test_a_unicode_line_separator_cannot_start_a_table_row() -> None:
    from drafts.blocks import Run
    from drafts.markdown import md_runs

    rendered = md_runs([Run(text="a | b\u2028--- | ---")], multiline=True)
    assert "\\|" in rendered
    assert "--- | ---" not in rendered


def test_text_that_is_printable_needs_no_cleaning_beyond_trimming() -> None:
    """``clean`` returns printable text as it is: every character it would drop or turn into
    a line end is one Python calls unprintable (checked over all of Unicode)."""
    touched = [chr(c) for c in range(0x110000)
               if _DROP.search(chr(c)) or _LINE_ENDS.search(chr(c))]
    assert touched and not any(char.isprintable() for char in touched)
    assert clean("  Grüße – مرحبا ✓ ") == "Grüße – مرحبا ✓"
    assert clean("a\u200bb\r\nc") == "ab\nc"

"""The reference's event as a draft: its composition percentages and its chapters in order.

``reference_event.kassel()`` rebuilds the Kassel conference from its own material; the
Markdown draft must show the reference's shares (61, 8, 4, 22, 3, 4 %) and follow its
programme: TAG 1 with the welcome, three workshops, the keynote and the fishbowl, TAG 2
with three workshops, the council and the closing podium; sessions in the order of the
programme, not the order their chats were linked.
"""

from __future__ import annotations

import io
import re

import docx

from drafts import build_document, render_docx, render_markdown
from locales import translator
from tests.drafts import reference_event as ref
from tests.drafts.draft_samples import unescape_md

t = translator("de")


def markdown() -> str:
    return unescape_md(render_markdown(build_document(ref.kassel())))


def chapters(text: str, deepest: int = 3) -> list[str]:
    """The headings below the title, indented by level (``##`` is a chapter)."""
    found = []
    for line in text.splitlines():
        match = re.match(r"^(#{2,6}) (.+)$", line)
        if match and len(match.group(1)) <= deepest:
            found.append("  " * (len(match.group(1)) - 2) + match.group(2))
    return found


def test_the_composition_has_the_references_shares_and_total() -> None:
    table = markdown().split(f"## {t('draft.composition')}\n", 1)[1].split("\n\n## ", 1)[0]
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()
            if line.startswith("| ") and "---" not in line]
    shares = [int(row[2].rstrip(" %")) for row in rows[1:-1]]
    assert shares == list(ref.REFERENCE_SHARES)
    assert [int(row[1]) for row in rows[1:-1]] == list(ref.SECTOR_COUNTS.values())
    assert rows[-1][:2] == [t("draft.composition_total"), "79"]


def test_the_chapters_follow_the_programme_day_by_day_as_in_the_reference() -> None:
    assert chapters(markdown()) == [
        t("draft.introduction"),
        t("draft.composition"),
        "TAG 1",
        f"  {ref.WELCOME}",
        *(f"  {title}" for title in ref.WS_DAY_1),
        f"  {ref.KEYNOTE}",
        f"  {ref.FISHBOWL}",
        "TAG 2",
        *(f"  {title}" for title in ref.WS_DAY_2),
        f"  {ref.COUNCIL}",
        f"  {ref.CLOSING}",
        t("draft.thanks"),
        t("docx.impressum"),
    ]


def test_each_session_has_its_format_sections_below_it() -> None:
    deep = chapters(markdown(), deepest=4)
    below = {title: deep[deep.index(f"  {title}") + 1].strip() for title in
             (ref.WS_DAY_1[1], ref.FISHBOWL, ref.COUNCIL)}
    assert below[ref.WS_DAY_1[1]] == t("people.draft_summary")
    assert below[ref.FISHBOWL].startswith("Fishbowl: ")
    assert below[ref.COUNCIL].startswith(t("council.draft_title", question="x")[:10])


def test_no_placeholder_is_left_where_data_was_entered() -> None:
    text = markdown()
    parts = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    with_data = [part for part in parts
                 if part.split("\n", 1)[0] not in {ref.WELCOME, ref.KEYNOTE, ref.CLOSING}]
    assert len(with_data) == 8
    left = [part.split("\n", 1)[0] for part in with_data
            if t("draft.placeholder_label") in part.split("\n## ", 1)[0]]
    assert left == []


def test_speakers_and_reporters_appear_as_the_reference_writes_them() -> None:
    text = markdown()
    assert ("**Impuls & Moderation:** Janine Bliestle (Gemeindenetzwerk Baden-Württemberg)"
            in text)
    assert "*[Bericht von Prof. Dr. Ralf Vandamme (Hochschule Mannheim)]*" in text
    assert ("**Impuls:** Dr. Uli Glaser (Stadt Nürnberg) | **Moderation:** Ute Bertel "
            "(Stadt München | AG-Sprecherin)") in text
    assert "Person 6" not in text


def test_the_word_document_has_the_days_as_chapters_and_the_sessions_below_them() -> None:
    document = docx.Document(io.BytesIO(render_docx(build_document(ref.kassel()))))
    chapters = [(p.style.name, p.text) for p in document.paragraphs
                if p.style is not None and p.style.name in ("Heading 1", "Heading 2")]
    assert ("Heading 1", "TAG 1") in chapters and ("Heading 1", "TAG 2") in chapters
    days = [chapters.index(("Heading 1", day)) for day in ("TAG 1", "TAG 2")]
    assert chapters[days[0] + 2] == ("Heading 2", ref.WS_DAY_1[0])
    assert chapters[days[1] + 1] == ("Heading 2", ref.WS_DAY_2[0])

"""The draft's charts: their numbers come from the stored data, and both outputs carry them.

The numbers are checked where the chart gets them (the ``Chart`` block and the
data functions that feed it), not in the pixels; the pictures are checked to
exist as PNGs in the Markdown zip and as described pictures in the DOCX.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx

from drafts import Chart, build_document, draft_files, markdown_zip, render_docx
from drafts.charts import chart_png
from drafts.composition import count_by_sector
from drafts.figures import MAX_BARS, bar_chart, composition_counts
from drafts.fishbowl import seconds_by_sector
from drafts.names import Names
from drafts.pinboard import dots_per_option
from flows import fishbowl as fb
from flows.pinboard import result
from locales import translator
from locales.numbers import language_tag, number
from tests.drafts import test_fishbowl_section as bowl_sample
from tests.drafts import test_pinboard_section as board_sample
from tests.drafts.draft_samples import SECTIONS, realistic_draft

T = translator("de")
ROOT = Path(__file__).parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def charts(blocks: object) -> list[Chart]:
    return [block for block in blocks if isinstance(block, Chart)]  # type: ignore[attr-defined]


def test_the_composition_chart_shows_the_tables_counts_per_sector() -> None:
    draft = realistic_draft()
    document = build_document(draft, sections=SECTIONS)
    chart = charts(document.blocks)[0]
    counts = count_by_sector(draft)
    expected = {label: value for label, value in composition_counts(draft, Names(
        draft.people, T), T) if value}
    assert dict(zip(chart.labels, chart.values, strict=True)) == expected
    assert sum(chart.values) == sum(counts.values()) == 5
    assert chart.title == T("docx.chart_composition")
    assert "Wissenschaft: 1" in chart.alt


def test_the_vote_chart_shows_each_clusters_dots_as_the_board_counted_them() -> None:
    state = board_sample.voted()
    blocks = board_sample.section(state)
    chart = charts(blocks)[0]
    counted = {(option.name or option.notes[0].text): option.dots
               for question in result(state) for option in question.options if option.dots}
    assert dict(zip(chart.labels, chart.values, strict=True)) == counted
    assert dots_per_option(result(state))  # every option, with or without dots
    assert list(chart.values) == sorted(chart.values, reverse=True)
    assert chart.filename == "chart-dots.png"


def test_a_board_without_a_vote_has_no_chart() -> None:
    assert charts(board_sample.section(board_sample.board())) == []


def test_the_speaking_chart_shows_minutes_per_sector_from_the_speaking_clock() -> None:
    state = bowl_sample.protocol()
    chart = charts(bowl_sample.section(state))[0]
    names = Names(bowl_sample.PEOPLE, T)
    seconds = seconds_by_sector(state, names, T)
    assert sum(fb.speaking_seconds(state, state.closed_at).values()) == sum(
        s for _, s in seconds)
    assert dict(zip(chart.labels, chart.values, strict=True)) == {
        label: s / 60 for label, s in seconds}
    assert chart.values == (3.0, 1.0) and chart.decimals == 1
    assert f": {number(3.0, 'de', decimals=1)};" in chart.alt


def test_bars_are_capped_and_nothing_is_drawn_without_a_number_above_zero() -> None:
    many = [(f"Cluster {n}", float(n)) for n in range(30)]
    chart = bar_chart(T, "x.png", "Viele", "Punkte", many)[0]
    assert len(chart.values) == MAX_BARS and chart.values[0] == 29
    assert bar_chart(T, "x.png", "Leer", "Punkte", [("a", 0)]) == []


def test_numbers_are_written_in_the_events_language() -> None:
    assert (number(6.5, "de", decimals=1), number(6.5, "en", decimals=1)) == ("6,5", "6.5")
    assert (number(1234, "de"), number(1234, "en")) == ("1.234", "1,234")
    assert (language_tag("de"), language_tag("en")) == ("de-DE", "en-GB")


def test_a_chart_is_drawn_as_a_png_even_with_emoji_and_dollar_signs_in_its_labels() -> None:
    chart = bar_chart(T, "x.png", "Punkte", "Punkte",
                      [("Kosten $5$ 🎉", 3), ("x" * 80, 1.5)], decimals=1)[0]
    image = chart_png(chart, "de")
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 2000


def test_the_markdown_zip_holds_each_chart_as_an_image_beside_the_text() -> None:
    document = build_document(realistic_draft(), sections=SECTIONS)
    archive = zipfile.ZipFile(io.BytesIO(markdown_zip(document)))
    assert archive.read("images/01-chart-composition.png").startswith(b"\x89PNG")
    text = archive.read("draft.md").decode()
    assert "](images/01-chart-composition.png)" in text
    assert f"*{T('docx.chart_caption', title=T('docx.chart_composition'))}*" in text


def test_the_docx_holds_each_chart_as_an_inline_picture_with_its_numbers_as_alt_text() -> None:
    document = build_document(realistic_draft(), sections=SECTIONS)
    word = docx.Document(io.BytesIO(render_docx(document)))
    chart = charts(document.blocks)[0]
    described = {shape._inline.docPr.get("descr") for shape in word.inline_shapes}
    assert chart.alt in described


def test_charts_can_be_turned_off_and_markdown_is_then_plain() -> None:
    draft = realistic_draft()
    session = draft.sessions[0].model_copy(update={"photos": ()})
    document = build_document(draft.model_copy(update={"sessions": (session,)}),
                              sections=SECTIONS, charts=False)
    assert charts(document.blocks) == []
    assert [f.filename for f in draft_files(document, ["md"])] == ["Kommunalkonferenz.md"]


def test_matplotlib_is_imported_only_when_a_chart_is_drawn() -> None:
    script = (
        "import sys, bot.app\n"
        "from drafts import build_document, render_markdown\n"
        "from tests.drafts.draft_samples import SECTIONS, realistic_draft\n"
        "render_markdown(build_document(realistic_draft(), sections=SECTIONS))\n"
        "assert 'matplotlib' not in sys.modules\n"
        "from drafts import render_docx\n"
        "render_docx(build_document(realistic_draft(), sections=SECTIONS))\n"
        "assert 'matplotlib.figure' in sys.modules and 'matplotlib.pyplot' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr

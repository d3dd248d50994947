"""The draft's charts as blocks: which numbers each shows, taken from stored data only.

Three charts, as an organizer would otherwise draw them by hand: the
composition of participants by sector, the dots per cluster of each
pinboard vote, and the speaking time per sector of each fishbowl. Each is a
``Chart`` block holding its labels and numbers; the renderers draw it
(``drafts.charts``), and its alternative text says the same numbers in
words. ``build_document(charts=False)`` leaves them out
(``WERKSTATT_DRAFT_CHARTS``).
"""

from __future__ import annotations

from collections.abc import Sequence

from drafts.blocks import Chart
from drafts.composition import composition_rows
from drafts.model import DraftInput
from drafts.names import Names
from locales import Translator
from locales.numbers import number

MAX_BARS = 15
"""More bars than this would be unreadable on a page; the table beside the chart has them all."""


def bar_chart(
    t: Translator, filename: str, title: str, axis: str, bars: Sequence[tuple[str, float]],
    *, decimals: int = 0,
) -> list[Chart]:
    """One chart of the largest ``MAX_BARS`` bars, or none when there is nothing above zero."""
    shown = sorted((bar for bar in bars if bar[1] > 0), key=lambda bar: -bar[1])[:MAX_BARS]
    if not shown:
        return []
    items = "; ".join(f"{label}: {number(value, t.language, decimals=decimals)}"
                      for label, value in shown)
    return [Chart(
        filename=filename, title=title, axis=axis,
        labels=tuple(label for label, _ in shown),
        values=tuple(float(value) for _, value in shown),
        alt=t("docx.chart_alt", title=title, axis=axis, items=items),
        caption=t("docx.chart_caption", title=title), decimals=decimals,
    )]


def composition_counts(draft: DraftInput, names: Names, t: Translator) -> list[tuple[str, int]]:
    """People per sector exactly as the composition table counts them."""
    return composition_rows(draft, names, t)


def composition_chart(draft: DraftInput, names: Names, t: Translator) -> list[Chart]:
    """People per sector, from the same counts as the composition table."""
    return bar_chart(t, "chart-composition.png", t("docx.chart_composition"),
                     t("docx.chart_people"), composition_counts(draft, names, t))

"""A ``Chart`` block drawn as a PNG: matplotlib's object API on the Agg canvas, no pyplot.

matplotlib is imported here, inside ``chart_png``, the first time a draft
with a chart is rendered: the bot starts and answers without it. pyplot is
never used: it keeps global figures and picks a GUI backend, neither of
which a server wants; a ``Figure`` on ``FigureCanvasAgg`` is a plain object
that is drawn and dropped. Numbers on the bars and the axis are written with
Babel in the draft's language ("6,5" in German). People's words (cluster
names, sectors) are printed as written: no mathtext, and a glyph the font
lacks (an emoji) becomes a box rather than a warning.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from typing import Any

from drafts.blocks import Chart
from drafts.text import one_line
from locales.numbers import number

WIDTH_INCHES = 6.3
"""The text's width on A4 with 2.5 cm margins: 16 cm."""
DPI = 200
LABEL_CHARS = 42
BAR_COLOUR = "#2a6f97"


def short(label: str) -> str:
    """A bar's label on one line, cut with an ellipsis where it would crowd the chart."""
    text = one_line(label) or "–"
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


@lru_cache(maxsize=64)
def chart_png(chart: Chart, language: str) -> bytes:
    """The chart as PNG bytes: horizontal bars in the given order, values at their ends; the
    title is the caption's, printed below it by every renderer."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    count = len(chart.values)
    height = min(1.2 + 0.38 * count, 9.0)
    with warnings.catch_warnings(), rc_context({"text.parse_math": False,
                                                "font.family": "DejaVu Sans", "font.size": 9}):
        warnings.simplefilter("ignore")  # a missing glyph (an emoji in a cluster's name)
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes: Any = figure.add_subplot()
        positions = list(range(count))[::-1]
        bars = axes.barh(positions, chart.values, color=BAR_COLOUR)
        axes.set_yticks(positions, labels=[short(label) for label in chart.labels])
        axes.bar_label(bars, labels=[number(v, language, decimals=chart.decimals)
                                     for v in chart.values], padding=3)
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _: number(value, language, decimals=chart.decimals)))
        axes.xaxis.set_major_locator(MaxNLocator(integer=chart.decimals == 0))
        axes.set_xlabel(one_line(chart.axis))
        axes.set_xlim(0, max(max(chart.values), 1) * 1.15)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()

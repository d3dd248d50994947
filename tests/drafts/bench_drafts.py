"""How long a draft of many contributions takes: prints seconds per format.

Run: ``python tests/drafts/bench_drafts.py [contributions]`` (default 10,000).
Each contribution appears as a list item, a table row and, for a fifth of
them, a paragraph, so the figure covers every block kind that grows with a
workshop. Doubling the count should roughly double the times (no quadratic work).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parents[2]), str(Path(__file__).parent)]

from drafts import (  # noqa: E402
    Block,
    BulletList,
    DraftInput,
    EventInfo,
    Heading,
    Item,
    Names,
    Paragraph,
    RoundInput,
    SessionInput,
    StateInput,
    Table,
    build_document,
    render_docx,
    render_markdown,
)
from locales import Translator  # noqa: E402
from tests.drafts.draft_samples import DEFAULT_SECTORS  # noqa: E402


def main(count: int) -> None:
    notes = [f"Notiz {n}: Räume | Kosten #{n} mit `Zeichen` und [Klammern]" for n in range(count)]

    def section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
        return [
            Heading(level=2, text="Pinnwand"),
            BulletList(items=tuple(Item.of(note) for note in notes)),
            Table(header=("Nr", "Notiz"), rows=tuple((str(n), note) for n, note in
                                                      enumerate(notes))),
            *(Paragraph.of(note) for note in notes[: count // 5]),
        ]

    draft = DraftInput(
        event=EventInfo(title="Benchmark", dates="heute", place="hier", language="de",
                        sectors=DEFAULT_SECTORS),
        sessions=(SessionInput(id=1, title="WS", rounds=(RoundInput(kind="bench", state="{}"),)),),
    )
    started = time.perf_counter()
    document = build_document(draft, sections={"bench": section})
    built = time.perf_counter()
    markdown = render_markdown(document)
    rendered = time.perf_counter()
    word = render_docx(document)
    done = time.perf_counter()
    print(f"{count} contributions: blocks {built - started:.2f} s, "
          f"Markdown {rendered - built:.2f} s ({len(markdown) // 1024} KiB), "
          f"DOCX {done - rendered:.2f} s ({len(word) // 1024} KiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

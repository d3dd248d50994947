"""The composition of participants: how many came from each sector, as the reference shows it.

Counted are, by default, everyone who took part in the event (``DraftInput.participants``:
seen in one of its sessions or contributing to one): registered people by their sector,
all others (and sectors the event does not list) as "Ohne Angabe". An organizer may
instead have imported the registration list or typed the counts in
(``DraftInput.composition``); then those count, and a line under the table says which
source was used.

Shares are rounded half up one by one, as the reference did (48 / 6 / 3 / 17 / 2 / 3 of
79 → 61 % / 8 % / 4 % / 22 % / 3 % / 4 %), so they may add up to a little more or less
than 100 %; the total row shows the count.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from drafts.blocks import Block, Heading, Paragraph, Table
from drafts.model import DraftInput
from drafts.names import Names
from locales import Translator

UNKNOWN = ""
"""The counting key of people without one of the event's sectors."""


def share_percent(count: int, total: int) -> int:
    """``count`` of ``total`` in whole percent, rounded half up."""
    if total <= 0:
        return 0
    share = Decimal(100 * count) / Decimal(total)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count_by_sector(draft: DraftInput) -> Counter[str]:
    """The counts by sector key (or an organizer's own label), ``UNKNOWN`` for the rest: from
    the imported or typed counts if there are any, else from the participants."""
    counts: Counter[str] = Counter()
    if draft.composition is not None:
        for key, count in draft.composition.counts:
            counts[key] += count
        return counts
    known = set(draft.event.sectors)
    for user_id in draft.participants:
        person = draft.people.get(user_id)
        sector = person.sector if person is not None and person.registered else None
        counts[sector if sector in known else UNKNOWN] += 1
    return counts


def source_line(draft: DraftInput, t: Translator) -> str:
    """Which numbers the table shows, in one sentence under it."""
    given = draft.composition
    if given is None:
        return t("people.composition_from_participants")
    if given.source == "import":
        return t("people.composition_from_import", file=given.label or "CSV")
    return t("people.composition_from_typed")


def composition_blocks(draft: DraftInput, names: Names, t: Translator) -> list[Block]:
    """The chapter: every sector of the event, then other labels counted, unknown last, and
    the total; the source below."""
    counted = composition_rows(draft, names, t)
    total = sum(count for _, count in counted)
    blocks: list[Block] = [Heading(level=1, text=t("draft.composition"))]
    if total == 0:
        blocks.append(Paragraph.of(t("people.composition_nobody"), italic=True))
        return blocks
    rows = [
        (name, str(count), t("draft.percent", value=share_percent(count, total)))
        for name, count in counted
    ]
    rows.append((t("draft.composition_total"), str(total), ""))
    header = (
        t("draft.composition_sector"),
        t("draft.composition_count"),
        t("draft.composition_share"),
    )
    blocks.append(Table(header=header, rows=tuple(rows), caption=source_line(draft, t)))
    return blocks


def composition_rows(draft: DraftInput, names: Names, t: Translator) -> list[tuple[str, int]]:
    """The table's rows as (label, count): every sector of the event, then other labels
    counted, unknown last; the chart shows the same numbers."""
    counts = count_by_sector(draft)
    sectors = list(draft.event.sectors)
    others = [key for key in counts if key not in sectors and key != UNKNOWN]
    keys = [*sectors, *others, *([UNKNOWN] if counts[UNKNOWN] else [])]
    return [(label(key, sectors, names, t), counts[key]) for key in keys]


def label(key: str, sectors: list[str], names: Names, t: Translator) -> str:
    if key == UNKNOWN:
        return t("draft.composition_unknown")
    return names.sector(key) if key in sectors else key

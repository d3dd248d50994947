"""The composition of participants: how many came from each sector, as the reference shows it.

Counted are the registered people who took part in the event: only they told
their sector. Shares are rounded half up one by one, as the reference did
(48 / 6 / 3 / 17 / 2 / 3 of 79 → 61 % / 8 % / 4 % / 22 % / 3 % / 4 %), so they
may add up to a little more or less than 100 %; the total row shows the count.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from drafts.blocks import Block, Heading, Paragraph, Table
from drafts.model import DraftInput
from drafts.names import Names
from locales import Translator

UNKNOWN = ""
"""The counting key of people whose sector is not one of the event's."""


def share_percent(count: int, total: int) -> int:
    """``count`` of ``total`` in whole percent, rounded half up."""
    if total <= 0:
        return 0
    share = Decimal(100 * count) / Decimal(total)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count_by_sector(draft: DraftInput) -> Counter[str]:
    """Registered participants per sector key; a sector the event doesn't list is unknown."""
    known = set(draft.event.sectors)
    counts: Counter[str] = Counter()
    for user_id in draft.participants:
        person = draft.people.get(user_id)
        if person is None or not person.registered:
            continue
        counts[person.sector if person.sector in known else UNKNOWN] += 1
    return counts


def composition_blocks(draft: DraftInput, names: Names, t: Translator) -> list[Block]:
    """The chapter: a table with every sector of the event, unknown last, and the total."""
    counts = count_by_sector(draft)
    total = sum(counts.values())
    blocks: list[Block] = [Heading(level=1, text=t("draft.composition"))]
    if total == 0:
        blocks.append(Paragraph.of(t("draft.composition_none"), italic=True))
        return blocks
    keys = [*draft.event.sectors, UNKNOWN] if counts[UNKNOWN] else list(draft.event.sectors)
    rows = [
        (
            names.sector(key) if key != UNKNOWN else t("draft.composition_unknown"),
            str(counts[key]),
            t("draft.percent", value=share_percent(counts[key], total)),
        )
        for key in keys
    ]
    rows.append((t("draft.composition_total"), str(total), ""))
    header = (
        t("draft.composition_sector"),
        t("draft.composition_count"),
        t("draft.composition_share"),
    )
    blocks.append(
        Table(header=header, rows=tuple(rows), caption=t("draft.composition_caption"))
    )
    return blocks

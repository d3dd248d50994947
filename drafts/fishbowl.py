"""The fishbowl protocol in a draft: topic, the order of seats, speaking time, key points per turn.

The reference documentation's "Zwischenresümee" names the rapporteurs by
workshop ("WS1: …") and summarises what was said; note-takers wrote it up by
hand. Here it comes from the flow's state: every seat period with its times,
the speaking clock's turns with their key points, and the totals per person
and per sector. People are named only through ``Names`` (their consent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from drafts.blocks import Block, BulletList, Heading, Item, Paragraph, Run, Table
from drafts.composition import share_percent
from drafts.figures import bar_chart
from drafts.names import Names
from drafts.sections import StateInput, state_as
from drafts.text import one_line, paragraphs
from flows import fishbowl as fb
from flows.fishbowl.model import Seat, Turn
from locales import Translator, clock

K = TypeVar("K")


def duration(seconds: int) -> str:
    """Minutes and seconds, ``6:05``: turns are short, whole minutes would hide them."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def fishbowl_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
    """The protocol of one fishbowl; nothing for one that nobody sat in."""
    bowl = state_as(fb.FishbowlState, state)
    if not bowl.seats:
        return []
    blocks: list[Block] = [
        Heading(level=2, text=t("fishbowl.draft_title", topic=one_line(bowl.topic))),
        Paragraph.of(frame(bowl, t)),
        Heading(level=3, text=t("fishbowl.draft_seats")),
        BulletList(items=tuple(Item.of(seat_line(seat, names, t)) for seat in bowl.seats)),
        Heading(level=3, text=t("fishbowl.draft_speaking")),
        *speaking_blocks(bowl, names, t),
    ]
    points = point_items(bowl.turns, bowl.closed_at, names, t)
    if points:
        blocks += [Heading(level=3, text=t("fishbowl.draft_points")), BulletList(items=points)]
    return blocks


def frame(bowl: fb.FishbowlState, t: Translator) -> str:
    """Chairs, seat time and when it ran: what a reader needs to picture the round."""
    times = {"start": clock(bowl.opened_at), "end": clock(bowl.closed_at)}
    if bowl.seat_minutes is None:
        return t("fishbowl.draft_frame", chairs=bowl.chairs, **times)
    seconds = round(bowl.seat_minutes * 60)
    minutes = str(seconds // 60) if seconds % 60 == 0 else duration(seconds)
    return t("fishbowl.draft_frame_seat_time", chairs=bowl.chairs, minutes=minutes, **times)


def seat_line(seat: Seat, names: Names, t: Translator) -> str:
    """"14:03–14:12: WS1: Anna (Kommune)", as the reference names rapporteurs."""
    who = names.person_with_sector(seat.user_id)
    times = {"start": clock(seat.start), "end": clock(seat.end)}
    if seat.label:
        return t("fishbowl.draft_seat_label", label=one_line(seat.label), name=who, **times)
    return t("fishbowl.draft_seat", name=who, **times)


def speaking_blocks(bowl: fb.FishbowlState, names: Names, t: Translator) -> list[Block]:
    """Two tables, per person and per sector, with minutes and shares; a chart per sector."""
    per_person = fb.speaking_seconds(bowl, bowl.closed_at)
    whole = sum(per_person.values())
    if whole == 0:
        return [Paragraph.of(t("fishbowl.draft_no_speaking"), italic=True)]
    by_sector = seconds_by_sector(bowl, names, t)
    return [
        table(t, t("fishbowl.draft_person"), per_person.items(), names.person_with_sector,
              whole, t("fishbowl.draft_people_caption")),
        table(t, t("draft.composition_sector"), sorted(by_sector, key=lambda i: -i[1]),
              str, whole, t("fishbowl.draft_sectors_caption")),
        *bar_chart(t, "chart-speaking.png", t("docx.chart_speaking", topic=one_line(bowl.topic)),
                   t("docx.chart_minutes"),
                   [(sector, seconds / 60) for sector, seconds in by_sector], decimals=1),
    ]


def seconds_by_sector(
    bowl: fb.FishbowlState, names: Names, t: Translator
) -> list[tuple[str, int]]:
    """Speaking seconds per sector (its text), in order of first turn: the table's and the
    chart's numbers."""
    per_person = fb.speaking_seconds(bowl, bowl.closed_at)
    by_sector = fb.totals_by(per_person, lambda uid: names.sector_of(uid) or "")
    return [(names.sector(key) if key else t("draft.composition_unknown"), seconds)
            for key, seconds in by_sector.items()]


def table(
    t: Translator,
    first: str,
    totals: Iterable[tuple[K, int]],
    label: Callable[[K], str],
    whole: int,
    caption: str,
) -> Table:
    """Speaking time and share per row, then the total."""
    rows = [
        (label(key), duration(seconds), t("draft.percent", value=share_percent(seconds, whole)))
        for key, seconds in totals
    ]
    rows.append((t("draft.composition_total"), duration(whole), ""))
    header = (first, t("fishbowl.draft_time"), t("draft.composition_share"))
    return Table(header=header, rows=tuple(rows), caption=caption)


def turn_seconds(turn: Turn, closed_at: datetime | None) -> int:
    end = turn.end or closed_at
    return 0 if end is None else max(0, round((end - turn.start).total_seconds()))


def point_items(
    turns: Sequence[Turn], closed_at: datetime | None, names: Names, t: Translator
) -> tuple[Item, ...]:
    """Each turn with key points: who spoke, when and how long (untimed: when), then the points."""
    items: list[Item] = []
    for turn in turns:
        if not turn.points:
            continue
        who = names.person_with_sector(turn.user_id)
        heading = (t("fishbowl.draft_turn", name=who, start=clock(turn.start),
                     time=duration(turn_seconds(turn, closed_at))) if turn.timed
                   else t("fishbowl.draft_turn_untimed", name=who, start=clock(turn.start)))
        items.append(Item(runs=(Run(text=heading, bold=True),)))
        for point in turn.points:
            items.extend(Item.of(line, depth=1) for line in paragraphs(point.text) if line)
    return tuple(items)

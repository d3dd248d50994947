"""The development council in a draft: question, conflict map, perspective change, agreement.

The reference documentation describes the Kommunaler Entwicklungsbeirat in
prose; here the council documents itself from the flow's state, in the order
the rounds happened: who took part in which group, the conflict map (group,
interest, reason), who restated whose interest and how well it was
understood, the proposals with every version, the acceptance table (groups ×
proposals) with concerns and objections, and finally what was agreed and what
stayed open. The flow's tables (``flows.council``) decide every rule; people
are named only through ``Names`` (their consent).
"""

from __future__ import annotations

from collections.abc import Sequence

from drafts.blocks import Block, BulletList, Heading, Item, Paragraph, Run, Table
from drafts.names import Names
from drafts.sections import StateInput, state_as
from drafts.text import one_line
from flows import council as fc
from locales import Translator


def council_section(state: StateInput, names: Names, t: Translator) -> Sequence[Block]:
    """The council's record; nothing for a council in which nothing was handed in."""
    council = state_as(fc.CouncilState, state)
    if not council.interests and not council.proposals:
        return []
    blocks: list[Block] = [
        Heading(level=2, text=t("council.draft_title", question=one_line(council.question))),
        Paragraph.labelled(t("council.draft_groups"), groups_line(council, names, t)),
        Heading(level=3, text=t("council.draft_conflict_map")),
        conflict_table(council, t),
    ]
    blocks += perspective_blocks(council, t)
    if council.proposals:
        blocks += [
            Heading(level=3, text=t("council.draft_proposals")),
            BulletList(items=proposal_items(council, names, t)),
            Heading(level=3, text=t("council.draft_acceptance")),
            acceptance(council, t),
        ]
        reasons = reason_items(council, names, t)
        if reasons:
            blocks.append(BulletList(items=reasons))
    blocks += result_blocks(council, names, t)
    return blocks


def groups_line(council: fc.CouncilState, names: Names, t: Translator) -> str:
    """ "Verwaltung (3, Sprecherin: Anna), Politik (2)": who sat at the table, not by name."""
    parts = []
    for group in council.groups:
        if group.speaker is None:
            parts.append(t("council.draft_group", group=group.name, count=len(group.members)))
        else:
            parts.append(
                t(
                    "council.draft_group_speaker",
                    group=group.name,
                    count=len(group.members),
                    speaker=names.person(group.speaker),
                )
            )
    return ", ".join(parts)


def conflict_table(council: fc.CouncilState, t: Translator) -> Block:
    """Group, interest, reason: the conflict carried out with reasons."""
    rows = tuple(
        (row.group, one_line(row.text), one_line(row.reason)) for row in fc.conflict_map(council)
    )
    if not rows:
        return Paragraph.of(t("council.draft_no_interests"), italic=True)
    header = (
        t("council.draft_group_col"),
        t("council.draft_interest_col"),
        t("council.draft_reason_col"),
    )
    return Table(header=header, rows=rows)


def perspective_blocks(council: fc.CouncilState, t: Translator) -> list[Block]:
    """Who restated whose interest in their own words, and how the original group rated it."""
    rows = fc.restatement_table(council)
    if not any(row.restatement is not None for row in rows):
        return []
    header = (
        t("council.draft_interest_col"),
        t("council.draft_restatement_col"),
        t("council.draft_rating_col"),
        t("council.draft_correction_col"),
    )
    table = Table(
        header=header,
        rows=tuple(
            (
                t(
                    "council.draft_original",
                    number=row.interest,
                    text=one_line(row.interest_text),
                    group=row.original_group,
                ),
                restated(row, t),
                rating(row.rating, t) if row.restatement is not None else "",
                one_line(row.correction) if row.correction else "",
            )
            for row in rows
        ),
    )
    return [Heading(level=3, text=t("council.draft_perspective")), table]


def restated(row: fc.RestatementRow, t: Translator) -> str:
    if row.restatement is None:
        return t("council.draft_not_restated")
    return t(
        "council.draft_restated", text=one_line(row.restatement), group=row.restating_group or ""
    )


def rating(value: fc.Rating | None, t: Translator) -> str:
    return t("council.draft_not_rated") if value is None else t(f"council.draft_{value.value}")


def proposal_items(council: fc.CouncilState, names: Names, t: Translator) -> tuple[Item, ...]:
    """Each proposal in its last wording, then every version and the interests it addresses."""
    items: list[Item] = []
    for proposal in council.proposals:
        current = proposal.current
        items.append(
            Item.of(
                t("council.draft_proposal", number=proposal.number, text=one_line(current.text)),
                bold=True,
            )
        )
        if len(proposal.versions) > 1:
            for version in proposal.versions:
                items.append(version_item(version, names, t))
                if version is not current:
                    items += earlier_reasons(council, proposal.number, version.version, names, t)
        else:
            items.append(
                Item.of(t("council.draft_author", author=names.person(current.author)), depth=1)
            )
        if current.addresses:
            addressed = [fc.find_interest(council, n) for n in current.addresses]
            texts = [f"{i.number}. {one_line(i.text)}" for i in addressed if i is not None]
            items.append(Item.of(t("council.draft_addresses", interests="; ".join(texts)), depth=1))
    return tuple(items)


def version_item(version: fc.ProposalVersion, names: Names, t: Translator) -> Item:
    text = t(
        "council.draft_version",
        version=version.version,
        text=one_line(version.text),
        author=names.person(version.author),
    )
    return Item.of(text, depth=1)


def earlier_reasons(
    council: fc.CouncilState, proposal: int, version: int, names: Names, t: Translator
) -> list[Item]:
    """The concerns and objections an older version met: why it was amended."""
    return [
        Item.of(
            t(
                f"council.draft_earlier_{s.kind.value}",
                group=council.groups[s.group].name,
                name=names.person(s.member),
                text=one_line(s.reason),
            ),
            depth=2,
        )
        for s in council.stances
        if s.proposal == proposal and s.version == version and s.reason is not None
    ]


def acceptance(council: fc.CouncilState, t: Translator) -> Table:
    """Groups × proposals: each group's stance on each proposal's last version."""
    header = (
        t("council.draft_group_col"),
        *(
            t("council.draft_proposal_col", number=p.number, version=p.current.version)
            for p in council.proposals
        ),
    )
    rows = tuple(
        (council.groups[g].name, *(stance(cell.stance, t) for cell in cells))
        for g, cells in enumerate(fc.acceptance_table(council))
    )
    return Table(header=header, rows=rows)


def stance(kind: fc.StanceKind | None, t: Translator) -> str:
    return t("council.draft_no_stance") if kind is None else t(f"council.draft_stance_{kind.value}")


def reason_items(council: fc.CouncilState, names: Names, t: Translator) -> tuple[Item, ...]:
    """Every concern and objection on a last version, with who gave it and why."""
    items = []
    for cells in fc.acceptance_table(council):
        for cell in cells:
            for reason in cell.reasons:
                items.append(
                    Item.of(
                        t(
                            f"council.draft_reason_{reason.kind.value}",
                            proposal=cell.proposal,
                            group=cell.group,
                            name=names.person(reason.member),
                            text=one_line(reason.text),
                        )
                    )
                )
    return tuple(items)


def result_blocks(council: fc.CouncilState, names: Names, t: Translator) -> list[Block]:
    """The agreed solution and the objections that still stand."""
    agreed = fc.agreed_proposals(council)
    objections = fc.open_objections(council)
    items = [
        Item(
            runs=(
                Run(text=t("council.draft_agreed", number=p.number), bold=True),
                Run(text=one_line(p.current.text)),
            )
        )
        for p in agreed
    ]
    items += [
        Item.of(
            t(
                "council.draft_open_objection",
                proposal=o.proposal,
                group=o.group,
                name=names.person(o.member),
                text=one_line(o.reason),
            )
        )
        for o in objections
    ]
    if not agreed:
        items.insert(0, Item.of(t("council.draft_no_agreement")))
    return [Heading(level=3, text=t("council.draft_result")), BulletList(items=tuple(items))]

"""What the council shows in the chat: the live message, the rating prompt, the marking keyboard.

The live message is the room's shared board: the round, per group its members
and what it handed in, and what is still missing (``flows.council.missing``).
Everything here only reads the flow's state; buttons carry indexes and
numbers, never texts, so their data stays far below Telegram's 64 bytes.
"""

from __future__ import annotations

import math

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import ButtonSigner
from bot.profile import register_button
from bot.rounds import LiveView
from flows.council import (
    CouncilState,
    Group,
    Interest,
    Missing,
    Phase,
    Proposal,
    Rating,
    Restatement,
    StanceKind,
    group_stance,
    is_agreed,
    missing,
    restated_by,
    round_number,
)
from locales import Translator

RATING_CODES = {"u": Rating.UNDERSTOOD, "p": Rating.PARTLY, "n": Rating.NOT_UNDERSTOOD}
STANCE_CODES = {"a": StanceKind.AGREE, "c": StanceKind.CONCERNS, "o": StanceKind.OBJECT}
SHORT = 40
"""Characters of an interest shown on a button."""


def code_of(value: Rating | StanceKind) -> str:
    """The one-letter code a button carries for a rating or a stance."""
    codes = {**RATING_CODES, **STANCE_CODES}
    return next(code for code, known in codes.items() if known is value)


def short(text: str, limit: int = SHORT) -> str:
    """A text cut to fit on a button."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(state: CouncilState, view: LiveView) -> tuple[str, InlineKeyboardMarkup | None]:
    """The live council message: heading, groups, proposals, what is missing, how to take part."""
    t = view.t
    lines = [t("council.live_title", question=state.question), heading(state, view)]
    for index, group in enumerate(state.groups):
        lines.append("")
        lines.extend(group_lines(state, index, group, view))
    if state.phase in (Phase.PROPOSALS, Phase.STANCES, Phase.CLOSED) and state.proposals:
        lines.append("")
        lines.extend(proposal_lines(state, t))
    if state.phase is Phase.CLOSED:
        return "\n".join(lines), None
    lines.append("")
    if state.phase is not Phase.PROPOSALS:
        lines.append(missing_line(missing(state), t))
    lines.append(t(f"council.hint_{state.phase.value}"))
    return "\n".join(lines), keyboard(state, view)


def heading(state: CouncilState, view: LiveView) -> str:
    """Which round it is, and how long it still runs if it has a timer."""
    t = view.t
    if state.phase is Phase.CLOSED:
        return t("council.live_closed")
    text = t(
        "council.live_round",
        round=round_number(state.phase),
        name=t(f"council.phase_{state.phase.value}"),
    )
    if state.deadline is not None:
        seconds = (state.deadline - view.now).total_seconds()
        text += " · " + t("council.live_timer", minutes=max(1, math.ceil(seconds / 60)))
    return text


def group_lines(state: CouncilState, index: int, group: Group, view: LiveView) -> list[str]:
    """A group's members (the speaker marked) and what it handed in for this round."""
    t = view.t
    names = [view.name(m) + (" 🎤" if m == group.speaker else "") for m in group.members] or [
        t("council.live_nobody")
    ]
    lines = [
        t(
            "council.live_group",
            number=index + 1,
            group=group.name,
            count=len(group.members),
            members=", ".join(names),
        )
    ]
    if state.phase is Phase.INTERESTS:
        lines += [interest_line(i, t) for i in state.interests if i.group == index]
    elif state.phase is Phase.RESTATE:
        lines += restate_lines(state, index, t)
    return lines


def interest_line(interest: Interest, t: Translator) -> str:
    """The interest and its reason as the author said it (their connective, not ours)."""
    return "   " + t(
        "council.live_interest",
        number=interest.number,
        text=interest.text,
        reason=interest.reason_as_said,
    )


def restate_lines(state: CouncilState, index: int, t: Translator) -> list[str]:
    """Round 2: whose interests the group restates, its words so far, and the ratings."""
    original = state.assignment[index]
    lines = ["   " + t("council.live_restates", group=state.groups[original].name)]
    done = {r.interest: r for r in state.restatements}
    for interest in restated_by(state, index):
        restatement = done.get(interest.number)
        lines.append(
            "   " + t("council.live_restated_interest", number=interest.number, text=interest.text)
        )
        lines.append("      " + restatement_status(restatement, t))
    return lines


def restatement_status(restatement: Restatement | None, t: Translator) -> str:
    """ "still missing", or the restatement with its rating (or that the rating is missing)."""
    if restatement is None:
        return t("council.live_restatement_missing")
    rating = (
        t("council.live_not_rated")
        if restatement.rating is None
        else t(f"council.rating_{restatement.rating.value}")
    )
    text = t("council.live_restatement", text=restatement.text, rating=rating)
    if restatement.correction:
        text += " " + t("council.live_correction", text=restatement.correction)
    return text


def proposal_lines(state: CouncilState, t: Translator) -> list[str]:
    """The proposals in their current versions; in round 4 and after, each group's stance."""
    lines = [t("council.live_proposals")]
    for proposal in state.proposals:
        lines.append(proposal_line(proposal, t))
        if state.phase is not Phase.PROPOSALS:
            stances = [
                t(
                    "council.live_group_stance",
                    group=group.name,
                    stance=stance_label(group_stance(state, g, proposal.number), t),
                )
                for g, group in enumerate(state.groups)
            ]
            lines.append("   " + " · ".join(stances))
        if state.phase is Phase.CLOSED and is_agreed(state, proposal.number):
            lines.append("   " + t("council.live_agreed"))
    return lines


def result_text(state: CouncilState, t: Translator, said: str) -> str:
    """The result of a council in one message: the closing line, then every proposal with
    each group's stance (the agreed ones marked)."""
    if not state.proposals:
        return said
    return "\n\n".join([said, "\n".join(proposal_lines(state, t))])


def proposal_line(proposal: Proposal, t: Translator) -> str:
    current = proposal.current
    text = t(
        "council.live_proposal",
        number=proposal.number,
        version=current.version,
        text=current.text,
    )
    if current.addresses:
        text += " " + t(
            "council.live_addresses", interests=", ".join(str(n) for n in current.addresses)
        )
    return text


def stance_label(kind: StanceKind | None, t: Translator) -> str:
    return t("council.stance_none") if kind is None else t(f"council.stance_{kind.value}")


def missing_line(found: tuple[Missing, ...], t: Translator) -> str:
    """What the current round still needs, group by group (``flows.council.missing``)."""
    parts = []
    for item in found:
        needs = []
        if item.no_interest:
            needs.append(t("council.need_interest"))
        if item.to_restate:
            needs.append(t("council.need_restate", numbers=numbers(item.to_restate)))
        if item.to_rate:
            needs.append(t("council.need_rate", numbers=numbers(item.to_rate)))
        if item.no_stance_on:
            needs.append(t("council.need_stance", numbers=numbers(item.no_stance_on)))
        if needs:
            parts.append(t("council.missing_group", group=item.group, needs=", ".join(needs)))
    if not parts:
        return t("council.live_nothing_missing")
    return t("council.live_missing", items="; ".join(parts))


def numbers(values: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in values)


def keyboard(state: CouncilState, view: LiveView) -> InlineKeyboardMarkup:
    """Choose a group; the round's own buttons; the invitation to register."""
    t = view.t
    joins = [
        InlineKeyboardButton(
            t("council.button_join", group=short(group.name, 30)),
            callback_data=view.button_data("coj", index),
        )
        for index, group in enumerate(state.groups)
    ]
    rows = [joins[i : i + 2] for i in range(0, len(joins), 2)]
    if state.phase is Phase.INTERESTS:
        link = view.deep_link(f"coint_{view.round_id}")
        rows.append([InlineKeyboardButton(t("council.button_private_interest"), url=link)])
    elif state.phase is Phase.RESTATE:
        link = view.deep_link(f"corst_{view.round_id}")
        rows.append([InlineKeyboardButton(t("council.button_private_restate"), url=link)])
    elif state.phase is Phase.STANCES:
        rows.extend(stance_row(proposal, view) for proposal in state.proposals)
    rows.append([register_button(t, view.deep_link(f"reg_{view.session.id}"))])
    return InlineKeyboardMarkup(rows)


def stance_row(proposal: Proposal, view: LiveView) -> list[InlineKeyboardButton]:
    """Agree, agree with concerns, object: for the version now shown."""
    version = proposal.current.version
    return [
        InlineKeyboardButton(
            view.t(f"council.button_{kind.value}", proposal=proposal.number),
            callback_data=view.button_data("cos", proposal.number, version, code),
        )
        for code, kind in STANCE_CODES.items()
    ]


def rating_prompt(
    state: CouncilState,
    restatement: Restatement,
    t: Translator,
    signer: ButtonSigner,
    chat_id: int,
    round_id: int,
) -> tuple[str, InlineKeyboardMarkup]:
    """Round 2, after a group restated an interest: the original group rates it with buttons."""
    interest = next(i for i in state.interests if i.number == restatement.interest)
    text = t(
        "council.rate_prompt",
        interest=interest.number,
        group=state.groups[interest.group].name,
        by=state.groups[restatement.by_group].name,
        original=interest.text,
        reason=interest.reason_as_said,
        text=restatement.text,
    )
    buttons = [
        signer.button(
            chat_id, t(f"council.rating_{rating.value}"), "cor", round_id, interest.number, code
        )
        for code, rating in RATING_CODES.items()
    ]
    return text, InlineKeyboardMarkup([buttons])


def mark_keyboard(
    state: CouncilState, proposal: Proposal, signer: ButtonSigner, chat_id: int, round_id: int
) -> InlineKeyboardMarkup:
    """Round 3: one toggle per interest; a tick shows the proposal addresses it."""
    rows = []
    for interest in state.interests:
        marked = interest.number in proposal.current.addresses
        label = "{} {}. {}: {}".format(
            "☑" if marked else "☐",
            interest.number,
            short(state.groups[interest.group].name, 20),
            short(interest.text),
        )
        flag = 0 if marked else 1
        rows.append(
            [signer.button(chat_id, label, "com", round_id, proposal.number, interest.number, flag)]
        )
    return InlineKeyboardMarkup(rows)

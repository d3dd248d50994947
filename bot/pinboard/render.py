"""How a pinboard looks in the chat: the live message of each phase and the result.

Everything here is read from the flow's state through ``flows.pinboard``'s
query functions; nothing decides a rule. Every text keeps within Telegram's
limit by shortening the notes' texts first (numbers always stay, since the
facilitator's commands refer to them), so a board of hundreds of notes still
renders as one message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from math import ceil

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messaging import clip
from bot.profile import register_button
from bot.rounds import LiveView
from flows.base import short as short  # the chat's views cut texts with it
from flows.pinboard import (
    Option,
    Phase,
    PinboardState,
    note_counts,
    options,
    result,
    visible_notes,
    visible_tallies,
)
from flows.pinboard.model import Note
from locales import Translator

MARK = "📌"
"""Every pinboard message people may reply to starts with this; the reply filter looks for it."""
LIMIT = 4000
WIDTHS: tuple[int | None, ...] = (None, 80, 50, 30, 15, 0)
"""Note texts are shortened step by step to these widths until a message fits (0: numbers only)."""
MAX_VOTE_BUTTONS = 80
LABEL_WIDTH = 24
Markup = InlineKeyboardMarkup | None


def fit(build: Callable[[int | None], str]) -> str:
    """The first rendering, with ever shorter note texts, that fits into one message."""
    text = ""
    for width in WIDTHS:
        text = build(width)
        if len(text) <= LIMIT:
            return text
    return clip(text, LIMIT)


def header(state: PinboardState, t: Translator) -> str:
    return t("pinboard.live_header", title=state.title, phase=t(f"pinboard.phase.{state.phase}"))


def minutes_left(deadline: datetime | None, now: datetime) -> int | None:
    """Whole minutes until the deadline, rounded up; ``None`` without a timer."""
    if deadline is None:
        return None
    return max(0, ceil((deadline - now).total_seconds() / 60))


def time_line(state: PinboardState, view: LiveView) -> list[str]:
    left = minutes_left(state.deadline, view.now)
    return [] if left is None else [view.t("pinboard.live_time_left", minutes=left)]


def count_text(t: Translator, count: int) -> str:
    """"1 Notiz", "3 Notizen": the catalogue's plural forms choose."""
    return t("pinboard.count", count=count)


def register_row(view: LiveView) -> list[InlineKeyboardButton]:
    return [register_button(view.t, view.deep_link(f"reg_{view.session.id}"))]


def render_live(state: PinboardState, view: LiveView) -> tuple[str, Markup]:
    """The live message for the board's current phase."""
    if state.phase == Phase.COLLECTING:
        return collecting_view(state, view)
    if state.phase == Phase.CLUSTERING:
        return clustering_view(state, view)
    if state.phase == Phase.VOTING:
        return voting_view(state, view)
    return closed_view(state, view), None


# --- collecting -----------------------------------------------------------------------------


def collecting_view(state: PinboardState, view: LiveView) -> tuple[str, Markup]:
    """Title, numbered questions with their note counts, time left, how to add a note."""
    t = view.t
    lines = [header(state, t), *time_line(state, view)]
    if state.anonymity_allowed:
        lines.append(t("pinboard.live_anonymous"))
    lines.append("")
    for number, (question, count) in enumerate(
        zip(state.questions, note_counts(state), strict=True), start=1
    ):
        lines.append(t("pinboard.live_question", number=number, question=question,
                       count=count_text(t, count)))
    lines.append("")
    single = len(state.questions) == 1
    lines.append(t("pinboard.live_howto_single" if single else "pinboard.live_howto"))
    markup = InlineKeyboardMarkup([
        [InlineKeyboardButton(t("pinboard.button_private"),
                              callback_data=view.button_data("pbpriv"))],
        register_row(view),
    ])
    return clip("\n".join(lines), LIMIT), markup


# --- clustering -----------------------------------------------------------------------------


def note_line(note: Note, width: int | None, indent: str) -> str:
    return f"{indent}{note.number} {short(note.text, width)}"


def question_block(
    state: PinboardState, number: int, t: Translator, width: int | None
) -> list[str]:
    """One question in the cluster view: its clusters with their notes, then ungrouped notes."""
    lines = [t("pinboard.question_heading", number=number, question=state.questions[number - 1])]
    visible = {note.number: note for note in visible_notes(state, number)}
    grouped: set[int] = set()
    for cluster in state.clusters:
        if cluster.question != number:
            continue
        grouped.update(cluster.notes)
        members = [visible[n] for n in cluster.notes if n in visible]
        title = t("pinboard.cluster_line", number=cluster.number, name=cluster.name)
        if width == 0:
            lines.append(f"{title}: " + ", ".join(str(note.number) for note in members))
        else:
            lines.append(title)
            lines.extend(note_line(note, width, "      ") for note in members)
    loose = [note for n, note in visible.items() if n not in grouped]
    if width == 0 and loose:
        lines.append("  " + ", ".join(str(note.number) for note in loose))
    else:
        lines.extend(note_line(note, width, "  ") for note in loose)
    if not visible:
        lines.append(t("pinboard.no_notes"))
    hidden = [note.number for note in state.notes if note.hidden and note.question == number]
    if hidden:
        lines.append(t("pinboard.hidden_line", numbers=", ".join(map(str, hidden))))
    return lines


def clustering_view(state: PinboardState, view: LiveView) -> tuple[str, Markup]:
    """Every visible note numbered, per question, inside its cluster or on its own."""
    t = view.t

    def build(width: int | None) -> str:
        lines = [header(state, t), t("pinboard.cluster_howto"), ""]
        for number in range(1, len(state.questions) + 1):
            lines.extend(question_block(state, number, t, width))
        return "\n".join(lines)

    markup = InlineKeyboardMarkup([
        [InlineKeyboardButton(t("pinboard.button_suggestions"),
                              callback_data=view.button_data("pbsugs"))],
        register_row(view),
    ])
    return fit(build), markup


# --- voting ---------------------------------------------------------------------------------


def option_title(option: Option) -> str:
    """A cluster by its name, an ungrouped note by its text."""
    return option.name if option.name is not None else option.notes[0].text


def labelled_options(state: PinboardState) -> list[tuple[str, Option]]:
    """Every voting option with a short label: question number and position, ``2.3``."""
    return [
        (f"{number}.{index}", option)
        for number in range(1, len(state.questions) + 1)
        for index, option in enumerate(options(state, number), start=1)
    ]


def option_line(label: str, option: Option, t: Translator, width: int | None,
                tallies: dict[str, int] | None) -> str:
    if option.name is not None:
        title = t("pinboard.option_cluster", name=option.name, count=len(option.notes))
    else:
        title = short(option.notes[0].text, width) if width != 0 else ""
    dots = "" if tallies is None else f" · ●{tallies.get(option.key, 0)}"
    return f"  {label} {title}{dots}".rstrip()


def voters(state: PinboardState) -> int:
    return len({dot.voter for dot in state.dots})


def vote_rules(state: PinboardState, t: Translator) -> str:
    if state.per_cluster is None:
        return t("pinboard.vote_budget", budget=state.budget or 0)
    return t("pinboard.vote_budget_limited", budget=state.budget or 0, max=state.per_cluster)


def voting_view(state: PinboardState, view: LiveView) -> tuple[str, Markup]:
    """The vote message: the options by question, a button for each, tallies once shown."""
    t = view.t
    tallies = visible_tallies(state)
    labelled = labelled_options(state)

    def build(width: int | None) -> str:
        shown = "pinboard.tallies_visible" if tallies is not None else "pinboard.tallies_hidden"
        count = t("pinboard.voters", count=voters(state))
        lines = [header(state, t), vote_rules(state, t), *time_line(state, view),
                 t("pinboard.vote_howto"), f"{count} {t(shown)}"]
        if len(labelled) > MAX_VOTE_BUTTONS:
            lines.append(t("pinboard.vote_more_privately", shown=MAX_VOTE_BUTTONS))
        current = 0
        for label, option in labelled:
            if option.question != current:
                current = option.question
                lines.append("")
                lines.append(t("pinboard.question_heading", number=current,
                               question=state.questions[current - 1]))
            lines.append(option_line(label, option, t, width, tallies))
        return "\n".join(lines)

    return fit(build), vote_markup(state, view, labelled, tallies)


def vote_markup(state: PinboardState, view: LiveView, labelled: Sequence[tuple[str, Option]],
                tallies: dict[str, int] | None) -> InlineKeyboardMarkup:
    t = view.t
    buttons = []
    for label, option in labelled[:MAX_VOTE_BUTTONS]:
        text = f"{label} {short(option_title(option), LABEL_WIDTH)}"
        if tallies is not None:
            text += f" · ●{tallies.get(option.key, 0)}"
        data = view.button_data("pbv", option.key)
        buttons.append(InlineKeyboardButton(text, callback_data=data))
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([
        InlineKeyboardButton(t("pinboard.button_unvote"), callback_data=view.button_data("pbu")),
        InlineKeyboardButton(t("pinboard.button_vote_private"),
                             callback_data=view.button_data("pbvp")),
    ])
    if tallies is None:
        rows.append([InlineKeyboardButton(t("pinboard.button_show_tallies"),
                                          callback_data=view.button_data("pbtal"))])
    rows.append(register_row(view))
    return InlineKeyboardMarkup(rows)


# --- closed and the result ------------------------------------------------------------------


def closed_view(state: PinboardState, view: LiveView) -> str:
    return "\n".join([
        header(state, view.t),
        view.t("pinboard.closed_live", notes=count_text(view.t, len(visible_notes(state))),
               voters=voters(state)),
    ])


def result_text(state: PinboardState, t: Translator, intro: str) -> str:
    """Per question, the options ranked by dots, each with its notes (hidden ones left out)."""
    voted = state.budget is not None
    questions = result(state)

    def build(width: int | None) -> str:
        lines = [intro]
        for question in questions:
            lines.append("")
            lines.append(t("pinboard.question_heading", number=question.number,
                           question=question.text))
            if not question.options:
                lines.append(t("pinboard.no_notes"))
            for option in question.options:
                lines.append(result_line(option, width, voted))
        return "\n".join(lines)

    return fit(build)


def result_line(option: Option, width: int | None, voted: bool) -> str:
    texts = " | ".join(short(note.text, width) for note in option.notes) if width != 0 else ""
    if option.name is not None:
        body = f"{option.name}: {texts}" if texts else option.name
    else:
        body = texts or str(option.notes[0].number)
    prefix = f"●{option.dots}" if voted else "•"
    return f"  {prefix} {body}"

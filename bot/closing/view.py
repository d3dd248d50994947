"""What the closing round (Blitzlicht) looks like: its live message and its end.

The live message asks the question(s), counts answers and ratings, and carries
the rating's buttons 1 to 5 (if the round has a rating) and one button to
answer privately. Answers are not shown in the chat: whether and how one
appears is its author's choice, asked privately, and the draft shows only
what was agreed. The end shows how many answered and the rating's spread.
Everything here only reads the state; the rules are in ``flows.closing``.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.profile import register_button
from bot.rounds import LiveView
from flows import closing as cl
from flows.base import Announce
from locales import Translator, clock, decimal

KIND = "closing"
MARK = "💬"
RATE, PRIVATE = "clr", "clpriv"
"""The live message's buttons: a rating, answer privately."""
CLOSE_KEYS = frozenset({"closing.closed", "closing.time_up"})
ButtonFn = Callable[[str, str, int], InlineKeyboardButton]
"""Draws one rating button: label, action, value."""


def questions_text(state: cl.ClosingState, t: Translator) -> str:
    if len(state.questions) == 1:
        return t("closing.the_question", question=state.questions[0])
    return "\n".join(t("closing.numbered_question", number=n, question=question)
                     for n, question in enumerate(state.questions, start=1))


def rating_lines(state: cl.ClosingState, t: Translator) -> list[str]:
    """The rating's spread, highest value first, and its mean; nothing without a rating."""
    if not state.rating:
        return []
    average = cl.mean(state)
    if average is None:
        return [t("closing.no_ratings")]
    lines = [t("closing.mean", mean=decimal(average, t.language),
               count=len(state.ratings))]
    spread = cl.distribution(state)
    lines += [t("closing.spread_line", value=value, bar="▇" * count, count=count).rstrip()
              for value, count in sorted(spread.items(), reverse=True)]
    return lines


def render_live(state: cl.ClosingState, view: LiveView
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    t = view.t
    title = f"{MARK} {t('closing.live_title')}"
    if state.phase is cl.Phase.CLOSED:
        parts = [title, t("closing.live_closed", count=len(state.answers)),
                 "\n".join(rating_lines(state, t))]
        return "\n\n".join(part for part in parts if part), None
    counts = [t("closing.answers", count=len(state.answers))]
    if state.rating:
        counts.append(t("closing.ratings", count=len(state.ratings)))
    if state.deadline is not None:
        counts.append(t("closing.until", time=clock(state.deadline)))
    how = "closing.live_how_two" if len(state.questions) > 1 else "closing.live_how"
    parts = [title, questions_text(state, t), " · ".join(counts), t(how)]
    if state.rating:
        parts.append(t("closing.live_rate"))
    return "\n\n".join(parts), live_markup(state, view)


def rating_row(state: cl.ClosingState, button: ButtonFn) -> list[InlineKeyboardButton]:
    return [button(str(value), RATE, value) for value in cl.RATINGS] if state.rating else []


def live_markup(state: cl.ClosingState, view: LiveView) -> InlineKeyboardMarkup:
    def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=view.button_data(action, *args))

    rows = [row for row in (rating_row(state, button),) if row]
    rows.append([button(view.t("closing.button_private"), PRIVATE)])
    rows.append([register_button(view.t, view.deep_link(f"reg_{view.session.id}"))])
    return InlineKeyboardMarkup(rows)


def present(effect: Announce, state: cl.ClosingState, view: LiveView
            ) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The end is posted with the rating's spread under it."""
    if effect.to is not None or effect.key not in CLOSE_KEYS:
        return None
    lines = [f"{MARK} {view.t(effect.key, **effect.params)}", *rating_lines(state, view.t)]
    return "\n".join(lines), None

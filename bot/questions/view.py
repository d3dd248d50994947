"""What questions from the floor look like: the live message, the private list, the result.

The live message is the room's view: the five open questions with the most
votes, a 👍 button for each, and two buttons for the rest (ask privately, see
every question privately). The private list shows every question the room
sees, in the order asked (a vote moves nothing under the finger), with a vote
button per question that knows the person's own vote, and for facilitators
the buttons to mark answered, hide and merge.
An anonymous question's author is never named, here or anywhere.
Everything here only reads the state; the rules are in ``flows.questions``.
"""

from __future__ import annotations

from math import ceil

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import ButtonSigner
from bot.messaging import clip
from bot.pinboard.render import short
from bot.profile import register_button
from bot.rounds import LiveView
from flows import questions as qs
from flows.base import Announce
from locales import Translator, clock

KIND = "questions"
MARK = "❓"
VOTE, ASK, ALL = "qv", "qpriv", "qall"
"""The live message's buttons: a vote, ask privately, every question privately."""
LIST_VOTE, LIST_ANSWERED, LIST_HIDE, LIST_MERGE, LIST_INTO, LIST_PAGE = (
    "qlv", "qla", "qlh", "qlm", "qlj", "qlp")
"""The private list's buttons (short: callback data holds at most 64 bytes)."""
CLOSE_KEYS = frozenset({"questions.closed", "questions.time_up"})
TEXT_WIDTH = 160
"""Characters of a question the live message shows; the private list shows it whole."""
PAGE = 8
"""Questions on one page of the private list."""
RESULT_SHOWN = 10
"""Questions the closing message lists."""


def author(t: Translator, names: dict[int, str], question: qs.Question) -> str:
    """Who asked, as the room may see it: nobody for an anonymous question."""
    key = qs.unnamed(question)
    return t(key) if key is not None else names.get(question.author, "?")


def line(t: Translator, names: dict[int, str], question: qs.Question,
         width: int | None = TEXT_WIDTH) -> str:
    """"4. Wer zahlt die Miete? – Anna · 👍 5", answered ones marked."""
    text = t("questions.line", number=question.number, text=short(question.text, width),
             author=author(t, names, question), votes=question.votes)
    return f"{text} · {t('questions.answered_mark')}" if question.answered else text


def names_of(view: LiveView) -> dict[int, str]:
    return {uid: person.name for uid, person in view.persons.items()}


# --- the live message -----------------------------------------------------------------------


def header(state: qs.QuestionsState, t: Translator) -> str:
    lines = [f"{MARK} {state.title}"]
    counts = [t("questions.count", count=len(qs.shown(state)))]
    answered = qs.answered_count(state)
    if answered:
        counts.append(t("questions.answered_count", count=answered))
    if state.deadline is not None:
        counts.append(t("questions.until", time=clock(state.deadline)))
    lines.append(" · ".join(counts))
    return "\n".join(lines)


def render_live(state: qs.QuestionsState, view: LiveView
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    t, names = view.t, names_of(view)
    if state.phase is qs.Phase.CLOSED:
        return result(state, t, names, t("questions.live_closed")), None
    parts = [header(state, t)]
    top = qs.top(state)
    if top:
        parts.append("\n".join([t("questions.live_top"),
                                *(line(t, names, question) for question in top)]))
    else:
        parts.append(t("questions.live_empty"))
    how = "questions.live_how_anonymous" if state.anonymity_allowed else "questions.live_how"
    parts.append(t(how))
    return clip("\n\n".join(parts)), live_markup(state, view, top)


def live_markup(state: qs.QuestionsState, view: LiveView,
                top: list[qs.Question]) -> InlineKeyboardMarkup:
    def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=view.button_data(action, *args))

    rows: list[list[InlineKeyboardButton]] = []
    if top:
        rows.append([button(view.t("questions.button_vote", number=question.number), VOTE,
                            question.number) for question in top])
    rows.append([button(view.t("questions.button_ask"), ASK),
                 button(view.t("questions.button_all"), ALL)])
    rows.append([register_button(view.t, view.deep_link(f"reg_{view.session.id}"))])
    return InlineKeyboardMarkup(rows)


def result(state: qs.QuestionsState, t: Translator, names: dict[int, str], said: str) -> str:
    """The questions ranked by votes, answered ones marked: the closing message and the live
    message of a closed round."""
    ranked = qs.ranked(state)
    lines = [f"{MARK} {state.title}", said]
    if not ranked:
        return "\n".join([*lines, t("questions.none_asked")])
    lines += [line(t, names, question) for question in ranked[:RESULT_SHOWN]]
    if len(ranked) > RESULT_SHOWN:
        lines.append(t("questions.more", count=len(ranked) - RESULT_SHOWN))
    return clip("\n".join(lines))


def present(effect: Announce, state: qs.QuestionsState, view: LiveView
            ) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The close is posted with the ranking under it, whoever or whatever closed the round."""
    if effect.to is not None or effect.key not in CLOSE_KEYS:
        return None
    return result(state, view.t, names_of(view), view.t(effect.key, **effect.params)), None


# --- the private list -----------------------------------------------------------------------


def listed(state: qs.QuestionsState, *, steer: bool) -> list[qs.Question]:
    """The private list's questions: those the room sees, in the order they were asked (a vote
    moves nothing under the finger); for those who steer, the hidden ones after them."""
    hidden = [question for question in state.questions if question.hidden] if steer else []
    return [*qs.shown(state), *hidden]


def pages(state: qs.QuestionsState, *, steer: bool) -> int:
    return max(1, ceil(len(listed(state, steer=steer)) / PAGE))


def private_list(state: qs.QuestionsState, t: Translator, names: dict[int, str],
                 signer: ButtonSigner, user_id: int, round_id: int, *, steer: bool,
                 page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """One page of every question the room sees, with this person's buttons."""
    count = pages(state, steer=steer)
    page = min(max(page, 0), count - 1)
    mine = qs.voted(state, user_id)
    title = f"{MARK} {state.title}"
    hint = t("questions.list_hint_steer" if steer else "questions.list_hint")
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    for question in listed(state, steer=steer)[page * PAGE:(page + 1) * PAGE]:
        if question.hidden:
            lines.append(f"{t('questions.hidden_mark')} {line(t, names, question, None)}")
            rows.append([signer.button(user_id, t("questions.button_show", number=question.number),
                                       LIST_HIDE, round_id, question.number, 0, page)])
            continue
        lines.append(line(t, names, question, None))
        row: list[InlineKeyboardButton] = []
        if question.author != user_id:
            voted = question.number in mine
            key = "questions.button_unvote" if voted else "questions.button_vote"
            row.append(signer.button(user_id, t(key, number=question.number), LIST_VOTE,
                                     round_id, question.number, int(not voted), page))
        if steer:
            answered = int(not question.answered)
            key = "questions.button_answered" if answered else "questions.button_unanswered"
            number = question.number
            row += [signer.button(user_id, t(key, number=number), LIST_ANSWERED, round_id,
                                  number, answered, page),
                    signer.button(user_id, t("questions.button_hide", number=number), LIST_HIDE,
                                  round_id, number, 1, page),
                    signer.button(user_id, t("questions.button_merge", number=number),
                                  LIST_MERGE, round_id, number, page)]
        if row:
            rows.append(row)
    rows += page_row(signer, user_id, round_id, page, count)
    body = "\n".join(lines) if lines else t("questions.live_empty")
    return clip("\n\n".join([title, hint, body])), InlineKeyboardMarkup(rows)


def page_row(signer: ButtonSigner, user_id: int, round_id: int, page: int,
             count: int) -> list[list[InlineKeyboardButton]]:
    if count <= 1:
        return []
    turn: list[InlineKeyboardButton] = []
    if page > 0:
        turn.append(signer.button(user_id, f"◀ {page}/{count}", LIST_PAGE, round_id, page - 1))
    if page < count - 1:
        turn.append(signer.button(user_id, f"{page + 2}/{count} ▶", LIST_PAGE, round_id,
                                  page + 1))
    return [turn]


def merge_choice(state: qs.QuestionsState, t: Translator, signer: ButtonSigner, user_id: int,
                 round_id: int, number: int, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """Which question a duplicate joins: every other question the room sees."""
    duplicate = qs.find(state, number)
    rows = [[signer.button(user_id, f"→ {question.number}. {short(question.text, 40)}",
                           LIST_INTO, round_id, number, question.number)]
            for question in qs.ranked(state) if question.number != number][:PAGE * 3]
    rows.append([signer.button(user_id, t("questions.button_back"), LIST_PAGE, round_id, page)])
    text = t("questions.merge_which", number=number, text=short(duplicate.text, 200))
    return text, InlineKeyboardMarkup(rows)

"""The fishbowl in the chat: the live message, the request to make room, the summary.

The live message is the room's view of the circle: who sits and since when,
the empty chair, who speaks, and the queue with positions; seat changes are
shown there only. Its buttons are the moves a phone in one hand needs: queue,
leave, and (for the facilitator or a note-taker) a tap on the speaker's name.
When the empty chair is taken, the request to the longest seated to make room
carries the newcomer's speaking button (a reply to it adds a key point to the
newcomer's turn) and a button that records that the person stood up.
Everything here only reads the state; the rules are in ``flows.fishbowl``.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.profile import register_button, sector_label
from bot.rounds import LiveView
from flows import fishbowl as fb
from flows.base import FORGOTTEN, Announce
from flows.fishbowl.report import running_turn
from locales import clock
from storage.records import DEFAULT_SECTORS

MARK = "🐟"
SEAT_MARK = "🪑"
JOIN, LEAVE_QUEUE, LEAVE_CIRCLE, SPEAK, ORDER, UNSEAT = "fbj", "fbq", "fbl", "fbs", "fbo", "fbu"
ACTIONS = frozenset({JOIN, LEAVE_QUEUE, LEAVE_CIRCLE, SPEAK, ORDER, UNSEAT})
"""The fishbowl's button actions (short: callback data may hold at most 64 bytes)."""
SEAT_KEYS = frozenset(
    {"fishbowl.seated", "fishbowl.seated_with_label", "fishbowl.took_free_chair",
     "fishbowl.took_empty_chair", "fishbowl.took_empty_chair_fixed"}
)
"""Seat changes; the one the group sees (the request to make room) gets the newcomer's button."""
CLOSE_KEYS = frozenset({"fishbowl.closed", "fishbowl.time_up"})
QUEUE_SHOWN = 25
"""Queue entries listed by name; the rest are counted, so the message stays short."""
NAMES_PER_ROW = 2


def duration(seconds: int) -> str:
    """Minutes and seconds, ``6:05``, or whole minutes, ``4``: speaking turns are short."""
    if seconds % 60 == 0:
        return str(seconds // 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def name(view: LiveView, user_id: int) -> str:
    if user_id == FORGOTTEN:
        return view.t("fishbowl.forgotten")
    return view.name(user_id)


def labelled(state: fb.FishbowlState, view: LiveView, user_id: int) -> str:
    """The name with the person's seat label ("Anna (WS1)"), if they were seated with one."""
    label = next((s.label for s in state.seats if s.user_id == user_id and s.label), None)
    shown = name(view, user_id)
    return view.t("fishbowl.name_label", name=shown, label=label) if label else shown


# --- the live message ----------------------------------------------------------------------


def render_live(
    state: fb.FishbowlState, view: LiveView
) -> tuple[str, InlineKeyboardMarkup | None]:
    if state.phase is fb.Phase.CLOSED:
        title = view.t("fishbowl.live_closed", topic=state.topic)
        return "\n\n".join([title, *summary_paragraphs(state, view)]), None
    parts = [header(state, view), "\n".join(circle_lines(state, view)), queue_text(state, view)]
    return "\n\n".join(parts), live_markup(state, view)


def header(state: fb.FishbowlState, view: LiveView) -> str:
    lines = [view.t("fishbowl.live_title", topic=state.topic)]
    if state.seat_minutes is None:
        lines.append(view.t("fishbowl.live_chairs", chairs=state.chairs))
    else:
        minutes = duration(round(state.seat_minutes * 60))
        lines.append(view.t("fishbowl.live_chairs_seat_time", chairs=state.chairs, time=minutes))
    if state.deadline is not None:
        lines.append(view.t("fishbowl.live_until", time=clock(state.deadline)))
    return "\n".join(lines)


def circle_lines(state: fb.FishbowlState, view: LiveView) -> list[str]:
    """One line per occupant, longest seated first, then the free chairs."""
    turn = running_turn(state)
    lines = [view.t("fishbowl.live_circle")]
    for seat in fb.occupants(state):
        speaking = turn is not None and turn.user_id == seat.user_id
        parts = [
            f"{'🎙' if speaking else SEAT_MARK} {labelled(state, view, seat.user_id)}",
            view.t("fishbowl.live_since", time=clock(seat.start)),
        ]
        if speaking and turn is not None:
            parts.append(view.t("fishbowl.live_speaks_since", time=clock(turn.start)))
        if seat.fixed:
            parts.append(view.t("fishbowl.live_fixed"))
        if seat.reminded:
            parts.append(view.t("fishbowl.live_seat_time_up"))
        if state.asked_to_leave == seat.user_id:
            parts.append(view.t("fishbowl.live_asked_to_leave"))
        lines.append(" · ".join(parts))
    free = fb.free_chairs(state)
    if free == 1:
        lines.append(view.t("fishbowl.live_empty_chair"))
    elif free > 1:
        lines.append(view.t("fishbowl.live_free_chairs", count=free))
    else:
        lines.append(view.t("fishbowl.live_no_free_chair"))
    return lines


def queue_text(state: fb.FishbowlState, view: LiveView) -> str:
    waiting = fb.queue_order(state)
    order = view.t(f"fishbowl.order_name_{state.order.value}")
    if not waiting:
        return view.t("fishbowl.live_queue_empty", order=order)
    lines = [view.t("fishbowl.live_queue", order=order)]
    lines += [f"{n}. {name(view, uid)}" for n, uid in enumerate(waiting[:QUEUE_SHOWN], start=1)]
    if len(waiting) > QUEUE_SHOWN:
        lines.append(view.t("fishbowl.live_queue_more", count=len(waiting) - QUEUE_SHOWN))
    return "\n".join(lines)


def live_markup(state: fb.FishbowlState, view: LiveView) -> InlineKeyboardMarkup:
    """Queue and leave for everyone; speaker names and the queue order for those who steer."""
    def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=view.button_data(action, *args))

    rows = [
        [button(view.t("fishbowl.button_join"), JOIN)],
        [button(view.t("fishbowl.button_leave_queue"), LEAVE_QUEUE),
         button(view.t("fishbowl.button_leave_circle"), LEAVE_CIRCLE)],
    ]
    names = [
        speak_button(view, seat.user_id, stop=not fb.tap_starts(state, seat.user_id))
        for seat in fb.occupants(state)
    ]
    rows += [names[i : i + NAMES_PER_ROW] for i in range(0, len(names), NAMES_PER_ROW)]
    other = next(order for order in fb.QueueOrder if order is not state.order)
    rows.append([button(view.t(f"fishbowl.button_order_{other.value}"), ORDER, other.value)])
    rows.append([register_button(view.t, view.deep_link(f"reg_{view.session.id}"))])
    return InlineKeyboardMarkup(rows)


def speak_button(view: LiveView, user_id: int, *, stop: bool = False) -> InlineKeyboardButton:
    """A tap starts this person's speaking clock (or stops it, when it runs)."""
    key = "fishbowl.button_stop" if stop else "fishbowl.button_speak"
    data = view.button_data(SPEAK, user_id, 0 if stop else 1)
    return InlineKeyboardButton(view.t(key, name=name(view, user_id)), callback_data=data)


# --- announcements -------------------------------------------------------------------------


def plain(effect: Announce, view: LiveView) -> str:
    """The announcement's catalogue text with the people's names."""
    names = {slot: name(view, uid) for slot, uid in effect.people.items()}
    return view.t(effect.key, **effect.params, **names)


def present(
    effect: Announce, state: fb.FishbowlState, view: LiveView
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The request to make room gets the newcomer's speaking button and one to record that the
    person stood up; the closing gets the summary."""
    if effect.to is not None:
        return None
    if effect.key in SEAT_KEYS:
        seated = effect.people.get("person", effect.people.get("newcomer"))
        if seated is None:
            return None
        rows = [[speak_button(view, seated, stop=not fb.tap_starts(state, seated))]]
        leaver = effect.people.get("leaver")
        if leaver is not None:
            label = view.t("fishbowl.button_unseat", name=name(view, leaver))
            data = view.button_data(UNSEAT, leaver)
            rows.append([InlineKeyboardButton(label, callback_data=data)])
        return plain(effect, view), InlineKeyboardMarkup(rows)
    if effect.key in CLOSE_KEYS:
        return "\n\n".join([plain(effect, view), *summary_paragraphs(state, view)]), None
    return None


# --- the summary ---------------------------------------------------------------------------


def summary_paragraphs(state: fb.FishbowlState, view: LiveView) -> list[str]:
    """Who sat in the inner circle, in order, and the speaking time shares by sector."""
    done = fb.summary(state, view.now)
    if not done.seat_order:
        return [view.t("fishbowl.summary_nobody")]
    order = ", ".join(labelled(state, view, uid) for uid in done.seat_order)
    paragraphs = [view.t("fishbowl.summary_order", names=order)]
    if done.total_speaking_seconds == 0:
        return [*paragraphs, view.t("fishbowl.summary_no_speaking")]
    lines = [view.t("fishbowl.summary_sectors")]
    for sector, seconds, share in sector_shares(done, view):
        lines.append(
            view.t("fishbowl.summary_sector_line", sector=sector, time=duration(seconds),
                   percent=round(share * 100))
        )
    return [*paragraphs, "\n".join(lines)]


def short_sector(view: LiveView, sector: str | None) -> str:
    """"Kommune" rather than the registration's long text: a chat line has little room."""
    if sector in DEFAULT_SECTORS:
        return view.t(f"draft.sector.{sector}")
    return sector_label(view.t, sector)


def sector_shares(done: fb.FishbowlSummary, view: LiveView) -> list[tuple[str, int, float]]:
    """(sector text, seconds, share) from the people table's sectors, most speaking time first."""
    def sector_of(user_id: int) -> str:
        person = view.persons.get(user_id)
        return short_sector(view, person.sector if person else None)

    totals = fb.totals_by(dict(done.speaking_seconds), sector_of)
    parts = fb.shares(totals)
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return [(sector, seconds, parts[sector]) for sector, seconds in ranked]

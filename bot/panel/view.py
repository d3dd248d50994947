"""How the panel looks: the session, its open round (phase, time left, counts), the buttons.

Everything shown is read from the round's state; the move buttons are those
``service.panel.offers`` names, each tap a button. Buttons are signed for the
person's private chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import minutes, speakers
from bot.buttons import ButtonSigner
from flows.roles import Role
from locales import Translator
from service import panel as rules
from storage.records import RoundRecord, Session

ACTION = "pn"
"""The panel's one button action; its first argument says what the tap does."""


@dataclass(frozen=True)
class Screen:
    """What the panel needs to draw itself for one person."""

    user_id: int
    t: Translator
    signer: ButtonSigner
    now: datetime

    def button(self, label: str, *args: object) -> InlineKeyboardButton:
        return self.signer.button(self.user_id, label, ACTION, *args)


def sessions_screen(screen: Screen, sessions: list[Session]) -> tuple[str, InlineKeyboardMarkup]:
    """The person's sessions to choose from."""
    t = screen.t
    if not sessions:
        return t("panel.no_sessions"), InlineKeyboardMarkup([])
    rows = [[screen.button(s.title, "s", s.id)] for s in sessions]
    return t("panel.choose_session"), InlineKeyboardMarkup(rows)


def session_screen(screen: Screen, session: Session, role: Role, record: RoundRecord | None,
                   state: Any, names: dict[int, str]) -> tuple[str, InlineKeyboardMarkup]:
    """The chosen session: its open round with the moves legal now, or a new round to open."""
    t = screen.t
    lines = [t("panel.title", session=session.title)]
    rows: list[list[InlineKeyboardButton]] = []
    if record is None or not record.is_open:
        lines.append(t("panel.no_round"))
        rows += [[screen.button(t(f"panel.format_{kind}"), "n", session.id, kind)]
                 for kind in rules.SETUPS if rules.may_open(kind, role)]
    else:
        lines += round_lines(screen, record.kind, state)

        def name(user_id: int) -> str:
            return names.get(user_id, "?")

        for offer in rules.offers(record.kind, state, role, t, name):
            row = [screen.button(tap.label, "m", session.id, record.id, tap.code, *tap.args)
                   for tap in offer.taps]
            rows += [row[i:i + 2] for i in range(0, len(row), 2)]
    rows += documentation_rows(screen, session, role)
    rows.append([screen.button(t("panel.end_session"), "e", session.id)])
    rows.append([screen.button(t("panel.refresh"), "s", session.id),
                 screen.button(t("panel.sessions"), "l")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def documentation_rows(screen: Screen, session: Session, role: Role
                       ) -> list[list[InlineKeyboardButton]]:
    """The summary and the speakers, each opening its own private message."""
    tiles = [
        screen.signer.button(screen.user_id, screen.t(f"minutes.panel_{part}"), minutes.ACTION,
                             "S", session.id)
        if part == "minutes" else
        screen.signer.button(screen.user_id, screen.t(f"minutes.panel_{part}"),
                             speakers.ACTION, "O", session.id, part)
        for part in rules.documenting(role)
    ]
    return [tiles[i:i + 2] for i in range(0, len(tiles), 2)]


def end_screen(screen: Screen, session: Session) -> tuple[str, InlineKeyboardMarkup]:
    """Ending a session sends the draft and cannot be undone: the panel asks once more."""
    t = screen.t
    rows = [[screen.button(t("panel.end_yes"), "E", session.id),
             screen.button(t("panel.end_no"), "s", session.id)]]
    return t("panel.end_confirm", session=session.title), InlineKeyboardMarkup(rows)


def round_lines(screen: Screen, kind: str, state: Any) -> list[str]:
    """The round's format, title, phase, time left and counts."""
    return rules.round_lines(kind, state, screen.t, screen.now)


def setup_screen(screen: Screen, session: Session, kind: str, step: str,
                 data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """One step of setting up a new round: what to type, or the duration to choose."""
    t = screen.t
    lines = [t("panel.title", session=session.title), t(f"panel.new_{kind}")]
    if data.get("title"):
        lines.append(t("panel.given_title", title=data["title"]))
    if data.get("lines"):
        lines.append(t(f"panel.given_lines_{kind}", count=len(data["lines"])))
    if data.get("error"):
        lines.append(t("panel.try_again", error=data["error"]))
    rows: list[list[InlineKeyboardButton]] = []
    if step == "duration":
        lines.append(t("panel.ask_duration"))
        buttons = [screen.button(t("panel.minutes", minutes=m) if m else t("panel.no_timer"),
                                 "d", session.id, m) for m in rules.DURATIONS]
        rows += [buttons[:3], buttons[3:]]
    elif step == "choice":
        lines.append(t(f"panel.ask_choice_{kind}"))
        rows += [[screen.button(t(f"panel.choice_{kind}_{answer}"), "c", session.id, yes)]
                 for answer, yes in (("yes", 1), ("no", 0))]
    else:
        lines.append(t(f"panel.ask_{step}_{kind}"))
        default = rules.SETUPS[kind].default
        if step == "title" and default is not None:
            rows.append([screen.button(t("panel.take_default", title=t(default)), "t",
                                       session.id)])
    rows.append([screen.button(t("panel.cancel_setup"), "s", session.id)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)

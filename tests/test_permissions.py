"""docs/PERMISSIONS.md and the one role matrix (``flows.roles``) agree, cell by cell.

The document's table is parsed: every row names a flow event class and marks each
role ✓ or ✗. The marks must be exactly what the flows declared, ``require`` must
accept every ✓ and refuse every ✗, and every move the flows declare, every command
the bot answers and every button action and deep link it routes must be documented.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.app import build_application
from bot.offline import OfflineBotAPI
from bot.routing import Router
from flows import roles
from flows.base import Event, FlowError, TimerExpired, TimerWarning
from flows.fishbowl import SeatTimeUp
from flows.roles import Role
from tests.conftest import offline_settings

DOC = Path(__file__).parents[1] / "docs" / "PERMISSIONS.md"
HEADER = ("command or button", "flow event", "organizer", "facilitator", "note-taker",
          "participant", "outside the event")
COLUMNS = (Role.ORGANIZER, Role.FACILITATOR, Role.NOTETAKER, Role.PARTICIPANT, Role.OUTSIDER)
MARKS = {"✓": True, "✗": False}
TIMERS = (TimerWarning, TimerExpired, SeatTimeUp)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_EVENT_PATH = re.compile(r"^`(flows(?:\.\w+)+)\.(\w+)`$")


@dataclass(frozen=True)
class Row:
    move: str
    event_path: str
    marks: tuple[str, ...]

    @property
    def event_class(self) -> type:
        match = _EVENT_PATH.match(self.event_path)
        assert match is not None, f"not a flow event class: {self.event_path}"
        found = getattr(importlib.import_module(match.group(1)), match.group(2), None)
        assert isinstance(found, type), f"{self.event_path} does not exist"
        return found

    def allowed(self) -> frozenset[Role]:
        return frozenset(role for role, mark in zip(COLUMNS, self.marks, strict=True)
                         if MARKS[mark])


def table_lines(text: str) -> list[list[str]]:
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in _CELL_SPLIT.split(line.strip("|"))] for line in lines]


def parse_rows() -> list[Row]:
    header, separator, *body = table_lines(DOC.read_text(encoding="utf-8"))
    assert tuple(header) == HEADER
    assert all(set(cell) <= {"-", ":"} for cell in separator)
    return [Row(cells[0], cells[1], tuple(cells[2:])) for cells in body]


ROWS = parse_rows()


def row_id(row: Row) -> str:
    return f"{row.event_path.strip('`')}: {row.move[:40]}"


def test_the_document_has_one_table_with_a_column_per_role_and_a_row_per_move() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(table_lines(text)) == len(ROWS) + 2
    assert len(ROWS) >= len(roles.matrix()) - len(TIMERS)
    assert all(len(row.marks) == len(COLUMNS) for row in ROWS)
    assert all(set(row.marks) <= set(MARKS) for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_each_row_names_a_flow_event_class_that_exists(row: Row) -> None:
    assert row.event_class in roles.matrix()


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_each_rows_ticks_are_exactly_the_roles_the_matrix_allows(row: Row) -> None:
    assert row.allowed() == roles.allowed_roles(row.event_class)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_require_accepts_every_tick_and_refuses_every_cross_saying_who_may(row: Row) -> None:
    event = row.event_class.model_construct(actor=1)  # type: ignore[attr-defined]
    allowed = row.allowed()
    who = ("organize" if allowed <= {Role.ORGANIZER} else "steer" if allowed <= roles.STEER
           else "record" if allowed <= roles.RECORD else "take_part")
    for role in COLUMNS:
        if role in allowed:
            roles.require(event, role)
            continue
        with pytest.raises(FlowError) as refused:
            roles.require(event, role)
        assert (refused.value.key, refused.value.params) == ("not_allowed", {"who": who})


def test_every_move_the_flows_declare_appears_in_the_document() -> None:
    documented = {row.event_class for row in ROWS}
    declared = {cls for cls in roles.matrix() if cls.__module__.startswith("flows.")}
    declared -= set(TIMERS)
    missing = sorted(f"{cls.__module__}.{cls.__name__}" for cls in declared - documented)
    assert missing == []


def test_timer_events_are_declared_and_nobody_may_send_them() -> None:
    for timer in TIMERS:
        assert timer in roles.matrix()
        assert roles.allowed_roles(timer) == frozenset()


def test_an_undeclared_event_is_refused_to_every_role() -> None:
    class Undeclared(Event):
        pass

    for role in COLUMNS:
        with pytest.raises(FlowError, match="not_allowed"):
            roles.require(Undeclared(actor=1), role)


def test_every_command_the_bot_answers_is_in_the_document(tmp_path: Path) -> None:
    app = build_application(offline_settings(tmp_path), request=OfflineBotAPI())
    commands = {
        command
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    text = DOC.read_text(encoding="utf-8")
    assert {"pinboard", "fishbowl", "council", "export", "forgetme"} <= commands
    assert sorted(c for c in commands if not re.search(rf"`/{c}\b", text)) == []


def test_every_button_action_and_deep_link_is_in_the_document(tmp_path: Path) -> None:
    app = build_application(offline_settings(tmp_path), request=OfflineBotAPI())
    router: Router = app.bot_data["router"]
    text = DOC.read_text(encoding="utf-8")
    routes = {f"`{action}`" for action in router.buttons} | {f"`{p}_`" for p in router.starts}
    assert len(routes) > 40
    assert sorted(route for route in routes if route not in text) == []

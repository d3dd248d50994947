"""Where button presses, deep links and dialogue answers go: one table each, built once.

Each feature module lists the actions it handles as plain tuples (``BUTTONS``,
``STARTS``, ``DIALOGS``); ``bot.app.build_application`` composes them into the
one ``Router`` and keeps it in ``bot_data``. The dispatchers verify what they
can (button signatures) and hand over. Unknown or forged input gets a short
answer and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.services import Ctx

ButtonFn = Callable[[Update, Ctx, list[str]], Awaitable[None]]
StartFn = Callable[[Update, Ctx, str], Awaitable[None]]
DialogFn = Callable[[Update, Ctx, dict[str, Any]], Awaitable[None]]
Buttons = tuple[tuple[str, ButtonFn], ...]
"""A module's button actions: (action, what a press does)."""
Starts = tuple[tuple[str, StartFn], ...]
"""A module's deep links: (prefix before ``_``, what following the link does)."""
Dialogs = tuple[tuple[str, DialogFn], ...]
"""A module's private dialogues: (kind, what an answer does)."""


@dataclass(frozen=True)
class Router:
    buttons: Mapping[str, ButtonFn]
    starts: Mapping[str, StartFn]
    dialogs: Mapping[str, DialogFn]


def table(routes: Iterable[tuple[str, Any]], what: str) -> dict[str, Any]:
    """One key → one handler; a key listed twice is a wiring mistake, found at start-up."""
    found: dict[str, Any] = {}
    for key, fn in routes:
        if key in found:
            raise ValueError(f"the {what} {key!r} is routed twice")
        found[key] = fn
    return found


def build_router(buttons: Iterable[tuple[str, ButtonFn]], starts: Iterable[tuple[str, StartFn]],
                 dialogs: Iterable[tuple[str, DialogFn]]) -> Router:
    """The one routing table from the modules' tuples."""
    return Router(table(buttons, "button action"), table(starts, "deep link"),
                  table(dialogs, "dialogue"))


def router(context: Ctx) -> Router:
    """The routing table ``build_application`` composed."""
    found: Router = context.bot_data["router"]
    return found

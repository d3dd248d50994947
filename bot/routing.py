"""Where button presses, deep links and dialogue answers go: one table each, filled by modules.

Each feature module registers the actions it handles; the three dispatchers
here verify what they can (button signatures) and hand over. Unknown or
forged input gets a short answer and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.services import Ctx

ButtonFn = Callable[[Update, Ctx, list[str]], Awaitable[None]]
StartFn = Callable[[Update, Ctx, str], Awaitable[None]]
DialogFn = Callable[[Update, Ctx, dict[str, Any]], Awaitable[None]]


@dataclass
class Router:
    buttons: dict[str, ButtonFn] = field(default_factory=dict)
    starts: dict[str, StartFn] = field(default_factory=dict)
    dialogs: dict[str, DialogFn] = field(default_factory=dict)

    def button(self, action: str) -> Callable[[ButtonFn], ButtonFn]:
        def register(fn: ButtonFn) -> ButtonFn:
            self.buttons[action] = fn
            return fn

        return register

    def start(self, prefix: str) -> Callable[[StartFn], StartFn]:
        def register(fn: StartFn) -> StartFn:
            self.starts[prefix] = fn
            return fn

        return register

    def dialog(self, kind: str) -> Callable[[DialogFn], DialogFn]:
        def register(fn: DialogFn) -> DialogFn:
            self.dialogs[kind] = fn
            return fn

        return register


ROUTER = Router()
"""The one routing table; modules register into it at import."""

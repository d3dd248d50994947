"""A session's minutes: the summary note-takers and facilitators write, as the reference has it.

The reference's biggest part per workshop is "Impuls & Diskussionsergebnisse –
Zusammenfassung", a summary with "[Bericht von …]" naming who reported. Here
those who record (note-takers, facilitators, organizers) write it as free text:

- with ``/minutes <text>`` in the session chat, or privately in a dialogue;
- several messages append (a paragraph each); the text can be replaced or cleared
  at any time, and every draft uses the text as it is then;
- everyone who wrote to it is one of its reporters, named as they agreed.
"""

from __future__ import annotations

import re
from typing import Literal

from flows.access import RECORD, Matrix
from flows.base import Event, FlowError, has_visible_text

MAX_MINUTES = 30_000
"""Characters a session's summary may hold (about ten pages)."""
Mode = Literal["append", "replace", "clear"]
MODES: tuple[Mode, ...] = ("append", "replace", "clear")
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?[ \t]*\n?")


class WriteMinutes(Event):
    """Append to, replace or clear the session's summary."""

    mode: Mode
    text: str = ""


PERMISSIONS: Matrix = {WriteMinutes: RECORD}
"""Those who record write the minutes: note-takers, facilitators, organizers."""


def without_command(text: str | None) -> str:
    """The words of a ``/minutes …`` message without the command."""
    return _COMMAND.sub("", (text or "").strip(), count=1)


def cleaned(text: str) -> str:
    """The text as written, each line trimmed at its end, no more than one blank line."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not has_visible_text(joined):
        raise FlowError("minutes.empty")
    return joined


def written(current: str | None, mode: Mode, text: str = "") -> str | None:
    """The summary after one change: ``None`` once cleared. Too long is refused."""
    if mode == "clear":
        return None
    addition = cleaned(text)
    after = addition if mode == "replace" or not current else f"{current}\n\n{addition}"
    if len(after) > MAX_MINUTES:
        raise FlowError("minutes.too_long", max=MAX_MINUTES)
    return after


def parse_mode(value: str) -> Mode:
    for mode in MODES:
        if value == mode:
            return mode
    raise FlowError("core.stale_button")

"""The commands of a round of questions as text: ``/questions [10m] [title]`` and ``/ask text``."""

from __future__ import annotations

import re
from datetime import datetime

from flows.base import has_visible_text
from flows.durations import take_duration
from flows.questions.model import AskQuestion, OpenQuestions, check_question, check_title

_COMMAND = re.compile(r"^/[A-Za-z_]+(@\w+)?(\s+|$)")


def strip_command(text: str) -> str:
    """The text after a leading ``/command`` or ``/command@bot``, if there is one."""
    return _COMMAND.sub("", text.strip(), count=1)


def parse_open(text: str, actor: int, *, default_title: str,
               anonymity_allowed: bool = False) -> OpenQuestions:
    """``/questions [10 Min.] [title]``: without a title the round takes ``default_title``.

    A number without a unit belongs to the title (``/questions 3 Fragen an Kassel``).
    """
    rest = strip_command(text)
    minutes: float | None = None
    timed = take_duration(rest)
    if timed is not None:
        minutes, rest = timed
    title = rest if has_visible_text(rest) else default_title
    return OpenQuestions(actor=actor, title=check_title(title), minutes=minutes,
                         anonymity_allowed=anonymity_allowed)


def parse_ask(text: str, actor: int, *, source: str | None = None,
              sent: datetime | None = None, anonymous: bool = False) -> AskQuestion:
    """``/ask text``, a reply, or a private message: the whole text is the question."""
    return AskQuestion(actor=actor, text=check_question(strip_command(text)), source=source,
                       sent=sent, anonymous=anonymous)

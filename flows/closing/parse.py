"""The closing round's commands as text: ``/closing [10m] [question]`` and answers.

The questions follow the command, one a line (at most two); without any, the
round asks the default question, which the adapter gives in the event's
language. An answer to a round of two questions starts with its number.
"""

from __future__ import annotations

import re
from datetime import datetime

from flows.base import FlowError
from flows.closing.model import GiveAnswer, OpenClosing, check_answer, check_questions
from flows.durations import take_duration

_COMMAND = re.compile(r"^/[A-Za-z_]+(@\w+)?[ \t]*")
_NUMBERED = re.compile(r"^\s*([12])\s*[.:)]?\s+(.*)$", re.DOTALL)


def strip_command(text: str) -> str:
    """The text after a leading ``/command`` or ``/command@bot``, if there is one."""
    return _COMMAND.sub("", text.strip(), count=1)


def parse_open(text: str, actor: int, *, default_question: str,
               rating: bool = False) -> OpenClosing:
    """``/closing [10 Min.] [question]`` and a second question on the next line."""
    rest = strip_command(text)
    minutes: float | None = None
    timed = take_duration(rest)
    if timed is not None:
        minutes, rest = timed
    lines = tuple(line for line in rest.splitlines() if line.strip())
    return OpenClosing(actor=actor, questions=check_questions(lines or (default_question,)),
                       rating=rating, minutes=minutes)


def parse_answer(text: str, actor: int, *, questions: int, source: str | None = None,
                 sent: datetime | None = None, question: int | None = None) -> GiveAnswer:
    """An answer: to ``question`` if it is known (a private dialogue), to the only question,
    or, of two, to the one its first word numbers (``2 Mehr Pausen``)."""
    body = strip_command(text)
    if question is None and questions > 1:
        numbered = _NUMBERED.match(body)
        if numbered is None:
            raise FlowError("closing.which_question")
        question, body = int(numbered.group(1)), numbered.group(2)
    return GiveAnswer(actor=actor, question=question or 1, text=check_answer(body),
                      source=source, sent=sent)

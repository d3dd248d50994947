"""What the organizer types for a survey: the topics (one a line) and how many each may pick."""

from __future__ import annotations

import re

from flows.base import FlowError
from flows.survey.model import check_picks, check_topics

_BULLET = re.compile(r"^\s*(?:[-–•*]|\d{1,2}[.)])\s+")


def parse_topics(text: str) -> tuple[str, ...]:
    """One topic a line; a leading bullet or number ("1.", "-", "•") is not part of it."""
    return check_topics(tuple(_BULLET.sub("", line) for line in text.splitlines()))


def parse_picks(text: str, topics: int) -> int:
    """A number from 1 to one less than the topics."""
    word = text.strip()
    if not word.isdecimal():
        raise FlowError("survey.picks_range", max=topics - 1)
    return check_picks(int(word), topics)

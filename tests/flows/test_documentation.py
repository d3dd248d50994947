"""The quote rules: which message may become a quote, and its words."""

from __future__ import annotations

import pytest

from flows.base import FlowError
from flows.documentation import MAX_QUOTE, quote_words
from flows.roles import Role

ANNA = 11


def refusal(role: Role, author: int | None, is_bot: bool, text: str | None) -> str:
    with pytest.raises(FlowError) as caught:
        quote_words(role, author, is_bot, text)
    return caught.value.key


def test_a_quote_keeps_the_words_without_a_leading_command() -> None:
    assert quote_words(Role.PARTICIPANT, ANNA, False, "/quote@werkstatt_bot  Mehr Bänke! ") == (
        "Mehr Bänke!")


def test_a_quote_needs_a_persons_message() -> None:
    assert refusal(Role.PARTICIPANT, None, False, "Mehr Bänke") == "documentation.quote_how"


def test_the_bot_cannot_be_quoted() -> None:
    assert refusal(Role.FACILITATOR, ANNA, True, "Der Rat tagt") == "documentation.quote_bot"


def test_someone_outside_the_event_may_not_mark_a_quote() -> None:
    assert refusal(Role.OUTSIDER, ANNA, False, "Mehr Bänke") == "not_allowed"


def test_a_quote_needs_words_and_has_a_limit() -> None:
    assert refusal(Role.PARTICIPANT, ANNA, False, None) == "documentation.quote_no_text"
    too_long = "x" * (MAX_QUOTE + 1)
    assert refusal(Role.PARTICIPANT, ANNA, False, too_long) == "documentation.quote_too_long"

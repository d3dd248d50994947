"""Role resolution: the one rule every adapter uses to turn what it knows into a role."""

from __future__ import annotations

import pytest

from flows import documentation, session
from flows.pinboard import MACHINE as PINBOARD
from flows.roles import MATRIX, STEER, TAKE_PART, Role, combined, resolve


@pytest.mark.parametrize(
    ("held", "is_chat_admin", "member", "role"),
    [
        ({"organizer", "facilitator", "notetaker"}, False, True, Role.ORGANIZER),
        ({"organizer"}, True, False, Role.ORGANIZER),
        ({"facilitator", "notetaker"}, False, True, Role.FACILITATOR),
        ({"notetaker"}, True, True, Role.FACILITATOR),
        ({"notetaker"}, False, False, Role.NOTETAKER),
        (set(), False, True, Role.PARTICIPANT),
        (set(), False, False, Role.OUTSIDER),
    ],
)
def test_the_strongest_role_wins(held: set[str], is_chat_admin: bool, member: bool,
                                 role: Role) -> None:
    assert resolve(held, is_chat_admin, member=member) == role


def test_a_group_administrator_facilitates_without_being_appointed() -> None:
    assert resolve(frozenset(), True) == Role.FACILITATOR


def test_someone_outside_the_session_holding_no_role_stays_outside() -> None:
    assert resolve(frozenset(), False) == Role.OUTSIDER


def test_the_matrix_is_built_from_the_formats_tables_and_refuses_a_type_declared_twice() -> None:
    assert PINBOARD.permissions().items() <= MATRIX.items()
    assert session.PERMISSIONS.items() <= MATRIX.items()
    assert documentation.PERMISSIONS.items() <= MATRIX.items()
    with pytest.raises(TypeError):
        MATRIX[documentation.AddPhoto] = TAKE_PART  # type: ignore[index]
    with pytest.raises(ValueError, match="AddPhoto is declared twice"):
        combined({documentation.AddPhoto: STEER}, {documentation.AddPhoto: TAKE_PART})

"""Forgetting a person everywhere (``/forgetme``, and a guest's own page): rounds, log, profile.

Every format removes or anonymizes the person in its rounds' states
(``RoundFormat.forget``); the log's rows about them are redacted and their
profile, memberships and roles deleted, all in one transaction while no
contribution is under way (``RoundService.exclusive``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from service.rounds import RoundService
from storage import people, privacy
from storage import rounds as stored


class Forgotten(NamedTuple):
    """What forgetting a person changed: how many rounds, the open rounds (their views show
    it now) and the chats where the person's roles had their own command menus."""

    changed: int
    open_ids: list[int]
    role_chats: list[int]


def unchanged(state_json: str) -> str:
    return state_json


async def forget_everywhere(rounds: RoundService, user_id: int, *, erase: bool,
                            clean: Callable[[str], str] = unchanged) -> Forgotten:
    """Remove the person from every round, the log and the profile tables (their roles go with
    the profile). ``clean`` may rewrite a cleaned state's JSON further (an adapter's sources
    that carry the person's id)."""
    changed = 0
    async with rounds.exclusive(), rounds.db.transaction() as tx:
        # Their sessions held against other processes first, then the rounds read as they are.
        await tx.lock_sessions(r.session_id for r in await stored.rounds_mentioning(tx, user_id))
        for record in await stored.rounds_mentioning(tx, user_id):
            fmt = rounds.formats.get(record.kind)
            if fmt is None:
                continue
            state = fmt.parse(record)
            cleaned = fmt.state_type.model_validate_json(
                clean(fmt.forget(state, user_id, erase).model_dump_json()))
            if cleaned != state:
                await stored.replace_state(tx, record.id, cleaned)
                changed += 1
        await privacy.redact_log(tx, user_id)
        role_chats = await people.role_chats(tx, user_id)
        await privacy.forget_person(tx, user_id, erase)
        open_ids = [record.id for record in await stored.all_open_rounds(tx)]
    return Forgotten(changed, open_ids, role_chats)

"""Web requests' moves (``service.requests``): a request id acts once per person in a session,
also when a retry arrives after a new round opened."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from service.requests import WebMoves
from service.rounds import RoundService
from storage.db import Database
from tests.service.tally import Bump, StartTally, StopTally, Tally
from tests.service.test_rounds import FACILITATOR, FORMATS, PARTICIPANT, Clock, a_session

REQUEST = "request-id-0000001"


@pytest.fixture
async def service(db: Database) -> AsyncIterator[RoundService]:
    rounds = RoundService(db, FORMATS, clock=Clock())
    yield rounds
    await rounds.journal.drain()


async def test_a_request_id_acts_once_in_a_session_even_after_a_new_round_opened(
    service: RoundService,
) -> None:
    session = await a_session(service.db)
    moves = WebMoves(service)
    await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1))
    await moves.act(session, PARTICIPANT, Bump(actor=2), "tally", REQUEST)
    await service.act(session, FACILITATOR, StopTally(actor=1))
    await service.open_round(session, FACILITATOR, FORMATS["tally"], StartTally(actor=1))
    await moves.act(session, PARTICIPANT, Bump(actor=2), "tally", REQUEST)  # a late retry
    assert (await count(service, session.id)) == 0
    await moves.act(session, FACILITATOR, Bump(actor=1), "tally", REQUEST)  # another's own id
    await moves.act(session, PARTICIPANT, Bump(actor=2), "tally", "request-id-0000002")
    assert (await count(service, session.id)) == 2


async def count(service: RoundService, session_id: int) -> int:
    async with service.db.read() as tx:
        row = await tx.one("SELECT state FROM rounds WHERE session_id = ? AND is_open = 1",
                           (session_id,))
    assert row is not None
    return Tally.model_validate_json(row["state"]).count

"""What the inbox hands over again after a crash that came after storing and before the answer:
stored once, and answered."""

from __future__ import annotations

import json
from pathlib import Path

from bot.simulate import World
from tests.bot.test_pinboard import T, board_state, opened
from tests.bot.test_pinboard_private import open_private_chat
from tests.conftest import offline_settings
from tests.databases import run_sql


def unhandle(database: str, update_id: int, payload: dict[str, object]) -> None:
    """The crash's trace: the update is in the inbox, not marked handled."""
    run_sql(database, "UPDATE inbox SET payload = ?, handled_at = NULL WHERE update_id = ?",
            (json.dumps(payload), update_id))


async def test_a_replayed_private_note_that_was_stored_gets_its_answer_again(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path))
    await world.start()
    here = await opened(world)
    anna = world.person("Anna", "de")
    await open_private_chat(here, anna)
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "2. Wer trägt")
    message = await anna.say(None, "Hausmeister & Versicherung")
    assert world.api.texts(anna.id)[-1] == T("pinboard.private_noted", number=2, numbers="1")
    update_id = world.api.next_update_id() - 1  # the one that carried the note
    await world.stop()

    unhandle(world.settings.database, update_id, {"update_id": update_id, "message": message})
    answers = len(world.api.texts(anna.id))
    await world.start()
    await world.settle()
    assert world.api.texts(anna.id)[answers:] == [
        T("pinboard.private_noted", number=2, numbers="1")]
    assert [note.text for note in (await board_state(world)).notes] == [
        "Hausmeister & Versicherung"]
    await world.stop()

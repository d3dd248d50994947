"""A webhook on SQLite answers 200 once the update's receipt is on disk: the receipt goes once the
update is marked handled (its content never enters the inbox), and what a crash left of the
receipts is handled at the next start, once."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import OFFLINE_TOKEN, build_application
from bot.cli import webhook_options
from bot.inbox import store_before_acknowledging
from bot.offline import OfflineBotAPI
from bot.webhook import webhook_companion
from storage.db import Database
from storage.receipts import Receipts, folder_for
from tests.bot.helpers import running
from tests.conftest import offline_settings

pytestmark = pytest.mark.sqlite_only("receipts are kept beside a database file")
SECRET = "s3cret-Token_1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_update(update_id: int, user: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1, "text": "/start",
        "chat": {"id": user, "type": "private", "first_name": f"P{user}"},
        "from": {"id": user, "is_bot": False, "first_name": f"P{user}"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def run_webhook(tmp_path: Path, api: OfflineBotAPI,
                      updates: list[dict[str, Any]]) -> list[int]:
    """Start a webhook bot, POST the updates one after another as Telegram does, wait until
    they are handled, stop; the answers' status codes."""
    settings = offline_settings(tmp_path, webhook_url="https://bot.example",
                                webhook_secret=SECRET, webhook_port=free_port(), web=False)
    app = build_application(settings, request=api)
    store_before_acknowledging(app)
    options = webhook_options(settings, OFFLINE_TOKEN) | {"listen": "127.0.0.1"}
    app.bot_data["companions"] = [webhook_companion(app, settings, options)]
    async with running(app), httpx.AsyncClient() as client:
        return [(await client.post(
            f"http://127.0.0.1:{options['port']}/{options['url_path']}",
            content=json.dumps(update),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})).status_code
            for update in updates]


async def inbox_rows(path: str) -> dict[int, tuple[bool, bool]]:
    db = Database(path)
    await db.open()
    try:
        async with db.read() as tx:
            rows = await tx.all("SELECT update_id, payload IS NOT NULL AS kept,"
                                " handled_at IS NOT NULL AS handled FROM inbox")
    finally:
        await db.close()
    return {int(r["update_id"]): (bool(r["kept"]), bool(r["handled"])) for r in rows}


async def test_receipts_go_once_committed_and_a_crash_s_leftovers_are_handled_once(
    tmp_path: Path,
) -> None:
    database = str(tmp_path / "werkstatt.sqlite3")
    folder = folder_for(database)
    api = OfflineBotAPI()
    api.started.update({5, 6, 7})
    codes = await run_webhook(tmp_path, api, [start_update(n, 4 + n) for n in (1, 2)])
    assert codes == [200, 200]
    assert [len(api.sent("sendMessage", user)) for user in (5, 6)] == [1, 1]
    assert await inbox_rows(database) == {1: (False, True), 2: (False, True)}
    assert list(folder.glob("*.receipts")) == []  # every receipt was committed: none is left

    # As a crash leaves them: update 2's receipt though it was handled, update 3's before its
    # row was committed.
    left = Receipts(folder)
    for update_id in (2, 3):
        left.keep(update_id, json.dumps(start_update(update_id, 4 + update_id)))
    # Update 1 again, as Telegram sends one whose 200 it missed: handled once, no receipt.
    codes = await run_webhook(tmp_path, api, [start_update(4, 5), start_update(1, 5)])
    assert codes == [200, 200]
    assert [len(api.sent("sendMessage", user)) for user in (5, 6, 7)] == [2, 1, 1]
    assert await inbox_rows(database) == dict.fromkeys((1, 2, 3, 4), (False, True))
    assert [p.stat().st_size for p in folder.glob("*.receipts")] in ([], [0])


async def test_an_update_whose_receipt_cannot_be_written_is_answered_500_and_not_handled(
    tmp_path: Path,
) -> None:
    database = str(tmp_path / "werkstatt.sqlite3")
    folder = folder_for(database)
    folder.write_text("")  # the receipts' folder cannot be made (as a disk that refuses)
    api = OfflineBotAPI()
    api.started.add(5)
    assert await run_webhook(tmp_path, api, [start_update(1, 5)]) == [500]
    assert api.sent("sendMessage", 5) == []
    assert 1 not in await inbox_rows(database)
    folder.unlink()
    assert await run_webhook(tmp_path, api, [start_update(1, 5)]) == [200]  # Telegram's retry
    assert len(api.sent("sendMessage", 5)) == 1

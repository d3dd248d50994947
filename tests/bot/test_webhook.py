"""The webhook, on the web side's server: requests without Telegram's secret token are refused."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app import OFFLINE_TOKEN, build_application, settle, setup, teardown
from bot.cli import webhook_options
from bot.offline import OfflineBotAPI
from bot.settings import SettingsError
from bot.webhook import webhook_companion
from tests.bot.helpers import running
from tests.conftest import offline_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_webhook_options_require_url_and_secret(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="WERKSTATT_WEBHOOK_SECRET"):
        webhook_options(offline_settings(tmp_path, webhook_url="https://x.example"), OFFLINE_TOKEN)


async def test_a_request_without_the_secret_token_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    port = free_port()
    settings = offline_settings(
        tmp_path, webhook_url="https://bot.example", webhook_secret="s3cret-Token_1",
        webhook_port=port,
    )
    api = OfflineBotAPI()
    app = build_application(settings, request=api)
    options = webhook_options(settings, OFFLINE_TOKEN)
    options["listen"] = "127.0.0.1"
    companion = webhook_companion(app, settings, options)
    app.bot_data["companions"] = [companion]  # the webhook on the web side's server
    url = f"http://127.0.0.1:{port}/{options['url_path']}"
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1, "date": 1, "chat": {"id": 5, "type": "private", "first_name": "A"},
            "from": {"id": 5, "is_bot": False, "first_name": "A"}, "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    api.started.add(5)
    async with running(app), httpx.AsyncClient() as client:
        refused = await client.post(url, content=json.dumps(update),
                                    headers={"Content-Type": "application/json"})
        wrong = await client.post(url, content=json.dumps(update), headers={
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": "guess",
        })
        garbled = await client.post(url, content=b"not json", headers={
            "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1",
        })
        accepted = await client.post(url, content=json.dumps(update), headers={
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1",
        })
        wall = await client.get(f"http://127.0.0.1:{port}/healthz")  # the same port
    assert (refused.status_code, wrong.status_code, garbled.status_code,
            accepted.status_code) == (403, 403, 400, 200)
    assert wall.text == "ok"
    assert len(api.sent("sendMessage", 5)) == 1
    assert not companion.running  # the bot's settle stopped the server


async def test_without_the_web_side_the_port_serves_the_webhook_only(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path, webhook_url="https://bot.example",
                                webhook_secret="s3cret-Token_1", webhook_port=free_port(),
                                web=False)
    app = build_application(settings, request=OfflineBotAPI())
    options = webhook_options(settings, OFFLINE_TOKEN) | {"listen": "127.0.0.1"}
    companion = webhook_companion(app, settings, options)
    app.bot_data["companions"] = [companion]
    await app.initialize()
    await setup(app)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{options['port']}") as client:
            webhook = await client.post(f"/{options['url_path']}", content=b"{}")
            wall = await client.get(f"/wall/{'A' * 22}")
            read = await client.get(f"/{options['url_path']}")
            secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            declared = await client.post(f"/{options['url_path']}", headers=secret,
                                         content=b"{" + b" " * 1_000_000 + b"}")

            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(20):
                    yield b" " * 100_000

            streamed = await client.post(f"/{options['url_path']}", headers=secret,
                                         content=chunks())
    finally:
        await settle(app)
        await app.shutdown()
        await teardown(app)
    assert (webhook.status_code, wall.status_code) == (403, 404)
    assert (read.status_code, read.headers["allow"]) == (405, "POST")
    assert (declared.status_code, streamed.status_code) == (413, 413)

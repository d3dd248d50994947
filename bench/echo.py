"""The baseline: a bare python-telegram-bot echo bot on the same offline Bot API.

One ``MessageHandler`` that replies, python-telegram-bot's defaults otherwise
(updates one at a time, no rate limiter). It gets the very same ``/note``
updates Werkstatt gets, through ``update_queue``, so the ratio of the two
rates is what Werkstatt's own work costs on top of the framework.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.sim import enqueue, note_burst, person_dict
from bot.app import OFFLINE_TOKEN
from bot.offline import OfflineBotAPI

ECHO_CHAT = -1_000_000_999_999


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def echo_application(api: OfflineBotAPI) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder().token(OFFLINE_TOKEN).request(api).get_updates_request(api).build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


async def _started_echo(
) -> tuple[OfflineBotAPI, dict[str, Any], Application[Any, Any, Any, Any, Any, Any]]:
    """A running echo bot on a fresh offline Telegram, with its group."""
    api = OfflineBotAPI()
    chat = api.add_chat(ECHO_CHAT, "supergroup", "Echo")
    app = echo_application(api)
    await app.initialize()
    await app.start()
    return api, chat, app


@dataclass(frozen=True)
class EchoRate:
    rate: float
    """Updates per second (the best run)."""
    cpu: float
    """CPU seconds per update in that run."""


async def echo_rate(updates: int, participants: int, *, repeats: int = 2) -> EchoRate:
    """Updates per second of the echo bot (the best of ``repeats`` runs, after a warm-up)."""
    api, chat, app = await _started_echo()
    people = [person_dict(3_000_000 + i, f"Echo{i}") for i in range(participants)]
    best = EchoRate(0.0, 0.0)
    try:
        for attempt in range(repeats + 1):
            burst = note_burst(api, app.bot, chat, people, max(1, updates // participants))
            cpu = time.process_time()
            started = time.perf_counter()
            for update in burst.updates:
                app.update_queue.put_nowait(update)
            await app.update_queue.join()
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu
            replies = sum(1 for call in api.calls if call.method == "sendMessage")
            if replies < len(burst) * (attempt + 1):
                raise RuntimeError(f"echo bot answered {replies} of {len(burst)} updates")
            if attempt > 0 and len(burst) / elapsed > best.rate:
                best = EchoRate(len(burst) / elapsed, cpu / len(burst))
    finally:
        await app.stop()
        await app.shutdown()
    return best


async def echo_latency_p99(participants: int, notes_each: int) -> float:
    """The echo bot's p99 from the update queue to its reply, for a burst sent all at once."""
    api, chat, app = await _started_echo()
    people = [person_dict(3_500_000 + i, f"Echo{i}") for i in range(participants)]
    try:
        burst = note_burst(api, app.bot, chat, people, notes_each)
        texts = {str(update.effective_message.text): message_id
                 for update, message_id in zip(burst.updates, burst.message_ids, strict=True)
                 if update.effective_message is not None}
        await enqueue(app.update_queue, burst)
        await app.update_queue.join()
    finally:
        await app.stop()
        await app.shutdown()
    replied = {texts[str(c.params["text"])]: c.at for c in api.calls
               if c.method == "sendMessage" and str(c.params.get("text")) in texts}
    if len(replied) != len(burst):
        raise RuntimeError(f"echo bot answered {len(replied)} of {len(burst)} updates")
    waits = sorted(replied[mid] - burst.entered[mid] for mid in burst.message_ids)
    return waits[max(0, round(0.99 * len(waits) + 0.5) - 1)]

"""Running the bot safely: what ends a run at once, with one line, instead of a retry loop.

While polling, python-telegram-bot hands every failed ``getUpdates`` to the
error handlers and polls again, for ever. Two of those failures want another
answer:

- 409 Conflict: another process polls with the same token. Both would take
  turns taking updates, each with its own idea of the rounds; the run ends
  with one line and a non-zero exit instead.
  (python-telegram-bot's last ``getUpdates`` at shutdown meets the same 409; its
  traceback is left out of the log, the line above says it all.)
- Telegram not reachable (a network error, 5xx): polling goes on with backoff
  (python-telegram-bot's), logged as one line per attempt, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import Conflict, NetworkError
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]


class PollingGuard:
    """The first error handler of a polling run: a Conflict stops the run, and says why."""

    def __init__(self) -> None:
        self.problem: str | None = None
        """Why the run ended (one line for the operator), if it did not end normally."""

    def install(self, app: App) -> None:
        """Put this handler before every other, so a polling error goes no further."""
        app.error_handlers = {self.on_error: True, **app.error_handlers}
        logging.getLogger("telegram.ext.Updater").addFilter(self._known_conflict)

    def _known_conflict(self, record: logging.LogRecord) -> bool:
        """Keep a log record unless it is the 409 once more, after the run was stopped for it."""
        error = record.exc_info[1] if record.exc_info else None
        return not (self.problem is not None and isinstance(error, Conflict))

    async def on_error(self, update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
        if update is not None or context.job is not None or context.coroutine is not None:
            return  # not an error of fetching updates: the other handlers see it
        error = context.error
        if isinstance(error, Conflict):
            if self.problem is None:
                self.problem = (
                    "another process is running this bot with the same token (Telegram"
                    f" answered 409: {error.message}); stopped. Run one process per bot."
                )
                log.error("%s", self.problem)
                stop(context.application)
            raise ApplicationHandlerStop
        if isinstance(error, NetworkError):
            log.warning("Telegram is not reachable (%s); polling again", error.message)
            raise ApplicationHandlerStop


def stop(app: App) -> None:
    """Stop ``run_polling``; if polling failed before the application started, once it has."""
    if app.running:
        app.stop_running()
        return
    asyncio.get_running_loop().call_later(0.05, stop, app)

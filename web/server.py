"""uvicorn inside the bot's asyncio loop: one process, one shutdown path (the bot's).

uvicorn's own ``serve`` installs handlers for SIGINT and SIGTERM and raises the
signal again once it has stopped, which would end the process before the bot
has settled its acknowledgements and the journal. ``Server`` leaves the signals
alone; the bot's shutdown calls ``stop``, which ends every open event stream
(``Changes.close``) and gives the server ``STOP_GRACE`` seconds before it is
cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Generator

import uvicorn
from starlette.types import ASGIApp

log = logging.getLogger(__name__)
STOP_GRACE = 3
"""Seconds open connections get to close when the bot stops."""


class Server(uvicorn.Server):
    """A uvicorn server that does not own the process's signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield

    def install_signal_handlers(self) -> None:  # older uvicorn versions call this instead
        return None


class WebServer:
    """The web side as a task of the running loop: ``start``, then ``stop`` at shutdown."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False,
            lifespan="off", timeout_graceful_shutdown=STOP_GRACE, proxy_headers=True,
            interface="asgi3",
            server_header=False,
        )
        self.server = Server(config)
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Serve in the background; return once it listens (``OSError`` if it cannot)."""
        self.task = asyncio.get_running_loop().create_task(self._serve(), name="web")
        while not self.server.started:
            if self.task.done():
                self.task.result()  # the reason it could not start
                raise OSError("the web server stopped before it started")
            await asyncio.sleep(0.01)

    async def _serve(self) -> None:
        try:
            await self.server.serve()
        except SystemExit as error:  # uvicorn exits when it cannot bind: not the bot's exit
            raise OSError(f"the web server could not start ({error.code})") from None

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose for port 0)."""
        for server in self.server.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return int(self.server.config.port)

    async def stop(self) -> None:
        """Stop listening and end open connections within ``STOP_GRACE`` (then cancel)."""
        if self.task is None:
            return
        self.server.should_exit = True
        try:
            async with asyncio.timeout(STOP_GRACE + 2.0):
                await asyncio.shield(self.task)
        except TimeoutError:
            log.warning("the web server did not stop in time; cancelled")
            self.server.force_exit = True
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        except OSError:
            pass
        self.task = None

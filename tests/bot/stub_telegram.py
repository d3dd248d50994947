"""A tiny Bot API over HTTP for ``werkstatt run`` in a subprocess: enough to start and poll.

It answers ``getMe`` with the bot, ``getUpdates`` with nothing (after a short
wait, as long polling does), with 409 Conflict, or the first ``down`` times with
502, and every other method with ``true``. It counts the calls per method.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance"
    " is running"
)


class StubTelegram(ThreadingHTTPServer):
    def __init__(self, *, conflict: bool = False, down: int = 0) -> None:
        super().__init__(("127.0.0.1", 0), _Answer)
        self.conflict = conflict
        self.down = down
        self.calls: Counter[str] = Counter()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"


class _Answer(BaseHTTPRequestHandler):
    server: StubTelegram

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        method = self.path.rsplit("/", 1)[-1]
        self.server.calls[method] += 1
        status = 200
        body: dict[str, object] = {"ok": True, "result": True}
        if method == "getMe":
            body["result"] = {"id": 123456789, "is_bot": True, "first_name": "Werkstatt",
                              "username": "werkstatt_stub_bot"}
        elif method == "getUpdates" and self.server.conflict:
            status, body = 409, {"ok": False, "error_code": 409, "description": CONFLICT}
        elif method == "getUpdates" and self.server.calls[method] <= self.server.down:
            status, body = 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        elif method == "getUpdates":
            time.sleep(0.2)
            body["result"] = []
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def stub_telegram(*, conflict: bool = False, down: int = 0) -> Iterator[StubTelegram]:
    """The stub, served from a thread for the block."""
    server = StubTelegram(conflict=conflict, down=down)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

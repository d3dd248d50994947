"""The web side's routes: the wall page, its event stream, the join QR code, static files.

Taking part from a browser (``/join/<token>``) is ``web.participate``'s.
A wall link is ``/wall/<token>``: a token that is malformed, unknown or revoked
gets 404 and reads nothing more. The page holds the current screen (it works
without script); ``/wall/<token>/events`` streams the screen again after every
change of the session (``service.changes``), at least every ``REFRESH``
seconds when something outside the rounds changed it, and ends with a ``gone``
event when the link is revoked. One wall link holds at most ``WebLimits.wall_streams``
streams open and is asked for at most ``wall_requests`` times a minute (``web.limits``:
by link, never by address); past that it gets 429 and a page saying so in the event's
language. Every response carries a Content-Security-Policy
without inline scripts, and wall pages are never cached (the token is a secret).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.console import Console
from service.grouping import Grouping
from service.participation import Participation
from service.wall import WallService, WallSnapshot
from web import qr
from web.limits import RETRY_AFTER, Pace, Streams, WebLimits
from web.miniapp import MiniApp, Tokens
from web.participate import MAX_BODY, Guests
from web.views import Wall

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
MAX_RECEIVED = 1_000_000
"""The largest body a receiver (the webhook) takes: Telegram's updates are far smaller."""
MAX_JSON = 65_536
"""The largest body the Mini App's API takes (a note of 1000 characters, escaped, fits)."""
Receiver = Callable[[bytes, Mapping[str, str]], Awaitable[int]]
"""Takes a posted body and its headers, answers with an HTTP status."""
"""What ``secrets.token_urlsafe(16)`` makes; anything else is not looked up."""
REFRESH = 10.0
"""Seconds after which an idle stream reads its session again (a renamed session, say)."""
KEEP = 5.0
"""Seconds a rendered screen is reused for the same version of its session."""
PING = 15
"""Seconds between keep-alive comments on an idle stream (proxies close silent ones)."""
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # links out never carry a token
    (b"x-frame-options", b"DENY"),
)


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]] | None = None
                  ) -> None:
    """An empty response with this status (the webhook's answers)."""
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", b"0"), *(headers or [])]})
    await send({"type": "http.response.body", "body": b""})


class TooLarge(Exception):
    """A request's body grew past what its path takes (``BodyLimit``)."""


class BodyLimit:
    """Refuses a request whose body is larger than its path takes with 413, before a route
    has read more than that: by its declared length at once, else (a body sent in chunks
    without one) once the chunks read so far pass it. The Mini App's JSON takes
    ``MAX_JSON``, a guest's form ``MAX_BODY``, anything else (the webhook) ``MAX_RECEIVED``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def most(path: str) -> int:
        if path.startswith("/app/"):
            return MAX_JSON
        if path.startswith("/join/"):
            return MAX_BODY
        return MAX_RECEIVED

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most = self.most(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not (declared.isdigit() and int(declared) <= most):
            await too_large()(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > most:
                    raise TooLarge  # answered by the application's handler: 413
            return message

        await self.app(scope, counted, send)


def too_large() -> Response:
    """413: the body is larger than this path takes."""
    return PlainTextResponse("Too Large", status_code=413, headers={"cache-control": "no-store"})


async def refuse_too_large(request: Request, error: Exception) -> Response:
    return too_large()


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: streams pass)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own_policy = any(name.lower() == b"content-security-policy" for name, _ in headers)
                # A page with a policy of its own (the Mini App, framed by Telegram's web
                # client) keeps it, and says itself who may frame it.
                message["headers"] = [*headers, *(
                    (name, value) for name, value in HEADERS
                    if not own_policy or name not in (b"content-security-policy",
                                                      b"x-frame-options"))]
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(frozen=True)
class Screen:
    """A wall's screen as rendered, for the session's version it was read at."""

    session_id: int
    version: int
    html: str
    at: float
    language: str
    title: str
    """The page's title."""
    gone: str
    """What the screen says once its link is revoked (in the event's language)."""
    busy: str
    """What a screen asked for too often says."""
    full: str
    """What a screen says when its link holds as many streams as it may."""


class WebSide:
    """The Starlette application and what its routes share: the wall service, rendered screens."""

    def __init__(self, base: str | None = None, limits: WebLimits | None = None) -> None:
        self.walls: WallService | None = None
        self.participation: Participation | None = None
        self.grouping: tuple[Grouping, str, Tokens] | None = None
        self.console: Console | None = None
        """The Mini App's service, the bot's token (init data is signed with it), its tokens."""
        self.base = base
        """The public base of links (``WERKSTATT_PUBLIC_URL``); else the request's own."""
        self.templates = Environment(
            loader=PackageLoader("web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True, lstrip_blocks=True,
        )
        self._screens: dict[str, Screen] = {}
        self._rendering: dict[str, asyncio.Lock] = {}
        limits = limits or WebLimits()
        self.asked = Pace(limits.wall_requests)
        """Per wall link: pages, QR codes, stream connections."""
        self.streams = Streams(limits.wall_streams)
        """Per wall link: its open event streams."""
        self.guests = Guests(self.templates, lambda: self.participation, limits,
                             lambda: self.base)
        self.miniapp = MiniApp(self.templates, lambda: self.grouping, limits,
                               lambda: self.console)
        self.app = Starlette(
            routes=[
                Route("/wall/{token}", self.wall_page),
                Route("/wall/{token}/events", self.wall_events),
                Route("/wall/{token}/join.png", self.join_png),
                *self.guests.routes(),
                *self.miniapp.routes(),
                Route("/healthz", self.health),
                Mount("/static", StaticFiles(packages=[("web", "static")]), name="static"),
            ],
            exception_handlers={TooLarge: refuse_too_large},
        )
        self._pages: ASGIApp = SecurityHeaders(BodyLimit(self.app))
        self._received: tuple[str, Receiver] | None = None
        """The webhook's path and receiver (``receive_at``)."""

    def receive_at(self, path: str, receiver: Receiver) -> None:
        """Serve ``POST path`` with ``receiver`` (the bot's webhook on the same port): it gets
        the body and the headers and answers with a status; bodies past ``MAX_RECEIVED`` get
        413 without it. Served ahead of the pages, as plain ASGI: Telegram's requests are
        most of what the port serves, and Starlette's routing and middleware around each
        cost a sixth of a note's time; any other method there is 405."""
        self._received = (path, receiver)

    async def asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The application uvicorn serves: the webhook (``receive_at``), else the pages."""
        if (self._received is None or scope["type"] != "http"
                or scope["path"] != self._received[0]):
            await self._pages(scope, receive, send)
            return
        if scope["method"] != "POST":
            await _answer(send, 405, [(b"allow", b"POST")])
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1")
                   for name, value in scope["headers"]}
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_RECEIVED:
            await _answer(send, 413)
            return
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            part = message.get("body", b"")
            size += len(part)
            if size > MAX_RECEIVED:
                await _answer(send, 413)
                return
            parts.append(part)
            if not message.get("more_body", False):
                break
        await _answer(send, await self._received[1](b"".join(parts), headers))

    def attach(self, walls: WallService, participation: Participation,
               grouping: tuple[Grouping, str, bytes] | None = None,
               console: Console | None = None) -> None:
        """Serve from these services (the bot's, once they exist); ``grouping``: the Mini
        App's service, the bot's token and the key its session tokens are signed with;
        ``console``: the Moderationspult's (with the adapter's way to end a session)."""
        self.walls = walls
        self.participation = participation
        if grouping is not None:
            self.grouping = (grouping[0], grouping[1], Tokens(grouping[2]))
        if console is not None:
            self.console = console
        walls.rounds.changes.reopen()
        self._screens.clear()

    def close(self) -> None:
        """Shutting down: every open event stream ends now."""
        if self.walls is not None:
            self.walls.rounds.changes.close()

    # --- rendering -----------------------------------------------------------------------

    def render(self, snapshot: WallSnapshot, token: str) -> Screen:
        """The screen of a snapshot (the fragment the page holds and the stream sends)."""
        wall = Wall(snapshot)
        template = self.templates.get_template(wall.template)
        html = template.render(wall=wall, join_png=f"/wall/{token}/join.png")
        return Screen(snapshot.session.id, snapshot.version, html, time.monotonic(),
                      wall.language, wall.t("wall.page_title", title=snapshot.session.title),
                      wall.t("wall.gone"), wall.t("wall.busy"),
                      wall.t("wall.full", count=self.streams.most))

    async def screen(self, token: str) -> Screen | None:
        """The token's screen now: reused while its session has not changed (and is recent),
        rendered once for everyone who asks meanwhile."""
        if self.walls is None or not TOKEN.match(token):
            return None
        kept = self._screens.get(token)
        changes = self.walls.rounds.changes
        if kept is not None and self._fresh(kept, changes.version(kept.session_id)):
            return kept
        lock = self._rendering.setdefault(token, asyncio.Lock())
        async with lock:
            kept = self._screens.get(token)
            if kept is not None and self._fresh(kept, changes.version(kept.session_id)):
                return kept
            snapshot = await self.walls.snapshot(token)
            if snapshot is None:
                self._screens.pop(token, None)
                self._rendering.pop(token, None)
                return None
            screen = self.render(snapshot, token)
            self._screens[token] = screen
            return screen

    @staticmethod
    def _fresh(screen: Screen, version: int) -> bool:
        return screen.version == version and time.monotonic() - screen.at < KEEP

    # --- routes --------------------------------------------------------------------------

    async def wall_page(self, request: Request) -> Response:
        token = request.path_params["token"]
        screen = await self.screen(token)
        if screen is None or self.walls is None:
            return not_found()
        if not await self.asked.allow(token):
            return self.refused(screen, screen.busy)
        page = self.templates.get_template("page.html.j2").render(
            screen=screen, fragment=Markup(screen.html),  # rendered and escaped already
            static="/static", events=f"/wall/{token}/events",
        )
        return HTMLResponse(page, headers={"cache-control": "no-store"})

    async def wall_events(self, request: Request) -> Response:
        token = request.path_params["token"]
        first = await self.screen(token)
        if first is None or self.walls is None:
            return not_found()
        if not await self.asked.allow(token):
            return self.refused(first, first.busy)
        release = self.streams.hold(token)
        if release is None:
            return self.refused(first, first.full)
        changes = self.walls.rounds.changes

        async def stream() -> AsyncIterator[ServerSentEvent]:
            try:
                shown = first
                yield ServerSentEvent(data=shown.html, event="wall")
                while await changes.wait(shown.session_id, shown.version, REFRESH):
                    if await request.is_disconnected():
                        return
                    screen = await self.screen(token)
                    if screen is None:
                        yield ServerSentEvent(data=shown.gone, event="gone")
                        return
                    if screen.html != shown.html:
                        yield ServerSentEvent(data=screen.html, event="wall")
                    shown = screen
            finally:
                release()

        return EventSourceResponse(stream(), ping=PING, background=BackgroundTask(release),
                                   headers={"cache-control": "no-store"})

    async def join_png(self, request: Request) -> Response:
        token = request.path_params["token"]
        if self.walls is None or not TOKEN.match(token):
            return not_found()
        snapshot = await self.walls.snapshot(token)
        if snapshot is None or snapshot.join_token is None:
            return not_found()
        if not await self.asked.allow(token):
            return PlainTextResponse("Too Many Requests", status_code=429,
                                     headers={"retry-after": RETRY_AFTER})
        base = self.base or str(request.base_url).rstrip("/")
        return Response(qr.png(f"{base}/join/{snapshot.join_token}"), media_type="image/png",
                        headers={"cache-control": "no-store"})

    def refused(self, screen: Screen, message: str) -> Response:
        """429: a page (without the live script) that says why, in the event's language."""
        page = self.templates.get_template("page.html.j2").render(
            screen=screen, fragment=Markup('<p class="refused">{}</p>').format(message),
            static="/static", events=None)
        return HTMLResponse(page, status_code=429, headers={
            "cache-control": "no-store", "retry-after": RETRY_AFTER})

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok" if self.walls is not None else "starting",
                                 status_code=200 if self.walls is not None else 503)


def not_found() -> Response:
    """The one answer to a wrong, revoked or malformed token: nothing about why."""
    return PlainTextResponse("Not Found", status_code=404, headers={"cache-control": "no-store"})


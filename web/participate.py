"""Taking part from a browser: ``/join/<token>``, plain HTML forms, no script needed.

A person without Telegram gives a name (and, if they like, a sector, consent to
be named and, for the documentation's "Name (Organisation | Funktion)", their
organization and function: the same questions as registration in chat) and is
remembered by a signed first-party cookie for this session. In a round of questions
from the floor the page lists every question ranked by votes (``web.floor``) to upvote,
and takes a new one. Each form carries a fresh request id, so a form sent twice (a
double tap, a reload, a replay) acts once. Moves go through ``service.participation``;
a refusal is the flow's own, in the event's language. A wrong or revoked token gets 404, a move
without a valid cookie 403, and neither changes anything. Too many moves from one
person, joins through one link or forms posted through one link in a minute
(``web.limits``: never by address, a venue shares one) get the page again with a
request to slow down in the event's language, status 429; so do too many pages read
by one guest, or through one link by people who have not joined yet.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from flows import fishbowl as fb
from flows import pinboard as pb
from flows import questions as qs
from flows.base import FlowError
from locales import Translator, translator
from service.participation import Guest, Now, Participation, Place
from storage.records import DEFAULT_SECTORS
from web.floor import Asked, floor
from web.limits import RETRY_AFTER, Pace, WebLimits

MAX_BODY = 16_384
"""The largest form a guest sends (a note of 1000 characters, encoded, fits many times)."""
DONE = {**{done: f"join.{done}" for done in ("noted", "voted", "unvoted", "queued", "unqueued")},
        **{done: f"questions_web.{done}"
           for done in ("asked", "asked_anonymous", "upvoted", "taken_back")}}
"""The confirmations a page shows after a move (``?done=…``), with their texts."""
Move = Callable[[Participation, "Guest", dict[str, str]], Awaitable[str]]
"""A guest's move from a posted form; returns the confirmation to show."""


class Guests:
    """The routes of ``/join/<token>`` over a ``Participation``."""

    def __init__(self, templates: Environment,
                 participation: Callable[[], Participation | None],
                 limits: WebLimits | None = None,
                 base: Callable[[], str | None] = lambda: None) -> None:
        self.templates = templates
        self.participation = participation
        self.base = base
        """The public base of links (``WERKSTATT_PUBLIC_URL``), behind a proxy the address
        people see: its origin may post forms, and with HTTPS the cookie is ``Secure``."""
        limits = limits or WebLimits()
        self.moves = Pace(limits.guest_moves)
        """Per guest."""
        self.joins = Pace(limits.joins)
        """Per participation link."""
        self.posts = Pace(limits.link_posts)
        """Per participation link: every form posted through it."""
        self.reads = Pace(limits.guest_reads)
        """Per guest: pages read."""
        self.link_reads = Pace(limits.link_reads)
        """Per participation link: pages read by those who have not joined (no cookie)."""

    def routes(self) -> list[Route]:
        return [
            Route("/join/{token}", self.page, methods=["GET"]),
            Route("/join/{token}", self.join, methods=["POST"]),
            Route("/join/{token}/note", self.note, methods=["POST"]),
            Route("/join/{token}/dot", self.dot, methods=["POST"]),
            Route("/join/{token}/queue", self.queue, methods=["POST"]),
            Route("/join/{token}/ask", self.ask, methods=["POST"]),
            Route("/join/{token}/upvote", self.upvote, methods=["POST"]),
            Route("/join/{token}/forget", self.forget, methods=["POST"]),
        ]

    # --- helpers -------------------------------------------------------------------------

    async def _place(self, request: Request) -> tuple[Participation, Place] | None:
        participation = self.participation()
        token = request.path_params["token"]
        if participation is None or not isinstance(token, str) or not 16 <= len(token) <= 64:
            return None
        place = await participation.place(token)
        return (participation, place) if place is not None else None

    @staticmethod
    def cookie_name(place: Place) -> str:
        return f"werkstatt_guest_{place.session.id}"

    async def _guest(self, request: Request, participation: Participation,
                     place: Place) -> Guest | None:
        return await participation.guest(place, request.cookies.get(self.cookie_name(place)))

    async def form(self, request: Request) -> dict[str, str] | None:
        """The posted form's fields (first values), or ``None`` when it is too large or posted
        from another site (as the browser says: ``Sec-Fetch-Site``, else ``Origin``: this
        server's host or the public base's origin).

        ``Origin: null`` is refused whatever else is sent: the page's own forms carry its
        origin (its referrer policy is ``same-origin``), so an opaque origin is a sandboxed
        frame, a ``data:`` or ``file:`` document or a redirect from elsewhere, never this
        page. A request with neither header is taken: no browser of this decade posts a
        form without ``Origin``, and a client that sends neither (a script, a test) has no
        guest's cookie to borrow (it is ``SameSite=Strict`` besides)."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return None
        origin = request.headers.get("origin")
        if origin is not None and (origin.strip().lower() == "null"
                                   or not self.own_origin(origin, request)):
            return None
        body = await request.body()
        if len(body) > MAX_BODY:
            return None
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in fields.items() if values}

    def own_origin(self, origin: str, request: Request) -> bool:
        """Whether a form's ``Origin`` is this server as the browser reached it: its host,
        or the public base (a TLS proxy in front forwards another host)."""
        try:
            posted = urlsplit(origin)
        except ValueError:  # not even an address ("http://[")
            return False
        if posted.netloc == request.headers.get("host", ""):
            return True
        base = self.base()
        public = urlsplit(base) if base else None
        return public is not None and (posted.scheme, posted.netloc) == (public.scheme,
                                                                         public.netloc)

    def render(self, request: Request, place: Place, guest: Guest | None, now: Any = None, *,
               done: str | None = None, error: str | None = None, forgotten: bool = False,
               refused: bool = False, status: int = 200) -> Response:
        t = translator(place.event.language, place.event.address)
        html = self.templates.get_template("take_part.html.j2").render(
            t=t, place=place, guest=guest, done=DONE.get(done or ""), refused=refused,
            error=error, forgotten=forgotten, request_id=lambda: secrets.token_urlsafe(16),
            sectors=[(key, sector_label(t, key)) for key in place.event.sectors],
            round=RoundView(now, guest, t) if guest is not None and now is not None else None,
            action=f"/join/{request.path_params['token']}",
        )
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})

    async def _posting(self, request: Request
                       ) -> tuple[Participation, Place, Guest, dict[str, str]] | Response:
        """Who posts a form, and its fields: 404 for a wrong or revoked link, 403 without a
        valid cookie or from another site."""
        found = await self._place(request)
        if found is None:
            return not_found()
        participation, place = found
        guest = await self._guest(request, participation, place)
        fields = await self.form(request)
        if guest is None or fields is None:
            return forbidden()
        if not await self.posts.allow(place.session.id):
            return await self.too_fast(request, participation, place, guest)
        return participation, place, guest, fields

    async def too_fast(self, request: Request, participation: Participation, place: Place,
                       guest: Guest | None) -> Response:
        """The page again, asking to slow down (429, in the event's language)."""
        t = translator(place.event.language, place.event.address)
        now = await participation.now(place) if guest is not None else None
        response = self.render(request, place, guest, now, error=t("join.too_fast"),
                               status=429)
        response.headers["retry-after"] = RETRY_AFTER
        return response

    async def _move(self, request: Request, move: Move) -> Response:
        posting = await self._posting(request)
        if isinstance(posting, Response):
            return posting
        participation, place, guest, fields = posting
        if not await self.moves.allow(guest.user_id):
            return await self.too_fast(request, participation, place, guest)
        try:
            done = await move(participation, guest, fields)
        except FlowError as error:
            t = translator(place.event.language, place.event.address)
            return self.render(request, place, guest, await participation.now(place),
                               error=refusal(t, error), status=400)
        except ValueError:  # a question that is no number
            return forbidden()
        return RedirectResponse(f"/join/{request.path_params['token']}?done={done}",
                                status_code=303)

    # --- routes --------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        found = await self._place(request)
        if found is None:
            return not_found()
        participation, place = found
        guest = await self._guest(request, participation, place)
        if not await (self.reads.allow(guest.user_id) if guest is not None
                      else self.link_reads.allow(place.session.id)):
            t = translator(place.event.language, place.event.address)
            response = self.render(request, place, guest, error=t("join.too_fast"),
                                   refused=True, status=429)  # nothing read of the round
            response.headers["retry-after"] = RETRY_AFTER
            return response
        now = await participation.now(place) if guest is not None else None
        return self.render(request, place, guest, now, done=request.query_params.get("done"))

    async def join(self, request: Request) -> Response:
        found = await self._place(request)
        if found is None:
            return not_found()
        participation, place = found
        fields = await self.form(request)
        if fields is None:
            return forbidden()
        if not (await self.posts.allow(place.session.id)
                and await self.joins.allow(place.session.id)):
            return await self.too_fast(request, participation, place, None)
        sector = fields.get("sector") or None
        try:
            person = await participation.join(
                place, fields.get("name", ""), sector, fields.get("consent") == "yes",
                fields.get("organization", ""), fields.get("function", ""))
        except FlowError as error:
            t = translator(place.event.language, place.event.address)
            return self.render(request, place, None, error=refusal(t, error), status=400)
        response = RedirectResponse(request.url.path, status_code=303)
        response.set_cookie(
            self.cookie_name(place), await participation.sign(place.session.id, person.user_id),
            max_age=60 * 60 * 24 * 30, path="/join/", httponly=True, samesite="strict",
            secure=request.url.scheme == "https" or (self.base() or "").startswith("https://"),
        )
        return response

    async def note(self, request: Request) -> Response:
        async def add(participation: Participation, guest: Guest, fields: dict[str, str]) -> str:
            await participation.note(guest, int(fields.get("question") or "1"),
                                     fields.get("text", ""), fields.get("request", ""))
            return "noted"
        return await self._move(request, add)

    async def dot(self, request: Request) -> Response:
        async def place_dot(participation: Participation, guest: Guest,
                            fields: dict[str, str]) -> str:
            add = fields.get("action") != "remove"
            await participation.vote(guest, fields.get("option", ""), fields.get("request", ""),
                                     add=add)
            return "voted" if add else "unvoted"
        return await self._move(request, place_dot)

    async def queue(self, request: Request) -> Response:
        async def wait(participation: Participation, guest: Guest, fields: dict[str, str]) -> str:
            join = fields.get("action") != "leave"
            await participation.queue(guest, fields.get("request", ""), join=join)
            return "queued" if join else "unqueued"
        return await self._move(request, wait)

    async def ask(self, request: Request) -> Response:
        async def question(participation: Participation, guest: Guest,
                           fields: dict[str, str]) -> str:
            anonymous = fields.get("anonymous") == "yes"
            await participation.question(guest, fields.get("text", ""), anonymous,
                                         fields.get("request", ""))
            return "asked_anonymous" if anonymous else "asked"
        return await self._move(request, question)

    async def upvote(self, request: Request) -> Response:
        async def support(participation: Participation, guest: Guest,
                          fields: dict[str, str]) -> str:
            vote = fields.get("action") != "take_back"
            await participation.support(guest, int(fields.get("number", "")), vote,
                                        fields.get("request", ""))
            return "upvoted" if vote else "taken_back"
        return await self._move(request, support)

    async def forget(self, request: Request) -> Response:
        posting = await self._posting(request)
        if isinstance(posting, Response):
            return posting
        participation, place, guest, fields = posting
        await participation.forget(guest, erase=fields.get("choice") == "erase")
        response = self.render(request, place, None, forgotten=True)
        response.delete_cookie(self.cookie_name(place), path="/join/")
        return response


class RoundView:
    """What a guest can do in the open round now."""

    def __init__(self, now: Now, guest: Guest, t: Translator) -> None:
        self.kind: str | None = now.round.kind if now.round is not None else None
        self.state = now.state
        self.names = now.names
        self.user_id = guest.user_id
        self.t = t

    @property
    def collecting(self) -> bool:
        return self.kind == "pinboard" and self.state.phase == pb.Phase.COLLECTING

    @property
    def voting(self) -> bool:
        return self.kind == "pinboard" and self.state.phase == pb.Phase.VOTING

    @property
    def fishbowl(self) -> bool:
        return self.kind == "fishbowl" and self.state.phase == fb.Phase.OPEN

    @property
    def floor(self) -> bool:
        return self.kind == qs.MACHINE.name and self.state.phase == qs.Phase.OPEN

    def asked(self) -> list[Asked]:
        """Every question the room sees, ranked by votes, with what the guest may do."""
        return floor(self.state, self.t, self.names, self.user_id)

    def questions(self) -> list[tuple[int, str]]:
        return list(enumerate(self.state.questions, start=1))

    def dots_left(self) -> int:
        return pb.dots_left(self.state, self.user_id)

    def options(self) -> list[tuple[str, list[tuple[str, str, int]]]]:
        """Per question: its text and its options (key, label, the guest's dots on it)."""
        mine = pb.dots_of(self.state, self.user_id)
        return [
            (question, [(option.key, option.name if option.name is not None
                         else option.notes[0].text, mine.get(option.key, 0))
                        for option in pb.options(self.state, number)])
            for number, question in self.questions()
        ]

    def seated(self) -> bool:
        return fb.is_seated(self.state, self.user_id)

    def position(self) -> int | None:
        order = fb.queue_order(self.state)
        return order.index(self.user_id) + 1 if self.user_id in order else None


def sector_label(t: Translator, key: str) -> str:
    return t(f"sector.{key}") if key in DEFAULT_SECTORS else key


def refusal(t: Translator, error: FlowError) -> str:
    """A flow's refusal in the person's words (as chat says it)."""
    key = f"not_allowed.{error.params.get('who')}" if error.key == "not_allowed" else error.key
    return t(key, **error.params)


def not_found() -> Response:
    return Response("Not Found", status_code=404, media_type="text/plain",
                    headers={"cache-control": "no-store"})


def forbidden() -> Response:
    return Response("Forbidden", status_code=403, media_type="text/plain",
                    headers={"cache-control": "no-store"})


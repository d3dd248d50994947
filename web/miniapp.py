"""The Mini App (a Telegram Web App): facilitators group a pinboard's notes with full texts;
everyone writes notes, places dots seeing each group's notes, queues for the fishbowl,
rates the restatements of their council group's interests, and asks and upvotes questions
from the floor (every question ranked by votes, ``web.floor``).

Telegram opens ``/app`` inside its own browser and hands the page *init data*,
signed with a key derived from the bot's token. The page sends it once to
``/app/session``; the server checks it as Telegram's documentation says (HMAC-SHA256
over the sorted fields with the key ``HMAC-SHA256("WebAppData", token)``, the
``hash`` compared in constant time, ``auth_date`` fresh, each init data exchanged
once, as the database notes: also after a restart, and by one of several processes) and
answers with a session token of its own, signed and valid for ``TOKEN_HOURS``, so a
facilitator is not locked out after Telegram's hour (and, opened from a live message's
link, the session it names: ``launched``). Every
API request carries it (``Authorization: Bearer …``); the person's role in the
session is resolved per request (``service.grouping``). Moves carry a request id
and act once. ``/events`` says when the session changed (``service.changes``, as the
wall's stream), so the list of questions follows votes made elsewhere. Only Telegram's
own ``telegram-web-app.js`` is loaded from elsewhere.

Reading a session's round takes the standing the chat asks for (seen in its
group, or a role in its event): its link alone shows nothing. Those who steer
it also get the Moderationspult (``/panel``'s moves, ``service.console``): the
moves offered now, a tap made once per request id, the session ended after a
second "yes"; without an open round, a new round set up as the chat's panel asks
and opened once per request id, its live message posted in the group.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from flows import council, roles
from flows import fishbowl as fb
from flows import pinboard as pb
from flows import questions as qs
from flows.base import FlowError
from flows.council import CouncilState
from flows.pinboard.model import PinboardState
from flows.pinboard.similarity import suggest_clusters
from flows.session import EndSession
from locales import Translator, translator
from service.console import Console, Desk, Opening
from service.grouping import Grouping, Steering, require_pinboard, require_standing
from service.panel import DURATIONS, Setup
from storage.records import RoundRecord
from web.floor import FLOOR_TEXTS, floor_json
from web.limits import RETRY_AFTER, Pace, Streams, WebLimits
from web.participate import refusal

INIT_DATA_MAX_AGE = 24 * 60 * 60
"""Seconds init data stays good for the exchange (Telegram signs it when the app opens)."""
SKEW = 5 * 60
"""Seconds a used signature is kept past its init data's expiry (clocks of processes differ)."""
TOKEN_HOURS = 12
"""How long a session token of the Mini App holds (a workshop day)."""
WAIT = 10.0
"""Seconds an idle event stream waits before it looks whether its reader left."""
PING = 15
"""Seconds between keep-alive comments on an idle event stream."""
LARGEST = 2 ** 63
"""Ids and numbers of moves are below this (the database's 64-bit integers)."""
APP_CSP = ("default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; "
           "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
           "frame-ancestors https://web.telegram.org https://*.telegram.org")
"""The Mini App's page: Telegram's script, and Telegram's web client may frame it."""
TEXTS = ("app.title", "app.open_in_telegram", "app.no_sessions", "app.choose_session",
         "app.not_clustering", "app.ungrouped", "app.new_group", "app.new_group_name",
         "app.move_to", "app.move", "app.selected", "app.out_of_group", "app.dissolve",
         "app.drag_hint", "app.reload", "app.failed", "app.suggestions", "app.note",
         "app.send_note", "app.question", "app.dots_left", "app.your_dots", "app.add_dot",
         "app.remove_dot", "app.queue_join", "app.queue_leave", "app.queue_position",
         "app.seated", "app.nothing_now", "app.noted", "app.sessions_back",
         "app.rate_intro", "app.rated", "app.correction", "council.rating_understood",
         "council.rating_partly", "council.rating_not_understood", "council.live_not_rated",
         "app.moderation", "app.panel_no_round", "app.panel_go", "panel.end_session",
         "panel.end_confirm", "panel.end_yes", "panel.end_no", "documentation.session_ended",
         "panel.no_round", "panel.cancel_setup", "panel.try_again", "app.panel_open",
         *FLOOR_TEXTS)
"""The texts the page shows, sent in the person's language with the session token."""


class InitDataError(Exception):
    """Init data that is forged, expired, used before or malformed."""


def check_init_data(init_data: str, bot_token: str, now: float | None = None) -> dict[str, Any]:
    """The fields of init data Telegram signed for this bot (``user`` parsed), or
    ``InitDataError``: per Telegram's "Validating data received via the Mini App"."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        raise InitDataError("malformed") from None
    received = fields.pop("hash", "")
    checked = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, checked.encode(), hashlib.sha256).hexdigest()
    # Compared as bytes: compare_digest refuses a text with other than ASCII letters.
    if not hmac.compare_digest(expected.encode(), received.encode()):
        raise InitDataError("forged")
    moment = now if now is not None else time.time()
    auth_date = int(fields.get("auth_date", "0")) if fields.get("auth_date", "").isdigit() else 0
    if not moment - INIT_DATA_MAX_AGE <= auth_date <= moment + 60:
        raise InitDataError("expired")
    try:
        user = json.loads(fields.get("user", ""))
        int(user["id"])
    except (ValueError, KeyError, TypeError):
        raise InitDataError("no user") from None
    return {**fields, "user": user, "hash": received}


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Init data as Telegram signs it (for tests and the demo's stand-in)."""
    checked = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, checked.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


class Tokens:
    """Session tokens of the Mini App: ``<user>.<expiry>.<signature>``."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def make(self, user_id: int, now: float | None = None) -> str:
        expiry = int((now if now is not None else time.time()) + TOKEN_HOURS * 3600)
        return f"{user_id}.{expiry}.{self._mac(user_id, expiry)}"

    def user(self, token: str, now: float | None = None) -> int | None:
        """The user a token names, if it is genuine and not expired."""
        match = re.fullmatch(r"(\d{1,19})\.(\d{1,12})\.([0-9a-f]{64})", token)
        if match is None:
            return None
        user_id, expiry = int(match.group(1)), int(match.group(2))
        if not hmac.compare_digest(self._mac(user_id, expiry), match.group(3)):
            return None
        if expiry < (now if now is not None else time.time()):
            return None
        return user_id

    def _mac(self, user_id: int, expiry: int) -> str:
        return hmac.new(self.key, f"app:{user_id}:{expiry}".encode(), hashlib.sha256).hexdigest()


class MiniApp:
    """The Mini App's page and API over ``Grouping``."""

    def __init__(self, templates: Environment,
                 attached: Callable[[], tuple[Grouping, str, Tokens] | None],
                 limits: WebLimits | None = None,
                 console: Callable[[], Console | None] = lambda: None) -> None:
        self.templates = templates
        self.attached = attached
        """The grouping service, the bot's token and the session tokens, once attached."""
        self.console = console
        """The Moderationspult's service (once attached; else one without ending sessions)."""
        limits = limits or WebLimits()
        self.moves = Pace(limits.app_moves)
        """Per person (their session token names them)."""
        self.reads = Pace(limits.app_reads)
        """Per person: the list of sessions, a board, a round, the panel, a stream asked for."""
        self.exchanges = Pace(limits.app_sessions)
        """Per Telegram user: init data exchanged for session tokens."""
        self.streams = Streams(limits.app_streams)
        """Per person: open event streams."""

    def routes(self) -> list[Route]:
        return [
            Route("/app", self.page, methods=["GET"]),
            Route("/app/session", self.session, methods=["POST"]),
            Route("/app/api/sessions", self.sessions, methods=["GET"]),
            Route("/app/api/sessions/{session_id:int}/board", self.board, methods=["GET"]),
            Route("/app/api/sessions/{session_id:int}/move", self.move, methods=["POST"]),
            Route("/app/api/sessions/{session_id:int}/round", self.round, methods=["GET"]),
            Route("/app/api/sessions/{session_id:int}/take-part", self.take_part,
                  methods=["POST"]),
            Route("/app/api/sessions/{session_id:int}/panel", self.panel, methods=["GET"]),
            Route("/app/api/sessions/{session_id:int}/panel", self.steer, methods=["POST"]),
            Route("/app/api/sessions/{session_id:int}/events", self.events, methods=["GET"]),
        ]

    async def page(self, request: Request) -> Response:
        html = self.templates.get_template("app.html.j2").render()
        return HTMLResponse(html, headers={"content-security-policy": APP_CSP,
                                           "cache-control": "no-store"})

    async def session(self, request: Request) -> Response:
        """Init data for a session token (once per init data)."""
        found = self.attached()
        if found is None:
            return JSONResponse({"error": "starting"}, status_code=503)
        grouping, bot_token, tokens = found
        try:
            body = await read_json(request)
            init_data = str(body.get("initData", ""))
            fields = check_init_data(init_data, bot_token)
        except (InitDataError, ValueError, AttributeError):
            return unauthorized()
        user_id = int(fields["user"]["id"])
        person = await grouping.person(user_id)
        t = translator(person.language if person else str(fields["user"].get(
            "language_code", "de"))[:2])
        if not await self.exchanges.allow(user_id):  # not exchanged: good again after the pause
            return too_fast(t)
        # Once per signature, however the fields are spelled or ordered, noted in the
        # database: also after a restart, and by one process only of several at once.
        if not await grouping.first_exchange(
                str(fields["hash"]), int(fields["auth_date"]) + INIT_DATA_MAX_AGE + SKEW,
                int(time.time())):
            return unauthorized()
        start = await launched(grouping, user_id, fields.get("start_param") or body.get("start"))
        return JSONResponse({"token": tokens.make(user_id), "start": start,
                             "texts": {key: t(key) for key in TEXTS}})

    async def _who(self, request: Request) -> tuple[Grouping, int] | None:
        found = self.attached()
        header = request.headers.get("authorization", "")
        if found is None or not header.startswith("Bearer "):
            return None
        user_id = found[2].user(header[7:])
        return (found[0], user_id) if user_id is not None else None

    async def _paced(self, grouping: Grouping, user_id: int) -> Response | None:
        """429 once the person read more than their pace (before anything else is read)."""
        if await self.reads.allow(user_id):
            return None
        person = await grouping.person(user_id)
        return too_fast(translator(person.language if person else "de"))

    async def sessions(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return unauthorized()
        grouping, user_id = who
        refused = await self._paced(grouping, user_id)
        if refused is not None:
            return refused
        return JSONResponse({"sessions": [
            {"id": session.id, "title": session.title, "steer": steers}
            for session, steers in await grouping.sessions(user_id)]})

    async def _steering(self, request: Request, *,
                        read: bool = False) -> tuple[Grouping, Steering] | Response:
        """The person in the session the path names (``read``: counted as a read first)."""
        who = await self._who(request)
        if who is None:
            return unauthorized()
        grouping, user_id = who
        refused = await self._paced(grouping, user_id) if read else None
        if refused is not None:
            return refused
        session_id = request.path_params["session_id"]
        steering = (await grouping.steering(session_id, user_id)
                    if session_id < LARGEST else None)  # no larger id is stored
        if steering is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return grouping, steering

    async def _reading(self, request: Request,
                       answer: Callable[[Grouping, Steering], Awaitable[Response]]) -> Response:
        """A read of the app: the person resolved and their pace counted, then ``answer``."""
        found = await self._steering(request, read=True)
        if isinstance(found, Response):
            return found
        return await answer(*found)

    async def board(self, request: Request) -> Response:
        return await self._reading(request, self._answer)

    async def move(self, request: Request) -> Response:
        """A facilitator's grouping move; answered with the board as it is then."""
        return await self._moving(request, self._carry, self._answer)

    async def _moving(
        self, request: Request,
        carry: Callable[[Grouping, Steering, dict[str, Any]], Awaitable[None]],
        answer: Callable[[Grouping, Steering], Awaitable[Response]],
    ) -> Response:
        """A move from the app: the person resolved, their pace limited, the move carried
        out (a refusal in the flow's words), then ``answer``."""
        found = await self._steering(request)
        if isinstance(found, Response):
            return found
        grouping, steering = found
        if not await self.moves.allow(steering.actor.user_id):
            return too_fast(texts_for(steering))
        try:
            body = await read_json(request)
            if not isinstance(body, dict):
                raise ValueError(body)
            await carry(grouping, steering, body)
        except FlowError as error:
            return JSONResponse({"error": refusal(texts_for(steering), error)},
                                status_code=403 if error.key == "not_allowed" else 400)
        except (ValueError, TypeError, KeyError, AttributeError):
            return JSONResponse({"error": "bad request"}, status_code=400)
        return await answer(grouping, steering)

    async def round(self, request: Request) -> Response:
        """What the person can do in the session's open round now (everyone in the session)."""
        return await self._reading(request, self._round)

    async def events(self, request: Request) -> Response:
        """Says ``change`` after every change of the session (``service.changes``, as the
        wall's stream): the app reads the round again, so a vote by button in the group or
        on the guest page shows at once. Only *that* it changed, never what."""
        found = await self._steering(request, read=True)
        if isinstance(found, Response):
            return found
        grouping, steering = found
        try:
            require_standing(steering)  # as reading the round: a stranger learns not even when
        except FlowError as error:
            return JSONResponse({"error": refusal(texts_for(steering), error)}, status_code=403)
        user_id, session_id = steering.actor.user_id, steering.session.id
        release = self.streams.hold(user_id)
        if release is None:
            return too_fast(texts_for(steering))
        changes = grouping.rounds.changes

        async def stream() -> AsyncIterator[ServerSentEvent]:
            try:
                seen = changes.version(session_id)
                while await changes.wait(session_id, seen, WAIT):
                    if await request.is_disconnected():
                        return
                    if changes.version(session_id) != seen:
                        seen = changes.version(session_id)
                        yield ServerSentEvent(data=str(seen), event="change")
            finally:
                release()

        return EventSourceResponse(stream(), ping=PING, background=BackgroundTask(release),
                                   headers={"cache-control": "no-store"})

    async def take_part(self, request: Request) -> Response:
        """A note, a dot or a place in the queue, as the person's own move."""
        return await self._moving(request, self._take_part, self._round)

    @staticmethod
    async def _take_part(grouping: Grouping, steering: Steering, body: dict[str, Any]) -> None:
        request, session, actor = text(body["request"]), steering.session, steering.actor
        moves: dict[str, Callable[[], Awaitable[None]]] = {
            "note": lambda: grouping.add_note(session, actor, whole(body["question"]),
                                              text(body["text"]), request),
            "dot": lambda: grouping.dot(session, actor, text(body["option"]), request),
            "undot": lambda: grouping.dot(session, actor, text(body["option"]), request,
                                          add=False),
            "queue": lambda: grouping.wait(session, actor, request),
            "leave": lambda: grouping.wait(session, actor, request, join=False),
            "rate": lambda: grouping.rate(session, actor, whole(body["interest"]),
                                          text(body["rating"]), text(body.get("correction") or ""),
                                          request),
            "ask": lambda: grouping.ask(session, actor, text(body["text"]),
                                        truth(body.get("anonymous", False)), request),
            "upvote": lambda: grouping.upvote(session, actor, whole(body["number"]),
                                              truth(body["vote"]), request),
        }
        await moves[text(body["kind"])]()

    async def _round(self, grouping: Grouping, steering: Steering) -> Response:
        try:
            record, state = await grouping.now(steering)
        except FlowError as error:
            return JSONResponse({"error": refusal(texts_for(steering), error)}, status_code=403,
                                headers={"cache-control": "no-store"})
        view = round_json(record, state, steering.actor.user_id,
                          roles.may(steering.actor.role, pb.GroupNotes))
        if record is not None and record.kind == qs.MACHINE.name and roles.may(
                steering.actor.role, qs.Upvote):  # who takes part, as the chat's full list
            names = await grouping.names(qs.named_askers(state))
            view |= floor_json(state, texts_for(steering), names, steering.actor.user_id)
        return JSONResponse({"session": steering.session.title, "round": view,
                             "steers": steering.actor.role in roles.STEER},
                            headers={"cache-control": "no-store"})

    # --- the Moderationspult --------------------------------------------------------------

    def _console(self, grouping: Grouping) -> Console:
        return self.console() or Console(grouping)

    async def panel(self, request: Request) -> Response:
        """The moves offered on the session's open round now, for those who steer it."""
        return await self._reading(request, self._desk)

    async def steer(self, request: Request) -> Response:
        """A tap on the Moderationspult (``move``), or ending the session (``end``, after the
        page asked once more: ``confirmed``); answered with the panel as it is then."""
        who = await self._who(request)
        if who is not None:
            try:
                body = await read_json(request)
            except ValueError:
                body = None
            if (isinstance(body, dict) and body.get("kind") == "end"
                    and self._console(who[0]).done(who[1], str(body.get("request")))
                    == request.path_params["session_id"]):
                return JSONResponse({"ended": True})  # sent again: it ended the session once
        return await self._moving(request, self._steer, self._desk)

    async def _steer(self, grouping: Grouping, steering: Steering, body: dict[str, Any]) -> None:
        console, request = self._console(grouping), text(body["request"])
        if body["kind"] == "end":
            if truth(body.get("confirmed", False)) is not True:
                raise ValueError("not confirmed")
            await console.end(steering, request)
        elif body["kind"] == "open":
            await console.open(steering, opening_of(body), request)
        elif body["kind"] == "move":
            args = body.get("args") or []
            if not isinstance(args, list):
                raise ValueError(args)
            await console.make(steering, whole(body["round"]), text(body["code"]),
                               [text(arg) for arg in args], request)
        else:
            raise ValueError(body["kind"])

    async def _desk(self, grouping: Grouping, steering: Steering) -> Response:
        t = texts_for(steering)
        console = self._console(grouping)
        if any(steering.session.id == session for session in console.ended.values()):
            return JSONResponse({"ended": True})
        try:
            desk = await console.desk(steering, t, grouping.rounds.clock())
        except FlowError as error:
            return JSONResponse({"error": refusal(t, error)}, status_code=403)
        return JSONResponse({"session": steering.session.title,
                             "panel": desk_json(desk, t, roles.may(steering.actor.role,
                                                                   EndSession))},
                            headers={"cache-control": "no-store"})

    @staticmethod
    async def _carry(grouping: Grouping, steering: Steering, body: dict[str, Any]) -> None:
        request = text(body["request"])
        moves: dict[str, Callable[[], Awaitable[None]]] = {
            "group": lambda: grouping.group(
                steering, wholes(body["notes"]), text(body["name"]), request),
            "accept": lambda: grouping.accept(
                steering, wholes(body["notes"]), text(body["name"]), request),
            "out": lambda: grouping.ungroup_note(steering, whole(body["note"]), request),
            "dissolve": lambda: grouping.dissolve(steering, whole(body["cluster"]), request),
        }
        await moves[text(body["kind"])]()

    async def _answer(self, grouping: Grouping, steering: Steering) -> Response:
        t = texts_for(steering)
        try:
            board = await grouping.board(steering)
        except FlowError as error:
            return JSONResponse({"error": refusal(t, error)}, status_code=403)
        if board.state is None:
            return JSONResponse({"session": steering.session.title, "board": None})
        require_pinboard(board)
        return JSONResponse({"session": steering.session.title,
                             "board": board_json(board.state)},
                            headers={"cache-control": "no-store"})


async def launched(grouping: Grouping, user_id: int, param: object) -> int | None:
    """The running session the app was opened on: ``s<id>`` from a live message's link
    (Telegram's ``start_param``, or ``startapp`` in the page's address from the private chat's
    button); the person's role in it is resolved per request like any other."""
    named = re.fullmatch(r"s([0-9]{1,18})", str(param or ""))
    if named is None:
        return None
    steering = await grouping.steering(int(named.group(1)), user_id)
    return steering.session.id if steering is not None else None


def desk_json(desk: Desk, t: Translator, may_end: bool) -> dict[str, Any]:
    """The panel as the page draws it: the round's lines, then each move offered: a button,
    or, when its taps carry a choice (a person, minutes, a suggestion), a picker."""
    moves = []
    for offer in desk.offers:
        picked = any(tap.args for tap in offer.taps)
        moves.append({"code": offer.code,
                      "label": t(f"app.panel_pick_{offer.code}") if picked else None,
                      "taps": [{"label": tap.label, "args": [str(arg) for arg in tap.args]}
                               for tap in offer.taps]})
    round_view = (None if desk.record is None else
                  {"id": desk.record.id, "kind": desk.record.kind, "lines": list(desk.lines)})
    return {"round": round_view, "moves": moves, "end": may_end,
            "open": [setup_json(setup, t, desk.room or t) for setup in desk.setups]}


def setup_json(setup: Setup, t: Translator, room: Translator) -> dict[str, Any]:
    """A format to open a round of, with what the chat's panel asks for it, in its words: the
    title (with the format's usual one, as the room reads it), the lines, the yes or no, the
    duration."""
    kind = setup.kind
    usual = None if setup.default is None else room(setup.default)
    return {
        "kind": kind, "label": t(f"panel.format_{kind}"), "heading": t(f"panel.new_{kind}"),
        "title": t(f"panel.ask_title_{kind}"),
        "default": None if usual is None else {
            "label": t("panel.take_default", title=usual), "text": usual},
        "lines": t(f"panel.ask_lines_{kind}") if setup.lines else None,
        "choice": None if not setup.choice else {
            "question": t(f"panel.ask_choice_{kind}"),
            "yes": t(f"panel.choice_{kind}_yes"), "no": t(f"panel.choice_{kind}_no")},
        "duration": t("panel.ask_duration"),
        "durations": [{"minutes": m, "label": t("panel.minutes", minutes=m) if m
                       else t("panel.no_timer")} for m in DURATIONS],
    }


def opening_of(body: dict[str, Any]) -> Opening:
    """The page's setup of a new round (a malformed one is a bad request)."""
    lines = body.get("lines") or ""
    return Opening(kind=text(body["format"]), title=text(body["title"]),
                   lines=lines if isinstance(lines, str) else "\n".join(map(text, wordlist(lines))),
                   choice=truth(body.get("choice", False)), minutes=whole(body["minutes"]))


def wordlist(value: object) -> list[object]:
    """A JSON list (its items checked by the caller)."""
    if not isinstance(value, list):
        raise ValueError(value)
    return value


def texts_for(steering: Steering) -> Translator:
    return translator(steering.person.language if steering.person else "de")


def board_json(state: PinboardState) -> dict[str, Any]:
    """The board as the page draws it: per question its groups, its ungrouped notes and,
    while grouping, the suggested groups (notes sharing a word)."""
    grouping = state.phase == pb.Phase.CLUSTERING
    suggested = suggest_clusters(state) if grouping else ()
    questions = []
    for number, question in enumerate(state.questions, start=1):
        notes = {note.number: note.text for note in pb.visible_notes(state, number)}
        groups = [{"number": cluster.number, "name": cluster.name,
                   "notes": [{"number": n, "text": notes[n]} for n in cluster.notes if n in notes]}
                  for cluster in state.clusters if cluster.question == number]
        grouped = {n for cluster in state.clusters for n in cluster.notes}
        questions.append({"number": number, "text": question, "groups": groups,
                          "loose": [{"number": n, "text": text} for n, text in notes.items()
                                    if n not in grouped],
                          "suggestions": [{"name": s.name, "notes": list(s.notes)}
                                          for s in suggested if s.question == number]})
    return {"title": state.title, "phase": state.phase.value, "grouping": grouping,
            "questions": questions}


def round_json(record: RoundRecord | None, state: Any, user_id: int,
               steers: bool) -> dict[str, Any]:
    """What a person can do in the open round: a note to a question, dots on the options
    (with every note of a group), a place in the fishbowl's queue."""
    if record is None:
        return {"kind": None}
    view: dict[str, Any] = {"kind": record.kind, "phase": str(state.phase.value)}
    if record.kind == "pinboard":
        board: PinboardState = state
        view |= {"title": board.title, "grouping": steers and board.phase == pb.Phase.CLUSTERING}
        if board.phase == pb.Phase.COLLECTING:
            view["questions"] = [{"number": n, "text": q}
                                 for n, q in enumerate(board.questions, start=1)]
        elif board.phase == pb.Phase.VOTING:
            mine = pb.dots_of(board, user_id)
            view["dots_left"] = pb.dots_left(board, user_id)
            view["vote"] = [{
                "number": number, "text": question,
                "options": [{"key": option.key, "name": option.name,
                             "notes": [note.text for note in option.notes],
                             "mine": mine.get(option.key, 0)}
                            for option in pb.options(board, number)],
            } for number, question in enumerate(board.questions, start=1)]
    elif record.kind == "council" and state.phase == council.Phase.RESTATE:
        view |= {"question": state.question, "rate": to_rate(state, user_id)}
    elif record.kind == "fishbowl" and state.phase == fb.Phase.OPEN:
        order = fb.queue_order(state)
        view |= {"topic": state.topic, "seated": fb.is_seated(state, user_id),
                 "position": order.index(user_id) + 1 if user_id in order else None}
    return view


def too_fast(t: Translator) -> Response:
    """429 with a request to slow down, in the person's language (the page shows it)."""
    return JSONResponse({"error": t("join.too_fast")}, status_code=429,
                        headers={"retry-after": RETRY_AFTER, "cache-control": "no-store"})


def to_rate(state: CouncilState, user_id: int) -> list[dict[str, Any]]:
    """The restatements of the person's groups' interests, which they may rate (and rate
    again), each with its rating so far."""
    restated = {r.interest: r for r in state.restatements}
    return [{"interest": interest.number, "text": interest.text,
             "restatement": restated[interest.number].text,
             "rating": (restated[interest.number].rating or None),
             "correction": restated[interest.number].correction}
            for interest in state.interests
            if interest.number in restated and user_id in state.groups[interest.group].members]


async def read_json(request: Request) -> Any:
    """The request's JSON body; ``ValueError`` for anything that is not JSON, also for JSON
    nested deeper than the parser goes (its ``RecursionError`` would be a 500)."""
    try:
        return json.loads(await request.body())
    except RecursionError:
        raise ValueError("nested too deep") from None


def whole(value: object) -> int:
    """A JSON whole number the database can hold; a truth value, a text, a fraction or a
    number too large is ``ValueError`` (the answer is 400)."""
    if type(value) is not int or not -LARGEST <= value < LARGEST:
        raise ValueError(value)
    return value


def wholes(value: object) -> tuple[int, ...]:
    """A JSON list of whole numbers (see ``whole``)."""
    if not isinstance(value, list):
        raise ValueError(value)
    return tuple(whole(number) for number in value)


def text(value: object) -> str:
    """A JSON string; anything else is ``ValueError`` (never its ``str``)."""
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def truth(value: object) -> bool:
    """A JSON ``true`` or ``false``; the text "true", 1 or anything else is ``ValueError``."""
    if not isinstance(value, bool):
        raise ValueError(value)
    return value


def unauthorized() -> Response:
    return JSONResponse({"error": "unauthorized"}, status_code=401,
                        headers={"cache-control": "no-store"})

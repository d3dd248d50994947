"""Runs any format's round through the round service, then shows the result in Telegram.

The moves themselves (role, exactly-once, apply, store) are
``service.rounds.RoundService``'s, the same for every adapter; this module
passes a handler's values to it and carries the outcome back to the chat:
timers, the live message, the step's announcements, always after the step is
committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Update

from bot.formats import Format as Format
from bot.formats import LiveView as LiveView
from bot.messaging import Presenter, announce
from bot.miniapp import app_button
from bot.services import Ctx, Services, services
from flows import roles
from flows.base import Event, FlowError, Step, Value
from locales import translator
from service.rounds import Actor
from service.rounds import usable as usable
from storage import people
from storage import rounds as stored
from storage.records import RoundRecord, Session

log = logging.getLogger(__name__)
StateT = TypeVar("StateT", bound=Value)


async def open_round(
    context: Ctx, session: Session, fmt: Format[StateT], event: Event, role: roles.Role,
    *, echo: bool = True,
) -> Step[StateT]:
    """Start a round of ``fmt`` in the session (one open round at a time), then show it.

    ``echo``: the opener is told privately what the live message shows (not when
    the panel, which shows it itself, opened the round).
    """
    svc = services(context)
    applied = await svc.rounds.open_round(session, Actor(event.actor, role), fmt, event)
    step: Step[StateT] = applied.step
    await show_opened(context, session, applied.round.id, fmt, step,
                      actor=event.actor if echo else None)
    return step


async def show_opened(context: Ctx, session: Session, round_id: int, fmt: Format[Any],
                      step: Step[Any], *, actor: int | None = None) -> None:
    """After a new round is stored (from the chat or the web): its timers, its live message
    posted in the session's group or topic, the opening's announcements."""
    svc = services(context)
    svc.timers.arm(round_id, fmt.deadline(step.state))
    svc.timers.arm_reminders(round_id, fmt.reminders(step.state))
    await svc.live.post(context, round_id)
    await announce_step(context, svc, session, round_id, fmt, step, actor)


async def act(
    context: Ctx,
    session: Session,
    event: Event,
    role: roles.Role | None,
    *,
    kind: str | None = None,
    round_id: int | None = None,
    source: str | None = None,
    check: Callable[[RoundRecord], None] | None = None,
    late: bool = False,
    echo: bool = True,
) -> Step[Any]:
    """Apply one event to the session's open round (or the given one) and carry out the result.

    ``role`` ``None`` means the bot itself (timers). ``late``: the given round may be
    closed (a contribution that waited past the close). ``echo``: see ``open_round``.
    See ``RoundService.act``.
    """
    svc = services(context)
    applied = await svc.rounds.act(
        session, None if role is None else Actor(event.actor, role), event,
        kind=kind, round_id=round_id, source=source, check=check, late=late)
    fmt = svc.formats[applied.round.kind]
    await carry_out(context, session, applied.round.id, fmt, applied.before, applied.step,
                    actor=event.actor if echo else None)
    return applied.step


async def act_in_time(context: Ctx, session: Session, event: Event, role: roles.Role, *,
                      kind: str, source: str, sent: object,
                      round_id: int | None = None) -> Step[Any]:
    """A contribution to the open round of ``kind`` (or the given round), or to the session's
    last round of that kind if it closed after the contribution was ``sent`` (the flow's
    ``in_time`` rule decides); otherwise the first refusal stands."""
    try:
        return await act(context, session, event, role, kind=kind, round_id=round_id,
                         source=source)
    except FlowError as refusal:
        if refusal.key not in (f"{kind}.none_open", "core.round_closed") or sent is None:
            raise
        async with services(context).db.transaction() as tx:
            record = (await stored.get_round(tx, round_id) if round_id is not None
                      else await stored.last_round(tx, session.id, kind))
        if record is None or record.is_open:
            raise
        try:
            return await act(context, session, event, role, kind=kind, round_id=record.id,
                             source=source, late=True)
        except FlowError as error:
            if error.key == f"{kind}.not_now":
                raise refusal from None
            raise


async def round_by_id(context: Ctx, round_id: int, fmt: Format[StateT]
                      ) -> tuple[RoundRecord, StateT, Session]:
    """A round of ``fmt`` named by a button or deep link, its state and its session; a stale
    or forged id is refused."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        record, session = await stored.get_round_and_session(tx, round_id)
    if record is None or session is None or record.kind != fmt.kind:
        raise FlowError("core.stale_button")
    state: StateT = svc.states.parse(fmt, record)
    return record, state, session


async def carry_out(context: Ctx, session: Session, round_id: int, fmt: Format[Any],
                    before: Any, step: Step[Any], *, actor: int | None = None) -> None:
    """After a step is stored: timers, the live message, the step's announcements."""
    svc = services(context)
    deadline = fmt.deadline(step.state)
    is_open = fmt.is_open(step.state)
    if deadline != fmt.deadline(before) or not is_open:
        svc.timers.arm(round_id, deadline if is_open else None)
    svc.timers.arm_reminders(round_id, fmt.reminders(step.state) if is_open else ())
    svc.live.mark_dirty(context, round_id, urgent=not is_open)
    await announce_step(context, svc, session, round_id, fmt, step, actor)


async def contribute(
    context: Ctx,
    update: Update,
    session: Session,
    event: Event,
    role: roles.Role,
    *,
    kind: str,
    source: str,
    acknowledge: Callable[[], Awaitable[None]],
) -> Step[Any]:
    """Apply a contribution now (``RoundService.contribute``); acknowledge once it is stored.

    ``acknowledge`` runs (and the step is carried out) once the journal
    committed it, in the background, so the chat's next update need not wait
    for the disk. An illegal contribution raises ``FlowError`` here, before
    anything is stored.
    """
    svc = services(context)
    done = await svc.rounds.contribute(session, Actor(event.actor, role), event,
                                       kind=kind, source=source)
    fmt = svc.formats[done.round.kind]

    async def when_stored() -> None:
        try:
            landed = await done.stored  # the step as stored (applied again if it had to be)
            try:
                await acknowledge()
            finally:  # the board and the step's effects whatever became of the reaction
                await carry_out(context, session, done.round.id, fmt, landed.before,
                                landed.step, actor=event.actor)
        except Exception as error:  # what python-telegram-bot does for a handler's error
            await context.application.process_error(update, error)

    # A task of our own, not Application.create_task: updates still queued at shutdown are
    # handled after the application stopped running, and their tasks must be waited for
    # (Services.quiet, in post_stop) before the Bot API connection closes.
    svc.in_background(asyncio.get_running_loop().create_task(when_stored()))
    return done.step


async def announce_step(context: Ctx, svc: Services, session: Session, round_id: int,
                        fmt: Format[Any], step: Step[Any], actor: int | None) -> None:
    """The step's announcements, shown the format's way (``presenter``) if it has one."""
    present = await presenter(svc, fmt, round_id, session, step)
    await announce(context, svc, session, step.effects, present=present, actor=actor,
                   quiet=fmt.quiet, notices=fmt.notices, folded=fmt.folded)


async def presenter(
    svc: Services, fmt: Format[Any], round_id: int, session: Session, step: Step[Any]
) -> Presenter | None:
    """The format's own way to show this step's announcements, if it has one."""
    if type(fmt).present is Format.present or not step.effects:
        return None
    named = {uid for effect in step.effects for uid in effect.people.values()}
    view = await live_view(svc, fmt, round_id, session, step.state, named)
    state = step.state
    return lambda effect: fmt.present(effect, state, view)


async def render(svc: Services, record: RoundRecord, session: Session) -> tuple[
    str, InlineKeyboardMarkup | None
]:
    """The live message of a round as it is stored now; an open round's carries "Steuern"
    (``bot.panel``) for the facilitators and, beside it, the way into the Mini App
    (``bot.miniapp``)."""
    fmt = svc.formats[record.kind]
    state = svc.states.parse(fmt, record)
    view = await live_view(svc, fmt, record.id, session, state)
    text, markup = fmt.render_live(state, view)
    if not record.is_open:
        return text, markup
    steer = svc.signer.button(session.chat_id, view.t("panel.steer_button"), "steer", record.id)
    rows = [*markup.inline_keyboard] if markup is not None else []
    app = app_button(svc, session, view.t)
    return text, InlineKeyboardMarkup([*rows, [steer, app] if app else [steer]])


async def live_view(
    svc: Services,
    fmt: Format[Any],
    round_id: int,
    session: Session,
    state: Any,
    also: Iterable[int] = (),
) -> LiveView:
    """Texts in the event's language and the profiles of the people the state names."""
    async with svc.db.transaction() as tx:
        event = await people.get_event(tx, session.event_id)
        persons = await people.people_by_id(tx, sorted(fmt.people_in(state) | set(also)))
    return LiveView(
        round_id=round_id,
        session=session,
        t=translator(*(event.language, event.address) if event else (svc.settings.language,)),
        persons=persons,
        signer=svc.signer,
        bot_username=svc.bot_username,
        now=svc.rounds.clock(),
    )

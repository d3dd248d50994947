"""``/fishbowl [topic]`` without chairs: ask for the chairs and the seat time, then open.

The facilitator gets the questions privately (or, when they never opened the
private chat, as a reply in the group that only they can answer and that goes
once answered), one after the other in the same message, with a button for
each value (``bot.choosing``); the topic waits as their dialogue in the session
chat. A seat time the command already gave is not asked again.
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot import choosing
from bot.rounds import Format, open_round
from bot.services import Ctx, Who, services
from flows import fishbowl as fb
from flows.base import FlowError
from storage.records import Session

DIALOG = "fbopen"
CHAIRS = choosing.Choice(
    action="fbchairs", dialog=DIALOG, question="fishbowl.ask_chairs",
    picks=tuple(("fishbowl.pick_chairs", chairs) for chairs in (3, 4, 5, 6)))
"""Chairs in the inner circle, the free chair among them."""
SEAT_TIME = choosing.Choice(
    action="fbseat", dialog=DIALOG, question="fishbowl.ask_seat_time",
    picks=(*(("fishbowl.pick_seat_time", minutes) for minutes in (3, 5, 8)),
           ("fishbowl.pick_no_seat_time", 0)))
"""Minutes each person sits in the inner circle; 0 for none."""


async def ask(update: Update, context: Ctx, who: Who, message: Message, topic: str,
              seat_minutes: float | None) -> None:
    """Keep the topic (and a seat time given) and ask for the chairs."""
    assert who.session is not None
    await services(context).rounds.none_open(who.session.id)
    await choosing.ask(update, context, who, message, CHAIRS,
                       {"topic": topic, "seat_minutes": seat_minutes, "step": "chairs"})


async def chairs_chosen(update: Update, context: Ctx, args: list[str]) -> None:
    """The chairs: open the fishbowl if the seat time is known, else ask for it."""
    who, session, data, chairs = await choosing.picked(update, context, args, CHAIRS)
    if data.get("step") != "chairs":
        raise FlowError("core.stale_button")
    data.update(chairs=chairs, step="seat_time")
    if data.get("seat_minutes") is None:
        await choosing.ask_next(update, context, who, session, SEAT_TIME, data,
                                CHAIRS.label(who.t, chairs))
        return
    await opened(update, context, who, session, data, CHAIRS, chairs)


async def seat_time_chosen(update: Update, context: Ctx, args: list[str]) -> None:
    """The seat time (or none): the fishbowl opens."""
    who, session, data, minutes = await choosing.picked(update, context, args, SEAT_TIME)
    if data.get("step") != "seat_time":
        raise FlowError("core.stale_button")
    data["seat_minutes"] = float(minutes) if minutes else None
    await opened(update, context, who, session, data, SEAT_TIME, minutes)


async def opened(update: Update, context: Ctx, who: Who, session: Session,
                 data: dict[str, Any], choice: choosing.Choice, value: int) -> None:
    """Open the fishbowl with the answers; the question goes (or shows the last answer)."""
    fmt: Format[Any] = services(context).formats["fishbowl"]
    event = fb.OpenFishbowl(actor=who.user_id, topic=data["topic"], chairs=int(data["chairs"]),
                            seat_minutes=data.get("seat_minutes"))
    await open_round(context, session, fmt, event, who.role)
    await choosing.settled(update, context, who, session, choice, value)


BUTTONS = ((CHAIRS.action, chairs_chosen), (SEAT_TIME.action, seat_time_chosen))

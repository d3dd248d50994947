"""Private dialogues for words behind a tap: corrections to ratings, concerns and objections.

A rating of "partly" or "not understood" invites a correction; a concern or
an objection needs its reason. The bot asks privately right after the tap in
the session, or, for someone who never opened a private chat, through the
deep link the tap answered with (``/start cocor_…``, ``/start coreason_…``).
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.council.common import (
    Council,
    ask_in_private,
    council_dialog,
    council_for,
    numbers_in,
    reply,
    submit,
)
from bot.council.live import RATING_CODES, STANCE_CODES
from bot.routing import Dialogs, Starts
from bot.services import Ctx
from flows.base import FlowError
from flows.council import (
    RateRestatement,
    StanceKind,
    TakeStance,
    may_rate,
    may_take_stance,
)

ASKED_WHY = {"c": StanceKind.CONCERNS, "o": StanceKind.OBJECT}
"""The stances that need words, by the code their button carries."""


async def start_correction(update: Update, context: Ctx, rest: str) -> None:
    """``/start cocor_<round>_<interest>``: the correction to a rating given in the session."""
    round_id, interest = numbers_in(rest, 2)
    here = await council_for(update, context, round_id)
    rated = next((r for r in here.state.restatements if r.interest == interest), None)
    if rated is None or rated.rating is None:
        raise FlowError("council.no_restatement")
    here.admit(RateRestatement)
    may_rate(here.state, here.who.user_id, interest)
    code = next(c for c, r in RATING_CODES.items() if r is rated.rating)
    text = here.who.t(
        "council.ask_correction",
        interest=interest,
        rating=here.who.t(f"council.rating_{rated.rating.value}"),
    )
    data = {"round": round_id, "interest": interest, "rating": code}
    await ask_in_private(context, here.who, "council_correct", data, text)


@council_dialog
async def correction_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], text: str
) -> None:
    event = RateRestatement(
        actor=here.who.user_id,
        interest=int(data["interest"]),
        rating=RATING_CODES[str(data["rating"])],
        correction=text,
    )
    await submit(update, context, here, event)
    await reply(update, here.who.t("council.correction_saved"))


# --- round 4: concerns and objections ----------------------------------------------------------


async def start_reason(update: Update, context: Ctx, rest: str) -> None:
    """``/start coreason_<round>_<proposal>_<version>_<c|o>``: why the concern or objection."""
    round_id, proposal, version = numbers_in(rest, 3)
    code = rest.split("_")[-1]
    kind = ASKED_WHY.get(code)
    if kind is None:
        raise FlowError("core.stale_button")
    here = await council_for(update, context, round_id)
    here.admit(TakeStance)
    may_take_stance(here.state, here.who.user_id, proposal, version)
    made = next(p for p in here.state.proposals if p.number == proposal)
    key = "council.ask_objection" if code == "o" else "council.ask_concern"
    text = here.who.t(key, proposal=proposal, text=made.current.text)
    data = {"round": round_id, "proposal": proposal, "version": version, "kind": code}
    await ask_in_private(context, here.who, "council_reason", data, text)


@council_dialog
async def reason_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], text: str
) -> None:
    event = TakeStance(
        actor=here.who.user_id,
        proposal=int(data["proposal"]),
        kind=STANCE_CODES[str(data["kind"])],
        reason=text,
        version=int(data["version"]),
    )
    await submit(update, context, here, event)
    await reply(update, here.who.t("council.stance_saved"))


STARTS: Starts = (
    ("cocor", start_correction),
    ("coreason", start_reason),
)
DIALOGS: Dialogs = (
    ("council_correct", correction_answer),
    ("council_reason", reason_answer),
)

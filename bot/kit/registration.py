"""Registering for an event by its link, and whether one wants its documentation afterwards.

The event's registration link (``join_<code>``, on the invitation page) registers
the person for the event and asks the registration's questions (``bot.profile``:
name, sector from the event's list, consent to be named, organization and
function). Registration ends with one more question, under its thanks: whether they
want the final documentation sent to them; ``/profile`` lets them change the answer. If the
event's survey is open, its ballot follows.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.buttons import ButtonSigner
from bot.handling import private_who
from bot.kit.survey import ballot
from bot.services import Ctx, Who, services
from flows import survey as sv
from flows.base import FlowError
from locales import translator
from storage import kit, people
from storage import surveys as stored

LINK = "join"
"""The registration link's prefix: ``join_<event code>``."""
RESULTS = "kres"
"""The button action of the answer: ``kres|<event or 0>|<1 yes, 0 no>``."""


async def register_by_link(update: Update, context: Ctx, rest: str) -> None:
    """``/start join_<code>``: registered for the event, then the registration's questions."""
    from bot.profile import ask_name  # the profile asks back here when it is done

    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    async with services(context).db.transaction() as tx:
        event = await people.event_by_code(tx, rest)
        if event is not None:
            await kit.register(tx, event.id, who.user_id)
    if event is None:
        raise FlowError("kit.unknown_link")
    await update.effective_message.reply_text(who.t("kit.registered_for", title=event.title))
    await ask_name(update, context, who, {"event": event.id, "register": True})


def results_buttons(signer: ButtonSigner, who: Who, event_id: int | None
                    ) -> list[InlineKeyboardButton]:
    return [signer.button(who.user_id, who.t(f"kit.results_{answer}"), RESULTS, event_id or 0,
                          value) for answer, value in (("yes", 1), ("no", 0))]


def results_question(context: Ctx, who: Who, event_id: int | None
                     ) -> tuple[str, InlineKeyboardMarkup]:
    """The registration's last question, under its thanks: the final documentation, yes or no."""
    signer = services(context).signer
    return who.t("kit.ask_results"), InlineKeyboardMarkup([results_buttons(signer, who,
                                                                            event_id)])


def profile_row(context: Ctx, who: Who, wanted: bool | None) -> list[InlineKeyboardButton]:
    """The /profile button that changes the answer (to the other one)."""
    signer = services(context).signer
    key = "kit.profile_results_yes" if wanted else "kit.profile_results_no"
    return [signer.button(who.user_id, who.t(key), RESULTS, 0, 0 if wanted else 1)]


async def results_chosen(update: Update, context: Ctx, args: list[str]) -> None:
    """The answer is kept; after a registration for an event whose survey is open, its ballot."""
    query = update.callback_query
    assert query is not None
    if len(args) != 2 or not args[0].isdecimal() or args[1] not in ("0", "1"):
        raise FlowError("core.stale_button")
    who = await private_who(update, context)
    if who is None:
        return
    wanted = args[1] == "1"
    async with services(context).db.transaction() as tx:
        await kit.set_wants_results(tx, who.user_id, wanted)
        event = await people.get_event(tx, int(args[0])) if args[0] != "0" else None
        found = await stored.survey_of(tx, event.id) if event else None
    await query.answer(who.t("kit.results_saved_yes" if wanted else "kit.results_saved_no"))
    if isinstance(query.message, Message):
        answer = who.t("kit.results_yes" if wanted else "kit.results_no")
        await query.message.edit_text(f"{query.message.text or ''}\n\n→ {answer}")
    if event is not None and found is not None and found.state.phase is sv.Phase.OPEN:
        t = translator(who.person.language, event.address)
        text, markup = ballot(context, who.user_id, t, event, found)
        await context.bot.send_message(who.user_id, text, reply_markup=markup)

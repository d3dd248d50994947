"""The topic survey before the event in Telegram: ``/survey`` and the private ballot.

An organizer sends ``/survey`` privately: the bot asks for the topics (one a
line) and how many each person may pick, then gives the survey's link
(``survey_<code>``) and its QR code to send with the invitation. Whoever
follows the link is registered for the event and gets a ballot: one button per
topic, ticked or not; a tap picks or drops that topic, and the flow refuses a
pick beyond the limit, or any tap after the survey closed. ``/survey`` again
shows the organizer the ranking, with buttons to close the survey and, once
closed, to turn the top topics into sessions waiting for a group: each gets an
"add to a group" link (``startgroup=<code>_<token>``, ``bot.core.link_chat``).
The rules are ``flows.survey``'s; every move goes through ``service.surveys``.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.core import cancel_markup
from bot.handling import answered_press, private_text, private_who
from bot.kit.events import event_command, organized, typed_for_event
from bot.services import Ctx, Who, services
from drafts.qr import qr_png
from flows import survey as sv
from flows.base import FlowError
from locales import Translator, translator
from service import surveys as door
from storage import dialogs, kit, people
from storage import surveys as stored
from storage.records import Event
from storage.surveys import SurveyRecord

TOPICS_DIALOG = "survey_topics"
PICKS_DIALOG = "survey_picks"
LINK = "survey"
"""The deep link's prefix: ``survey_<event code>``."""
LABEL = 48
"""Characters of a topic on its button (the message lists it in full)."""
PLAN_CHOICES = 6
"""The "top n as sessions" buttons offered: n = 1 … this (or fewer topics)."""


def short(text: str, limit: int = LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the organizer ----------------------------------------------------------------------------
async def survey_screen(context: Ctx, who: Who, event: Event) -> None:
    """The survey's ranking and what the organizer can do; without one, its first question."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        found = await stored.survey_of(tx, event.id)
        if found is None:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, TOPICS_DIALOG,
                                       {"event": event.id})
    if found is None:
        await context.bot.send_message(who.user_id, who.t("kit.ask_topics", title=event.title,
                                                          max=sv.MAX_TOPICS),
                                       reply_markup=cancel_markup(who, context))
        return
    await context.bot.send_message(who.user_id, status_text(who.t, event, found.state),
                                   reply_markup=status_markup(context, who, found))


survey_command, survey_event = event_command("svev", sv.OpenSurvey, survey_screen)
"""``/survey`` privately: the event's survey, or its questions; with several events, which."""


def status_text(t: Translator, event: Event, state: sv.SurveyState) -> str:
    """The survey as the organizer sees it: open or closed, how many answered, the ranking."""
    head = t("kit.status_open" if state.phase is sv.Phase.OPEN else "kit.status_closed",
             title=event.title)
    lines = [head, t("kit.respondents", count=sv.respondents(state), picks=state.picks)]
    lines += [t("kit.ranking_line", votes=votes, topic=state.topics[topic - 1])
              + (" ✓" if topic in state.planned else "") for topic, votes in sv.ranking(state)]
    return "\n".join(lines)


def status_markup(context: Ctx, who: Who, found: SurveyRecord) -> InlineKeyboardMarkup:
    signer = services(context).signer
    uid, sid, state = who.user_id, found.id, found.state
    rows = [[signer.button(uid, who.t("kit.link_button"), "svlink", sid),
             signer.button(uid, who.t("kit.refresh_button"), "svshow", sid)]]
    if state.phase is sv.Phase.OPEN:
        rows.append([signer.button(uid, who.t("kit.close_button"), "svclose", sid)])
    else:
        plans = [signer.button(uid, who.t("kit.plan_button", count=n), "svplan", sid, n)
                 for n in range(1, min(PLAN_CHOICES, len(state.topics)) + 1)]
        rows += [plans[i:i + 2] for i in range(0, len(plans), 2)]
    if state.planned:
        rows.append([signer.button(uid, who.t("kit.groups_button"), "svgroups", sid)])
    return InlineKeyboardMarkup(rows)


async def topics_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """The topics, one a line; then how many each may pick."""
    typed = await typed_for_event(update, context, data, sv.parse_topics, sv.OpenSurvey)
    if typed is None:
        return
    who, message, topics, event = typed
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, PICKS_DIALOG,
                                   {"event": event.id, "topics": list(topics)})
    signer = services(context).signer
    numbers = [signer.button(who.user_id, str(n), "svk", event.id, n)
               for n in range(1, len(topics))]
    rows = [numbers[i:i + 6] for i in range(0, len(numbers), 6)]
    await message.reply_text(who.t("kit.ask_picks", count=len(topics), max=len(topics) - 1),
                             reply_markup=InlineKeyboardMarkup(rows))


async def picks_typed(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """How many each may pick, typed as a number."""
    typed = await private_text(update, context)
    if typed is None:
        return
    who, text = typed
    picks = sv.parse_picks(text, len(data["topics"]))
    await create(context, who, int(data["event"]), picks)


async def picks_pressed(update: Update, context: Ctx, args: list[str]) -> None:
    """How many each may pick, as a button."""
    who = await answered_press(update, context)
    if who is None or len(args) != 2 or not all(arg.isdecimal() for arg in args):
        raise FlowError("core.stale_button")
    await create(context, who, int(args[0]), int(args[1]))


async def create(context: Ctx, who: Who, event_id: int, picks: int) -> None:
    """Open the survey with the topics of the dialogue; then its link and QR code."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != PICKS_DIALOG or int(found[1]["event"]) != event_id:
        raise FlowError("core.stale_button")
    topics = tuple(str(topic) for topic in found[1]["topics"])
    event = sv.OpenSurvey(actor=who.user_id, topics=topics, picks=picks)
    done = await door.open_survey(svc.db, event_id, event, svc.rounds.clock())
    async with svc.db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
        stored_event = await people.get_event(tx, event_id)
    assert stored_event is not None
    await send_link(context, who, stored_event, done.survey)


async def send_link(context: Ctx, who: Who, event: Event, found: SurveyRecord) -> None:
    """The survey's link as text (to paste into the invitation) and as a QR code."""
    link = services(context).deep_link(f"{LINK}_{event.code}")
    await context.bot.send_message(who.user_id, who.t("kit.survey_link", title=event.title,
                                                      link=link))
    await context.bot.send_photo(who.user_id, qr_png(link),
                                 caption=who.t("kit.survey_qr", title=event.title))
    await context.bot.send_message(who.user_id, status_text(who.t, event, found.state),
                                   reply_markup=status_markup(context, who, found))


async def organized_survey(context: Ctx, who: Who, args: list[str]) -> tuple[Event, SurveyRecord]:
    """The survey a button names, and its event, for one of its organizers."""
    if not args or not args[0].isdecimal():
        raise FlowError("core.stale_button")
    async with services(context).db.transaction() as tx:
        found = await stored.get_survey(tx, int(args[0]))
    if found is None:
        raise FlowError("survey.none")
    return await organized(context, who, found.event_id, sv.OpenSurvey), found


async def show(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is not None:
        event, found = await organized_survey(context, who, args)
        await context.bot.send_message(who.user_id, status_text(who.t, event, found.state),
                                       reply_markup=status_markup(context, who, found))


async def link(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is not None:
        event, found = await organized_survey(context, who, args)
        await send_link(context, who, event, found)


async def close(update: Update, context: Ctx, args: list[str]) -> None:
    """Close the survey: no pick or drop changes it any more."""
    who = await answered_press(update, context)
    if who is None:
        return
    event, found = await organized_survey(context, who, args)
    svc = services(context)
    done = await door.act(svc.db, found.id, sv.CloseSurvey(actor=who.user_id),
                          svc.rounds.clock())
    await context.bot.send_message(who.user_id, status_text(who.t, event, done.survey.state),
                                   reply_markup=status_markup(context, who, done.survey))


async def plan(update: Update, context: Ctx, args: list[str]) -> None:
    """The top n topics become sessions waiting for a group, each with its link."""
    who = await answered_press(update, context)
    if who is None or len(args) != 2 or not args[1].isdecimal():
        raise FlowError("core.stale_button")
    event, found = await organized_survey(context, who, args)
    svc = services(context)
    await door.act(svc.db, found.id, sv.PlanSessions(actor=who.user_id, count=int(args[1])),
                   svc.rounds.clock())
    await send_groups(context, who, event)


async def groups(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is not None:
        event, _ = await organized_survey(context, who, args)
        await send_groups(context, who, event)


async def send_groups(context: Ctx, who: Who, event: Event) -> None:
    """Each planned session with its "add to a group" link; those with a group marked."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        planned = await kit.waiting_sessions(tx, event.id)
    lines = [who.t("kit.planned", count=len(planned), title=event.title)]
    rows = []
    for waiting in planned:
        if waiting.session_id is not None:
            lines.append(who.t("kit.planned_linked", title=waiting.title))
            continue
        lines.append(who.t("kit.planned_waiting", title=waiting.title))
        url = f"https://t.me/{svc.bot_username}?startgroup={event.code}_{waiting.token}"
        rows.append([InlineKeyboardButton(who.t("kit.add_group_button",
                                                title=short(waiting.title, 40)), url=url)])
    await context.bot.send_message(who.user_id, "\n".join(lines),
                                   reply_markup=InlineKeyboardMarkup(rows) if rows else None)


# -- the people answering -----------------------------------------------------------------------
async def answer_by_link(update: Update, context: Ctx, rest: str) -> None:
    """``/start survey_<code>``: registered for the event, and the ballot."""
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None:
        return
    async with services(context).db.transaction() as tx:
        event = await people.event_by_code(tx, rest)
        found = await stored.survey_of(tx, event.id) if event else None
        if event is not None and found is not None:
            await kit.register(tx, event.id, who.user_id)
    if event is None or found is None:
        raise FlowError("survey.none")
    t = translator(who.person.language, event.address)
    text, markup = ballot(context, who.user_id, t, event, found)
    await message.reply_text(text, reply_markup=markup)


def ballot(context: Ctx, user_id: int, t: Translator, event: Event,
           found: SurveyRecord) -> tuple[str, InlineKeyboardMarkup | None]:
    """The person's ballot: every topic numbered, their picks ticked; closed, no buttons."""
    state = found.state
    mine = sv.picks_of(state, user_id)
    lines = [t("kit.ballot_title", title=event.title)]
    lines += [f"{number}. {topic}" for number, topic in enumerate(state.topics, start=1)]
    if state.phase is sv.Phase.CLOSED:
        lines.append(t("kit.ballot_closed", count=len(mine)))
        return "\n".join(lines), None
    lines.append(t("kit.ballot_how", picks=state.picks))
    lines.append(t("kit.ballot_mine", count=len(mine), picks=state.picks))
    signer = services(context).signer
    rows = [[signer.button(user_id, f"{'☑' if number in mine else '☐'} {number}. {short(topic)}",
                           "svp", found.id, number, 0 if number in mine else 1)]
            for number, topic in enumerate(state.topics, start=1)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def pick(update: Update, context: Ctx, args: list[str]) -> None:
    """A tap on a topic: picked (``1``) or dropped (``0``); the ballot shows the new answer."""
    query = update.callback_query
    assert query is not None
    if len(args) != 3 or not all(arg.isdecimal() for arg in args) or args[2] not in ("0", "1"):
        raise FlowError("core.stale_button")
    who = await private_who(update, context)
    if who is None:
        return
    survey_id, topic = int(args[0]), int(args[1])
    event_type = sv.PickTopic if args[2] == "1" else sv.DropTopic
    svc = services(context)
    done = await door.act(svc.db, survey_id, event_type(actor=who.user_id, topic=topic),
                          svc.rounds.clock())
    async with svc.db.transaction() as tx:
        event = await people.get_event(tx, done.survey.event_id)
    assert event is not None
    t = translator(who.person.language, event.address)
    mine = sv.picks_of(done.survey.state, who.user_id)
    await query.answer(t("kit.picked", count=len(mine), picks=done.survey.state.picks))
    text, markup = ballot(context, who.user_id, t, event, done.survey)
    if isinstance(query.message, Message) and done.step.state != done.before:
        with suppress(BadRequest):  # the same ballot shown (a second tap on a stale one)
            await query.message.edit_text(text, reply_markup=markup)

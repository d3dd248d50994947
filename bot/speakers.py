"""A session's impulse speakers, moderators and podium guests in Telegram (``flows.people``).

``/session impuls|moderation|podium`` without text names the person whose message it
answers (or ``@username``); alone it opens a list in the private chat, as do the panel's
buttons and the reminder after ``/endsession``: the event's people to choose from, those
chosen with a button to take them back, and, for organizers, a guest without Telegram
(typed as "Name (Organisation | Funktion)", then confirmed: the guest agreed to be named).
Each person chosen is asked privately whether they may be named in this part (``spc``;
the deep link ``spk_<id>`` when they never opened the private chat). ``/session podium
<text>`` types a guest in directly.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden
from telegram.ext import BaseHandler

from bot.handling import private_who
from bot.messaging import acknowledge, clip, send_private, send_to_session
from bot.routing import Buttons, Dialogs, Starts
from bot.screens import in_session, show
from bot.services import Ctx, Who, identify, services
from flows import roles
from flows.base import FlowError
from flows.people import (
    CONTRIBUTOR_ROLES,
    ChooseContributor,
    ContributorRole,
    EnterGuest,
    Guest,
    RemoveContributor,
    described,
    parse_guest,
    parse_speaker_answer,
)
from locales import Translator, translator
from storage import contributors, dialogs, drafting, people
from storage.contributors import ContributorRecord
from storage.records import Person, Session

ACTION = "sp"
"""The list's buttons; the first argument says what a press does."""
ANSWER = "spc"
LINK = "spk"
GUEST = "speaker_guest"
PAGE = 8
"""People offered on one page of the list."""


def part_of(value: str) -> ContributorRole:
    for role in CONTRIBUTOR_ROLES:
        if value == role:
            return role
    raise FlowError("core.stale_button")


def whole(args: list[str], index: int) -> int:
    if len(args) <= index or not args[index].isdigit():
        raise FlowError("core.stale_button")
    return int(args[index])


# -- /session impuls|moderation|podium ---------------------------------------------------------
async def session_part(update: Update, context: Ctx, who: Who, role: ContributorRole,
                       text: str) -> None:
    """Name the person answered (or ``@username``), type a podium guest in, or open the list."""
    message = update.effective_message
    if who.session is None or message is None:
        raise FlowError("core.not_a_session")
    roles.require(ChooseContributor(actor=who.user_id, role=role, target=0), who.role)
    target = await addressed(update, context, text)
    if target is not None:
        await choose(context, who, who.session, role, target.user_id)
        await acknowledge(update, context, who.t)
        return
    if text.strip() and not text.strip().startswith("@"):
        roles.require(EnterGuest(actor=who.user_id, role=role, name=text), who.role)
        await ask_to_confirm(context, who, who.session, role, parse_guest(text))
        await acknowledge(update, context, who.t)
        return
    if text.strip():
        raise FlowError("core.unknown_username", command="session", username=text.strip())
    screen, markup = await picker(context, who, who.session, role, 0)
    await send_private(context, who.user_id, screen, markup, fallback=who.session)
    await acknowledge(update, context, who.t)


async def addressed(update: Update, context: Ctx, text: str) -> Person | None:
    """The person whose message the command answers, or the one named by ``@username``."""
    message = update.effective_message
    assert message is not None
    replied = message.reply_to_message
    if replied is not None and (replied.forum_topic_created is not None
                                or (message.is_topic_message
                                    and replied.message_id == message.message_thread_id)):
        replied = None
    svc = services(context)
    async with svc.db.transaction() as tx:
        if replied is not None and replied.from_user and not replied.from_user.is_bot:
            user = replied.from_user
            return await people.see_person(tx, user.id, user.full_name, user.username,
                                           svc.settings.language)
        if text.strip().startswith("@"):
            return await people.find_by_username(tx, text.strip().split()[0])
    return None


async def choose(context: Ctx, who: Who, session: Session, role: ContributorRole,
                 user_id: int) -> None:
    """Name a person for the part; someone named anew is asked whether they may be named."""
    roles.require(ChooseContributor(actor=who.user_id, role=role, target=user_id), who.role)
    async with services(context).db.transaction() as tx:
        record, new = await contributors.add_contributor(tx, session.id, role, user_id,
                                                         who.user_id)
        await people.add_member(tx, session.id, user_id)
    if new:
        await ask_consent(context, record, session)


# -- the list ----------------------------------------------------------------------------------
async def picker(context: Ctx, who: Who, session: Session, role: ContributorRole,
                 page: int) -> tuple[str, InlineKeyboardMarkup]:
    """The part's people so far and the event's people to choose from, a page at a time."""
    t, sign = who.t, services(context).signer
    async with services(context).db.transaction() as tx:
        chosen = await contributors.contributors_of(tx, session.id)
        took_part = await drafting.participants(tx, session.event_id)
        persons = await people.people_by_id(
            tx, sorted(took_part | {c.user_id for c in chosen if c.user_id}))
    mine = [c for c in chosen if c.role == role]
    taken = {c.user_id for c in mine}
    offered = sorted((p for p in persons.values() if p.user_id not in taken),
                     key=lambda p: p.name.casefold())
    pages = max(1, -(-len(offered) // PAGE))
    page = min(max(page, 0), pages - 1)
    lines = [t(f"speakers.pick_{role}", session=session.title)]
    lines += [f"• {shown(t, c, persons)}" for c in mine] or [t("speakers.nobody_yet")]
    lines.append(t("speakers.pick_hint"))

    def button(label: str, *args: object) -> InlineKeyboardButton:
        return sign.button(who.user_id, label, ACTION, *args)

    rows: list[list[InlineKeyboardButton]] = []
    visible = offered[page * PAGE:(page + 1) * PAGE]
    tiles = [button(p.name[:40], "p", session.id, role, p.user_id) for p in visible]
    rows += [tiles[i:i + 2] for i in range(0, len(tiles), 2)]
    if pages > 1:
        rows.append([button("◀", "o", session.id, role, (page - 1) % pages),
                     button(t("speakers.page", page=page + 1, pages=pages), "o", session.id,
                            role, page),
                     button("▶", "o", session.id, role, (page + 1) % pages)])
    rows += [[button("✕ " + shown(t, c, persons)[:40], "x", session.id, c.id)] for c in mine]
    if roles.may(who.role, EnterGuest):
        rows.append([button(t("speakers.guest_button"), "g", session.id, role)])
    rows.append([button(("• " if other == role else "") + t(f"speakers.part_{other}"), "o",
                        session.id, other, 0) for other in CONTRIBUTOR_ROLES])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def shown(t: Translator, record: ContributorRecord, persons: dict[int, Person]) -> str:
    """A chosen contributor as the list shows them, with where their consent stands."""
    if record.user_id is None:
        return t("speakers.as_guest", name=described(record.name or "", record.organization,
                                                     record.function))
    person = persons.get(record.user_id)
    name = person.name if person else "?"
    return t(f"speakers.consent_{record.consent}", name=name)


async def list_button(update: Update, context: Ctx, args: list[str]) -> None:
    """A press on the list: page, choose, take back, a guest, or confirm a guest."""
    query = update.callback_query
    assert query is not None
    op, rest = (args[0], args[1:]) if args else ("", [])
    who, session = await in_session(update, context, whole(rest, 0))
    role: ContributorRole = "impulse"
    if op in ("o", "O", "p", "g"):
        role = part_of(rest[1] if len(rest) > 1 else "")
    if op == "O":  # from the panel or the reminder: the list as a message of its own
        await query.answer()
        await open_list(context, who, session, role)
        return
    if op == "p":
        await choose(context, who, session, role, whole(rest, 2))
    elif op == "x":
        role = await take_back(context, who, session, whole(rest, 1))
    elif op == "g":
        roles.require(EnterGuest(actor=who.user_id, role=role, name="?"), who.role)
        async with services(context).db.transaction() as tx:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, GUEST,
                                       {"session": session.id, "role": role})
        await query.answer()
        await context.bot.send_message(who.user_id, who.t("speakers.ask_guest",
                                                          part=who.t(f"speakers.part_{role}")))
        return
    elif op in ("y", "n"):
        await guest_decided(update, context, who, session, confirmed=op == "y")
        return
    await query.answer()
    page = whole(rest, 2) if op == "o" else 0
    screen, markup = await picker(context, who, session, role, page)
    await show(context, who.user_id, query.message, screen, markup)


async def take_back(context: Ctx, who: Who, session: Session, contributor_id: int
                    ) -> ContributorRole:
    roles.require(RemoveContributor(actor=who.user_id, contributor_id=contributor_id), who.role)
    async with services(context).db.transaction() as tx:
        record = await contributors.get_contributor(tx, contributor_id)
        if record is None or record.session_id != session.id:
            raise FlowError("core.stale_button")
        await contributors.remove_contributor(tx, contributor_id)
    return record.role


async def open_list(context: Ctx, who: Who, session: Session, role: ContributorRole) -> None:
    """The list of one part, as a new private message (the panel, the reminder)."""
    roles.require(ChooseContributor(actor=who.user_id, role=role, target=0), who.role)
    screen, markup = await picker(context, who, session, role, 0)
    await context.bot.send_message(who.user_id, clip(screen), reply_markup=markup)


# -- guests ------------------------------------------------------------------------------------
async def guest_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """The guest as typed; the organizer confirms next that the guest agreed."""
    message = update.effective_message
    if message is None or not message.text:
        return
    who, session = await in_session(update, context, int(data["session"]))
    role = part_of(str(data.get("role")))
    roles.require(EnterGuest(actor=who.user_id, role=role, name=message.text), who.role)
    await ask_to_confirm(context, who, session, role, parse_guest(message.text))


async def ask_to_confirm(context: Ctx, who: Who, session: Session, role: ContributorRole,
                         guest: Guest) -> None:
    """Keep the guest in the dialogue and ask the organizer to confirm their consent."""
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, GUEST, {
            "session": session.id, "role": role, "guest": guest.model_dump()})
    sign = services(context).signer
    markup = InlineKeyboardMarkup([
        [sign.button(who.user_id, who.t("speakers.guest_agreed"), ACTION, "y", session.id)],
        [sign.button(who.user_id, who.t("core.cancel"), ACTION, "n", session.id)],
    ])
    text = who.t("speakers.confirm_guest", part=who.t(f"speakers.part_{role}"),
                 session=session.title,
                 guest=described(guest.name, guest.organization, guest.function))
    await send_private(context, who.user_id, text, markup, fallback=session)


async def guest_decided(update: Update, context: Ctx, who: Who, session: Session, *,
                        confirmed: bool) -> None:
    """The organizer confirmed the guest agreed (stored), or cancelled (nothing stored)."""
    query = update.callback_query
    assert query is not None
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        pending = (found[1] if found and found[0] == GUEST and "guest" in found[1]
                   and found[1].get("session") == session.id else None)
        if pending is None:
            raise FlowError("core.stale_button")
        role = part_of(str(pending.get("role")))
        guest = Guest.model_validate(pending["guest"])
        if confirmed:
            roles.require(EnterGuest(actor=who.user_id, role=role, name=guest.name), who.role)
            await contributors.add_guest(tx, session.id, role, guest, who.user_id)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
    await query.answer()
    done = who.t("speakers.guest_saved" if confirmed else "speakers.guest_cancelled",
                 guest=described(guest.name, guest.organization, guest.function))
    if isinstance(query.message, Message):
        await query.message.edit_text(clip(done))
    if confirmed:
        await open_list(context, who, session, role)


# -- the person named --------------------------------------------------------------------------
async def ask_consent(context: Ctx, record: ContributorRecord, session: Session) -> None:
    """The person chosen is asked privately whether they may be named in this part; one who
    never opened the private chat gets a button in the session."""
    assert record.user_id is not None
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await people.get_person(tx, record.user_id)
        event = await people.get_event(tx, session.event_id)
    if person is None or event is None:
        return
    t = translator(person.language, event.address)
    text, markup = consent_question(context, t, record, session, person)
    try:
        await context.bot.send_message(person.user_id, clip(text), reply_markup=markup)
    except Forbidden:
        group_t = translator(event.language, event.address)
        link = svc.deep_link(f"{LINK}_{record.id}")
        button = InlineKeyboardButton(group_t("core.open_private"), url=link)
        await send_to_session(context, session, group_t(
            "speakers.blocked", name=person.name, part=group_t(f"speakers.part_{record.role}")),
            InlineKeyboardMarkup([[button]]))


def consent_question(context: Ctx, t: Translator, record: ContributorRecord, session: Session,
                     person: Person) -> tuple[str, InlineKeyboardMarkup]:
    sign = services(context).signer
    markup = InlineKeyboardMarkup([
        [sign.button(person.user_id, t("speakers.answer_named"), ANSWER, record.id, "named")],
        [sign.button(person.user_id, t("speakers.answer_declined"), ANSWER, record.id,
                     "declined")],
    ])
    text = t("speakers.ask", part=t(f"speakers.part_{record.role}"), session=session.title,
             name=described(person.name, person.organization, person.function))
    return text, markup


async def answer(update: Update, context: Ctx, args: list[str]) -> None:
    """The person's answer: named in this part, or not; they may change it any time."""
    query = update.callback_query
    assert query is not None
    consent = parse_speaker_answer(args[1] if len(args) == 2 else "")
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        record_id = whole(args, 0)
        if person is None or not await contributors.set_contributor_consent(
                tx, record_id, person.user_id, consent):
            raise FlowError("speakers.gone")
    t = translator(person.language)
    await query.answer(t(f"speakers.thanks_{consent}"))
    if isinstance(query.message, Message) and query.message.text:
        text = query.message.text.split("\n\n✓")[0] + "\n\n✓ " + t(f"speakers.thanks_{consent}")
        if text != query.message.text:
            await query.message.edit_text(clip(text), reply_markup=query.message.reply_markup)


async def answer_by_link(update: Update, context: Ctx, rest: str) -> None:
    """The person opened the private chat from the session's button: ask them now."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    async with services(context).db.transaction() as tx:
        record = await contributors.get_contributor(tx, int(rest)) if rest.isdigit() else None
        session = await people.get_session(tx, record.session_id) if record else None
    if record is None or session is None or record.user_id != who.user_id:
        await update.effective_message.reply_text(who.t("speakers.gone"))
        return
    await ask_consent(context, record, session)


BUTTONS: Buttons = ((ACTION, list_button), (ANSWER, answer))
STARTS: Starts = ((LINK, answer_by_link),)
DIALOGS: Dialogs = ((GUEST, guest_answer),)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return []

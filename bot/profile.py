"""Registration and /profile: display name, sector, consent to be named, organization,
function, language.

Nobody must register before taking part. The first time someone contributes,
the live message offers a button that opens a private chat (deep link
``reg_<session id>``) where the bot asks three questions, one at a time; who
agrees to be named is then asked for their organization and, if they like, their
function, so the draft can name them as the reference does ("Name (Organisation |
Funktion)").
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.handling import NEW, answered_press, private_text, private_who
from bot.kit.registration import profile_row, results_question
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, services
from flows.people import clean_function, clean_organization
from flows.session import clean_title
from locales import LANGUAGES, Translator, translator
from storage import dialogs, kit, people
from storage.db import Tx
from storage.records import DEFAULT_SECTORS, Person


def sector_label(t: Translator, sector: str | None) -> str:
    """The text of a sector: default sectors are translated, an event's own are shown as given."""
    if sector is None:
        return t("profile.no_answer")
    return t(f"sector.{sector}") if sector in DEFAULT_SECTORS else sector


async def sectors_for(tx: Tx, event_id: int | None) -> tuple[str, ...]:
    event = await people.get_event(tx, event_id) if event_id else None
    return event.sectors if event else DEFAULT_SECTORS


async def register(update: Update, context: Ctx, rest: str) -> None:
    """Deep link from a session: start the three questions."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    event_id = None
    if rest.isdecimal():
        async with services(context).db.transaction() as tx:
            linked = await people.get_session(tx, int(rest))
        event_id = linked.event_id if linked else None
    await ask_name(update, context, who, {"event": event_id, "register": True})


async def ask_name(update: Update, context: Ctx, who: Who, data: dict[str, Any]) -> None:
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, "profile_name", data)
    signer = services(context).signer
    keep = signer.button(
        who.user_id, who.t("profile.keep_name", name=who.person.telegram_name), "pname"
    )
    assert update.effective_message is not None
    await context.bot.send_message(
        who.user_id, who.t("profile.ask_name"), reply_markup=InlineKeyboardMarkup([[keep]])
    )


async def name_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    typed = await private_text(update, context)
    if typed is None:
        return
    who, text = typed
    name = clean_title(text)
    await save_name(update, context, who, name, data)


async def keep_telegram_name(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is None:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != "profile_name":
        return
    await save_name(update, context, who, who.person.telegram_name, found[1])


async def save_name(
    update: Update, context: Ctx, who: Who, name: str, data: dict[str, Any]
) -> None:
    async with services(context).db.transaction() as tx:
        await people.update_profile(tx, who.user_id, display_name=name)
        if not data.get("register"):
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
        else:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, "profile_sector", data)
        sectors = await sectors_for(tx, data.get("event"))
    if not data.get("register"):
        await context.bot.send_message(who.user_id, who.t("profile.saved"))
        return
    await ask_sector(context, who, sectors, data.get("event"))


async def ask_sector(
    context: Ctx, who: Who, sectors: tuple[str, ...], event_id: int | None
) -> None:
    """Sector buttons; each names the event whose list it comes from, so the index is its."""
    signer = services(context).signer
    rows = [
        [signer.button(who.user_id, sector_label(who.t, sector), "psector", index,
                       event_id or 0)]
        for index, sector in enumerate(sectors)
    ]
    await context.bot.send_message(
        who.user_id, who.t("profile.ask_sector"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def choose_sector(update: Update, context: Ctx, args: list[str]) -> None:
    who = await private_who(update, context)
    query = update.callback_query
    assert query is not None
    if who is None:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        data = found[1] if found else {}
        event_id = int(args[1]) if len(args) > 1 and args[1].isdecimal() else 0
        sectors = await sectors_for(tx, event_id or None)
        index = int(args[0]) if args and args[0].isdecimal() else -1
        stale = not 0 <= index < len(sectors)
        if not stale:
            await people.update_profile(tx, who.user_id, sector=sectors[index])
        answering = not stale and bool(found and found[0] == "profile_sector")
        register = answering and bool(data.get("register"))
        if register:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, "profile_consent", data)
        elif answering:
            await dialogs.end_dialog(tx, who.user_id, who.user_id)  # not another open dialogue
    if stale:  # answered after the transaction: no Telegram round trip holds the database
        await query.answer(who.t("core.stale_button"), show_alert=True)
        return
    await query.answer(sector_label(who.t, sectors[index]))
    if register:
        await ask_consent(context, who)
    else:
        await context.bot.send_message(who.user_id, who.t("profile.saved"))


async def ask_consent(context: Ctx, who: Who) -> None:
    signer = services(context).signer
    markup = InlineKeyboardMarkup(
        [
            [signer.button(who.user_id, who.t("profile.consent_yes"), "pconsent", 1)],
            [signer.button(who.user_id, who.t("profile.consent_no"), "pconsent", 0)],
        ]
    )
    await context.bot.send_message(who.user_id, who.t("profile.ask_consent"), reply_markup=markup)


async def choose_consent(update: Update, context: Ctx, args: list[str]) -> None:
    who = await private_who(update, context)
    query = update.callback_query
    assert query is not None
    if who is None:
        return
    consent = bool(args and args[0] == "1")
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        register = bool(found and found[0] == "profile_consent" and found[1].get("register"))
        await people.update_profile(tx, who.user_id, consent_name=consent, registered=True)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
        person = await people.get_person(tx, who.user_id)
    await query.answer()
    assert person is not None
    event_id = found[1].get("event") if found else None
    if consent and person.organization is None:
        await ask_organization(context, who, {"register": register, "then": "function",
                                              "event": event_id})
        return
    await registered(context, who, person, register, event_id)


async def registered(context: Ctx, who: Who, person: Person, register: bool,
                     event_id: int | None) -> None:
    """The thanks and the answers given; after a registration, whether to send the results."""
    text = who.t("profile.registered") + "\n\n" + profile_text(who.t, person)
    if not register:
        await context.bot.send_message(who.user_id, text)
        return
    question, markup = results_question(context, who, event_id)
    await context.bot.send_message(who.user_id, text + "\n\n" + question, reply_markup=markup)


PARTS: dict[str, tuple[str, str, str, str]] = {
    "organization": ("profile_org", "people.ask_organization", "people.no_organization", "porg"),
    "function": ("profile_function", "people.ask_function", "people.no_function", "pfunc"),
}
"""Each part after the name: its dialogue, its question, its button to leave it out and the
button's action."""


async def ask_organization(context: Ctx, who: Who, data: dict[str, Any]) -> None:
    """The organization, typed (a button leaves it out); the function follows if asked for."""
    await ask_part(context, who, "organization", data)


async def ask_function(context: Ctx, who: Who, data: dict[str, Any]) -> None:
    await ask_part(context, who, "function", data)


async def ask_part(context: Ctx, who: Who, part: str, data: dict[str, Any]) -> None:
    dialog, question, leave_out, action = PARTS[part]
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, dialog, {**data, "part": part})
    skip = services(context).signer.button(who.user_id, who.t(leave_out), action, "")
    await context.bot.send_message(who.user_id, who.t(question),
                                   reply_markup=InlineKeyboardMarkup([[skip]]))


async def part_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """The organization or function as typed (the dialogue says which)."""
    typed = await private_text(update, context)
    if typed is None:
        return
    who, text = typed
    part = "function" if data.get("part") == "function" else "organization"
    clean = clean_function if part == "function" else clean_organization
    await save_part(context, who, part, clean(text), data)


async def skip_organization(update: Update, context: Ctx, args: list[str]) -> None:
    """"Ohne Organisation": the answer left out (or removed); no function is asked then."""
    await skip_part(update, context, "organization")


async def skip_function(update: Update, context: Ctx, args: list[str]) -> None:
    """"Ohne Funktion": the answer left out (or removed)."""
    await skip_part(update, context, "function")


async def skip_part(update: Update, context: Ctx, part: str) -> None:
    who = await answered_press(update, context)
    if who is None:
        return
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != PARTS[part][0]:
        return
    await save_part(context, who, part, "", {**found[1], "then": None})


async def save_part(context: Ctx, who: Who, part: str, value: str,
                    data: dict[str, Any]) -> None:
    """Keep the organization or function ("" removes it); then the next question, or done."""
    async with services(context).db.transaction() as tx:
        if part == "organization":
            await people.update_profile(tx, who.user_id, organization=value)
        else:
            await people.update_profile(tx, who.user_id, function=value)
        await dialogs.end_dialog(tx, who.user_id, who.user_id)
        person = await people.get_person(tx, who.user_id)
    assert person is not None
    if data.get("then") == "function":
        await ask_function(context, who, {**data, "then": None})
    elif data.get("register"):
        await registered(context, who, person, True, data.get("event"))
    else:
        await context.bot.send_message(who.user_id, who.t("profile.saved"))


def profile_text(t: Translator, person: Person) -> str:
    return t(
        "profile.summary",
        name=person.display_name or person.telegram_name,
        sector=sector_label(t, person.sector),
        consent=t("profile.consent_yes" if person.consent_name else "profile.consent_no"),
        language=t(f"language.{person.language}"),
    ) + "\n" + t("people.profile_organization",
                 organization=person.organization or t("profile.no_answer"),
                 function=person.function or t("profile.no_answer"))


async def profile(update: Update, context: Ctx) -> None:
    """Show the answers given, with a button to change each."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    signer = services(context).signer
    uid = who.user_id
    async with services(context).db.transaction() as tx:
        wanted = await kit.wants_results(tx, uid)
    markup = InlineKeyboardMarkup(
        [
            [signer.button(uid, who.t("profile.change_name"), "pchange", "name")],
            [signer.button(uid, who.t("profile.change_sector"), "pchange", "sector")],
            [signer.button(uid, who.t("profile.change_consent"), "pchange", "consent")],
            [signer.button(uid, who.t("people.change_organization"), "pchange", "org"),
             signer.button(uid, who.t("people.change_function"), "pchange", "function")],
            [
                signer.button(uid, translator(lang)(f"language.{lang}"), "plang", lang)
                for lang in LANGUAGES
            ],
            profile_row(context, who, wanted),
        ]
    )
    results = who.t("kit.results_yes" if wanted else "kit.results_no")
    await update.effective_message.reply_text(
        profile_text(who.t, who.person) + "\n" + who.t("kit.profile_results", answer=results),
        reply_markup=markup)


async def change(update: Update, context: Ctx, args: list[str]) -> None:
    who = await private_who(update, context)
    query = update.callback_query
    assert query is not None
    if who is None:
        return
    await query.answer()
    what = args[0] if args else ""
    if what == "name":
        await ask_name(update, context, who, {"register": False})
    elif what == "sector":
        async with services(context).db.transaction() as tx:
            latest = await people.latest_event_of(tx, who.user_id)
            event_id = latest.id if latest else None
            await dialogs.start_dialog(tx, who.user_id, who.user_id, "profile_sector",
                                       {"event": event_id})
            sectors = await sectors_for(tx, event_id)
        await ask_sector(context, who, sectors, event_id)
    elif what == "consent":
        await ask_consent(context, who)
    elif what == "org":
        await ask_organization(context, who, {"register": False})
    elif what == "function":
        await ask_function(context, who, {"register": False})


async def choose_language(update: Update, context: Ctx, args: list[str]) -> None:
    who = await private_who(update, context)
    query = update.callback_query
    assert query is not None
    if who is None or not args or args[0] not in LANGUAGES:
        return
    async with services(context).db.transaction() as tx:
        await people.update_profile(tx, who.user_id, language=args[0])
    await query.answer()
    await context.bot.send_message(who.user_id, translator(args[0])("profile.saved"))


def register_button(t: Translator, link: str) -> InlineKeyboardButton:
    """The one button on live messages that invites people to say their sector and consent."""
    return InlineKeyboardButton(t("profile.register_button"), url=link)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("profile", profile, filters.ChatType.PRIVATE & NEW)]


BUTTONS: Buttons = (
    ("pname", keep_telegram_name),
    ("psector", choose_sector),
    ("pconsent", choose_consent),
    ("pchange", change),
    ("plang", choose_language),
    ("porg", skip_organization),
    ("pfunc", skip_function),
)
STARTS: Starts = (
    ("reg", register),
)
DIALOGS: Dialogs = (
    ("profile_name", name_answer),
    ("profile_org", part_answer),
    ("profile_function", part_answer),
)

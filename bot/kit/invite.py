"""Getting people in: ``/qr`` sends an invitation, privately, to whoever asked.

For a session's group the bot makes an invite link (``createChatInviteLink``:
it must administer the group with the right to invite users); without that
right it uses the group's public link (t.me/<username>) if the group has one,
and the page says why there is no code otherwise. For the event it gives the
registration link (``join_<code>``) and, while the event's survey is open, the
survey's. ``/qr`` in a session makes the session's page; privately, an
organizer's ``/qr`` makes the whole event's, with every session's group. Each
link comes as a QR code (PNG), and all of them together on an A4 page (DOCX,
and PDF where LibreOffice is installed) with three steps in plain words and the
data-protection notice, which also comes as a message to copy into the
invitation and adapt. The page speaks the event's language and address."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, TelegramError

from bot.handling import session_command
from bot.kit.events import event_command
from bot.kit.registration import LINK as JOIN
from bot.kit.survey import LINK as SURVEY
from bot.messaging import acknowledge, send_to_session
from bot.services import Ctx, Who, services
from drafts.export import DraftFile
from drafts.invitation import InvitationInput, InvitationLink, invitation_files, privacy_notice
from drafts.pdf import PdfUnavailable, office_program
from drafts.qr import qr_png
from flows import kit as rules
from flows import roles
from flows import survey as sv
from locales import Translator, translator
from storage import people, surveys
from storage.impressum import impressum_of
from storage.records import Event, Session

log = logging.getLogger(__name__)
INVITE_NAME = 32
"""Characters of an invite link's name (Telegram's limit)."""


async def group_link(context: Ctx, session: Session, t: Translator) -> InvitationLink:
    """The group's invite link; else its public link; else why there is none."""
    label = t("kit.qr_group", title=session.title)
    try:
        invite = await context.bot.create_chat_invite_link(
            session.chat_id, name=session.title[:INVITE_NAME])
        return InvitationLink(label=label, link=invite.invite_link)
    except TelegramError as error:
        log.info("no invite link for a session's group: %s", error)
    try:
        username = (await context.bot.get_chat(session.chat_id)).username
    except TelegramError:
        username = None
    if username:
        return InvitationLink(label=label, link=f"https://t.me/{username}",
                              note=t("kit.qr_public_link"))
    return InvitationLink(label=label, note=t("kit.qr_no_invite"))


async def invitation(context: Ctx, event: Event, sessions: list[Session],
                     t: Translator) -> InvitationInput:
    """The page's texts and links, in the event's language and address: the registration,
    each session's group (once a group: forum topics share theirs), the open survey."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        found = await surveys.survey_of(tx, event.id)
        imprint = await impressum_of(tx, event.id)
    links = [InvitationLink(label=t("kit.qr_register"),
                            link=svc.deep_link(f"{JOIN}_{event.code}"))]
    groups = {session.chat_id: session for session in reversed(sessions)}
    links += [await group_link(context, session, t) for session in reversed(groups.values())]
    if found is not None and found.state.phase is sv.Phase.OPEN:
        links.append(InvitationLink(label=t("kit.qr_survey"),
                                    link=svc.deep_link(f"{SURVEY}_{event.code}")))
    one = sessions[0] if len(sessions) == 1 else None
    return InvitationInput(
        language=event.language, title=event.title,
        subtitle=(t("kit.page_subtitle", session=one.title, dates=event.dates, place=event.place)
                  if one else t("kit.page_subtitle_event", dates=event.dates, place=event.place)),
        steps=(t("kit.step_register"),
               t("kit.step_group", title=one.title) if one else t("kit.step_groups"),
               t("kit.step_take_part")),
        links=tuple(links), notice_title=t("kit.notice_title"),
        notice=privacy_notice(t, publisher=imprint.publisher, contact=imprint.contact,
                              days=svc.settings.retention_days),
    )


@session_command
async def qr(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/qr``: the session's invitation, privately to whoever asked (organizers, facilitators)."""
    assert who.session is not None and who.event is not None
    roles.require(rules.ShowInvitation(actor=who.user_id), who.role)
    page = await invitation(context, who.event, [who.session], who.event_t)
    try:
        await send_invitation(context, who, page)
    except Forbidden:
        svc = services(context)
        button = InlineKeyboardButton(who.event_t("core.open_private"),
                                      url=svc.deep_link("hello"))
        await send_to_session(context, who.session, who.event_t("kit.qr_open_private"),
                              InlineKeyboardMarkup([[button]]))
        return
    await acknowledge(update, context, who.t)


async def event_invitation(context: Ctx, who: Who, event: Event) -> None:
    """The whole event's page (``/qr`` privately), with every session's group."""
    async with services(context).db.transaction() as tx:
        sessions = await people.sessions_of(tx, event.id)
    page = await invitation(context, event, sessions,
                            translator(event.language, event.address))
    await send_invitation(context, who, page)


qr_privately, qr_event = event_command("qrev", rules.ShowEventInvitation, event_invitation)
"""``/qr`` privately: the whole event's invitation."""


async def send_invitation(context: Ctx, who: Who, page: InvitationInput) -> None:
    """Each code as a photo with its link, the page as files, the notice as a message."""
    for link in page.links:
        if link.link is None:
            await context.bot.send_message(who.user_id, f"{link.label}: {link.note}")
            continue
        caption = f"{link.label}\n{link.link}" + (f"\n{link.note}" if link.note else "")
        await context.bot.send_photo(who.user_id, qr_png(link.link), caption=caption)
    for file in await page_files(context, page):
        await context.bot.send_document(who.user_id, file.data, filename=file.filename,
                                        caption=who.t("kit.page_caption"))
    await context.bot.send_message(who.user_id, who.t("kit.notice_intro") + "\n\n"
                                   + page.notice_title + "\n" + page.notice)


async def page_files(context: Ctx, page: InvitationInput) -> list[DraftFile]:
    """The page as DOCX, and as PDF where the drafts make PDFs and LibreOffice is there."""
    settings = services(context).settings
    pdf = settings.draft_pdf and office_program() is not None
    try:
        return await asyncio.to_thread(invitation_files, page, pdf=pdf,
                                       pdf_timeout=settings.pdf_timeout)
    except PdfUnavailable as error:
        log.warning("the invitation page's PDF was not made: %s", error)
    return await asyncio.to_thread(invitation_files, page, pdf=False)

"""Getting people in, end to end: /qr sends the session's invitation privately, with an invite
link where the bot may make one, the group's public link or a sentence where it may not, the
registration link, the A4 page and the data-protection notice; the codes read back as the links."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.error import BadRequest

from bot.offline import BOT_ID, Call
from bot.simulate import World
from drafts.pdf import office_program
from storage import kit
from tests.bot.helpers import Workshop, appoint_facilitator, workshop
from tests.bot.kit import last_to, open_survey, services, t
from tests.conftest import offline_settings
from tests.qr import decoded, decoded_in_docx


def thread_of(shop: Workshop, forum: bool) -> int | None:
    return shop.group.topic if forum else None  # type: ignore[attr-defined]


def photos_to(world: World, user_id: int, since: int = 0) -> list[Call]:
    return [c for c in world.api.calls[since:] if c.method == "sendPhoto"
            and c.chat_id == user_id]


def documents_to(world: World, user_id: int, since: int = 0) -> list[Call]:
    return [c for c in world.api.calls[since:] if c.method == "sendDocument"
            and c.chat_id == user_id]


def codes(calls: list[Call]) -> list[str]:
    return [text for call in calls for text in decoded(next(iter(call.files.values())))]


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_qr_sends_the_invite_link_and_the_registration_link_as_codes_and_a_page(
    world: World, forum: bool,
) -> None:
    shop = await workshop(world, forum=forum)
    world.api.chat_admins[shop.group.id].add(BOT_ID)
    olga = shop.organizer
    before = len(world.api.calls)
    group_messages = len(world.api.sent("sendMessage", shop.group.id))
    await olga.say(shop.group, "/qr", thread=thread_of(shop, forum))
    invite = next(link for link, chat in world.api.invite_links.items() if chat == shop.group.id)
    register = services(world).deep_link(f"join_{shop.code}")
    photos = photos_to(world, olga.id, before)
    assert codes(photos) == [register, invite]
    assert photos[1].params["caption"].startswith(t("kit.qr_group", title="Werkstatt 2"))
    page = documents_to(world, olga.id, before)
    assert [next(iter(c.filenames.values())) for c in page] == ["Kommunalkonferenz.docx"]
    assert decoded_in_docx(next(iter(page[0].files.values()))) == [register, invite]
    notice = world.api.texts(olga.id)[-1]
    assert notice.startswith(t("kit.notice_intro")) and "Telegram Messenger Inc." in notice
    assert len(world.api.sent("sendMessage", shop.group.id)) == group_messages  # a reaction only


@pytest.mark.parametrize("rights", ["not an administrator", "no right to invite"])
async def test_without_the_right_to_invite_the_page_says_so_or_uses_the_public_link(
    world: World, rights: str,
) -> None:
    shop = await workshop(world)
    if rights == "no right to invite":
        world.api.chat_admins[shop.group.id].add(BOT_ID)
        world.api.rights[(shop.group.id, BOT_ID)] = {"can_invite_users": False}
    olga = shop.organizer
    before = len(world.api.calls)
    await olga.say(shop.group, "/qr")
    register = services(world).deep_link(f"join_{shop.code}")
    assert world.api.invite_links == {}
    assert codes(photos_to(world, olga.id, before)) == [register]
    told = [c.params["text"] for c in world.api.sent("sendMessage", olga.id)]
    assert f"{t('kit.qr_group', title='Werkstatt 2')}: {t('kit.qr_no_invite')}" in told
    page = next(iter(documents_to(world, olga.id, before)[0].files.values()))
    assert decoded_in_docx(page) == [register]
    world.api.chats[shop.group.id]["username"] = "werkstatt2_kassel"
    before = len(world.api.calls)
    await olga.say(shop.group, "/qr")
    assert codes(photos_to(world, olga.id, before)) == [register, "https://t.me/werkstatt2_kassel"]


async def test_an_open_survey_adds_its_code_to_the_invitation(world: World) -> None:
    shop = await workshop(world)
    await open_survey(world, shop.organizer, "Dritte Orte\nTeilhabe\nBildung", 1)
    before = len(world.api.calls)
    await shop.organizer.say(shop.group, "/qr")
    svc = services(world)
    assert codes(photos_to(world, shop.organizer.id, before)) == [
        svc.deep_link(f"join_{shop.code}"), svc.deep_link(f"survey_{shop.code}")]


async def test_facilitators_get_the_invitation_and_participants_are_refused(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/qr")
    assert photos_to(world, fatma.id)
    anna = world.person("Anna")
    await anna.say(None, "/start")
    await anna.say(shop.group, "/qr")
    assert world.api.texts(anna.id)[-1] == t("not_allowed.steer")
    assert not photos_to(world, anna.id)


async def test_someone_who_never_opened_the_private_chat_is_asked_to_in_the_group(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/qr")
    assert world.api.texts(shop.group.id)[-1] == t("kit.qr_open_private")


async def test_the_registration_link_registers_asks_the_questions_and_whether_to_send_results(
    world: World,
) -> None:
    shop = await workshop(world)
    await open_survey(world, shop.organizer, "Dritte Orte\nTeilhabe\nBildung", 1)
    anna = world.person("Anna")
    await anna.say(None, f"/start join_{shop.code}")
    assert t("kit.registered_for", title="Kommunalkonferenz") in world.api.texts(anna.id)
    await anna.say(None, "Anna Beispiel")
    await anna.press_at(last_to(world, anna), 3)  # the fourth sector
    await anna.press(last_to(world, anna), t("profile.consent_no"))
    asked = last_to(world, anna)
    assert asked.params["text"].startswith(t("profile.registered"))
    assert asked.params["text"].endswith(t("kit.ask_results"))
    await anna.press(asked, t("kit.results_yes"))
    ballot = world.api.texts(anna.id)[-1]
    assert ballot.startswith(t("kit.ballot_title", title="Kommunalkonferenz"))
    async with services(world).db.transaction() as tx:
        registered = await kit.registered_for(tx, 1)
        wanted = await kit.wants_results(tx, anna.id)
    assert (registered, wanted) == ({anna.id}, True)
    await anna.say(None, "/profile")
    profile = last_to(world, anna)
    assert t("kit.profile_results", answer=t("kit.results_yes")) in profile.params["text"]
    await anna.press(profile, t("kit.profile_results_yes"))
    async with services(world).db.transaction() as tx:
        assert await kit.wants_results(tx, anna.id) is False


async def test_an_unknown_registration_link_is_answered(world: World) -> None:
    anna = world.person("Anna")
    await anna.say(None, "/start join_NOPE99")
    assert world.api.texts(anna.id)[-1] == t("kit.unknown_link")


@pytest.mark.skipif(office_program() is None, reason="LibreOffice is not installed")
async def test_where_libreoffice_is_installed_the_page_comes_as_a_pdf_too(tmp_path: Path) -> None:
    world = World(offline_settings(tmp_path, draft_pdf=True))
    await world.start()
    try:
        shop = await workshop(world)
        world.api.chat_admins[shop.group.id].add(BOT_ID)
        await shop.organizer.say(shop.group, "/qr")
        names = [next(iter(c.filenames.values())) for c in documents_to(world, shop.organizer.id)]
        assert names == ["Kommunalkonferenz.docx", "Kommunalkonferenz.pdf"]
    finally:
        await world.stop()


async def test_privately_an_organizer_gets_the_whole_events_page_with_every_group(
    world: World,
) -> None:
    shop = await workshop(world)
    world.api.chat_admins[shop.group.id].add(BOT_ID)
    second = world.group("Werkstatt 3")
    await shop.organizer.say(second, f"/start {shop.code}")
    before = len(world.api.calls)
    await shop.organizer.say(None, "/qr")
    invite = next(link for link, chat in world.api.invite_links.items() if chat == shop.group.id)
    register = services(world).deep_link(f"join_{shop.code}")
    assert codes(photos_to(world, shop.organizer.id, before)) == [register, invite]
    told = [c.params["text"] for c in world.api.sent("sendMessage", shop.organizer.id)]
    assert f"{t('kit.qr_group', title='Werkstatt 3')}: {t('kit.qr_no_invite')}" in told
    page = next(iter(documents_to(world, shop.organizer.id, before)[0].files.values()))
    assert decoded_in_docx(page) == [register, invite]
    fatma = world.person("Fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    some = world.last_bot_message(world.api.sent("sendMessage", fatma.id)[-1])
    await fatma.press_data(some, services(world).signer.pack(fatma.id, "qrev", 1))
    assert world.api.sent("answerCallbackQuery")[-1].params["text"] == t("not_allowed.organize")


async def test_the_offline_bot_api_makes_invite_links_as_telegram_does(world: World) -> None:
    assert world.app is not None
    bot = world.app.bot
    group = world.group("Werkstatt 9")
    with pytest.raises(BadRequest, match="enough rights"):
        await bot.create_chat_invite_link(group.id)
    world.api.chat_admins[group.id].add(BOT_ID)
    world.api.rights[(group.id, BOT_ID)] = {"can_invite_users": False}
    with pytest.raises(BadRequest, match="enough rights"):
        await bot.create_chat_invite_link(group.id)
    del world.api.rights[(group.id, BOT_ID)]
    made = await bot.create_chat_invite_link(group.id, name="Werkstatt 9")
    assert made.creator.id == BOT_ID and made.name == "Werkstatt 9" and not made.is_revoked
    assert made.invite_link.startswith("https://t.me/+")
    assert world.api.invite_links[made.invite_link] == group.id
    assert (await bot.get_chat(group.id)).username is None
    world.api.chats[group.id]["username"] = "werkstatt9"
    assert (await bot.get_chat(group.id)).username == "werkstatt9"
    member = await bot.get_chat_member(group.id, BOT_ID)
    assert member.user.is_bot and getattr(member, "can_invite_users", None) is True

"""The guide for facilitators (docs/ANLEITUNG.md, docs/GUIDE.md): shipped with the bot, sent by
/guide in the person's language, and pointed to by /help and the menus."""

from __future__ import annotations

from pathlib import Path

from bot.kit.guide import guide_text, parts
from bot.menus import PANEL, ROLE_MENUS
from bot.simulate import World
from flows.roles import Role
from locales import translator
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.kit import t

DOCS = Path(__file__).parents[2] / "docs"


def test_the_shipped_guides_are_the_documents_in_docs_and_each_fits_one_message() -> None:
    assert guide_text("de") == (DOCS / "ANLEITUNG.md").read_text(encoding="utf-8")
    assert guide_text("en") == (DOCS / "GUIDE.md").read_text(encoding="utf-8")
    assert len(parts(guide_text("de"))) == len(parts(guide_text("en"))) == 1


def test_a_long_page_is_cut_before_a_heading() -> None:
    text = "# Titel\n\nEinleitung\n\n## Eins\n" + "a" * 30 + "\n\n## Zwei\n" + "b" * 30
    assert parts(text, limit=60) == ["# Titel\n\nEinleitung\n\n## Eins\n" + "a" * 30,
                                     "## Zwei\n" + "b" * 30]


async def test_guide_sends_the_guide_in_the_persons_language(world: World) -> None:
    anna, john = world.person("Anna"), world.person("John", language="en")
    await anna.say(None, "/guide")
    await john.say(None, "/guide")
    assert world.api.texts(anna.id) == parts(guide_text("de"))
    assert world.api.texts(john.id) == parts(guide_text("en"))


async def test_help_points_facilitators_and_organizers_to_the_guide_and_the_kit(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/help")
    assert t("help.kit_facilitator") in world.api.texts(fatma.id)[-1]
    await shop.organizer.say(None, "/help")
    organizer_help = world.api.texts(shop.organizer.id)[-1]
    assert t("help.kit_organizer") in organizer_help and "/guide" in organizer_help
    anna = world.person("Anna", language="en")
    await anna.say(None, "/help")
    assert translator("en")("help.kit_guide") in world.api.texts(anna.id)[-1]


def test_the_menus_offer_the_kit_where_it_can_be_used() -> None:
    assert {"organizer", "qr"} <= set(ROLE_MENUS[Role.ORGANIZER])
    assert "qr" in ROLE_MENUS[Role.FACILITATOR] and "organizer" not in ROLE_MENUS[
        Role.FACILITATOR]
    assert {"survey", "results", "organizer", "guide"} <= set(PANEL)

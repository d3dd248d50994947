"""The routing table is composed once, from every feature's tuples; a key routed twice fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Update

from bot import core, profile
from bot.app import FEATURES, build_application, routes
from bot.offline import OfflineBotAPI
from bot.routing import Router, build_router
from bot.services import Ctx
from tests.conftest import offline_settings


async def press(update: Update, context: Ctx, args: list[str]) -> None:
    """A stand-in button action."""


def test_an_action_routed_twice_is_a_wiring_mistake_found_at_start_up() -> None:
    with pytest.raises(ValueError, match="button action 'cancel' is routed twice"):
        build_router([("cancel", press), ("cancel", press)], [], [])


def test_the_application_routes_every_features_buttons_links_and_dialogues(
    tmp_path: Path,
) -> None:
    router: Router = build_application(offline_settings(tmp_path),
                                       request=OfflineBotAPI()).bot_data["router"]
    assert router == routes(FEATURES)
    assert router.buttons["cancel"] is core.cancel
    assert router.starts["reg"] is profile.register
    assert {"newevent", "profile_name", "council_interest"} <= set(router.dialogs)

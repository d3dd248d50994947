"""Questions from the floor and the closing round run from the Moderationspult alone."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.simulate import World
from flows import closing, questions
from flows.roles import Role
from service import panel as rules
from tests.bot.floor import t
from tests.bot.test_panel import live, room_with_panel


async def test_the_panel_offers_both_formats_to_a_facilitator(world: World) -> None:
    _, panel, _ = await room_with_panel(world)
    assert {t("panel.format_questions"), t("panel.format_closing")} <= set(panel.labels())


async def test_a_round_of_questions_runs_from_the_panel(world: World) -> None:
    room, panel, (anna, bernd, chiara) = await room_with_panel(world)
    await panel.tap(t("panel.format_questions"))
    assert t("panel.ask_title_questions") in panel.text()
    await panel.tap(t("panel.take_default", title=t("questions.default_title")))
    assert t("panel.ask_choice_questions") in panel.text()
    await panel.tap(t("panel.choice_questions_yes"))
    await panel.tap("10 Min.")
    assert t("panel.phase_questions_open") in panel.text()
    board = live(world, room, "❓")
    assert str(board["text"]).startswith(f"❓ {t('questions.default_title')}")
    await room.say(anna, "/ask Wer zahlt die Miete?")
    await room.say(bernd, "/ask Wie lange dauert das?")
    await chiara.press(live(world, room, "❓"), "👍 2")
    await panel.tap("🔄")
    assert t("questions.count", count=2) in panel.text()
    await panel.tap("✅ 2. Wie lange")
    assert t("questions.answered_count", count=1) in panel.text()
    assert t("questions.answered_count", count=1) in str(live(world, room, "❓")["text"])
    await panel.tap(t("panel.close"))
    assert "Gerade läuft keine Runde" in panel.text()
    assert t("questions.closed", count=2) in room.last_text()


async def test_a_closing_round_runs_from_the_panel_with_its_default_question(world: World) -> None:
    room, panel, (anna, _, _) = await room_with_panel(world)
    await panel.tap(t("panel.format_closing"))
    await panel.type("Was nehme ich mit?\nWas wünsche ich mir?\nUnd noch was?")
    assert t("closing.too_many_questions", max=2) in panel.text()
    await panel.tap(t("panel.take_default", title=t("closing.default_question")))
    await panel.tap(t("panel.choice_closing_no"))
    await panel.tap(t("panel.no_timer"))
    assert t("panel.phase_closing_open") in panel.text()
    blitz = live(world, room, "💬")
    assert not any(label == "3" for row in blitz["reply_markup"]["inline_keyboard"]
                   for label in (b["text"] for b in row))
    await room.say(anna, "Viele Kontakte", reply_to=blitz)
    await panel.tap("🔄")
    assert t("closing.answers", count=1) in panel.text()
    await panel.tap(t("panel.close"))
    assert t("closing.closed", count=1) in room.last_text()


def test_the_panel_offers_what_the_tables_allow() -> None:
    now = datetime(2023, 5, 6, 11, 0, tzinfo=UTC)
    asked = questions.apply(None, questions.OpenQuestions(actor=1, title="Podium"), now).state
    assert rules.offered("questions", asked, Role.FACILITATOR) == (
        questions.MarkAnswered, questions.Extend, questions.Close)
    assert rules.offered("questions", asked, Role.PARTICIPANT) == ()
    blitz = closing.apply(None, closing.OpenClosing(actor=1, questions=("Was?",)), now).state
    ended = closing.apply(blitz, closing.Close(actor=1), now).state
    assert rules.offered("closing", ended, Role.FACILITATOR) == ()
    rules.SETUPS["closing"].check(1, "Was nehme ich mit?\nWas wünsche ich mir?", (), now)


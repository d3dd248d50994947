"""The development council end to end, in a group: opening, groups, speakers, all four rounds.

Four groups of three members each, a facilitator and the organizer, all
through the real Application and the offline Bot API. The other council test
modules build on ``open_council`` and ``Room`` from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.offline import Call
from bot.simulate import SimPerson, World
from locales import translator
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

T = translator("de")
"""The texts people in these rooms read (German, addressed with Sie)."""
EN = translator("en")
LIVE = T("council.live_title", question="")

GROUPS = ("Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft")
PEOPLE = {
    "Verwaltung": ("Aylin", "Bernd", "Chiara"),
    "Politik": ("Dmitri", "Emma", "Farid"),
    "Zivilgesellschaft": ("Greta", "Hanna", "Ivo"),
    "Wirtschaft": ("Jana", "Kemal", "Lena"),
}
OPEN = "/council Zukunft des Industriegebiets\n" + "\n".join(GROUPS)


@dataclass
class Room(SessionRoom):
    """A session with a council open: who is in which group, and how to talk there."""

    members: dict[str, list[SimPerson]] = field(default_factory=dict)

    def live(self) -> dict[str, Any]:
        """The live council message as it is now."""
        calls = [
            c
            for c in self.world.api.sent("sendMessage", self.chat.id)
            if str(c.params.get("text", "")).startswith(LIVE)
        ]
        return self.world.last_bot_message(calls[-1])

    def live_text(self) -> str:
        return str(self.live()["text"])

    def first(self, group: str) -> SimPerson:
        return self.members[group][0]

    def agreed(self, proposal: int, text: str, version: int = 1) -> bool:
        """Whether the council's result (the bot's last group message, one message with every
        proposal and the groups' stances) marks this proposal as agreed."""
        lines = [line.strip() for line in self.last_text().splitlines()]
        shown = T("council.live_proposal", number=proposal, text=text, version=version)
        at = next((i for i, line in enumerate(lines) if line.startswith(shown)), -1)
        return at >= 0 and T("council.live_agreed") in lines[at + 1 : at + 3]

    def last_message_with(self, start: str) -> dict[str, Any]:
        """The latest message the bot sent to the session that starts with ``start``."""
        calls: list[Call] = [
            c
            for c in self.world.api.sent("sendMessage", self.chat.id)
            if str(c.params.get("text", "")).startswith(start)
        ]
        return self.world.last_bot_message(calls[-1])


async def open_council(world: World, *, forum: bool = False, per_group: int = 3) -> Room:
    """An event, its session, Fatma as facilitator, a council with four groups, people in them."""
    shop = await workshop(world, forum=forum)
    thread: int | None = shop.group.topic if forum else None  # type: ignore[attr-defined]
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma, thread=thread)
    room = Room(world, shop, fatma, thread)
    await room.say(fatma, OPEN)
    for group, names in PEOPLE.items():
        room.members[group] = []
        for name in names[:per_group]:
            person = world.person(name, "en" if name == "Dmitri" else "de", name.lower())
            await person.press(room.live(), group)
            room.members[group].append(person)
    return room


def rate_prompt(interest: int, group: str) -> str:
    """How the prompt to rate a restatement of ``interest`` (of ``group``) begins."""
    return T("council.rate_prompt", interest=interest, group=group, by="\0", original="\0",
             reason="\0", text="\0").partition("\0")[0]


def button_url(message: dict[str, Any], label: str) -> str:
    """The link of a URL button (deep links open the private chat)."""
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if label in button["text"] and "url" in button:
                return str(button["url"])
    raise LookupError(f"no link button {label!r}")


async def follow_link(person: SimPerson, url: str) -> None:
    """What Telegram does when someone opens a deep link: ``/start <payload>`` in private."""
    await person.say(None, "/start " + url.split("?start=")[1])


def last_answer(world: World) -> dict[str, Any]:
    """The bot's answer to the latest button press (a toast, an alert, or a link to open)."""
    return world.api.sent("answerCallbackQuery")[-1].params


async def state_interests(room: Room) -> None:
    """One interest per group, stated by its first member (numbers 1 to 4 in group order)."""
    interests = {
        "Verwaltung": "Flächen für Gewerbe sichern weil die Gewerbesteuer den Haushalt trägt",
        "Politik": "Eine Entscheidung vor der Wahl weil die Bürger Klarheit erwarten",
        "Zivilgesellschaft": "Ein offener Park weil im Viertel Grün fehlt",
        "Wirtschaft": "Planungssicherheit weil Investitionen zehn Jahre binden",
    }
    for group, text in interests.items():
        await room.say(room.first(group), f"/interest {text}")


async def test_people_choose_their_group_with_buttons_and_the_live_message_lists_them(
    world: World,
) -> None:
    room = await open_council(world)
    text = room.live_text()
    assert text.startswith(T("council.live_title", question="Zukunft des Industriegebiets"))
    assert T("council.live_round", round=1, name=T("council.phase_interests")) in text
    assert "👥 1. Verwaltung (3): Aylin, Bernd, Chiara" in text
    assert "👥 4. Wirtschaft (3): Jana, Kemal, Lena" in text
    missing = "; ".join(T("council.missing_group", group=group, needs=T("council.need_interest"))
                        for group in ("Verwaltung", "Politik"))
    assert T("council.live_missing", items=missing) in text
    answers = [c.params.get("text") for c in world.api.sent("answerCallbackQuery")]
    assert answers.count(EN("council.joined", group="Politik")) == 1
    assert answers.count(T("council.joined", group="Politik")) == 2


async def test_choosing_another_group_moves_the_person(world: World) -> None:
    room = await open_council(world)
    aylin = room.first("Verwaltung")
    await aylin.press(room.live(), "Wirtschaft")
    assert "👥 1. Verwaltung (2): Bernd, Chiara" in room.live_text()
    assert "👥 4. Wirtschaft (4): Jana, Kemal, Lena, Aylin" in room.live_text()


async def test_the_whole_council_from_interests_to_an_agreed_proposal(world: World) -> None:
    room = await open_council(world)
    await state_interests(room)
    assert T("council.live_interest", number=1, text="Flächen für Gewerbe sichern",
             reason="weil die Gewerbesteuer den Haushalt trägt") in room.live_text()
    assert T("council.live_nothing_missing") in room.live_text()

    await room.say(room.fatma, "/round")
    assert room.texts()[-1] == T("council.round_restate", round=2)
    assert T("council.live_restates", group="Politik") in room.live_text()
    need = T("council.need_restate", numbers="2")
    assert T("council.missing_group", group="Verwaltung", needs=need) in room.live_text()

    bernd = room.members["Verwaltung"][1]
    await room.say(bernd, "/restate 2 Ihr wollt vor der Wahl zeigen, dass etwas passiert")
    rate = T("council.rate_prompt", interest=2, group="Politik", by="Verwaltung",
             original="Eine Entscheidung vor der Wahl", reason="weil die Bürger Klarheit erwarten",
             text="Ihr wollt vor der Wahl zeigen, dass etwas passiert")
    prompt = room.last_message_with(rate)
    emma = room.members["Politik"][1]
    await emma.press(prompt, T("council.rating_understood"))
    assert T("council.rating_understood") in room.live_text()

    await room.say(room.fatma, "/round")
    greta = room.first("Zivilgesellschaft")
    proposal = await room.say(greta, "/proposal Gewerbehof mit Park am Kanal")
    marking = room.last_message_with(T("council.mark_prompt", proposal=1))
    await greta.press(marking, "☐ 3.")
    assert "☑ 3." in str(world.api.message(room.chat.id, marking["message_id"])["reply_markup"])
    assert proposal["message_id"] > 0
    assert T("council.live_addresses", interests="3") in room.live_text()

    await room.say(room.fatma, "/round")
    for group in GROUPS:
        for person in room.members[group]:
            await person.press(room.live(), "1 ✅")
    assert "Verwaltung ✅ · Politik ✅ · Zivilgesellschaft ✅ · Wirtschaft ✅" in room.live_text()

    await room.say(room.fatma, "/close")
    assert T("council.closed", agreed=1, objections=0) in room.last_text()
    assert room.agreed(1, "Gewerbehof mit Park am Kanal")
    assert T("council.live_closed") in room.live_text()
    assert "reply_markup" not in room.live()


async def test_council_alone_explains_every_command_including_going_back(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/council")
    help_text = world.api.texts(shop.group.id)[-1]
    assert help_text == T("council.help")
    assert "/round zurück" in help_text  # the German word for going back, which /round reads
    assert "/interest <Interesse> weil <Begründung>" in help_text


async def test_a_question_without_enough_groups_is_refused_with_how_to_list_them(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    await fatma.say(shop.group, "/council Zukunft des Industriegebiets\nVerwaltung")
    assert world.api.texts(shop.group.id)[-1] == T("council.too_few_groups", min=2)
    assert not [t for t in world.api.texts(shop.group.id) if t.startswith(LIVE)]


async def test_the_facilitator_assigns_someone_by_replying_and_they_are_told_privately(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    newcomer = world.person("Mia", "de", "mia")
    await newcomer.say(None, "/start")
    hello = await room.say(newcomer, "Hallo, ich komme von der IHK.")
    command = await room.say(room.fatma, "/assign wirtschaft", reply_to=hello)
    assert "👥 4. Wirtschaft (2): Jana, Mia" in room.live_text()
    told = world.api.texts(newcomer.id)[-1]
    assert told == T("council.assigned", group="Wirtschaft")
    reaction = world.api.sent("setMessageReaction", room.chat.id)[-1]
    assert reaction.params["message_id"] == command["message_id"]


async def test_assigning_needs_a_facilitator_a_reply_and_a_known_group(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin, jana = room.first("Verwaltung"), room.first("Wirtschaft")
    hello = await room.say(jana, "Hallo")
    await room.say(aylin, "/assign Verwaltung", reply_to=hello)
    assert room.last_text() == T("not_allowed.steer")
    await room.say(room.fatma, "/assign Verwaltung")
    assert room.last_text() == T("council.assign_how")
    await room.say(room.fatma, "/assign Landwirtschaft", reply_to=hello)
    assert room.last_text() == T("council.unknown_group_name", name="Landwirtschaft")
    await room.say(room.fatma, "/assign", reply_to=hello)
    assert room.last_text() == T("council.assign_usage")
    assert "👥 4. Wirtschaft (1): Jana" in room.live_text()


async def test_a_member_names_a_speaker_who_can_step_down_again(world: World) -> None:
    room = await open_council(world)
    aylin, bernd = room.members["Verwaltung"][:2]
    await room.say(aylin, "/speaker")
    assert room.last_text() == T("council.speaker_named", speaker="Aylin", group="Verwaltung")
    assert "Aylin 🎤, Bernd, Chiara" in room.live_text()
    hello = await room.say(bernd, "Ich kann auch sprechen.")
    await room.say(aylin, "/speaker", reply_to=hello)
    assert room.last_text() == T("council.speaker_named", speaker="Bernd", group="Verwaltung")
    await room.say(bernd, "/speaker")
    assert room.last_text() == T("council.speaker_cleared", group="Verwaltung")
    assert "🎤" not in room.live_text()


async def test_only_members_of_the_group_can_speak_for_it(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin, jana = room.first("Verwaltung"), room.first("Wirtschaft")
    outsider = world.person("Otto", "de", "otto")
    await room.say(outsider, "/speaker")
    assert room.last_text() == T("council.join_first")
    from_jana = await room.say(jana, "Hallo")
    await room.say(aylin, "/speaker", reply_to=from_jana)
    assert room.last_text() == T("council.speaker_not_member", group="Verwaltung")


async def test_eight_groups_with_long_names_keep_every_button_within_64_bytes(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    names = [f"Gruppe {n} " + "x" * 31 for n in range(1, 9)]
    await fatma.say(shop.group, "/council 90m Zukunft des Industriegebiets\n" + "\n".join(names))
    live = world.api.sent("sendMessage", shop.group.id)[-1]
    assert str(live.params["text"]).startswith(LIVE) and live.status == 200
    buttons = [b for row in live.params["reply_markup"]["inline_keyboard"] for b in row]
    assert len([b for b in buttons if b.get("callback_data", "").startswith("coj|")]) == 8
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons if "callback_data" in b)
    assert all(len(b["text"]) <= 40 for b in buttons)


async def test_council_commands_sent_privately_say_where_they_belong(world: World) -> None:
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/interest Flächen weil Steuern")
    assert world.api.texts(anna.id)[-1] == T("council.in_session_only")
    john = world.person("John", "en", "john")
    await john.say(None, "/round")
    assert world.api.texts(john.id)[-1] == EN("council.in_session_only")

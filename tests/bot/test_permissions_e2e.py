"""Who may do what, tried in Telegram: every steering command of every format, by every role.

A session with its organizer (Olga), a facilitator (Fatma), a note-taker (Nils),
participants (Anna, Paul, Mia) and Otto, who facilitates *another* event and so is
outside this one. Everyone the role matrix (docs/PERMISSIONS.md) does not allow a
command is refused with the sentence that says who may, and nothing is stored, posted
or edited. The note-taker records key points, speaking clocks and photos, and no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bot.simulate import SimPerson, World
from flows import council, fishbowl, pinboard, roles
from flows.documentation import AddPhoto
from flows.roles import Role
from flows.session import Appoint, EndSession, LinkSession, SetSessionText
from locales import translator
from storage import documentation as docs
from storage import people
from storage import rounds as stored
from tests.bot.helpers import Workshop, appoint_facilitator, create_event, workshop
from tests.bot.test_documentation import PNG, photo_message
from tests.bot.test_hostile_input import UNSTORED
from tests.databases import every_row

T = translator("de")
STEER = T("not_allowed.steer")
RECORD = T("not_allowed.record")
ORGANIZE = T("not_allowed.organize")
TAKE_PART = T("not_allowed.take_part")
OPENINGS = {
    "session": (),
    "pinboard": ("/pinboard Dritte Orte\nWas sind Dritte Orte?",),
    "fishbowl": ("/fishbowl 5 Stühle Was nehmen wir mit?", "/seat @paul WS1"),
    "council": ("/council Zukunft des Industriegebiets\nVerwaltung\nPolitik",),
}
"""Tables that change when someone is merely seen; everything else must stay as it was."""


@dataclass
class Scene:
    world: World
    shop: Workshop
    by_role: dict[Role, SimPerson]
    said: dict[str, dict[str, Any]]

    async def say(self, person: SimPerson, text: str, reply: str | None = None) -> None:
        if text.startswith("#doku"):
            self.world.api.files["DOKU"] = PNG
            await person.send(self.shop.group, photo_message("DOKU", text))
            return
        target = self.said[reply] if reply else None
        await person.say(self.shop.group, text.format(code=self.shop.code), reply_to=target)

    async def stored(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table that holds what people did (not who was seen where)."""
        assert self.world.app is not None
        async with self.world.app.bot_data["services"].db.transaction() as tx:
            return await every_row(tx, UNSTORED)

    async def ids(self) -> dict[str, int]:
        """The session's id and its latest round's id, for deep links."""
        assert self.world.app is not None
        async with self.world.app.bot_data["services"].db.transaction() as tx:
            session = await people.session_at(tx, self.shop.group.id, 0)
            assert session is not None
            rounds = await stored.rounds_of_session(tx, session.id)
        return {"session": session.id, "round": rounds[-1].id if rounds else 0}


async def scene(world: World, opened: str) -> Scene:
    """The session, its people in their roles, a photo in the chat, and a round of ``opened``."""
    shop = await workshop(world)
    fatma, nils, anna, paul, mia = (world.person(name, "de", name.lower())
                                    for name in ("Fatma", "Nils", "Anna", "Paul", "Mia"))
    await appoint_facilitator(shop, fatma)
    said = {person.username or "": await person.say(shop.group, "Hallo!")
            for person in (nils, anna, paul, mia)}
    await shop.organizer.say(shop.group, "/notetaker", reply_to=said["nils"])
    world.api.files["WALL"] = PNG
    said["photo"] = await mia.send(shop.group, photo_message("WALL"))
    omar = world.person("Omar", "de", "omar")
    other = Workshop(world, omar, await create_event(world, omar, "Andere Konferenz"),
                     world.group("Werkstatt 9"))
    await omar.say(other.group, f"/start {other.code}")
    otto = world.person("Otto", "de", "otto")
    await appoint_facilitator(other, otto)
    for text in OPENINGS[opened]:
        await fatma.say(shop.group, text)
    by_role = {Role.FACILITATOR: fatma, Role.NOTETAKER: nils, Role.PARTICIPANT: anna,
               Role.OUTSIDER: otto}
    return Scene(world, shop, by_role, said)


STEERING = [
    ("session", "/endsession", None, EndSession, STEER),
    ("session", "/session frage Was brauchen Dritte Orte?", None, SetSessionText, STEER),
    ("session", "/session moderation Fatma", None, SetSessionText, STEER),
    ("session", "/facilitator", "mia", Appoint, ORGANIZE),
    ("session", "/notetaker @mia", None, Appoint, ORGANIZE),
    ("session", "/session {code} Neuer Titel", None, LinkSession, ORGANIZE),
    ("session", "/start {code}", None, LinkSession, ORGANIZE),
    ("session", "/photo Pinnwand", "photo", AddPhoto, RECORD),
    ("session", "#doku Pinnwand", None, AddPhoto, RECORD),
    ("pinboard", "/pinboard Noch eine\nFrage?", None, pinboard.OpenBoard, STEER),
    ("pinboard", "/pinboard", None, pinboard.OpenBoard, STEER),
    ("pinboard", "/hide 1", None, pinboard.HideNotes, STEER),
    ("pinboard", "/restore 1", None, pinboard.RestoreNotes, STEER),
    ("pinboard", "/cluster", None, pinboard.StartClustering, STEER),
    ("pinboard", "/cluster Kosten: 1", None, pinboard.GroupNotes, STEER),
    ("pinboard", "/cluster rename 1 Kosten", None, pinboard.RenameCluster, STEER),
    ("pinboard", "/cluster move 1 1", None, pinboard.MoveNote, STEER),
    ("pinboard", "/cluster ungroup 1", None, pinboard.Ungroup, STEER),
    ("pinboard", "/vote 3", None, pinboard.StartVote, STEER),
    ("pinboard", "/extend 5m", None, pinboard.Extend, STEER),
    ("pinboard", "/close", None, pinboard.Close, STEER),
    ("fishbowl", "/fishbowl 5 Noch eine", None, fishbowl.OpenFishbowl, STEER),
    ("fishbowl", "/seat WS2", "mia", fishbowl.SeatPerson, STEER),
    ("fishbowl", "/next", None, fishbowl.SeatNext, STEER),
    ("fishbowl", "/speaks", "paul", fishbowl.Speaks, RECORD),
    ("fishbowl", "/extend 5m", None, fishbowl.Extend, STEER),
    ("fishbowl", "/close", None, fishbowl.Close, STEER),
    ("council", "/council Noch eine\nA\nB", None, council.OpenCouncil, STEER),
    ("council", "/assign Politik", "mia", council.AssignGroup, STEER),
    ("council", "/round", None, council.NextRound, STEER),
    ("council", "/round back", None, council.GoBack, STEER),
    ("council", "/extend 5m", None, council.Extend, STEER),
    ("council", "/close", None, council.Close, STEER),
]


@pytest.mark.parametrize(
    ("opened", "command", "reply", "event", "answer"), STEERING,
    ids=[f"{row[0]}: {row[1].splitlines()[0]}" for row in STEERING],
)
async def test_everyone_the_matrix_does_not_allow_a_command_is_told_who_may_and_nothing_changes(
    world: World, opened: str, command: str, reply: str | None, event: type, answer: str
) -> None:
    here = await scene(world, opened)
    refused = [role for role in here.by_role if role not in roles.allowed_roles(event)]
    assert {Role.PARTICIPANT, Role.OUTSIDER} <= set(refused)
    for role in refused:
        before = await here.stored()
        calls = len(world.api.calls)
        await here.say(here.by_role[role], command, reply)
        made = world.api.calls[calls:]
        delivered = [c for c in made if c.method == "sendMessage" and c.status == 200]
        assert [str(c.params["text"]) for c in delivered] == [answer], role
        # privately, or (never opened the private chat) in the group, deleted after 30 s
        assert delivered[0].chat_id in (here.by_role[role].id, here.shop.group.id), role
        assert [c.method for c in made if c.method not in ("sendMessage", "getChatAdministrators")
                ] == [], role  # no reaction, no live message edited, no draft sent
        assert await here.stored() == before, role


@pytest.mark.parametrize(
    ("opened", "label", "event", "answer"),
    [("fishbowl", "⇅", fishbowl.SetQueueOrder, STEER),
     ("fishbowl", "🎙 Paul", fishbowl.Speaks, RECORD)],
)
async def test_steering_buttons_on_the_live_message_refuse_those_who_may_not_press_them(
    world: World, opened: str, label: str, event: type, answer: str
) -> None:
    here = await scene(world, opened)
    live = next(c for c in reversed(world.api.sent("sendMessage", here.shop.group.id))
                if c.params.get("reply_markup") and str(c.params["text"]).startswith("🐟"))
    for role in [r for r in here.by_role if r not in roles.allowed_roles(event)]:
        before = await here.stored()
        await here.by_role[role].press(live, label)
        assert world.api.sent("answerCallbackQuery")[-1].params["text"] == answer
        assert await here.stored() == before, role


@pytest.mark.parametrize(
    ("opened", "link", "event", "answer"),
    [("pinboard", "pin_{round}", pinboard.AddNotes, TAKE_PART),
     ("council", "coint_{round}", council.StateInterest, TAKE_PART),
     ("session", "draft_{session}", EndSession, STEER)],
)
async def test_deep_links_refuse_those_the_matrix_does_not_allow_even_from_outside_the_event(
    world: World, opened: str, link: str, event: type, answer: str
) -> None:
    here = await scene(world, opened)
    payload = link.format(**await here.ids())
    refused = [role for role in here.by_role if role not in roles.allowed_roles(event)]
    assert Role.OUTSIDER in refused
    for role in refused:
        person = here.by_role[role]
        before = await here.stored()
        await person.say(None, f"/start {payload}")
        assert world.api.texts(person.id)[-1] == answer, role
        assert await here.stored() == before, role
        assert world.api.sent("sendDocument", person.id) == []


async def test_a_note_taker_records_speaking_clocks_key_points_and_photos(world: World) -> None:
    here = await scene(world, "fishbowl")
    nils, paul = here.by_role[Role.NOTETAKER], here.said["paul"]
    await here.say(nils, "/speaks", "paul")
    await here.say(nils, "/point Dritte Orte brauchen einen Hausmeister", "paul")
    await here.say(nils, "/photo Pinnwand WS 2", "photo")
    group = world.api.texts(here.shop.group.id)
    assert not any(text in group for text in (STEER, RECORD, ORGANIZE))
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        session = await people.session_at(tx, here.shop.group.id, 0)
        assert session is not None
        record = await stored.last_round(tx, session.id, "fishbowl")
        photos = await docs.photos_of_session(tx, session.id)
    assert record is not None
    state = record.state(fishbowl.FishbowlState)
    (turn,) = state.turns
    assert turn.user_id == paul["from"]["id"]
    assert [point.text for point in turn.points] == ["Dritte Orte brauchen einen Hausmeister"]
    assert [photo.caption for photo in photos] == ["Pinnwand WS 2"]

"""``werkstatt demo``: a short scripted workshop through the real Application, offline.

Several simulated people: an organizer creates an event, a group and a forum
topic are linked as sessions, people register, roles are given, someone is
refused. Every format adds its scene. The conversation is printed as a
transcript and the SQLite database is left behind.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.demo import council, documentation, fishbowl, floor, pinboard
from bot.demo.cast import Cast
from bot.settings import Settings
from bot.simulate import SimPerson, World, created_event_code
from bot.webside import WebCompanion

Scene = Callable[[Cast], Awaitable[None]]
SCENES: tuple[Scene, ...] = (
    pinboard.demo_scene, fishbowl.demo_scene, council.demo_scene, floor.demo_scene,
    documentation.demo_scene,
)
"""Every format's scene, played in order after the foundation."""


async def foundation_scene(cast: Cast) -> None:
    """An event, two sessions (a group and a forum topic), registration, roles and a refusal."""
    world, olga = cast.world, cast.organizer
    cast.heading("Eine Veranstaltung anlegen")
    await olga.say(None, "/start")
    await olga.say(None, "/newevent")
    await olga.say(None, "Herausforderungen in den Kommunen gemeinsam bewältigen")
    await olga.say(None, "5.–6. Mai 2023")
    await olga.say(None, "Kassel")
    cast.code = created_event_code(world.api, olga.id)

    cast.heading("Eine Gruppe und ein Forum-Thema werden Sitzungen")
    await olga.say(cast.group, f"/start {cast.code}")
    await olga.say(cast.group, f"/session {cast.code} Werkstatt 2: Dritte Orte")
    await olga.say(
        cast.forum, f"/session {cast.code} Werkstatt 3: Konflikte austragen", thread=cast.topic
    )

    cast.heading("Rollen vergeben – und jemand wird freundlich abgewiesen")
    first = await cast.facilitator.say(cast.group, "Hallo zusammen, ich moderiere heute.")
    await olga.say(cast.group, "/facilitator", reply_to=first)
    await olga.say(cast.group, f"/notetaker @{cast.notetaker.username}")
    await cast.notetaker.say(cast.forum, "Ich schreibe mit.", thread=cast.topic)
    await olga.say(cast.forum, f"/notetaker @{cast.notetaker.username}", thread=cast.topic)
    await olga.say(cast.forum, f"/facilitator @{cast.facilitator.username}", thread=cast.topic)
    intruder = cast.participants[0]
    await intruder.say(cast.group, f"/facilitator @{intruder.username}")
    await cast.participants[1].say(cast.group, "/session")

    cast.heading("Teilnehmende geben Bereich und Namensnennung an")
    sectors = [0, 3, 0, 4, 5]  # municipal, civil society, municipal, foundation, research
    for index, person in enumerate(cast.participants[:5]):
        await person.say(cast.group, "Hallo!")
        await register(world, person, sectors[index], consent=index % 2 == 0)
    await cast.participants[0].say(None, "/help")


async def register(world: World, person: SimPerson, sector: int, *, consent: bool) -> None:
    """The three registration questions, answered through the deep link's private chat."""
    await person.say(None, "/start reg")
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], 0)
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], sector)
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], 0 if consent else 1)


def scenes() -> list[Scene]:
    return [foundation_scene, *SCENES]


@dataclass(frozen=True)
class WallOptions:
    """``werkstatt demo --web``: where the wall is served, and the seconds between messages."""

    host: str = "127.0.0.1"
    port: int = 8080
    pace: float = 0.8


WALL_LINK = re.compile(r"https?://\S+/wall/[A-Za-z0-9_-]{22}")


async def wall_scene(cast: Cast, show: Callable[[str], None]) -> list[str]:
    """The facilitator asks for the wall of both sessions; ``show`` gets each link."""
    cast.heading("Die Live-Wand für den Beamer")
    world, fatma = cast.world, cast.facilitator
    await fatma.say(None, "/start")
    links = []
    for chat, thread in ((cast.group, None), (cast.forum, cast.topic)):
        await fatma.say(chat, "/wall", thread=thread)
        caption = str(world.api.sent("sendPhoto", fatma.id)[-1].params.get("caption", ""))
        found = WALL_LINK.search(caption)
        if found:
            links.append(found.group(0))
            show(found.group(0))
    return links


async def run_demo(database: Path, *, echo: bool = True, wall: WallOptions | None = None,
                   show: Callable[[str], None] = print) -> World:
    """Play the whole demo against the offline Bot API; return the world for inspection.

    With ``wall``, the live wall is served while the workshop plays, at its pace, and
    ``show`` is told each session's wall link."""
    settings = Settings(
        _env_file=None,
        database=str(database),
        live_interval=0.0,
        rate_limit=False,
        flood_limit=1000,  # the demo plays an hour's workshop in seconds
        telegram_token=None,
        web_host=wall.host if wall else "127.0.0.1",
        web_port=wall.port if wall else 0,
    )
    world = World(settings, echo=echo)
    await world.start()
    companion = WebCompanion(settings)
    if wall is not None:
        assert world.app is not None
        world.app.bot_data["companions"] = [companion]  # stopped with the world
        await companion.start(world.app)
    names = [
        ("Aylin", "de"), ("Bernd", "de"), ("Chiara", "de"), ("Dmitri", "en"), ("Emma", "de"),
        ("Farid", "de"), ("Greta", "de"), ("Hanna", "de"), ("Ivo", "de"), ("Jana", "de"),
    ]
    group = world.group("Werkstatt 2")
    forum = world.group("Kommunalkonferenz Forum", forum=True)
    olga = world.person("Olga", "de", "olga_orga")
    cast = Cast(
        world=world,
        organizer=olga,
        facilitator=world.person("Fatma", "de", "fatma_moderation"),
        notetaker=world.person("Nils", "de", "nils_protokoll"),
        participants=[world.person(n, lang, n.lower()) for n, lang in names],
        group=group,
        forum=forum,
        topic=world.topic(forum, "Werkstatt 3", olga),
    )
    try:
        for scene in scenes():
            await scene(cast)
            if wall is not None and scene is foundation_scene and companion.running:
                await wall_scene(cast, show)
                world.pace = wall.pace
    finally:
        await world.stop()
    world.add_line("")
    world.add_line(f"Die Datenbank liegt in {database}")
    return world

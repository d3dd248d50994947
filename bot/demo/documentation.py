"""The demo's last scene: a quote, the impulse and the minutes, a photo, /endsession, and the
event's draft on disk."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from bot.demo.cast import Cast
from bot.drafting import export_files
from locales import translator


def demo_png() -> bytes:
    """A small one-colour PNG, standing in for a photographed pinboard."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    pixels = b"".join(b"\x00" + b"\xf2\xd0\x6b" * 64 for _ in range(48))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


async def demo_scene(cast: Cast) -> None:
    """``werkstatt demo``: a quote, the impulse, the minutes, a photo (nobody recognizable on
    it: the facilitator opens the private chat from the group's button and confirms),
    /endsession; the event's draft beside the database."""
    world = cast.world
    cast.heading("Zitat, Impuls, Zusammenfassung und Foto für die Dokumentation, Sitzung beenden")
    speaker = cast.participants[0]
    said = await speaker.say(cast.group, "Demokratie lebt von Zufallsbegegnung.")
    await cast.notetaker.say(cast.group, "/quote", reply_to=said)
    await speaker.press(world.api.sent("sendMessage", speaker.id)[-1], "mit meinem Namen")
    impulse = cast.participants[1]
    opened = await impulse.say(cast.group, "Ich habe den Impuls zu Dritten Orten gegeben.")
    await cast.facilitator.say(cast.group, "/session impuls", reply_to=opened)
    await impulse.press(world.api.sent("sendMessage", impulse.id)[-1], "Ja, mit Namen")
    await cast.notetaker.say(cast.group, "/minutes „Dritte Orte“ sind Orte der Begegnung ohne "
                                         "Konsumzwang.\nEine einheitliche Definition gibt es "
                                         "noch nicht.")
    await cast.notetaker.say(cast.group, "/minutes Kommunen sollten Räume zur Verfügung stellen.")
    world.api.files["demo-pinwand"] = demo_png()
    size = {"file_unique_id": "u-demo-pinwand", "width": 64, "height": 48}
    await cast.facilitator.send(cast.group, {"photo": [{"file_id": "demo-pinwand", **size}],
                                             "caption": "#doku Pinnwand Werkstatt 2"})
    asked = world.api.sent("sendMessage", cast.facilitator.id)[-1:]
    if not asked or asked[0].status != 200:  # no private chat yet: the group's button opens it
        notice = world.last_bot_message(world.api.sent("sendMessage", cast.group.id)[-1])
        link = next(b["url"] for row in notice["reply_markup"]["inline_keyboard"] for b in row)
        await cast.facilitator.say(None, "/start " + link.split("?start=")[1])
        asked = world.api.sent("sendMessage", cast.facilitator.id)[-1:]
    await cast.facilitator.press(asked[0], translator("de")("docx.photo_nobody"))
    await cast.facilitator.say(cast.group, "/endsession")
    database = Path(world.settings.database)
    files = await export_files(database, cast.code, None, ("md", "docx"))
    written = []
    for file in files:
        path = database.with_name(f"{database.stem}-entwurf{Path(file.filename).suffix}")
        path.write_bytes(file.data)
        written.append(str(path))
    world.add_line("")
    world.add_line(f"Der Entwurf der Dokumentation liegt in {' und '.join(written)}")

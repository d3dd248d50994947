"""A bot process for the crash test: posts notes forever and writes down each acknowledgement.

Run as ``python crash_worker.py DATABASE ACKFILE``. The parent kills it with
SIGKILL in the middle of the burst. A note counts as acknowledged when the
bot's reaction on it was answered by the (offline) Bot API; its text is then
appended to ACKFILE and synced to disk before anything else happens.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.offline import Call
from bot.settings import Settings
from bot.simulate import World, created_event_code


async def main(database: str, ackfile: str) -> None:
    settings = Settings(
        _env_file=None, database=database, live_interval=0.2, rate_limit=False,
        telegram_token=None,
    )
    world = World(settings)
    texts: dict[int, str] = {}
    # Opened for the whole run; written synchronously so an acknowledgement is on disk first.
    handle = Path(ackfile).open("a", encoding="utf-8")  # noqa: SIM115, ASYNC230

    def on_call(call: Call) -> None:
        if call.method == "setMessageReaction" and call.status == 200:
            handle.write(texts[int(call.params["message_id"])] + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    world.api.listeners.append(on_call)
    await world.start()
    olga = world.person("Olga", "de", "olga")
    await olga.say(None, "/newevent")
    for answer in ("Crashkurs", "heute", "Kassel"):
        await olga.say(None, answer)
    code = created_event_code(world.api, olga.id)
    group = world.group("Werkstatt")
    await olga.say(group, f"/start {code}")
    await olga.say(group, "/pinboard 30m Dritte Orte\nWas sind Dritte Orte?\nWer trägt die Kosten?")
    print("READY", flush=True)
    people = [world.person(f"P{i}", "de") for i in range(60)]
    number = 0
    while True:
        for person in people:
            number += 1
            text = f"Notiz {number} von {person.first_name}"
            message = await person.say(group, f"/note {1 + number % 2} {text}", settle=False)
            texts[message["message_id"]] = text
        assert world.app is not None
        await world.app.update_queue.join()  # a burst of 60, then the next one


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))

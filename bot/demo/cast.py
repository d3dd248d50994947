"""The demo's people and chats, which every scene plays with."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.simulate import SimChat, SimPerson, World


@dataclass
class Cast:
    """The people and chats of the demo."""

    world: World
    organizer: SimPerson
    facilitator: SimPerson
    notetaker: SimPerson
    participants: list[SimPerson]
    group: SimChat
    forum: SimChat
    topic: int
    code: str = ""
    extras: dict[str, object] = field(default_factory=dict)

    def heading(self, text: str) -> None:
        self.world.add_line("")
        self.world.add_line(f"=== {text} ===")

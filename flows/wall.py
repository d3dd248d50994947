"""The live wall (Wand): the projector's read-only view of a session's current round.

A facilitator asks for the wall's link (``/wall``) and gets it privately, with a
QR code; the link holds a random token, shows the session and nothing else, and
changes nothing. ``/wall new`` revokes the link and makes another (a link that
reached the wrong screen). Only those who steer the session may do either.
"""

from __future__ import annotations

from flows.access import STEER, Matrix
from flows.base import Event


class ShowWall(Event):
    """The facilitator asks for the session's wall link (made once, then the same)."""


class RenewWall(Event):
    """The facilitator revokes the session's wall link and makes a new one."""


PERMISSIONS: Matrix = {
    ShowWall: STEER,
    RenewWall: STEER,
}
"""Who may ask for and renew a wall link, for the role matrix (``flows.roles``)."""

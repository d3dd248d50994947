"""The pinboard (Pinnwand) in Telegram: handlers that translate, over ``flows.pinboard``.

Where to look: ``commands.py`` wires the handlers; ``opening.py`` opens a board,
``notes.py`` takes notes in the group, ``private.py`` in a private chat,
``cluster.py`` groups them, ``vote.py`` runs the dot-vote, ``format.py`` is the
round (``FORMAT``), ``render.py`` draws the live message and the result,
``common.py`` what they share.
"""

from __future__ import annotations

from bot.pinboard import cluster, notes, opening, private, vote
from bot.pinboard.commands import FORMAT, PinboardFormat, handlers
from bot.routing import Buttons, Dialogs, Starts

BUTTONS: Buttons = (*opening.BUTTONS, *notes.BUTTONS, *private.BUTTONS, *cluster.BUTTONS,
                    *vote.BUTTONS)
STARTS: Starts = (*private.STARTS, *vote.STARTS)
DIALOGS: Dialogs = private.DIALOGS

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "PinboardFormat", "handlers"]

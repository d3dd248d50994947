"""The fishbowl in Telegram: handlers that translate, over ``flows.fishbowl``.

Where to look: ``commands.py`` has the commands, the round (``FORMAT``) and the
handler table; ``buttons.py`` the live message's buttons; ``asking.py`` asks for
the chairs and the seat time a ``/fishbowl`` left out; ``view.py`` what the
messages look like.
"""

from __future__ import annotations

from bot.fishbowl import asking
from bot.fishbowl.buttons import BUTTONS as LIVE_BUTTONS
from bot.fishbowl.commands import FORMAT, handlers
from bot.routing import Buttons, Dialogs, Starts

BUTTONS: Buttons = (*LIVE_BUTTONS, *asking.BUTTONS)

STARTS: Starts = ()
DIALOGS: Dialogs = ()

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "handlers"]

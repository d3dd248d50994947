"""The fishbowl in Telegram: handlers that translate, over ``flows.fishbowl``.

Where to look: ``commands.py`` has the commands, the round (``FORMAT``) and the
handler table; ``buttons.py`` the live message's buttons; ``view.py`` what the
messages look like.
"""

from __future__ import annotations

from bot.fishbowl.buttons import BUTTONS
from bot.fishbowl.commands import FORMAT, handlers
from bot.routing import Dialogs, Starts

STARTS: Starts = ()
DIALOGS: Dialogs = ()

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "handlers"]

"""The development council in Telegram: handlers that translate, over ``flows.council``.

Where to look: ``commands.py`` has the commands, the round (``FORMAT``) and the
handler table; ``buttons.py`` the presses in the session; ``private.py`` the
private dialogues for interests and restatements; ``reasons.py`` the questions
for reasons (privately, or for an interest by a reply in the group);
``live.py`` what the chat shows; ``common.py`` what they share.
"""

from __future__ import annotations

from bot.council import buttons, private, reasons
from bot.council.commands import FORMAT, handlers
from bot.routing import Buttons, Dialogs, Starts

BUTTONS: Buttons = (*buttons.BUTTONS, *private.BUTTONS)
STARTS: Starts = (*private.STARTS, *reasons.STARTS)
DIALOGS: Dialogs = (*private.DIALOGS, *reasons.DIALOGS)

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "handlers"]

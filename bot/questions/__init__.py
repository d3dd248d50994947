"""Questions from the floor (Fragen aus dem Publikum) in Telegram, over ``flows.questions``.

Where to look: ``commands.py`` has ``/questions``, ``/ask``, replies and the round
(``FORMAT``); ``buttons.py`` the votes on the live message and the private list
of every question; ``private.py`` asking privately; ``view.py`` what the
messages look like. ``/extend`` and ``/close`` are the generic ones of
``bot.dispatch``.
"""

from __future__ import annotations

from bot.questions import buttons, private
from bot.questions.commands import CHOICE, FORMAT, anonymity_chosen, handlers
from bot.routing import Buttons, Dialogs, Starts

BUTTONS: Buttons = ((CHOICE.action, anonymity_chosen), *buttons.BUTTONS, *private.BUTTONS)
STARTS: Starts = (*buttons.STARTS, *private.STARTS)
DIALOGS: Dialogs = private.DIALOGS

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "handlers"]

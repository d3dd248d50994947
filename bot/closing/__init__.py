"""The closing round (Blitzlicht) in Telegram, over ``flows.closing``.

Where to look: ``commands.py`` has ``/closing``, answers by reply and the round
(``FORMAT``); ``private.py`` the rating's buttons and answering privately;
``view.py`` what the messages look like. Consent to quote an answer is asked
the way ``/quote`` asks (``bot.documentation``). ``/extend`` and ``/close``
are the generic ones of ``bot.dispatch``.
"""

from __future__ import annotations

from bot.closing import private
from bot.closing.commands import CHOICE, FORMAT, handlers, rating_chosen
from bot.routing import Buttons, Dialogs, Starts

BUTTONS: Buttons = ((CHOICE.action, rating_chosen), *private.BUTTONS)
STARTS: Starts = private.STARTS
DIALOGS: Dialogs = private.DIALOGS

__all__ = ["BUTTONS", "DIALOGS", "FORMAT", "STARTS", "handlers"]

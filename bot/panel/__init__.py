"""The facilitator's panel (Moderationspult): one private message, edited in place, that
steers a session's rounds with buttons for exactly the moves that are legal now.

Where to look: ``commands.py`` has ``/panel``, its deep link, the buttons and the
step-by-step setup of a new round; ``view.py`` draws the panel; ``moves.py`` turns a
move the flows offer (``service.panel.offered``) into a button and back.
"""

from __future__ import annotations

from bot.panel.commands import BUTTONS, DIALOGS, STARTS, handlers

__all__ = ["BUTTONS", "DIALOGS", "STARTS", "handlers"]

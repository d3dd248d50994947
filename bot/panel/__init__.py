"""The facilitator's panel (Moderationspult): one private message, edited in place, that
steers a session's rounds with buttons for exactly the moves that are legal now.

Where to look: ``commands.py`` has ``/panel``, its deep link, the buttons and the
step-by-step setup of a new round; ``view.py`` draws the panel. Which moves are offered,
their taps and the event each sends are ``service.panel``'s (shared with the Mini App).
"""

from __future__ import annotations

from bot.panel.commands import BUTTONS, DIALOGS, STARTS, handlers

__all__ = ["BUTTONS", "DIALOGS", "STARTS", "handlers"]

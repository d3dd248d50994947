"""The fishbowl in Telegram: handlers that translate, over ``flows.fishbowl``.

Where to look: ``commands.py`` has the commands, the round (``FORMAT``) and the
handler table; ``buttons.py`` the live message's buttons; ``view.py`` what the
messages look like.
"""

from __future__ import annotations

from bot.fishbowl.commands import FORMAT, handlers

__all__ = ["FORMAT", "handlers"]

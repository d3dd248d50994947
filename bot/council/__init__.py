"""The development council in Telegram: handlers that translate, over ``flows.council``.

Where to look: ``commands.py`` has the commands, the round (``FORMAT``) and the
handler table; ``buttons.py`` the presses in the session; ``private.py`` and
``reasons.py`` the private dialogues; ``live.py`` what the chat shows;
``common.py`` what they share.
"""

from __future__ import annotations

from bot.council.commands import FORMAT, handlers

__all__ = ["FORMAT", "handlers"]

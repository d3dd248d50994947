"""The pinboard (Pinwand) in Telegram: handlers that translate, over ``flows.pinboard``.

Where to look: ``commands.py`` wires the handlers; ``opening.py`` opens a board,
``notes.py`` takes notes in the group, ``private.py`` in a private chat,
``cluster.py`` groups them, ``vote.py`` runs the dot-vote, ``format.py`` is the
round (``FORMAT``), ``render.py`` draws the live message and the result,
``common.py`` what they share.
"""

from __future__ import annotations

from bot.pinboard.commands import FORMAT, PinboardFormat, handlers

__all__ = ["FORMAT", "PinboardFormat", "handlers"]

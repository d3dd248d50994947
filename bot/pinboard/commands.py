"""The pinboard (Pinnwand) in Telegram: the format's handlers, wired in one place.

The rules live in ``flows.pinboard``; the modules beside this one translate:
``opening`` opens a board, ``notes`` takes notes in the group,
``private`` in a private chat, ``cluster`` groups them,
``vote`` runs the dot-vote, ``render`` draws the live
message and the result. ``/extend`` and ``/close`` are the generic ones of
``bot.dispatch``.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.handling import NOT_TEXT, text_expected
from bot.pinboard.cluster import cluster_command
from bot.pinboard.common import NOTE_COMMAND, REPLY_TO_BOARD
from bot.pinboard.format import FORMAT, PinboardFormat
from bot.pinboard.notes import (
    edit_note,
    hide_command,
    note_command,
    reply_to_board,
    restore_command,
    undo_command,
)
from bot.pinboard.opening import pinboard_command
from bot.pinboard.private import private_undo
from bot.pinboard.vote import vote_command

__all__ = ["FORMAT", "PinboardFormat", "handlers"]


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Commands take new messages only: an edited command must not act twice."""
    group = ~filters.ChatType.PRIVATE
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    edited_notes = filters.UpdateType.EDITED_MESSAGE & group & filters.TEXT & (
        REPLY_TO_BOARD | NOTE_COMMAND
    )
    return [
        MessageHandler(edited_notes, edit_note),
        CommandHandler("pinboard", pinboard_command, group & new),
        CommandHandler("note", note_command, group & new),
        CommandHandler("undo", undo_command, group & new),
        CommandHandler("undo", private_undo, private & new),
        CommandHandler("hide", hide_command, group & new),
        CommandHandler("restore", restore_command, group & new),
        CommandHandler("cluster", cluster_command, group & new),
        CommandHandler("vote", vote_command, group & new),
        MessageHandler(group & new & filters.TEXT & ~filters.COMMAND & REPLY_TO_BOARD,
                       reply_to_board),
        MessageHandler(group & new & NOT_TEXT & REPLY_TO_BOARD, text_expected),
    ]

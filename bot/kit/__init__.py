"""The organizer's kit in Telegram, over ``flows.kit`` and ``flows.survey``.

Where to look: ``survey.py`` has ``/survey`` and the private ballot (through
``service.surveys``); ``organizers.py`` ``/organizer`` and leaving the
Orga-Team; ``invite.py`` ``/qr``, the invitation page and its QR codes;
``registration.py`` the event's registration link and the question whether
one wants the documentation; ``results.py`` ``/results``, which sends it;
``guide.py`` ``/guide``; ``ready.py`` ``/ready``, the readiness check before the
day; ``events.py`` which event a private command is about.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler, filters

from bot.handling import NEW
from bot.kit import guide, invite, organizers, ready, registration, results, survey
from bot.routing import Buttons, Dialogs, Starts

PRIVATE = filters.ChatType.PRIVATE & NEW


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("survey", survey.survey_command, PRIVATE),
        CommandHandler("results", results.results_command, PRIVATE),
        CommandHandler("guide", guide.guide, PRIVATE),
        CommandHandler("ready", ready.ready_command, PRIVATE),
        CommandHandler("organizer", organizers.organizer, NEW),
        CommandHandler("qr", invite.qr, ~filters.ChatType.PRIVATE & NEW),
        CommandHandler("qr", invite.qr_privately, PRIVATE),
    ]


BUTTONS: Buttons = (
    ("svev", survey.survey_event),
    ("svk", survey.picks_pressed),
    ("svshow", survey.show),
    ("svlink", survey.link),
    ("svclose", survey.close),
    ("svplan", survey.plan),
    ("svgroups", survey.groups),
    ("svp", survey.pick),
    ("qrev", invite.qr_event),
    ("orgadd", organizers.add_pressed),
    ("orgleave", organizers.leave_pressed),
    (registration.RESULTS, registration.results_chosen),
    ("rsev", results.results_event),
    ("rsnote", results.note_ask),
    ("rsgo", results.send_pressed),
    ("rdev", ready.ready_event),
    (ready.RECHECK, ready.recheck),
)
STARTS: Starts = (
    (survey.LINK, survey.answer_by_link),
    (registration.LINK, registration.register_by_link),
)
DIALOGS: Dialogs = (
    (survey.TOPICS_DIALOG, survey.topics_answer),
    (survey.PICKS_DIALOG, survey.picks_typed),
    (results.NOTE_DIALOG, results.note_answer),
)

__all__ = ["BUTTONS", "DIALOGS", "STARTS", "handlers"]

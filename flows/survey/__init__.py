"""The topic survey before the event (Vorabbefragung): its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply``; ``model.py`` the state and events; ``parse.py`` what the organizer
types (the topics, the number of picks); ``results.py`` the read-only questions
(votes per topic, the ranking, a person's picks). Callers import from here.
"""

from __future__ import annotations

from flows.survey.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.survey.machine import __all__ as __all__

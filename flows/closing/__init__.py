"""The closing round (Blitzlicht): its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (answers, the rating, the end); ``model.py`` the state and events;
``parse.py`` the commands as text; ``results.py`` the read-only questions (the
answers per question, the rating's spread and mean). Callers import from here.
"""

from __future__ import annotations

from flows.closing.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.closing.machine import __all__ as __all__

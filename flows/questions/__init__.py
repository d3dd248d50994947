"""Questions from the floor (Fragen aus dem Publikum): their rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (asking, upvoting, answering, hiding, merging, the end); ``model.py``
the state and events; ``parse.py`` the commands as text; ``ranking.py`` the
read-only questions (which are shown, the ranking, the top five, who voted).
Callers import from here.
"""

from __future__ import annotations

from flows.questions.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.questions.machine import __all__ as __all__

"""The fishbowl: its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (seats, the queue, the empty chair, the end); ``model.py`` the state
and events; ``parse.py`` the commands as text; ``points.py`` the key points of
the protocol and forgetting a person; ``report.py`` the read-only questions
(who sits, who waits, who speaks, totals). Callers import from here.
"""

from __future__ import annotations

from flows.fishbowl.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.fishbowl.machine import __all__ as __all__

"""The pinboard (Pinnwand): its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (what each phase allows, how collecting, clustering and the vote open
and close); ``model.py`` the frozen state and events; ``parse.py`` the commands
as text; ``steps.py`` the grouping and dot-vote moves; ``results.py`` what the
live message, the result and the draft read; ``similarity.py`` the cluster
suggestions. Callers import from here.
"""

from __future__ import annotations

from flows.pinboard.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.pinboard.machine import __all__ as __all__

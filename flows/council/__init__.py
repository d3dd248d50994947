"""The development council (Kommunaler Entwicklungsbeirat): its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (the four rounds and how each one ends); ``model.py`` the state and
events; ``parse.py`` the commands as text; ``words.py`` round 2 (restating,
rating); ``stances.py`` rounds 3 and 4 (proposals, stances, amendments);
``tables.py`` the read-only views; ``forgetting.py`` GDPR. Callers import from here.
"""

from __future__ import annotations

from flows.council.machine import *  # noqa: F403  (the package's API is its machine's)
from flows.council.machine import __all__ as __all__

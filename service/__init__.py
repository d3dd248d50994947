"""The one door to the rounds: every adapter carries out a move here, from plain values.

Telegram handlers, timers, the CLI, the demo and later a web page all call the
same ``RoundService``: it resolves the actor's role (``flows.roles``), holds
the session locks, the journal's group commit and the parsed states, checks
that a source is new, applies the flow and stores the step. What the step
means for a chat or a page (a live message, timers, announcements) is left to
the adapter, which gets back what happened. Nothing here knows Telegram.
"""

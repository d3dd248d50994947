"""Workshop formats as pure state machines: no I/O, no Telegram, no SQL.

Each format is a package, ``flows/<format>/``: ``machine.py`` states the rules in plain
words and holds the move table ``MACHINE`` (event type → handler, legal phases, roles,
next phase) and ``apply``, so "when does the vote close" is answered there; ``model.py``
the frozen state and events; ``parse.py`` the commands as text; the other modules are
the moves and the read-only queries. ``flows.machine`` applies every table the same way
(one refusal for unknown events, one duplicate policy, one ``Step(state, effects)``) and
answers ``legal(state, EventType)``; ``flows.roles`` builds the one role matrix
(``MATRIX``, asked through ``roles.may``) and ``flows.phases`` the phase diagrams from the
same tables. Questions from the floor and the closing round share ``flows.gathering``;
the topic survey (``flows.survey``) belongs to an event, not a session, and is no round,
but its table is in the matrix and the diagrams like a format's.

Adding a format: a package here, its ``MACHINE`` added to ``flows.roles`` and
``flows.phases``; a package in ``bot/`` exporting ``handlers()``, the route tuples and
``FORMAT`` (added to ``FEATURES`` and ``FORMATS`` in ``bot.app``); a draft section in
``drafts.document.SECTIONS``; a demo scene (``bot.demo.SCENES``); a PO file pair;
``docs/PHASES.md`` written again (``flows.phases.UPDATE``) and the format's diagram
(``flows.phases.diagram``) added to ARCHITECTURE.md. For the panel, its ``MACHINE`` and
tappable moves in ``service.panel`` (``MACHINES``, ``STEERING``, ``SETUPS``, ``MOVES``);
for ``/help``, its commands in ``bot.moves``.
"""

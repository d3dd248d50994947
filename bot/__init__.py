"""The Telegram adapter: wiring, handlers, live messages, timers, texts and the command line.

Wiring is explicit, in ``bot.app.build_application``: ``FEATURES`` lists the modules and
packages that offer ``handlers()`` and the route tuples ``BUTTONS``, ``STARTS`` and
``DIALOGS`` (composed into one ``bot.routing.Router``), ``FORMATS`` the round formats;
nothing registers itself at import. Each format's package, ``bot/<format>/``, has its
handlers and its ``FORMAT`` (the live message, its announcements) behind ``commands.py``
and one module per part beside it. An update's way (``bot.inbox``, ``bot.once``,
``bot.flood``, ``bot.services.who_in_session``, ``bot.rounds``, ``bot.live``,
``bot.messaging``) is mapped in ARCHITECTURE.md; ``bot.sharing`` shares the work between
several processes on PostgreSQL; ``bot.webside`` hosts the web side in the bot's loop.
"""

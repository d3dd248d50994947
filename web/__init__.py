"""The web adapter: the live wall for the projector, taking part from a browser and the Mini
App, served by the bot's own process.

Like ``bot``, an adapter over ``service``: every read and move goes through the round
service's door (``service.wall``, ``service.participation``, ``service.grouping``,
``service.console``), and nothing here knows Telegram. Where to look: ``app.py`` the
routes, security headers and body limits; ``views.py`` what a wall shows of each format
(from the flows' query functions); ``participate.py`` the guest pages (``/join/<token>``);
``miniapp.py`` the Mini App and its Moderationspult; ``floor.py`` questions from the floor
on a participant's screen; ``limits.py`` the rates per person and per token;
``templates/`` and ``static/`` the pages (no inline script, no CDN); ``server.py``
uvicorn inside the bot's asyncio loop, without signal handlers of its own; ``qr.py`` QR
codes.
"""

"""The web adapter: the live wall for the projector, served by the bot's own process.

Like ``bot``, an adapter over ``service``: every read goes through the round
service's door (``service.wall``), and nothing here knows Telegram. Where to
look: ``app.py`` the routes and security headers; ``views.py`` what a wall
shows of each format (from the flows' query functions); ``templates/`` and
``static/`` the page (no inline script, no CDN); ``server.py`` uvicorn inside
the bot's asyncio loop, without signal handlers of its own; ``qr.py`` QR codes.
"""

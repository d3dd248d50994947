"""Werkstatt's tests, one folder per layer.

``tests/flows`` drive each flow directly (every phase, every illegal move, hypothesis
property tests, the tables' phase diagrams); ``tests/service`` the round service without
Telegram; ``tests/storage/contract`` every public storage function through one
``backend`` fixture, on SQLite and on PostgreSQL; ``tests/bot`` the real Application
through ``bot.offline`` (an in-memory Bot API that answers like Telegram) via
``bot.simulate``'s people, groups and forum topics, counting group messages against
``tests/bot/budget.py``; ``tests/drafts`` the Markdown against golden files and the DOCX
read back; ``tests/reliability`` ``werkstatt run`` as a process against the offline Bot
API over HTTP (``bot.offline_http``), killed mid-burst, and three webhook processes
behind a proxy; ``tests/web`` the wall through Starlette's test client, a real socket, a
process ended by SIGTERM and Chromium through Playwright; ``tests/architecture`` the
import allow-list.

``WERKSTATT_TEST_DATABASE=postgresql://`` runs every test's bot and ``db`` fixture on a
PostgreSQL database of its own (``tests/databases.py``: cloned from a migrated template,
dropped after; the server from ``WERKSTATT_TEST_POSTGRES``); tests about the SQLite file
itself are marked ``sqlite_only`` and skipped there.
"""

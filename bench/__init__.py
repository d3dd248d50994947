"""Werkstatt's benchmark: the bot measured against the framework's own limit and Telegram's.

``python -m bench`` runs every measurement of issue 8 in one run, offline, and
prints one table: each figure, its goal and whether it was met. ``--quick``
runs small sizes without judging the figures (CI keeps the benchmark working
with it). What limits each figure, and the latest numbers, are in
BENCHMARKS.md.

Modules: ``sim`` builds the simulated Telegram around the real Application;
``echo`` is the bare python-telegram-bot baseline; ``chat`` measures the full
bot (throughput, latency, chat economy); ``draft`` the draft compile;
``startup`` restart and memory in a fresh process; ``seed`` writes stored
rounds directly; ``run`` puts it together; ``report`` prints the table.
``wire`` (only with ``--only wire``) measures ``werkstatt run`` over HTTP against a bare
reacting python-telegram-bot bot, with ``telegram_http`` driving the offline Bot API
served in a process of its own.
``scale`` (only when asked for) measures webhook processes on PostgreSQL, started by
``fleet`` behind a round-robin proxy and fed through ``telegram_http``, the offline Bot
API over HTTP (the three-process test starts them the same way).
"""

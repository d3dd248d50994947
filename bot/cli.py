"""The ``werkstatt`` command: run the bot, play the offline demo, export drafts, back up, and
copy a SQLite database to PostgreSQL."""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

from telegram import Update

from bot.settings import Settings, SettingsError, load_settings, require_token
from locales import use_zone
from storage.guard import DatabaseFileError

SWITCH_INTERVAL = 0.0005
"""Seconds a busy thread keeps the interpreter lock while another waits for it (Python's
default is 0.005): the database's thread answers within this."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="werkstatt", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot with long polling (or a webhook)")
    run.add_argument("--webhook", action="store_true", help="serve Telegram's webhook")
    demo = commands.add_parser("demo", help="play a scripted workshop offline, no token needed")
    demo.add_argument("--database", type=Path, default=Path("werkstatt-demo.sqlite3"))
    demo.add_argument("--quiet", action="store_true", help="print only where the results are")
    demo.add_argument("--web", action="store_true",
                      help="serve the live wall (WERKSTATT_WEB_HOST/PORT) while the workshop plays")
    demo.add_argument("--pace", type=float, default=0.8,
                      help="with --web: seconds between two messages (default 0.8)")
    commands.add_parser("bench", help="run the benchmark (python -m bench; try --quick)",
                        add_help=False)
    export = commands.add_parser("export", help="write an event's draft from the database")
    export.add_argument("--event", required=True, help="the event's code")
    export.add_argument("--session", type=int, help="only this session (its number)")
    export.add_argument("--format", choices=("md", "docx", "pdf", "both"), default="both",
                        help="both: Markdown and DOCX; pdf needs LibreOffice (soffice)")
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    backup = commands.add_parser("backup", help="copy the database, also while the bot runs")
    backup.add_argument("--out", type=Path, required=True, help="the file to write the copy to")
    migrate = commands.add_parser(
        "migrate", help="copy a SQLite database into an empty PostgreSQL database, and check it")
    migrate.add_argument("--from", dest="source", type=Path, required=True,
                         help="the SQLite file (no bot may run on it meanwhile)")
    migrate.add_argument("--to", dest="target", required=True,
                         help="the empty database: postgresql://user@host/db")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        return run_bench(argv[1:])
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        use_zone(settings.timezone)
        if args.command == "run":
            return run_bot(settings, webhook=args.webhook)
        if args.command == "demo":
            return play_demo(args.database, quiet=args.quiet,
                             web=settings if args.web else None, pace=args.pace)
        if args.command == "export":
            from bot.drafting import DraftOptions, export_command

            return export_command(
                settings.database, args.event, args.session, args.format, args.out,
                DraftOptions.of(settings),
            )
        if args.command == "backup":
            return backup_database(settings, args.out)
        if args.command == "migrate":
            from bot.migrating import migrate_command

            return migrate_command(args.source, args.target)
    except SettingsError as error:
        print(f"werkstatt: {error}", file=sys.stderr)
        return 2
    except DatabaseFileError as error:
        print(f"werkstatt: {error}", file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command}")
    return 2


def run_bench(arguments: list[str]) -> int:
    """``python -m bench`` in a process of its own: the product never imports the benchmark."""
    return subprocess.run([sys.executable, "-m", "bench", *arguments], check=False).returncode


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.log_level != "DEBUG":
        # Message texts and request bodies appear only with debug logging.
        logging.getLogger("httpx").setLevel(logging.WARNING)


def run_bot(settings: Settings, *, webhook: bool) -> int:
    """Run until stopped, with long polling or as a webhook server that checks its secret.

    Only one process may run on a database (its lock is held until the run ends), on a
    file that is Werkstatt's; a second process polling with the same token ends the run.
    Several webhook processes may share one PostgreSQL database (``bot.sharing``)."""
    from bot.app import build_application
    from bot.inbox import store_before_acknowledging
    from bot.operations import PollingGuard
    from storage.db import migrations
    from storage.guard import one_bot

    token = require_token(settings)
    options = webhook_options(settings, token) if webhook else {}
    # Each SQLite statement is a hop to aiosqlite's thread and back; the thread's answer
    # waits for the interpreter lock, which a busy event loop gives up only every switch
    # interval (5 ms by default): under load, each hop cost milliseconds of waiting.
    sys.setswitchinterval(SWITCH_INTERVAL)
    with one_bot(settings.database, migrations()[-1][0], several=webhook):
        configure_logging(settings)
        app = build_application(settings)
        if webhook:  # the web side and the webhook on one server (bot.webhook)
            from bot.webhook import run_webhook

            store_before_acknowledging(app)
            run_webhook(app, settings, options)
            return 0
        if settings.web:
            from bot.webside import WebCompanion

            app.bot_data["companions"] = [WebCompanion(settings)]
        guard = PollingGuard()
        guard.install(app)
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    if guard.problem is not None:
        print(f"werkstatt: {guard.problem}", file=sys.stderr)
        return 1
    return 0


def backup_database(settings: Settings, out: Path) -> int:
    """``werkstatt backup``: a consistent copy of the database, beside a running bot or not."""
    from storage.backup import backup

    print(f"wrote {backup(settings.database, out)}")
    return 0


def webhook_options(settings: Settings, token: str) -> dict[str, Any]:
    """Where the webhook listens and the secret Telegram must send with every request."""
    if not settings.webhook_url or settings.webhook_secret is None:
        raise SettingsError(
            "WERKSTATT_WEBHOOK_URL and WERKSTATT_WEBHOOK_SECRET must be set to run with --webhook."
        )
    path = token.split(":", 1)[0]
    return {
        "listen": "0.0.0.0",  # a webhook server listens for Telegram on every interface
        "port": settings.webhook_port,
        "url_path": path,
        "webhook_url": f"{settings.webhook_url.rstrip('/')}/{path}",
        "secret_token": settings.webhook_secret.get_secret_value(),
    }


def play_demo(database: Path, *, quiet: bool, web: Settings | None = None,
              pace: float = 0.8) -> int:
    """``werkstatt demo``; with ``web``, the live wall is served where those settings say while
    the workshop plays, ``pace`` seconds between two messages."""
    from bot.demo import WallOptions, run_demo

    wall = WallOptions(web.web_host, web.web_port, max(0.0, pace)) if web else None
    for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)

    def show(link: str) -> None:
        print(f"Live-Wand: {link}", flush=True)

    world = asyncio.run(run_demo(database, echo=not quiet, wall=wall, show=show))
    if quiet:
        print(world.transcript[-1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

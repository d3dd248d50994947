"""``werkstatt migrate``: a SQLite database copied into an empty PostgreSQL database, and checked.

The copy is row for row (``storage.transfer``); the check reads the draft of every event
from both databases, and the copy counts only if each is the same: the material of the
draft (every session, round, quote, photo, person named) and its Markdown.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.drafting import load_draft
from drafts.document import build_document
from drafts.markdown import render_markdown
from drafts.model import DraftInput
from storage.db import Database, is_server, migrations
from storage.guard import one_bot
from storage.transfer import all_events, copy_database


def migrate_command(source: str | Path, target: str) -> int:
    """Copy ``source`` (a SQLite file) into ``target`` (an empty database) while no bot runs on
    either; 0 when every event's draft reads the same from both."""
    if is_server(source) or not Path(source).is_file():
        print(f"werkstatt migrate: {source} is not a SQLite file.", file=sys.stderr)
        return 2
    newest = migrations()[-1][0]
    with one_bot(source, newest), one_bot(target, newest):
        return asyncio.run(copy_and_check(str(source), target))


async def copy_and_check(source_path: str, target_path: str) -> int:
    source, target = Database(source_path), Database(target_path)
    await source.open()
    try:
        await target.open()
        try:
            copied = await copy_database(source, target)
            for table, count in sorted(copied.items()):
                print(f"{table}: {count} rows")
            differing = await differing_drafts(source, target)
        finally:
            await target.close()
    finally:
        await source.close()
    if differing:
        print(f"werkstatt migrate: the drafts of {', '.join(differing)} differ after the copy;"
              " do not use the copy.", file=sys.stderr)
        return 1
    print(f"copied {sum(copied.values())} rows; the drafts of all {copied.get('events', 0)}"
          " events read the same from both databases")
    return 0


async def differing_drafts(source: Database, target: Database) -> list[str]:
    """The codes of the events whose draft reads otherwise from ``target`` than from ``source``
    (also an event missing from one of them)."""
    async with source.read() as tx:
        before = {event.code: event for event in await all_events(tx)}
    async with target.read() as tx:
        after = {event.code: event for event in await all_events(tx)}
    differing = sorted(set(before) ^ set(after))
    for code in sorted(set(before) & set(after)):
        async with source.read() as tx:
            old = await load_draft(tx, before[code])
        async with target.read() as tx:
            new = await load_draft(tx, after[code])
        if old != new or await _markdown(old) != await _markdown(new):
            differing.append(code)
    return differing


async def _markdown(draft: DraftInput) -> str:
    """The draft's Markdown without charts (whose pictures are not the data's to compare)."""
    return await asyncio.to_thread(lambda: render_markdown(build_document(draft, charts=False)))

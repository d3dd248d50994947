"""Secrets of the installation, made once and kept in the database (``meta``)."""

from __future__ import annotations

import secrets

from storage.db import Database
from storage.dialogs import meta_value


async def installation_key(db: Database, name: str) -> bytes:
    """The key ``name`` (made at first use): signs cookies and tokens of the web side."""
    async with db.transaction() as tx:
        return (await meta_value(tx, name, secrets.token_urlsafe(32))).encode()

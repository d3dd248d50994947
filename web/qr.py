"""QR codes as PNG: the wall's link for the facilitator, the group's join link on the wall."""

from __future__ import annotations

import io

import segno


def png(url: str, *, scale: int = 10) -> bytes:
    """A QR code of ``url`` as a PNG with a quiet zone, readable from the back of a room."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()

"""QR codes of links as PNG images (segno): for the invitation page, a survey, a screen.

Error correction level M survives a printout folded once or a phone held at an
angle to a projector; the quiet zone (four modules) is the standard's, so every
reader finds the code.
"""

from __future__ import annotations

import io

import segno

SCALE = 10
"""Pixels per module: a link of ~60 characters becomes ~450 pixels, sharp at 5 cm in print."""


def qr_png(link: str, *, scale: int = SCALE) -> bytes:
    """The link as a QR code, a black-on-white PNG's bytes."""
    code = segno.make(link, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()

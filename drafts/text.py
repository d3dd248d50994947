"""Cleaning user text before any renderer sees it: one definition of what may not pass.

People type on phones and paste from everywhere. Zero-width characters and
bidirectional controls are invisible, so a note could look like one thing and
sort, search or display as another ("Trojan Source"); control characters are
invalid in DOCX's XML and meaningless in Markdown. Right-to-left letters stay:
only the invisible controls go.
"""

from __future__ import annotations

import re

_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/joiners, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (BOM)
)
_CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\t") + "\x7f"
_C1 = "".join(chr(c) for c in range(0x80, 0xA0))
_DROP = re.compile(f"[{re.escape(_INVISIBLE + _CONTROL + _C1)}\ufffe\uffff\ud800-\udfff]")
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """The text without invisible or control characters, with plain line ends, trimmed."""
    if text.isprintable():  # no line end, control, format or unassigned character: as it is
        return text.strip()
    text = _LINE_ENDS.sub("\n", text)
    text = _DROP.sub("", text)
    return text.strip()


def one_line(text: str) -> str:
    """Cleaned text on one line: every run of whitespace (line ends too) becomes one space."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> list[str]:
    """Cleaned text as its lines, spaces collapsed, without runs of empty lines."""
    text = _BLANK_LINES.sub("\n\n", clean(text))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]

"""The Markdown of a realistic session, compared with reviewed golden files.

A change to the draft's shape shows up here as a diff to read. To accept a
deliberate change, regenerate: ``WERKSTATT_UPDATE_GOLDEN=1 pytest tests/drafts``
and review the golden files' diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafts import build_document, render_markdown
from tests.drafts.draft_samples import SECTIONS, realistic_draft

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("language", ["de", "en"])
def test_markdown_of_a_realistic_session_matches_the_golden_file(language: str) -> None:
    document = build_document(realistic_draft(language), sections=SECTIONS)
    markdown = render_markdown(document)
    golden = GOLDEN / f"session_{language}.md"
    if os.environ.get("WERKSTATT_UPDATE_GOLDEN") == "1":
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")

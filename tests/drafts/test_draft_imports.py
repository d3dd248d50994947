"""``drafts`` stays a pure library: no storage, no bot, no Telegram, no database driver."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ALLOWED = {"drafts", "flows", "locales", "pydantic", "jinja2", "docx", "matplotlib", "segno"}
DRAFTS = Path(__file__).parents[2] / "drafts"


def imported_roots(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_drafts_imports_only_the_standard_library_and_its_allowed_packages() -> None:
    for source in DRAFTS.glob("*.py"):
        foreign = {root for root in imported_roots(source)
                   if root not in ALLOWED and root not in sys.stdlib_module_names}
        assert not foreign, (source.name, foreign)

"""Imports point one way: flows are pure; storage and drafts never reach into the bot."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FORBIDDEN = {
    "flows": {"telegram", "aiosqlite", "bot", "storage", "drafts", "jinja2", "docx"},
    "storage": {"telegram", "bot", "drafts"},
    "drafts": {"telegram", "aiosqlite", "bot", "storage"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_from_the_layers_it_must_not_know(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_layer_check_would_catch_a_forbidden_import(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from telegram import Bot\nimport storage.db\n")
    assert imported_roots(sneaky) >= {"telegram", "storage"}

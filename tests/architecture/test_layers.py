"""Imports point one way, and each package says which imports it may have.

An allow-list per package: the standard library (``sys.stdlib_module_names``),
the project's packages below it, and the third-party modules it is known to
need. Every way of importing counts: ``import x``, ``from x import y``, relative
imports (resolved against the importing module's package) and
``importlib.import_module`` / ``__import__`` with a constant name (or an
f-string whose package is spelled out). A dynamic import whose package cannot
be read from the source is refused everywhere: the wiring is to be explicit.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
STDLIB = frozenset(sys.stdlib_module_names)
DYNAMIC = "<dynamic import>"
"""What an import whose module cannot be read from the source is reported as."""

BELOW_ADAPTERS = frozenset({"service", "flows", "storage", "drafts", "locales"})
PROJECT_RULES: dict[str, frozenset[str]] = {
    "flows": frozenset(),
    "locales": frozenset(),
    "storage": frozenset({"flows"}),
    "drafts": frozenset({"flows", "locales"}),
    "service": frozenset({"flows", "storage", "drafts", "locales"}),
    "bot": BELOW_ADAPTERS | {"web"},
    "web": BELOW_ADAPTERS,
}
"""The project's packages each package may import, besides itself. The bot hosts the process:
it starts the web side in its loop (``bot.webside``) and sends the wall's QR code; the web
side never imports the bot."""
THIRD_PARTY: dict[str, frozenset[str]] = {
    "flows": frozenset({"pydantic", "snowballstemmer"}),
    "locales": frozenset({"babel"}),
    "storage": frozenset({"aiosqlite", "asyncpg", "pydantic"}),
    "drafts": frozenset({"jinja2", "docx", "pydantic", "matplotlib", "segno"}),
    "service": frozenset({"pydantic"}),
    "bot": frozenset({"telegram", "pydantic", "pydantic_settings", "httpcore"}),
    "web": frozenset({"starlette", "pydantic", "uvicorn", "sse_starlette", "jinja2",
                      "markupsafe", "segno", "aiolimiter"}),
}
"""Top-level names of the third-party modules each package may import."""
NOT_PRODUCT = frozenset({"tests", "bench"})
"""Packages that are not shipped code: they may import anything of the project."""


def allowed(package: str) -> frozenset[str]:
    """Every top-level module name ``package`` may import."""
    return STDLIB | {package} | PROJECT_RULES[package] | THIRD_PARTY[package]


def resolve(name: str, level: int, package: str) -> str:
    """The absolute module of ``from <level dots><name> import …`` inside ``package``.

    An import that climbs above the top-level package is read as if the checkout were a
    package: ``from .. import bot`` in ``storage/db.py`` reaches for ``bot``."""
    if level == 0:
        return name
    parts = package.split(".") if package else []
    base = parts[: max(len(parts) - level + 1, 0)]
    return ".".join([*base, name] if name else base)


def dynamic_target(call: ast.Call, package: str) -> str | None:
    """The module an ``import_module``/``__import__`` call imports; ``None`` if it is no such
    call, ``DYNAMIC`` if the module cannot be read from the source."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called not in {"import_module", "__import__"} or not call.args:
        return None
    name = call.args[0]
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        text = name.value
    elif (isinstance(name, ast.JoinedStr) and name.values
          and isinstance(name.values[0], ast.Constant) and "." in str(name.values[0].value)):
        text = str(name.values[0].value).split(".")[0] + "."  # f"drafts.{module}"
    else:
        return DYNAMIC
    stripped = text.lstrip(".")
    if called == "import_module" and stripped != text:  # import_module(".x", __package__)
        return resolve(stripped, len(text) - len(stripped), package)
    return text.rstrip(".")


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module the source of ``module`` imports, as absolute dotted names."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve(node.module or "", node.level, package)
            if base:
                found.add(base)
            if not node.module:  # from . import x: each x may be a module
                found.update(".".join(filter(None, (base, alias.name))) for alias in node.names)
        elif isinstance(node, ast.Call):
            target = dynamic_target(node, package)
            if target is not None:
                found.add(target)
    return found


def offences(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The imported top-level names the module's package may not import."""
    package = module.split(".")[0]
    roots = {name.split(".")[0] for name in imported_modules(source, module,
                                                             is_package=is_package)}
    return roots - allowed(package)


def module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a source file, and whether it is a package's ``__init__``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def top_level_packages() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/__init__.py")}


@pytest.mark.parametrize("package", sorted(PROJECT_RULES))
def test_each_package_imports_only_what_its_allow_list_names(package: str) -> None:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):  # no files yet: nothing to break
        module, is_package = module_name(path)
        bad = offences(path.read_text(encoding="utf-8"), module, is_package=is_package)
        if bad:
            found[str(path.relative_to(ROOT))] = sorted(bad)
    assert found == {}


def test_every_package_of_the_project_has_a_rule() -> None:
    assert top_level_packages() - NOT_PRODUCT <= set(PROJECT_RULES)


def test_product_code_never_imports_the_benchmark_or_the_tests() -> None:
    for package in PROJECT_RULES:
        assert not allowed(package) & NOT_PRODUCT, package


def test_imports_point_one_way() -> None:
    """No two packages may import each other, directly or through a third."""
    reach = {package: set(PROJECT_RULES[package]) for package in PROJECT_RULES}
    for _ in PROJECT_RULES:
        for below in reach.values():
            below |= {deeper for other in list(below) for deeper in reach.get(other, set())}
    assert {package for package, below in reach.items() if package in below} == set()


def test_locales_is_a_leaf_that_flows_do_without_and_the_others_may_use() -> None:
    assert PROJECT_RULES["locales"] == frozenset()
    assert "locales" not in allowed("flows")
    assert {"drafts", "service", "bot", "web"} <= {
        package for package in PROJECT_RULES if "locales" in allowed(package)
    }


def test_no_project_package_is_taken_for_the_standard_library() -> None:
    assert not (set(PROJECT_RULES) | NOT_PRODUCT) & STDLIB


def test_the_checker_resolves_relative_imports_against_the_modules_package() -> None:
    source = "from . import rounds\nfrom .db import Tx\nfrom .. import bot\n"
    assert imported_modules(source, "storage.sub.mod") >= {
        "storage.sub", "storage.sub.rounds", "storage.sub.db", "storage", "storage.bot",
    }
    assert imported_modules("from .db import Tx\n", "storage", is_package=True) == {
        "storage.db",
    }


def test_the_checker_catches_a_relative_import_that_climbs_into_another_layer() -> None:
    assert offences("from .. import bot\nfrom ..telegram import Bot\n", "storage.db") == {
        "bot", "telegram",
    }
    assert offences("from ...storage import db\n", "flows.pinboard.vote") == {"storage"}
    assert offences("from .rules import x\nfrom ..base import Value\n",
                    "flows.pinboard.vote") == set()


def test_the_checker_catches_an_importlib_import_that_breaks_the_rules() -> None:
    source = (
        "import importlib\n"
        "from importlib import import_module\n"
        "importlib.import_module('telegram.ext')\n"
        "import_module('storage.db')\n"
        "__import__('aiosqlite')\n"
    )
    assert offences(source, "flows.pinboard") == {"telegram", "storage", "aiosqlite"}


def test_the_checker_reads_the_package_of_an_f_string_import() -> None:
    assert offences("import importlib\nimportlib.import_module(f'bot.{name}')\n",
                    "drafts.sections") == {"bot"}
    assert offences("import importlib\nimportlib.import_module(f'drafts.{name}')\n",
                    "drafts.sections") == set()


def test_the_checker_refuses_an_import_whose_module_it_cannot_read() -> None:
    assert offences("import importlib\nimportlib.import_module(name)\n", "bot.app") == {DYNAMIC}


def test_the_checker_catches_the_benchmark_imported_from_product_code() -> None:
    assert offences("from bench.__main__ import main\n", "bot.cli") == {"bench"}


def test_the_checker_allows_the_standard_library_and_the_packages_own_modules() -> None:
    source = "import asyncio\nfrom collections.abc import Sequence\nfrom storage.db import Tx\n"
    assert offences(source, "storage.people") == set()

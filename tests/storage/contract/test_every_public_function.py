"""Every public function of the storage package has a contract test."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from tests.storage.contract.coverage import COVERED, NOT_IN_THE_CONTRACT, public_functions


def load_contract_tests() -> None:
    """Import every test module of the suite, so their ``@covers`` marks are counted even when
    this file runs alone."""
    for info in pkgutil.iter_modules([str(Path(__file__).parent)], "tests.storage.contract."):
        if info.name.rpartition(".")[2].startswith("test_"):
            importlib.import_module(info.name)


def test_every_public_storage_function_has_a_contract_test() -> None:
    load_contract_tests()
    assert sorted(public_functions() - COVERED - set(NOT_IN_THE_CONTRACT)) == []


def test_the_suite_names_only_functions_that_exist() -> None:
    load_contract_tests()
    assert sorted((COVERED | set(NOT_IN_THE_CONTRACT)) - public_functions()) == []


def test_what_is_left_out_of_the_contract_is_not_also_claimed_by_a_test() -> None:
    load_contract_tests()
    assert sorted(COVERED & set(NOT_IN_THE_CONTRACT)) == []

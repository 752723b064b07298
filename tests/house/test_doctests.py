"""The examples in the docstrings of every module of kg/ and web/ run, and pass.

A module's ``>>>`` examples are its cheapest tests: ``fold``'s would have caught an accent bug,
``resolve``'s an off-by-one in a month's last day. They run here, one test per module, so a new
module's examples run without being listed anywhere.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.house.test_layout import all_modules

# kg.__main__ runs the command line when imported.
MODULES = sorted(name for name in all_modules() if name != "kg.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_pass(name):
    # a failing example is printed (and shown by pytest, with the captured output)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} fail"


# resolve() and its examples live in kg.seeds.dates since issue #18's time model
@pytest.mark.parametrize("name", ["kg.convert.corpus", "kg.seeds.dates", "kg.seeds.evidence",
                                  "kg.seeds.yamlfile", "kg.store.query", "kg.store.results"])
def test_the_modules_with_examples_are_found(name):
    # guards the collection itself: finding nothing would pass every test above
    finder = doctest.DocTestFinder()
    assert sum(len(t.examples) for t in finder.find(importlib.import_module(name))) > 0

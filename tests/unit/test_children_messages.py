"""Refusals in the user's words (issue 12): a message names the request's field path and the
allowed values, never an internal method name such as ``entrust_to_other``."""

from __future__ import annotations

import ast
import inspect
import pathlib
import re

import pytest

from domain.records.children import ChildRecord
from domain.records.children import errors as ce
from domain.records.errors import JianzhengError
from tests.unit.test_children import ROWS, Row, attempt, complete, register, setup

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "domain" / "records" / "children"


def internal_names() -> set[str]:
    """Every function and method name of the children's package that has an underscore."""
    names = {name for name, _ in inspect.getmembers(ChildRecord, inspect.isfunction) if "_" in name}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and "_" in node.name.strip("_"):
                names.add(node.name)
    # Names that are also the request's own words: members and vocabulary codes.
    return names - {"new_guardian", "state", "alerts"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?:_[a-z]+)+", text))


def test_no_message_written_in_the_package_names_an_internal_method() -> None:
    """No string a refusal is made of carries a method or function name of the package."""
    internal = internal_names()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                text = ast.unparse(node.exc.args[0])
                assert not _words(text) & internal, f"{path.name}:{node.lineno} {text}"


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind}-without-{r.missing}" for r in ROWS])
def test_each_refusal_names_no_method_and_starts_with_its_field(row: Row) -> None:
    """A refusal about one member starts with its path; a vocabulary refusal lists its values."""
    record = setup(row.scenario)
    command, kwargs = complete(row.kind, record)
    row.change(kwargs)
    with pytest.raises(JianzhengError) as caught:
        attempt(record, command, kwargs)
    error = caught.value
    assert not _words(error.detail) & internal_names(), error.detail
    field = error.extra.get("field")
    if isinstance(field, str):
        assert error.detail.startswith(field.split("[")[0]), (field, error.detail)
    if isinstance(error, ce.UnknownTerm | ce.RoleNotAllowed):
        assert error.extra["allowed"]


def test_left_behind_in_categories_is_refused_with_the_categories_allowed() -> None:
    """``left_behind`` follows entry and exit (R-CH-3): the refusal lists what may be set."""
    with pytest.raises(ce.LeftBehindByEntryAndExit) as caught:
        register(categories=["left_behind"])
    error = caught.value
    assert error.detail.startswith("categories:")
    assert "enter_left_behind" not in error.detail
    assert "left_behind" not in error.extra["allowed"]
    assert "orphan" in error.extra["allowed"]

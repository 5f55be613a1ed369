"""The guardianship table (R-GD-1…10) is what the commands run, and what the docs print.

``domain/records/children/guardianship.py`` declares each kind of change once: recorders,
members and ordered preconditions. These tests hold the table to the behaviour: every refusal
of the refusal table of ``test_children.py`` is a precondition the table lists for its kind
(or its recorders), every code the table names is a code of the error tree, and
``docs/guardianship.md`` is the table's rendering.
"""

from __future__ import annotations

import inspect
import pathlib

import pytest

from domain.records.actors import Role
from domain.records.children import errors as ce
from domain.records.children import preconditions
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES, check_change
from domain.records.children.law import guardianship_markdown
from domain.records.children.vocabulary import ASSESSMENT_CRITERIA, ASSESSMENT_TABLE, HELP_LEVEL
from domain.records.errors import JianzhengError
from tests.unit.test_children import NOW, ROWS, Row, attempt, complete, setup
from tests.unit.test_error_tree import error_classes

ROOT = pathlib.Path(__file__).resolve().parents[2]

TABLE_KIND = {"none_emergency": "absent"}
"""The refusal table's name for a kind, where it differs from the request's ``kind``."""


def codes() -> dict[str, type[JianzhengError]]:
    """Every error code of the domain, and its class."""
    return {cls.code: cls for cls in error_classes()}


def test_every_kind_of_change_is_declared_once_with_its_rules_recorders_and_preconditions() -> None:
    """Ten kinds, each with rules, recorders, members and uniquely named preconditions."""
    assert list(GUARDIANSHIP_CHANGES) == [
        "parent", "entrusted_relative", "entrusted_other", "appointed", "institutional",
        "temporary", "absent", "return", "court_appointed", "restoration",
    ]  # fmt: skip
    for code, change in GUARDIANSHIP_CHANGES.items():
        assert change.code == code
        assert change.rules
        assert change.recorders
        assert all(isinstance(role, Role) for role in change.recorders)
        assert change.members
        names = [p.name for p in change.preconditions]
        assert len(names) == len(set(names)), code
        assert all(p.rule.startswith("R-") and p.statement for p in change.preconditions)


def test_each_precondition_names_its_check_and_an_error_code_of_the_tree() -> None:
    """A precondition's name is its check in preconditions.py; its code is a real error code."""
    known = codes()
    for change in GUARDIANSHIP_CHANGES.values():
        for precondition in change.preconditions:
            assert getattr(preconditions, precondition.name) is precondition.check
            assert inspect.getdoc(precondition.check)
            assert precondition.code in known, (change.code, precondition.name)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind}-without-{r.missing}" for r in ROWS])
def test_each_refusal_is_a_precondition_or_the_recorders_the_table_lists(row: Row) -> None:
    """Every refusal of the refusal table is one the table declares for that kind."""
    change = GUARDIANSHIP_CHANGES[TABLE_KIND.get(row.kind, row.kind)]
    record = setup(row.scenario)
    command, kwargs = complete(row.kind, record)
    row.change(kwargs)
    with pytest.raises(JianzhengError) as caught:
        attempt(record, command, kwargs)
    error = caught.value
    if isinstance(error, ce.RoleNotAllowed):
        assert sorted(error.extra["allowed"]) == sorted(r.value for r in change.recorders)
        return
    known = codes()
    assert any(isinstance(error, known[p.code]) for p in change.preconditions), error.code


def test_check_change_refuses_a_role_the_table_does_not_list() -> None:
    """The recorders come from the table: a police officer does not entrust a child."""
    record = setup("parents")
    with pytest.raises(ce.RoleNotAllowed) as caught:
        check_change(record, "entrusted_relative", actor_role="police", now=NOW, request={})
    assert caught.value.extra["allowed"] == ["town_office", "village_committee"]
    assert "entrustment to a relative" in caught.value.detail


def test_the_assessment_table_is_the_help_levels_and_criteria() -> None:
    """HELP_LEVEL and ASSESSMENT_CRITERIA are read from the one assessment table (R-AS-2)."""
    assert [o.result.value for o in ASSESSMENT_TABLE] == ["good", "fair", "poor"]
    for outcome in ASSESSMENT_TABLE:
        assert HELP_LEVEL[outcome.result] is outcome.help_level
        assert ASSESSMENT_CRITERIA[outcome.result] == dict(outcome.criteria)


def test_the_committed_guardianship_page_is_the_rendering_of_the_table() -> None:
    """docs/guardianship.md is regenerated (scripts/make_guardianship_doc.py) with the table."""
    page = (ROOT / "docs" / "guardianship.md").read_text("utf-8")
    assert page == guardianship_markdown()


def test_the_rendering_lists_every_kind_precondition_and_criterion() -> None:
    """Nothing of the table is left out of the page."""
    page = guardianship_markdown()
    for change in GUARDIANSHIP_CHANGES.values():
        assert f"## `{change.code}` — {change.title}" in page
        for precondition in change.preconditions:
            assert f"`{precondition.name}` | `{precondition.code}` | {precondition.rule}" in page
    for outcome in ASSESSMENT_TABLE:
        for code in outcome.criteria:
            assert f"`{code}`" in page

"""The rules table (``docs/rules.md``) names every rule, and everything it names exists.

Issue 13 asks for a table: every rule id → enforced / computed / recorded, with the test
that shows it, and no rule left "recorded only" without a written reason. This file reads
that table and holds it to what it says: each id of the mission once, a known status, a
reason where the rule is not kept, tests that exist and that name the rule, and code
locations that import.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "rules.md"

RULE_IDS: tuple[str, ...] = (
    *(f"R-EN-{n}" for n in range(1, 8)),
    *(f"R-AV-{n}" for n in range(1, 7)),
    *(f"R-LR-{n}" for n in range(1, 11)),
    *(f"R-PB-{n}" for n in range(1, 5)),
    *(f"R-SV-{n}" for n in range(1, 5)),
    *(f"R-CH-{n}" for n in range(1, 6)),
    *(f"R-GD-{n}" for n in range(1, 11)),
    *(f"R-AS-{n}" for n in range(1, 4)),
    *(f"R-RP-{n}" for n in range(1, 5)),
    *(f"R-EM-{n}" for n in range(1, 3)),
    "R-IV-1",
    *(f"R-AC-{n}" for n in range(1, 4)),
    "R-RT-1",
)
"""Every rule id of the mission: ``domain-rules.md`` (the project's shared rule list,
sections 1–11: 行政执法 R-EN-1…7, 全过程记录 R-AV-1…6, 法制审核 R-LR-1…10, 公示 R-PB-1…4,
监督 R-SV-1…4, 儿童台账 R-CH-1…5, 监护 R-GD-1…10, 评估帮扶 R-AS-1…3, 强制报告 R-RP-1…4,
应急处置 R-EM-1…2, 干预 R-IV-1, actors R-AC-1…3, retention R-RT-1). A rule added there is
added here, and then needs its row."""

STATUSES = ("enforced", "computed", "recorded", "missing", "out of scope")
KEPT = frozenset({"enforced", "computed"})
"""Statuses that promise a test which fails when the rule is no longer kept."""
NEEDS_A_FIX = frozenset({"recorded", "missing"})
"""Statuses whose note must say what it would take to keep the rule."""

NONE = "—"
TICKED = re.compile(r"`([^`]+)`")
RULE_MENTION = re.compile(r"R-([A-Z]{2})-(\d+)(?:\s*(?:…|\.\.|–|/)\s*(?:R-[A-Z]{2}-)?(\d+))?")
COUNTS = re.compile(r"^enforced: (\d+) · computed: (\d+) · recorded: (\d+) · missing: (\d+) · "
                    r"out of scope: (\d+) · total: (\d+)$", re.MULTILINE)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One row of the table."""

    rule: str
    words: str
    status: str
    where: tuple[str, ...]
    tests: tuple[str, ...]
    note: str


def parse_table(text: str) -> list[Row]:
    """The rows under ``## The table``: six cells, code spans in where and test."""
    section = text.split("\n## The table\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| R-")]
    rows = []
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 6, f"a row has six cells, not {len(cells)}: {line[:80]}"
        rule, words, status, where, tests, note = cells
        rows.append(
            Row(rule, words, status, tuple(TICKED.findall(where)),
                tuple(TICKED.findall(tests)), note)
        )  # fmt: skip
    return rows


def mentioned_rules(text: str) -> set[str]:
    """Rule ids a text mentions; ``R-GD-3…8``, ``R-AV-1..3`` and ``R-EM-1/2`` name a range."""
    found = set()
    for family, first, last in RULE_MENTION.findall(text):
        end = int(last) if last else int(first)
        found.update(f"R-{family}-{n}" for n in range(int(first), max(end, int(first)) + 1))
    return found


@cache
def functions_of(path: str) -> dict[str, str]:
    """Test function name → its name, docstring and body, of a test file."""
    source = (ROOT / path).read_text(encoding="utf-8")
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test_"
        ):
            found[node.name] = ast.get_source_segment(source, node) or ""
    return found


def resolve_test(reference: str) -> tuple[str, str] | str:
    """``(file, function)`` of ``tests/…py::test_name[param]``, or why it does not resolve."""
    path, _, name = reference.partition("::")
    name = name.split("[", 1)[0]
    if not (path.startswith("tests/") and path.endswith(".py") and name):
        return f"{reference}: not of the form tests/…py::test_name"
    if not (ROOT / path).is_file():
        return f"{reference}: no file {path}"
    if name not in functions_of(path):
        return f"{reference}: {path} defines no test function {name}"
    return path, name


def resolve_code(reference: str) -> str | None:
    """Why ``package.module::Attr.attr`` does not resolve, or None when it does."""
    module_name, _, attributes = reference.partition("::")
    if not attributes:
        return f"{reference}: not of the form module::attribute"
    try:
        target: object = importlib.import_module(module_name)
    except ImportError as exc:
        return f"{reference}: module does not import ({exc})"
    for attribute in attributes.split("."):
        if not hasattr(target, attribute):
            return f"{reference}: no attribute {attribute}"
        target = getattr(target, attribute)
    return None


@cache
def rows() -> list[Row]:
    """The table as it is on disk."""
    return parse_table(TABLE.read_text(encoding="utf-8"))


# -- the tests ------------------------------------------------------------------------------


def test_every_rule_has_exactly_one_row_in_the_order_of_the_rules() -> None:
    """Each id of the mission once, none other, in the order the rules are listed."""
    ids = [row.rule for row in rows()]
    assert [rule for rule, n in Counter(ids).items() if n > 1] == []
    assert sorted(set(RULE_IDS) - set(ids)) == [], "rules without a row"
    assert sorted(set(ids) - set(RULE_IDS)) == [], "rows for no rule of the mission"
    assert ids == list(RULE_IDS)


def test_each_status_is_one_of_the_five_and_the_counts_are_the_tables() -> None:
    """Statuses are the five words of the page, and the counts line agrees with the rows."""
    assert [(r.rule, r.status) for r in rows() if r.status not in STATUSES] == []
    text = TABLE.read_text(encoding="utf-8")
    match = COUNTS.search(text)
    assert match is not None, "the page has no counts line"
    written = [int(n) for n in match.groups()]
    counted = Counter(row.status for row in rows())
    assert written == [*(counted[s] for s in STATUSES), len(rows())]


def test_a_rule_that_is_kept_names_a_test_and_one_that_is_not_says_why() -> None:
    """Enforced and computed rows cite a test; the others give a reason, and recorded or
    missing rows say what it would take."""
    problems = []
    for row in rows():
        if row.status in KEPT and not row.tests:
            problems.append(f"{row.rule}: {row.status} but no test")
        if row.status not in KEPT and "Reason:" not in row.note:
            problems.append(f"{row.rule}: {row.status} without 'Reason:' in its note")
        if row.status in NEEDS_A_FIX and "Would take:" not in row.note:
            problems.append(f"{row.rule}: {row.status} without 'Would take:' in its note")
        if row.note.startswith("Partial") and not row.note.startswith("Partial:"):
            problems.append(f"{row.rule}: a partial note starts with 'Partial:'")
        if row.status in KEPT and not row.where:
            problems.append(f"{row.rule}: {row.status} but no code location")
    assert problems == []


def test_every_test_reference_resolves_and_names_its_rule() -> None:
    """The file exists, defines the function, and the function mentions the rule id."""
    problems = []
    for row in rows():
        for reference in row.tests:
            resolved = resolve_test(reference)
            if isinstance(resolved, str):
                problems.append(f"{row.rule}: {resolved}")
                continue
            path, name = resolved
            if row.rule not in mentioned_rules(functions_of(path)[name]):
                problems.append(f"{row.rule}: {path}::{name} does not mention {row.rule}")
    assert problems == []


def test_every_code_location_imports() -> None:
    """Each ``module::attribute`` in the where column names something that exists."""
    problems = [
        f"{row.rule}: {problem}"
        for row in rows()
        for reference in row.where
        if (problem := resolve_code(reference)) is not None
    ]
    assert problems == []


def test_a_cell_without_a_reference_says_so_with_a_dash() -> None:
    """An empty where or test cell is written ``—``, never left blank or half-quoted."""
    text = TABLE.read_text(encoding="utf-8")
    section = text.split("\n## The table\n", 1)[1].split("\n## ", 1)[0]
    problems = []
    for line in (ln for ln in section.splitlines() if ln.startswith("| R-")):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for column, cell in (("where", cells[3]), ("test", cells[4])):
            if cell.count("`") % 2 or (not TICKED.search(cell) and cell != NONE):
                problems.append(f"{cells[0]}: {column} cell {cell!r}")
    assert problems == []


# -- the checks check -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(R-GD-3…8)", {f"R-GD-{n}" for n in range(3, 9)}),
        ("R-AV-1..3", {"R-AV-1", "R-AV-2", "R-AV-3"}),
        ("R-EM-1/2", {"R-EM-1", "R-EM-2"}),
        ("R-LR-2/R-LR-3", {"R-LR-2", "R-LR-3"}),
        ("R-LR-10 and R-EN-1", {"R-LR-10", "R-EN-1"}),
        ("R-LR-1", {"R-LR-1"}),
    ],
)
def test_rule_mentions_read_ranges_as_every_id_in_them(text: str, expected: set[str]) -> None:
    """A docstring citing a range of rules counts for each of them, and only for them."""
    assert mentioned_rules(text) == expected


def test_a_broken_row_is_caught() -> None:
    """A missing test function, an unknown module and an unresolved attribute are named."""
    row = (
        "| R-EN-1 | six action types | enforced | `domain.records.nowhere::x`, "
        "`domain.records.enforcement.checks::no_such_check` | "
        "`tests/unit/test_catalogue.py::test_that_does_not_exist[one]`, "
        "`tests/unit/no_such_file.py::test_x` | |"
    )
    [parsed] = parse_table(f"# t\n\n## The table\n\n{row}\n\n## Counts\n")
    assert parsed.status == "enforced"
    assert resolve_test(parsed.tests[0]) == (
        "tests/unit/test_catalogue.py::test_that_does_not_exist[one]: tests/unit/"
        "test_catalogue.py defines no test function test_that_does_not_exist"
    )
    assert "no file" in str(resolve_test(parsed.tests[1]))
    assert "module does not import" in str(resolve_code(parsed.where[0]))
    assert str(resolve_code(parsed.where[1])).endswith("no attribute no_such_check")
    assert resolve_code("domain.records.enforcement.checks::check_opening") is None

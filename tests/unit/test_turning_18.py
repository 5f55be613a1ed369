"""Turning 18 (R-CH-5, seed C4 三(一)): when the basic living allowance stops, from recorded
facts; and one birthday convention for every age in the domain and the projections."""

from __future__ import annotations

import ast
import pathlib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.records.children import ChildRecord
from domain.records.children.allowance import (
    AllowanceStatus,
    allowance_outlook,
    is_due,
    stop_date,
)
from domain.records.children.dates import age_reached_on, birthday, is_under
from projections.children import CHILDREN, ChildrenLedger

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOW = datetime(2040, 1, 1, tzinfo=UTC)
ABLE = {"able_to_work": True, "full_civil_capacity": True}


def outlook(born: str, **facts: Any) -> dict[str, Any]:
    return allowance_outlook(
        birth=date.fromisoformat(born),
        categories=facts.pop("categories", ["orphan"]),
        schooling=facts.pop("schooling", []),
        capacity=facts.pop("capacity", ABLE),
    ).as_dict()


@pytest.mark.parametrize(
    ("born", "stops_on", "paid_through"),
    [
        ("2008-03-15", "2026-10-01", "2026-09"),  # the brief's example: six months end 09-15
        ("2008-03-31", "2026-10-01", "2026-09"),  # ends on the month's last day, 09-30
        ("2008-08-31", "2027-03-01", "2027-02"),  # no 31 February: ends 02-28 (民法典 第202条)
        ("2008-12-01", "2027-07-01", "2027-06"),  # across the year
        ("2008-02-29", "2026-09-01", "2026-08"),  # 18th birthday 2026-02-28, ends 08-28
    ],
)
def test_the_allowance_stops_from_the_month_after_six_months_past_the_18th_birthday(
    born: str, stops_on: str, paid_through: str
) -> None:
    """R-CH-5: able to work, full capacity, not in school: at least six months after 18,
    then it stops from the following month (自下月起停止)."""
    found = outlook(born)
    assert found["status"] == "stops"
    assert (found["stops_on"], found["paid_through"]) == (stops_on, paid_through)


def test_in_full_time_school_it_continues_and_then_runs_six_months_from_the_end() -> None:
    """R-CH-5: 仍在全日制学校就读的, 继续享受; when the schooling that ran at 18 ends, the
    same six months count from its last day (the doubt decided in allowance.py)."""
    school = {"level": "senior_secondary", "from_on": "2023-09-01", "until_on": None}
    assert outlook("2008-03-15", schooling=[school])["status"] == "continues_in_school"
    ended = {**school, "until_on": "2027-06-30"}
    found = outlook("2008-03-15", schooling=[ended])
    assert (found["status"], found["stops_on"]) == ("stops", "2028-01-01")
    # Schooling that began after 18 is not 继续就读: the six months run from the birthday.
    later = {**school, "from_on": "2026-09-01", "until_on": "2027-06-30"}
    assert outlook("2008-03-15", schooling=[later])["stops_on"] == "2026-10-01"


def test_without_capacity_facts_the_queue_asks_for_them_and_incapacity_does_not_stop_it() -> None:
    """R-CH-5 applies to one able to work and with full capacity; unrecorded facts are asked
    for, never assumed; a left-behind child only has no allowance to stop."""
    assert outlook("2008-03-15", capacity=None)["status"] == "facts_needed"
    for capacity in ({**ABLE, "able_to_work": False}, {**ABLE, "full_civil_capacity": False}):
        found = outlook("2008-03-15", capacity=capacity)
        assert (found["status"], found["stops_on"]) == ("not_stopped", None)
    assert outlook("2008-03-15", categories=["left_behind"])["status"] == "not_applicable"


def test_the_queue_lists_what_stops_or_needs_facts_within_the_window() -> None:
    """R-CH-5 queue: stopping between today and the horizon; facts needed by 18 in the window."""
    stops = outlook("2008-03-15")
    assert is_due(stops, date(2026, 8, 10), 60)
    assert not is_due(stops, date(2026, 7, 1), 60)
    assert not is_due(stops, date(2026, 10, 2), 60)  # already stopped
    needs = outlook("2008-03-15", capacity=None)
    assert is_due(needs, date(2026, 1, 20), 60)
    assert not is_due(needs, date(2025, 12, 1), 60)
    assert is_due(needs, date(2027, 1, 1), 0)  # 18 passed, facts still missing


def register(born: str) -> ChildRecord:
    return ChildRecord.register(
        now=NOW, actor="c", actor_role="village_committee",
        personal={"name": "王小明"}, birth_date=born, sex="male",
        location={"county": "370303", "town": "370303001", "village": "370303001001"},
        categories=["orphan"], registered_on="2025-01-10", guardian=None,
    )  # fmt: skip


def test_the_file_computes_the_outlook_from_its_recorded_facts() -> None:
    """R-CH-5 from the history: schooling and capacity as recorded, the latest capacity
    standing; a correction of the birth date moves the date."""
    record = register("2008-03-15")
    assert record.allowance_outlook().status is AllowanceStatus.FACTS_NEEDED
    record.record_adult_capacity(
        now=NOW, actor="c", actor_role="civil_affairs", able_to_work=True,
        full_civil_capacity=True, assessed_on="2026-03-20", basis="村委会证明",
    )  # fmt: skip
    assert record.allowance_outlook().stops_on == date(2026, 10, 1)
    record.record_schooling(
        now=NOW, actor="c", actor_role="town_office", level="secondary_vocational",
        from_on="2024-09-01", until_on="2026-07-10",
    )  # fmt: skip
    assert record.allowance_outlook().stops_on == date(2027, 2, 1)
    record.correct_personal(
        now=NOW, actor="c", actor_role="town_office", field="birth_date", value="2008-05-15",
        reason="以户口簿为准", corrected_on="2026-03-25",
    )  # fmt: skip
    assert record.allowance_outlook().adult_on == date(2026, 5, 16)
    assert "2008-03-15" not in str(record.state()["corrections"])


# -- one birthday convention ----------------------------------------------------------------


def test_a_29_february_child_reaches_its_age_on_1_march_in_common_years() -> None:
    """The convention (dates.birthday): the birthday is 28 February, the age is reached the
    next day; still under 18 on the birthday itself."""
    born = date(2008, 2, 29)
    assert birthday(born, 18) == date(2026, 2, 28)
    assert age_reached_on(born, 18) == date(2026, 3, 1)
    assert is_under(born, 18, date(2026, 2, 28))
    assert not is_under(born, 18, date(2026, 3, 1))
    assert age_reached_on(born, 16) == date(2024, 3, 1)  # 2024-02-29 exists: next day


def ledger_doc(born: date) -> dict[str, Any]:
    """The ledger's document for a child registered with ``born`` as birth date."""
    record = ChildRecord.register(
        now=NOW, actor="c", actor_role="village_committee", personal={"name": "x"},
        birth_date=born.isoformat(), sex="male",
        location={"county": "370303", "town": "370303001", "village": "370303001001"},
        categories=["orphan"], registered_on=born.isoformat(), guardian=None,
    )  # fmt: skip
    envelope = record.collect_events()[0].envelope
    docs: dict[tuple[str, str], dict[str, Any]] = {}

    class Store:
        def get(self, collection: str, key: str) -> dict[str, Any] | None:
            return docs.get((collection, key))

        def put(self, collection: str, key: str, doc: dict[str, Any]) -> None:
            docs[(collection, key)] = doc

        def delete(self, collection: str, key: str) -> None:
            docs.pop((collection, key), None)

    ChildrenLedger().apply(envelope, 1, Store())
    return docs[(CHILDREN, envelope.stream)]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_the_ledger_counts_ages_as_the_domain_does(born: date) -> None:
    """The projection's days of age are the domain's (dates.birthday, age_reached_on), for
    every birth date, 29 February included: a projection counting another way fails here."""
    doc = ledger_doc(born)
    assert doc["turns_16_on"] == birthday(born, 16).isoformat()
    assert doc["turns_18_on"] == birthday(born, 18).isoformat()
    assert doc["adult_on"] == age_reached_on(born, 18).isoformat()


def test_the_ledger_of_a_29_february_child_uses_the_convention() -> None:
    """The example the old projection got wrong (it said 1 March was the 16th birthday)."""
    doc = ledger_doc(date(2012, 2, 29))
    assert (doc["turns_16_on"], doc["adult_on"]) == ("2028-02-29", "2030-03-01")
    doc = ledger_doc(date(2008, 2, 29))
    assert (doc["turns_18_on"], doc["adult_on"]) == ("2026-02-28", "2026-03-01")
    assert doc["allowance"]["stops_on"] is None  # facts needed first
    assert stop_date(date(2026, 2, 28)) == date(2026, 9, 1)


def _computes_a_year_by_hand(tree: ast.AST) -> list[int]:
    """Lines that build a date by changing its year (``d.replace(year=…)``) or by
    ``date(born.year + n, …)``: an age counted outside ``dates.py``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if any(k.arg == "year" for k in node.keywords) and isinstance(node.func, ast.Attribute):
                lines.append(node.lineno)
            is_date = isinstance(node.func, ast.Name) and node.func.id == "date"
            if is_date and node.args and isinstance(node.args[0], ast.BinOp):
                lines.append(node.lineno)
    return lines


def test_no_age_is_computed_outside_the_one_function() -> None:
    """Every age in domain/, projections/ and api/ goes through domain/records/children/
    dates.py: no other module moves a date by years."""
    found = {}
    for folder in ("domain", "projections", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "domain/records/children/dates.py":
                continue
            lines = _computes_a_year_by_hand(ast.parse(path.read_text("utf-8")))
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    assert found == {}

"""Oversight's complaints queue as a list (``GET /v1/oversight/complaints``, R-SV-3): where
each complaint stands against its reply deadline as recorded at intake — open, due soon,
overdue or replied — read from ``projections/oversight.py``. Never the complainant nor the
summary (R-RP-3): the projection keeps neither. Oversight of an area covering the complaint's
sees it; an admin sees all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.records.actors import Role
from domain.records.jurisdiction import check_division_code, covers
from domain.records.oversight import DUE_SOON_DAYS, QUEUE_STATUSES
from domain.records.vocabulary import vocabulary
from infra.listing import Listing, Sort, check_choice, check_query
from infra.principal import Principal, require_role
from infra.views import Views
from projections.oversight import COMPLAINTS

Doc = dict[str, Any]


@dataclass(frozen=True)
class ComplaintFilters:
    """Filters of the queue: ``status`` (open, due_soon, overdue, replied), the ``officer`` a
    complaint names, its ``stage``, the ``case_id`` it is about, an ``area`` covering its
    jurisdiction, ``q``: part of the complaint's number."""

    status: str | None = None
    officer: str | None = None
    stage: str | None = None
    case_id: str | None = None
    area: str | None = None
    q: str | None = None


def complaint_row(doc: Doc, on: date) -> tuple[Doc, dict[str, bool]]:
    """A complaint as the queue shows it, and which queue statuses it is in on ``on``."""
    due = date.fromisoformat(doc["due_on"])
    open_ = doc["replied_on"] is None
    states = {
        "open": open_,
        "overdue": open_ and on > due,
        "due_soon": open_ and on <= due and (due - on).days <= DUE_SOON_DAYS,
        "replied": not open_,
    }
    row = {**doc, "days_left": (due - on).days if open_ else None,
           "overdue": states["overdue"], "due_soon": states["due_soon"]}  # fmt: skip
    return row, states


def _urgency(row: Doc) -> tuple[int, str]:
    """Open before replied, then the earliest due date: the most urgent first."""
    return (1 if row["replied_on"] is not None else 0), str(row["due_on"])


COMPLAINT_LIST: Listing[Doc] = Listing(
    "complaints",
    [
        Sort("urgency", "紧急程度", _urgency, (int, str), "asc"),
        Sort("received", "收到日期", lambda r: (str(r["received_on"]),), (str,), "desc"),
        Sort("due", "答复期限", lambda r: (str(r["due_on"]),), (str,), "asc"),
    ],
    id_of=lambda r: str(r["complaint_id"]),
    default_sort="urgency",
)
"""The queue most urgent first (as it always was), by intake, or by due date."""


def complaint_rows(views: Views, by: Principal, f: ComplaintFilters, on: date) -> list[Doc]:
    """The complaints of the caller's area (admin: all) that pass ``f``."""
    if not by.has(Role.ADMIN):
        require_role(by, Role.OVERSIGHT)
    if f.area is not None:
        check_division_code(f.area, "area")
    check_choice(f.status, QUEUE_STATUSES, "status")
    check_choice(f.stage, vocabulary("complaint_stage").codes, "stage")
    query = check_query(f.q)
    rows = []
    for doc in views.documents("oversight", COMPLAINTS):
        if not by.has(Role.ADMIN) and not covers(by.jurisdiction, doc["jurisdiction"]):
            continue
        row, states = complaint_row(doc, on)
        if (
            (f.status is None or states[f.status])
            and (f.officer is None or f.officer in doc["officers"])
            and (f.stage is None or doc["stage"] == f.stage)
            and (f.case_id is None or doc.get("case_id") == f.case_id)
            and (f.area is None or covers(f.area, str(doc["jurisdiction"])))
            and (query is None or query in str(doc["complaint_id"]).replace("-", ""))
        ):
            rows.append(row)
    return rows

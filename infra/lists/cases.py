"""The list of enforcement cases (``GET /v1/cases`` and the screens): filters, sort keys and
what each row shows, read from the case-state projection (``projections/cases.py``).

Who sees which case is the one rule of ``GET /v1/cases/{id}`` (:func:`infra.cases.may_open_case`):
a case of the caller's own agency in its area (officer, head, legal reviewer), every case for
an admin, the cases of its area for a court or an oversight body. A list never shows a case
its caller could not open. A list is not a read of a case's history: it shows no party who is
a person, no step, no evidence, and is not recorded; opening the case still needs a court's or
an oversight body's reason, recorded (R-AC-3).

Each row says where the case stands and what comes next, in the user's words
(``domain/records/enforcement/progress.py``): status, the legal-review gate of the current
draft (R-LR-1), the next step and who takes it, and every time limit with whether it has run
out unmet on ``today`` (China Standard Time): the decision (R-EN-5), the legal review (R-LR-7),
the service (R-EN-6), the publication and the withdrawal of a publication set aside (R-PB-2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.records.enforcement.progress import (
    CASE_STATUS_LABELS,
    GATE_STATE_LABELS,
    NEXT_STEP_LABELS,
    NEXT_STEP_ROLES,
    CaseFacts,
    CaseStatus,
    GateState,
    Overdue,
    case_status,
    gate_state,
    next_step,
)
from domain.records.enforcement.vocabulary import CHINA_STANDARD_TIME, ActionType
from domain.records.errors import InvalidInput
from domain.records.jurisdiction import check_division_code, covers
from infra.cases import CASE_READERS, may_open_case
from infra.listing import Listing, Sort, check_choice, check_query, matches, search_key
from infra.principal import Principal, require_role
from infra.views import Views
from projections.cases import CASES

Doc = dict[str, Any]


@dataclass(frozen=True)
class CaseFilters:
    """What a list of cases may be narrowed to; None (or empty) filters nothing.

    ``area``: a division code covering the case's (``370300`` lists Zibo's cases); ``officer``:
    an actor id among the case's officers; ``party``: part of the name of a party that is an
    organisation (a person's name is never searched); ``q``: part of the title; dates are
    inclusive, ``closed_*`` in China Standard Time; ``overdue``: any of these time limits has
    run out unmet.
    """

    agency: str | None = None
    area: str | None = None
    status: str | None = None
    action_type: str | None = None
    officer: str | None = None
    party: str | None = None
    major: bool | None = None
    gate: str | None = None
    overdue: tuple[str, ...] = field(default_factory=tuple)
    opened_from: date | None = None
    opened_to: date | None = None
    decided_from: date | None = None
    decided_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    q: str | None = None

    def checked(self) -> CaseFilters:
        """The filters, or the refusal of the first bad one (422, naming it)."""
        if self.area is not None:
            check_division_code(self.area, "area")
        check_choice(self.status, CaseStatus, "status")
        check_choice(self.action_type, ActionType, "action_type")
        check_choice(self.gate, GateState, "gate")
        for kind in self.overdue:
            check_choice(kind, Overdue, "overdue")
        for name in ("opened", "decided", "closed"):
            start, end = getattr(self, f"{name}_from"), getattr(self, f"{name}_to")
            check_range(start, end, f"{name}_to")
        return self


def check_range(start: date | None, end: date | None, field_name: str) -> None:
    """A date range whose end is not before its start (``field_name`` names the end)."""
    if start is not None and end is not None and end < start:
        raise InvalidInput(f"{field_name} is before the start of its range", field=field_name)


def _day(value: object) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value)[:10])


def _china_day(moment: object) -> date | None:
    """The China Standard Time date of an RFC 3339 UTC moment (``…Z``)."""
    if not moment:
        return None
    at = datetime.fromisoformat(str(moment).replace("Z", "+00:00"))
    return at.astimezone(CHINA_STANDARD_TIME).date()


def _within(day: date | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def facts_of(doc: Doc) -> CaseFacts:
    """The facts of a case-state document that its status, gate and next step rest on."""
    review = doc.get("review") or {}
    return CaseFacts(
        action_type=str(doc["action_type"]),
        closed=doc.get("stage") == "closed",
        ending=doc.get("ending"),
        steps=int(doc.get("steps") or 0),
        credentials_shown="credentials_shown" in (doc.get("step_kinds") or []),
        has_draft=doc.get("current_draft") is not None,
        major=doc.get("major"),
        review_status=review.get("status"),
        blocked_code=doc.get("blocked_code"),
        served=doc.get("served_on") is not None,
        published=doc.get("published_on") is not None,
        publication_exempted=doc.get("publication_exemption") is not None,
        executed=doc.get("execution_status") is not None,
        withdrawal_due=bool(doc.get("withdrawal_due_on"))
        and doc.get("publication_withdrawn_on") is None,
    )


ReviewOverdue = Callable[[Doc], bool]
"""Whether a pending review (the case document's ``review``) is overdue today (R-LR-7; the
one reading of ``infra/lists/reviews.py``)."""


def deadlines_of(doc: Doc, today: date, review_overdue: ReviewOverdue) -> dict[str, Doc | None]:
    """Each time limit of the case: its last day, the day it was met, and whether it has run
    out unmet on ``today``. A closed case is sealed: only a withdrawal (due after a set-aside,
    which may come after the closure) can still run out."""
    closed = doc.get("stage") == "closed"
    decided = doc.get("decided_on") is not None
    set_aside = int(doc.get("set_asides") or 0) > 0

    def limit(due_on: object, met_on: object, met: bool | None = None) -> Doc | None:
        if not due_on:
            return None
        done = met_on is not None if met is None else met
        return {"due_on": due_on, "met_on": met_on,
                "overdue": not done and today > date.fromisoformat(str(due_on))}  # fmt: skip

    review = doc.get("review")
    review_limit = None
    if review is not None:
        pending = review["status"] == "pending"
        review_limit = {"due_on": review.get("due_on"), "met_on": review.get("reviewed_on"),
                        "overdue": pending and review_overdue(review)}  # fmt: skip
    found = {
        Overdue.DECISION.value: limit(doc.get("decision_due_on"), doc.get("ended_on")),
        Overdue.REVIEW.value: review_limit,
        Overdue.SERVICE.value: limit(doc.get("service_due_on"), doc.get("served_on"))
        if decided
        else None,
        Overdue.PUBLICATION.value: limit(
            doc.get("publication_due_on"),
            doc.get("published_on"),
            met=doc.get("published_on") is not None
            or doc.get("publication_exemption") is not None
            or set_aside,  # a decision set aside is never published afterwards (R-PB-2)
        )
        if decided
        else None,
        Overdue.WITHDRAWAL.value: limit(
            doc.get("withdrawal_due_on"), doc.get("publication_withdrawn_on")
        ),
    }
    if closed:
        for kind, entry in found.items():
            if entry is not None and kind != Overdue.WITHDRAWAL.value:
                entry["overdue"] = False
    return found


def case_row(doc: Doc, today: date, review_overdue: ReviewOverdue) -> Doc:
    """What a list shows of one case."""
    facts = facts_of(doc)
    status, gate, step = case_status(facts), gate_state(facts), next_step(facts)
    deadlines = deadlines_of(doc, today, review_overdue)
    names = doc.get("officer_names") or {}
    return {
        "case_id": doc["case_id"],
        "title": doc["title"],
        "action_type": doc["action_type"],
        "agency": doc["agency"],
        "area": doc["jurisdiction"],
        "status": status.value,
        "status_label": CASE_STATUS_LABELS[status],
        "next_step": {
            "code": step.value,
            "label": NEXT_STEP_LABELS[step],
            "role": NEXT_STEP_ROLES[step],
        },
        "officers": [{"actor_id": o, "name": names.get(o)} for o in doc["officers"]],
        "party_organisation": doc.get("party_organisation"),
        "major": doc.get("major"),
        "gate": gate.value,
        "gate_label": GATE_STATE_LABELS[gate],
        "deadlines": deadlines,
        "overdue": [kind for kind, entry in deadlines.items() if entry and entry["overdue"]],
        "filed_on": doc["filed_on"],
        "opened_at": doc["opened_at"],
        "decided_on": doc.get("decided_on"),
        "closed_at": doc.get("closed_at"),
        "updated_at": doc.get("updated_at") or doc["opened_at"],
    }


def _wanted(
    filters: CaseFilters, query: str | None, party: str | None
) -> Callable[[Doc, Doc], bool]:
    """Whether a row passes the filters (its document's facts and its computed status)."""

    def wanted(row: Doc, doc: Doc) -> bool:
        f = filters
        return (
            (f.agency is None or row["agency"] == f.agency)
            and (f.area is None or covers(f.area, row["area"]))
            and (f.status is None or row["status"] == f.status)
            and (f.action_type is None or row["action_type"] == f.action_type)
            and (f.officer is None or f.officer in doc["officers"])
            and (party is None or matches(party, row["party_organisation"] or ""))
            and (f.major is None or bool(row["major"]) == f.major)
            and (f.gate is None or row["gate"] == f.gate)
            and (not f.overdue or any(kind in row["overdue"] for kind in f.overdue))
            and _within(_day(row["filed_on"]), f.opened_from, f.opened_to)
            and _within(_day(row["decided_on"]), f.decided_from, f.decided_to)
            and _within(_china_day(row["closed_at"]), f.closed_from, f.closed_to)
            and matches(query, row["title"])
        )

    return wanted


CASE_LIST: Listing[Doc] = Listing(
    "cases",
    [
        Sort("opened", "立案日期", lambda r: (r["filed_on"], r["opened_at"]), (str, str), "desc"),
        Sort("updated", "最近更新", lambda r: (r["updated_at"],), (str,), "desc"),
        Sort("title", "案件名称", lambda r: (search_key(r["title"]),), (str,), "asc"),
    ],
    id_of=lambda r: str(r["case_id"]),
    default_sort="opened",
)
"""Cases by filing date (then the recording time), by last change, or by title (Unicode
order of the folded title); the case id breaks ties."""


def case_rows(
    views: Views, by: Principal, filters: CaseFilters, today: date, review_overdue: ReviewOverdue
) -> list[Doc]:
    """Every case ``by`` may open that passes ``filters``, as rows (unpaged)."""
    require_role(by, *CASE_READERS)
    filters = filters.checked()
    query, party = check_query(filters.q, "q"), check_query(filters.party, "party")
    wanted = _wanted(filters, query, party)
    rows = []
    for doc in views.documents("case_state", CASES):
        if not may_open_case(by, str(doc["agency"]), str(doc["jurisdiction"])):
            continue
        row = case_row(doc, today, review_overdue)
        if wanted(row, doc):
            rows.append(row)
    return rows

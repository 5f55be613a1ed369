"""Legal reviews as lists: oversight's queue of open reviews (``GET /v1/oversight/reviews``)
and a legal office's own queue (``GET /v1/reviews``), oldest first (R-LR-5, R-LR-7).

Where an open review stands is read one way everywhere (:func:`standing`, also for the case
list's review deadline): against the due date stored with the request, in working days
(``domain/records/enforcement/review.py``); a review requested before due dates were stored is
overdue after ``JIANZHENG_REVIEW_TIME_LIMIT_DAYS`` calendar days, as before.

A legal office's queue lists the reviews of its own agency's cases in its area — the reviews
its members may answer (R-LR-5: only the legal office of the case's agency reviews it). An
open review of a case on which the caller acted as an officer is left out of the caller's
pending queue: separation of duties bars the caller from answering it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from domain.records.actors import Role
from domain.records.enforcement.deadlines import DeadlineStatus
from domain.records.enforcement.review import review_standing
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import check_division_code, covers
from domain.records.vocabulary import vocabulary
from infra.listing import Listing, Sort, check_choice, check_query, matches
from infra.principal import Principal, require_role
from infra.views import Views
from projections.cases import CASES
from projections.oversight import PENDING
from projections.reviews import DRAFTS

Doc = dict[str, Any]

RFC3339_MICRO = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class Clock:
    """The moment a list is made (UTC), today in China Standard Time, and the deployment's
    calendar-day limit for reviews requested before due dates were stored."""

    now: datetime
    today: date
    legacy_limit_days: int


def standing(review: Doc, clock: Clock) -> DeadlineStatus:
    """Where an open review stands today (module docstring)."""
    due_on = review.get("due_on")
    if due_on is None:
        age = clock.now - _moment(str(review["requested_at"]))
        late = age.days >= clock.legacy_limit_days
        return DeadlineStatus.OVERDUE if late else DeadlineStatus.ON_TIME
    return review_standing(date.fromisoformat(str(due_on)), clock.today)


def _moment(at: str) -> datetime:
    return datetime.strptime(at, RFC3339_MICRO).replace(tzinfo=UTC)


def _age_hours(review: Doc, clock: Clock) -> int:
    return int((clock.now - _moment(str(review["requested_at"]))).total_seconds() // 3600)


@dataclass(frozen=True)
class ReviewFilters:
    """Filters of a review list. ``status``: for oversight's queue where an open review stands
    (on_time, due_soon, overdue); for an office's queue the review's state (pending, passed,
    rejected, stale). ``area`` covers the case's; ``mine``: reviews the caller answered;
    ``q``: part of the case's title (office queue)."""

    status: str | None = None
    agency: str | None = None
    area: str | None = None
    overdue: bool | None = None
    mine: bool | None = None
    case_id: str | None = None
    q: str | None = None


def _by_due(row: Doc) -> tuple[str, str]:
    # Reviews stored without a due date sort first: they are the oldest.
    return str(row.get("due_on") or ""), str(row["requested_at"])


REVIEW_SORTS = [
    Sort("requested", "提请审核时间", lambda r: (str(r["requested_at"]),), (str,), "asc"),
    Sort("due", "审核期限", _by_due, (str, str), "asc"),
]

PENDING_REVIEW_LIST: Listing[Doc] = Listing(
    "oversight-reviews", REVIEW_SORTS, lambda r: str(r["review_id"]), "requested"
)
"""Oversight's queue: oldest request first (R-LR-7), or by due date."""

REVIEW_QUEUE: Listing[Doc] = Listing(
    "reviews", REVIEW_SORTS, lambda r: str(r["review_id"]), "requested"
)
"""A legal office's queue: oldest request first, or by due date."""


def pending_review_rows(views: Views, by: Principal, f: ReviewFilters, clock: Clock) -> list[Doc]:
    """Open reviews in the caller's area (oversight; admin: all), with their age, due date
    and where they stand."""
    if not by.has(Role.ADMIN):
        require_role(by, Role.OVERSIGHT)
    if f.area is not None:
        check_division_code(f.area, "area")
    check_choice(f.status, DeadlineStatus, "status")
    rows = []
    for doc in views.documents("oversight", PENDING):
        area = str(doc.get("jurisdiction") or "")
        if not by.has(Role.ADMIN) and not covers(by.jurisdiction, area):
            continue
        state = standing(doc, clock)
        row = {**doc, "age_hours": _age_hours(doc, clock),
               "overdue": state is DeadlineStatus.OVERDUE, "status": state.value}  # fmt: skip
        if (
            (f.status is None or row["status"] == f.status)
            and (f.agency is None or doc.get("agency") == f.agency)
            and (f.area is None or covers(f.area, area))
            and (f.overdue is None or row["overdue"] == f.overdue)
        ):
            rows.append(row)
    return rows


def review_queue_rows(views: Views, by: Principal, f: ReviewFilters, clock: Clock) -> list[Doc]:
    """The reviews of the caller's legal office (its agency's cases in its area): by default
    the pending ones it may answer, oldest first."""
    require_role(by, Role.LEGAL_REVIEWER)
    if not by.has(Role.LEGAL_REVIEWER):  # the console operator belongs to no legal office
        raise PermissionDenied("a legal office's queue is for its legal reviewers")
    query = check_query(f.q)
    status = check_choice(f.status, vocabulary("review_state").codes, "status") or "pending"
    cases = {d["case_id"]: d for d in views.documents("case_state", CASES)}
    pending = {d["review_id"]: d for d in views.documents("oversight", PENDING)}
    rows = []
    for draft in views.documents("review_status", DRAFTS):
        case = cases.get(draft["case_id"])
        if draft.get("review_id") is None or case is None:
            continue
        if case["agency"] != by.agency or not covers(by.jurisdiction, case["jurisdiction"]):
            continue
        if draft["status"] != status:
            continue
        if status == "pending" and by.actor_id in case["officers"]:
            continue  # separation of duties: never the reviewer of a case it acted on
        row = _queue_row(draft, case, pending.get(draft["review_id"]), clock)
        if (
            (f.mine is None or (row["reviewer"] == by.actor_id) == f.mine)
            and (f.case_id is None or row["case_id"] == f.case_id)
            and (f.overdue is None or row["overdue"] == f.overdue)
            and matches(query, row["title"])
        ):
            rows.append(row)
    return rows


def _queue_row(draft: Doc, case: Doc, open_review: Doc | None, clock: Clock) -> Doc:
    """A review as an office's queue shows it: the case, the draft, and its deadline."""
    state = None if open_review is None else standing(open_review, clock)
    return {
        "review_id": draft["review_id"],
        "status": draft["status"],
        "case_id": case["case_id"],
        "title": case["title"],
        "action_type": case["action_type"],
        "agency": case["agency"],
        "area": case["jurisdiction"],
        "draft_hash": draft["draft_hash"],
        "draft_number": draft["number"],
        "major": draft["major"],
        "matched_rules": draft["matched_rules"],
        "requested_at": draft["requested_at"],
        "due_on": None if open_review is None else open_review.get("due_on"),
        "standing": None if state is None else state.value,
        "overdue": state is DeadlineStatus.OVERDUE,
        "age_hours": None if open_review is None else _age_hours(open_review, clock),
        "reviewer": draft.get("reviewer"),
        "opinion_at": draft.get("opinion_at"),
    }

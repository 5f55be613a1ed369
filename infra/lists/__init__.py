"""Finding things: every list of the service, one method each, for the API and the screens.

:class:`Lists` is what routes and pages call (one authorization path, ADR 0006 §2): each
method catches the projections up (a caller sees its own writes), keeps the rows the caller
may see and that pass the filters, and cuts one page (``infra/listing.py``: sort keys, the
cursor, the page size). Each list's filters, sort keys and rows live in a module of its own:

* ``cases`` — enforcement cases (R-EN, R-LR, R-PB), by the rule of ``GET /v1/cases/{id}``;
* ``children`` — the children's ledger and the report pipeline, never personal data (R-CH-4);
* ``reviews`` — open legal reviews for oversight, and a legal office's own queue (R-LR-7);
* ``complaints`` — oversight's complaints queue (R-SV-3);
* ``actors`` — admins' list of actors (DESIGN §5).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Protocol

from infra.clock import today
from infra.listing import Page, PageRequest
from infra.lists.actors import ACTOR_LIST, ActorFilters, actor_rows
from infra.lists.cases import CASE_LIST, CaseFilters, case_rows
from infra.lists.children import (
    CHILD_LIST,
    REPORT_ALERTS,
    REPORT_LIST,
    ChildFilters,
    ReportFilters,
    alert_counts,
    child_rows,
    decorated,
    report_rows,
)
from infra.lists.complaints import COMPLAINT_LIST, ComplaintFilters, complaint_rows
from infra.lists.reviews import (
    PENDING_REVIEW_LIST,
    REVIEW_QUEUE,
    Clock,
    ReviewFilters,
    pending_review_rows,
    review_queue_rows,
    standing,
)
from infra.principal import Principal
from infra.settings import Settings
from infra.staff import StaffService
from infra.store import EventStore
from infra.views import Views

Doc = dict[str, Any]

__all__ = [
    "ActorFilters",
    "CaseFilters",
    "ChildFilters",
    "ComplaintFilters",
    "Lists",
    "Page",
    "PageRequest",
    "ReportFilters",
    "ReviewFilters",
]


class ListSources(Protocol):
    """What the lists read: the projections, the store (a child's file for its alerts), the
    staff rosters and the settings (``infra.application.Jianzheng`` is one)."""

    @property
    def views(self) -> Views:
        """The projections."""
        ...

    @property
    def store(self) -> EventStore:
        """The event store."""
        ...

    @property
    def staff(self) -> StaffService:
        """The child-protection staff rosters (R-AC-2)."""
        ...

    @property
    def settings(self) -> Settings:
        """The deployment's settings."""
        ...


class Lists:
    """Every list, paged (module docstring)."""

    def __init__(self, sources: ListSources) -> None:
        self.sources = sources

    def _views(self) -> Views:
        views = self.sources.views
        views.catch_up()
        return views

    def clock(self, on: date | None = None) -> Clock:
        """Now, today (China Standard Time) and the legacy review limit."""
        days = self.sources.settings.review_time_limit_days
        return Clock(datetime.now(UTC), on or today(), days)

    def cases(self, by: Principal, filters: CaseFilters, request: PageRequest) -> Page[Doc]:
        """Cases the caller may open that pass ``filters`` (``infra/lists/cases.py``)."""
        clock = self.clock()
        rows = case_rows(
            self._views(), by, filters, clock.today,
            lambda review: standing(review, clock).value == "overdue",
        )  # fmt: skip
        return CASE_LIST.page(rows, request)

    def children(self, by: Principal, filters: ChildFilters, request: PageRequest) -> Page[Doc]:
        """The ledger of the caller's area; each row with its alerts and responsible staff."""
        on = today()
        rows = child_rows(self._views(), self.sources.store, by, filters, on)
        page = CHILD_LIST.page(rows, request)
        items = decorated(self.sources.staff, self.sources.store, page.items, on)
        return Page(items, page.next, page.total, page.sort, page.order)

    def child_alert_counts(self, by: Principal) -> dict[str, int]:
        """How many files of the caller's area raise each alert today (one reading)."""
        return alert_counts(self._views(), self.sources.store, by, today())

    def report_alert_counts(self, by: Principal) -> dict[str, int]:
        """How many reports of the caller's area raise each alert now (one reading)."""
        minutes = self.sources.settings.report_response_minutes
        counts = dict.fromkeys(REPORT_ALERTS, 0)
        for row in report_rows(self._views(), by, ReportFilters(), minutes):
            for code in set(row["alerts"]):
                counts[code] = counts.get(code, 0) + 1
        return counts

    def reports(self, by: Principal, filters: ReportFilters, request: PageRequest) -> Page[Doc]:
        """The report pipeline of the caller's area."""
        minutes = self.sources.settings.report_response_minutes
        return REPORT_LIST.page(report_rows(self._views(), by, filters, minutes), request)

    def pending_reviews(
        self, by: Principal, filters: ReviewFilters, request: PageRequest
    ) -> Page[Doc]:
        """Oversight's queue of open legal reviews (R-LR-7)."""
        rows = pending_review_rows(self._views(), by, filters, self.clock())
        return PENDING_REVIEW_LIST.page(rows, request)

    def review_queue(
        self, by: Principal, filters: ReviewFilters, request: PageRequest
    ) -> Page[Doc]:
        """The caller's legal office's reviews (R-LR-5)."""
        rows = review_queue_rows(self._views(), by, filters, self.clock())
        return REVIEW_QUEUE.page(rows, request)

    def complaints(
        self, by: Principal, filters: ComplaintFilters, request: PageRequest
    ) -> Page[Doc]:
        """Oversight's complaints queue (R-SV-3)."""
        return COMPLAINT_LIST.page(complaint_rows(self._views(), by, filters, today()), request)

    def actors(self, by: Principal, filters: ActorFilters, request: PageRequest) -> Page[Doc]:
        """Actors, for admins."""
        return ACTOR_LIST.page(actor_rows(self._views(), by, filters, today()), request)

"""Oversight queues that are answered whole, read from the oversight projection
(``projections/oversight.py``): refused major decisions (R-LR-8), publication deadlines
(R-PB-2) and a case's time limits (R-EN-5, R-EN-6, R-PB-2).

One place for who sees what, shared by the API's routes (``api/routes/oversight.py``) and the
screens (``api/web/oversight.py``): an oversight body sees its area, an admin everything,
anyone else is refused. The paged queues (pending reviews, complaints) are ``infra/lists``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.records.actors import Role
from domain.records.enforcement.deadlines import DeadlineKind, DeadlineStatus, deadline_status
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import covers
from infra import clock
from infra.context import Context
from infra.listing import check_choice
from infra.principal import Principal
from infra.views import Views
from projections.oversight import BLOCKED, CASES, DEADLINES, PUBLICATIONS

Doc = dict[str, Any]

PUBLICATION_STATUSES = ("published", "due", "overdue")
"""Where a decision's publication stands (vocabulary ``publication_status``)."""


def visible(by: Principal, docs: list[Doc]) -> list[Doc]:
    """The documents of the caller's area (oversight; admin: all; anyone else: refused)."""
    if by.has(Role.ADMIN):
        return docs
    if not by.has(Role.OVERSIGHT):
        raise PermissionDenied("this needs the role oversight or admin")
    return [d for d in docs if covers(by.jurisdiction, str(d.get("jurisdiction") or ""))]


class OversightQueues:
    """See the module docstring."""

    def __init__(self, app: Context, due_soon_days: int) -> None:
        self.app = app
        self.due_soon_days = due_soon_days

    def _fresh(self) -> Views:
        views = self.app.views
        views.catch_up()
        return views

    def blocked(self, by: Principal) -> list[Doc]:
        """Every refused attempt at a major decision (R-LR-8), newest first."""
        docs = visible(by, self._fresh().documents("oversight", BLOCKED))
        return sorted(docs, key=lambda d: d["position"], reverse=True)

    def publications(self, by: Principal, status: str | None = None) -> tuple[str, list[Doc]]:
        """Today, and the decisions with their publication deadline: published, due or
        overdue (R-PB-2), earliest deadline first."""
        check_choice(status, PUBLICATION_STATUSES, "status")
        on = clock.today().isoformat()
        items = []
        for doc in visible(by, self._fresh().documents("oversight", PUBLICATIONS)):
            if doc["published_on"] is not None:
                state = "published"
            else:
                state = "overdue" if on > doc["due_on"] else "due"
            items.append({**doc, "status": state})
        if status is not None:
            items = [i for i in items if i["status"] == status]
        return on, sorted(items, key=lambda d: d["due_on"])

    def deadlines(
        self,
        by: Principal,
        kind: str | None = None,
        status: str | None = None,
        within_days: int | None = None,
    ) -> tuple[str, int, list[Doc]]:
        """Today, the look-ahead of ``due_soon``, and the open deadlines of the caller's area
        against today: ``overdue``, ``due_soon`` (within the look-ahead) or ``on_time``;
        without ``status``, the overdue and the due soon, earliest first."""
        check_choice(kind, DeadlineKind, "kind")
        check_choice(status, DeadlineStatus, "status")
        on = clock.today()
        window = self.due_soon_days if within_days is None else within_days
        items = []
        for doc in visible(by, self._fresh().documents("oversight", DEADLINES)):
            if doc["met_on"] is not None or doc.get("closed_on") or (kind and doc["kind"] != kind):
                continue
            state = deadline_status(date.fromisoformat(doc["due_on"]), on, window).value
            if (status is None and state == "on_time") or (status is not None and state != status):
                continue
            items.append({**doc, "status": state})
        items.sort(key=lambda d: (d["due_on"], d["kind"], d["case_id"]))
        return on.isoformat(), window, items

    def case_facts(self, by: Principal, case_id: str) -> Doc | None:
        """What the queues name a case by (title, action type, agency, area), for a case of
        the caller's area; None for another area's or an unknown case."""
        doc = self._fresh().document("oversight", CASES, case_id)
        found = visible(by, [doc] if doc is not None else [])
        return found[0] if found else None

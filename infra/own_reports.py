"""A reporter's own reports (R-RP-1, R-RP-3): what a school or hospital filed, as it may read it.

Who filed a report is sealed in the report's own stream (``ReporterSealed``, R-RP-3): the
ledger's report documents, the log and the pipeline name no reporter, so nothing lists a
reporter's reports but the reports themselves. :func:`reports_filed_by` opens the newest
reports, at most :data:`OWN_REPORTS_SCANNED` of them, and keeps those the caller filed, each
as ``ChildService.read_report`` gives a report to its own reporter (no reason, no record; the
child's village hidden once a file is named, R-CH-4) — never anyone else's.

The bound keeps one list's work finite; a reporter with older reports sees its most recent
ones. A keyed index of filers (a secret-keyed hash of the filing actor beside each report)
would lift it; it is not built.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.records.reports import Report
from infra.children import roles_in_order
from infra.principal import Principal
from infra.store import EventStore
from infra.views import Views
from projections.children import REPORTS

OWN_REPORTS_SHOWN = 50
"""How many of its own reports a reporter's list shows (newest first)."""

OWN_REPORTS_SCANNED = 2000
"""How many of the newest reports are opened to find a reporter's own."""


def reports_filed_by(
    views: Views, store: EventStore, by: Principal, limit: int = OWN_REPORTS_SHOWN
) -> list[dict[str, Any]]:
    """The reports ``by`` filed, newest first (module docstring)."""
    views.catch_up()
    docs = sorted(
        views.documents("children_ledger", REPORTS),
        key=lambda d: (str(d["reported_at"]), str(d["report_id"])),
        reverse=True,
    )
    role = roles_in_order(by)[0].value if by.roles else "operator"  # as read_report reads
    found: list[dict[str, Any]] = []
    for doc in docs[:OWN_REPORTS_SCANNED]:
        report = store.load(Report, UUID(str(doc["report_id"])))
        if report.filed_by == by.actor_id:
            found.append({**report.view(role, by.actor_id), "reads": None})
            if len(found) >= limit:
                break
    return found

"""The three home pages' lists: an officer's cases, a legal office's reviews, a head's
decisions awaiting (R-LR-1, R-LR-7, R-EN-5).

Each is one of the service's lists (``infra/lists``: ``Lists.cases`` and
``Lists.review_queue``, what ``GET /v1/cases`` and ``GET /v1/reviews`` answer), with the
caller's principal: a list shows no case its reader could not open, says where each case
stands and what comes next (``domain/records/enforcement/progress.py``), and pages with the
list's opaque cursor. This module only chooses the filters each home page needs and puts the
rows in the screens' words (the gate as the draft pages name it, ``words.GATE_STATES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.web.enforcement.words import GATE_STATES, term
from api.web.labels import beijing, role_label
from infra.application import Jianzheng
from infra.listing import PageRequest
from infra.lists import CaseFilters, ReviewFilters
from infra.principal import Principal

Gates = tuple[tuple[str, bool | None], ...]
"""(gate state, whether the draft is major — None: either) pairs."""

READY: Gates = (("passed", None), ("not_required", None), ("stale", False))
"""Gates open to a decision: the review passed, or the draft is not major — a non-major
draft whose review a later step made stale may still be decided (R-LR-1)."""
WAITING: Gates = (("required", None), ("pending", None), ("rejected", None), ("stale", True))
"""Major drafts still waiting for a passed review of the file as it stands (a stale review
needs a new draft and its review: ``legal-review-stale``)."""


@dataclass(frozen=True)
class CaseQuery:
    """What the officer's list asks: only their cases or all the agency's, a status, an
    action type, part of the title, the sort key and the cursor of the page."""

    mine: bool = True
    status: str | None = None
    action_type: str | None = None
    q: str | None = None
    sort: str | None = None
    cursor: str | None = None


def _case(row: dict[str, Any]) -> dict[str, Any]:
    """A case row of ``Lists.cases`` in the screens' words."""
    words, tone = GATE_STATES.get(row["gate"], (row["gate_label"], "muted"))
    step = row["next_step"]
    who = role_label(step["role"]) if step["role"] else ""
    overdue = [term("case_overdue", kind) for kind in row["overdue"]]
    decision = (row["deadlines"] or {}).get("decision") or {}
    return {
        **row,
        "id": row["case_id"],
        "action_words": term("action_type", row["action_type"]),
        "gate_words": words,
        "gate_tone": tone,
        "next_words": step["label"],
        "next_who": who,
        "overdue_words": overdue,
        "decision_due_on": None if decision.get("met_on") else decision.get("due_on"),
    }


def my_cases(
    jz: Jianzheng, by: Principal, query: CaseQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the officer's cases (their own, or the agency's), newest filing first,
    and the cursor of the next page."""
    filters = CaseFilters(
        agency=by.agency,
        officer=by.actor_id if query.mine else None,
        status=query.status,
        action_type=query.action_type,
        q=query.q,
    )
    page = jz.lists.cases(by, filters, PageRequest(sort=query.sort, cursor=query.cursor))
    return [_case(row) for row in page.items], page.next


def review_queue(jz: Jianzheng, by: Principal) -> list[dict[str, Any]]:
    """The open reviews of ``by``'s legal office, oldest request first, each with its due
    date as recorded and where it stands today (R-LR-7); never a case ``by`` acted on as its
    officer (R-LR-5)."""
    rows = []
    cursor: str | None = None
    while True:
        page = jz.lists.review_queue(by, ReviewFilters(), PageRequest(cursor=cursor, limit=200))
        rows += page.items
        if page.next is None:
            break
        cursor = page.next
    return [
        {
            **row,
            "action_words": term("action_type", row["action_type"]),
            "requested_words": beijing(row["requested_at"]),
            "standing_words": term("deadline_status", row["standing"]) if row["standing"] else "—",
        }
        for row in rows
    ]


def awaiting_decision(jz: Jianzheng, by: Principal, gates: Gates) -> list[dict[str, Any]]:
    """The agency's open cases whose current draft's gate is one of ``gates``, oldest filing
    first (the longest waiting on top)."""
    rows = []
    for gate, major in gates:
        filters = CaseFilters(agency=by.agency, status="open", gate=gate)
        cursor: str | None = None
        while True:
            request = PageRequest(sort="opened", order="asc", cursor=cursor, limit=200)
            page = jz.lists.cases(by, filters, request)
            rows += [
                _case(row) for row in page.items if major is None or bool(row["major"]) is major
            ]
            if page.next is None:
                break
            cursor = page.next
    return sorted(rows, key=lambda r: (r["filed_on"], r["opened_at"], r["id"]))

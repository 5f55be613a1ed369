"""Oversight queues (R-SV-1, R-LR-7, R-LR-8, R-PB-2).

* ``pending_reviews``: reviews requested and not yet answered, with when they were asked
  (their age is computed when queried);
* ``blocked``: every refused attempt at a major decision;
* ``complaints``: every complaint (R-SV-3) with its due date (as recorded at intake) and
  stage — open, due soon and overdue are computed against the query's date;
* ``publications``: every decision with its publication deadline (as recorded in the
  decision event, so a calendar upgrade never changes history), and when (if) it was
  published — due and overdue are computed against the query's date.
"""

from __future__ import annotations

from collections.abc import Iterator

from domain.proof.chain import Envelope
from projections.base import Docs

PENDING = "pending_reviews"
BLOCKED = "blocked"
PUBLICATIONS = "publications"
COMPLAINTS = "complaints"  # complaint_id → its deadline and stage, never the complainant
CASES = "case_facts"  # case_id → what later events need (action type, agency, jurisdiction)


COMPLAINT_TYPES = frozenset(
    {
        "complaints.ComplaintReceived",
        "complaints.ComplaintAssigned",
        "complaints.ComplaintFindingsRecorded",
        "complaints.ComplaintConcluded",
        "complaints.ComplaintAnswered",
    }
)


def _complaint(e: Envelope, docs: Docs) -> None:
    """A complaint's queue entry (R-SV-3): where it stands and its due date, as recorded at
    intake — never the complainant nor the summary (R-RP-3)."""
    d = e.data
    if e.type == "complaints.ComplaintReceived":
        docs.put(
            COMPLAINTS,
            e.stream,
            {"complaint_id": e.stream, "jurisdiction": d["jurisdiction"], "case_id": d["case_id"],
             "officers": d["officers"], "channel": d["channel"], "received_on": d["received_on"],
             "due_on": d["due_on"], "stage": "received", "assigned_to": None, "outcome": None,
             "replied_on": None, "on_time": None},
        )  # fmt: skip
        return
    doc = docs.get(COMPLAINTS, e.stream)
    if doc is None:
        return
    if e.type == "complaints.ComplaintAssigned":
        doc["assigned_to"] = d["assignee"]
        doc["stage"] = "assigned" if doc["stage"] == "received" else doc["stage"]
    elif e.type == "complaints.ComplaintFindingsRecorded":
        doc["stage"] = "investigated"
    elif e.type == "complaints.ComplaintConcluded":
        doc.update(stage="concluded", outcome=d["outcome"])
    elif e.type == "complaints.ComplaintAnswered":
        doc.update(stage="replied", replied_on=d["replied_on"], on_time=d["on_time"])
    docs.put(COMPLAINTS, e.stream, doc)


class OversightQueues:
    """Queues for oversight bodies."""

    name = "oversight"
    types = frozenset(
        {
            "enforcement.CaseOpened",
            "enforcement.DraftSubmitted",
            "enforcement.ReviewRequested",
            "enforcement.OpinionRecorded",
            "enforcement.DecisionBlocked",
            "enforcement.DecisionMade",
            "enforcement.DecisionPublished",
            *COMPLAINT_TYPES,
        }
    )

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The case's facts (after its opening), and its publication when it is published."""
        if e.type in COMPLAINT_TYPES:
            if e.type != "complaints.ComplaintReceived":
                yield COMPLAINTS, e.stream
            return
        if e.type == "enforcement.CaseOpened":
            return
        yield CASES, e.stream
        if e.type == "enforcement.DecisionPublished":
            yield PUBLICATIONS, e.stream

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Update the queues."""
        d = e.data
        if e.type in COMPLAINT_TYPES:
            _complaint(e, docs)
            return
        if e.type == "enforcement.CaseOpened":
            docs.put(
                CASES,
                e.stream,
                {
                    "action_type": d["action_type"],
                    "agency": d["agency"],
                    "jurisdiction": d["jurisdiction"],
                    "title": d["title"],
                },
            )
            return
        case = docs.get(CASES, e.stream) or {}
        where = {
            "case_id": e.stream,
            "agency": case.get("agency"),
            "jurisdiction": case.get("jurisdiction"),
        }
        if e.type == "enforcement.ReviewRequested":
            docs.put(
                PENDING,
                d["review_id"],
                {**where, "review_id": d["review_id"], "draft_hash": d["draft_hash"],
                 "requested_at": e.at},
            )  # fmt: skip
        elif e.type == "enforcement.OpinionRecorded":
            docs.delete(PENDING, d["review_id"])
        elif e.type == "enforcement.DraftSubmitted":
            # A new draft makes pending reviews of earlier drafts moot.
            for key in list(case.get("pending", [])):
                docs.delete(PENDING, key)
        elif e.type == "enforcement.DecisionBlocked":
            docs.put(
                BLOCKED,
                f"{position:020d}",
                {**where, "draft_hash": d["draft_hash"], "code": d["code"], "reason": d["reason"],
                 "attempted_by": e.actor, "at": e.at, "position": position},
            )  # fmt: skip
        elif e.type == "enforcement.DecisionMade":
            docs.put(
                PUBLICATIONS,
                e.stream,
                {**where, "decided_on": d["decided_on"], "due_on": d["publication_due_on"],
                 "provisional": d["publication_due_provisional"], "published_on": None},
            )  # fmt: skip
        elif e.type == "enforcement.DecisionPublished":
            doc = docs.get(PUBLICATIONS, e.stream)
            if doc is not None:
                doc["published_on"] = d["published_on"]
                docs.put(PUBLICATIONS, e.stream, doc)
        self._track_pending(e, docs, case)

    @staticmethod
    def _track_pending(e: Envelope, docs: Docs, case: dict[str, object]) -> None:
        """Remember a case's pending review ids, so a new draft can clear them."""
        if not case:
            return
        pending = list(case.get("pending", []))  # type: ignore[call-overload]
        if e.type == "enforcement.ReviewRequested":
            pending.append(e.data["review_id"])
        elif e.type == "enforcement.OpinionRecorded":
            pending = [p for p in pending if p != e.data["review_id"]]
        elif e.type == "enforcement.DraftSubmitted":
            pending = []
        else:
            return
        docs.put(CASES, e.stream, {**case, "pending": pending})

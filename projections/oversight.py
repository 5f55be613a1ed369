"""Oversight queues (R-SV-1, R-LR-7, R-LR-8, R-PB-2).

* ``pending_reviews``: reviews requested and not yet answered, with when they were asked
  and the due date stored with the request (R-LR-7; where they stand — on time, due soon,
  overdue — and their age are computed when queried);
* ``blocked``: every refused attempt at a major decision;
* ``complaints``: every complaint (R-SV-3) with its due date (as recorded at intake) and
  stage — open, due soon and overdue are computed against the query's date;
* ``publications``: every decision with its publication deadline (as recorded in the
  decision event, so a calendar upgrade never changes history), and when (if) it was
  published — due and overdue are computed against the query's date;
* ``deadlines``: each open or met deadline of a case — the decision (R-EN-5, from the
  opening event, or computed from the filing date for a case opened before it was stored,
  moved by recorded extensions), the service (R-EN-6, from the decision event) and the
  withdrawal of a published decision set aside (R-PB-2, from the set-aside event), with the
  day it was met. Due soon and overdue are computed against the query's date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.proof.chain import Envelope
from domain.records.enforcement.deadlines import decision_deadline, service_deadline
from projections.base import Docs

PENDING = "pending_reviews"
BLOCKED = "blocked"
PUBLICATIONS = "publications"
COMPLAINTS = "complaints"  # complaint_id → its deadline and stage, never the complainant
DEADLINES = "deadlines"
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


ENDINGS = {
    "enforcement.DecisionMade": "decided_on",
    "enforcement.NoPenaltyDecided": "decided_on",
    "enforcement.CaseWithdrawn": "withdrawn_on",
    "enforcement.CaseTransferred": "transferred_on",
}
"""The events that end a case (and so meet its decision deadline), with their date member."""

CLOSED = "enforcement.CaseClosed"
"""A case closed by older code without its closing facts keeps its unmet deadlines, marked
``closed_on``: the record shows they were never met, and the queue of open deadlines leaves
them out (since R-EN-6 no case closes with its service unmet)."""


class OversightQueues:
    """Queues for oversight bodies."""

    name = "oversight"
    version = 1
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
            *ENDINGS,
            "enforcement.DecisionDeadlineExtended",
            "enforcement.DecisionServed",
            "enforcement.DecisionSetAside",
            "enforcement.PublicationWithdrawn",
            "enforcement.CaseClosed",
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
        if e.type in ENDINGS or e.type in {"enforcement.DecisionDeadlineExtended", CLOSED}:
            yield DEADLINES, f"decision:{e.stream}"
        if e.type in {"enforcement.DecisionServed", CLOSED}:
            yield DEADLINES, f"service:{e.stream}"
        if e.type == "enforcement.PublicationWithdrawn":
            yield DEADLINES, f"withdrawal:{e.stream}"

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
            self._open_decision_deadline(e, docs)
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
                 "requested_at": e.at, "requested_on": d.get("requested_on"),
                 "due_on": d.get("review_due_on"),
                 "time_limit_workdays": d.get("time_limit_workdays")},
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
        self._follow_deadlines(e, docs, where, str(case.get("action_type", "")))
        self._track_pending(e, docs, case)

    @staticmethod
    def _open_decision_deadline(e: Envelope, docs: Docs) -> None:
        """The decision's time limit as the opening event stored it, or — for a case opened
        before it was stored — computed from the filing date the same way (R-EN-5)."""
        d = e.data
        due_on, provisional, source = d.get("decision_due_on"), False, "recorded"
        if due_on is None:
            computed = decision_deadline(d["action_type"], date.fromisoformat(d["filed_on"]))
            if computed is None:
                return
            due_on, provisional = computed.due.isoformat(), computed.provisional
            source = "computed_on_load"
        else:
            provisional = bool(d.get("decision_due_provisional", False))
        docs.put(
            DEADLINES,
            f"decision:{e.stream}",
            {"kind": "decision", "case_id": e.stream, "agency": d["agency"],
             "jurisdiction": d["jurisdiction"], "due_on": due_on, "provisional": provisional,
             "source": source, "met_on": None},
        )  # fmt: skip

    @staticmethod
    def _follow_deadlines(
        e: Envelope, docs: Docs, where: dict[str, object], action_type: str
    ) -> None:
        """Start, move or meet a case's deadlines (R-EN-5, R-EN-6, R-PB-2)."""
        d = e.data
        if e.type in ENDINGS:
            key = f"decision:{e.stream}"
            found = docs.get(DEADLINES, key)
            if found is not None and found["met_on"] is None:
                docs.put(DEADLINES, key, {**found, "met_on": d[ENDINGS[e.type]]})
        if e.type == "enforcement.DecisionMade":
            due_on, provisional, source = d.get("service_due_on"), False, "recorded"
            if due_on is None:
                computed = service_deadline(action_type, date.fromisoformat(d["decided_on"]))
                if computed is None:
                    return
                due_on, provisional = computed.due.isoformat(), computed.provisional
                source = "computed_on_load"
            else:
                provisional = bool(d.get("service_due_provisional", False))
            docs.put(
                DEADLINES,
                f"service:{e.stream}",
                {**where, "kind": "service", "due_on": due_on, "provisional": provisional,
                 "source": source, "met_on": None},
            )  # fmt: skip
        elif e.type == "enforcement.DecisionDeadlineExtended":
            key = f"decision:{e.stream}"
            found = docs.get(DEADLINES, key)
            if found is not None:
                docs.put(DEADLINES, key, {**found, "due_on": d["due_on"], "extended": True})
        elif e.type == "enforcement.DecisionServed":
            key = f"service:{e.stream}"
            found = docs.get(DEADLINES, key)
            if found is not None:
                docs.put(DEADLINES, key, {**found, "met_on": d["served_on"]})
        elif e.type == "enforcement.DecisionSetAside" and d.get("withdrawal_due_on"):
            docs.put(
                DEADLINES,
                f"withdrawal:{e.stream}",
                {**where, "kind": "withdrawal", "due_on": d["withdrawal_due_on"],
                 "provisional": d["withdrawal_due_provisional"], "source": "recorded",
                 "met_on": None},
            )  # fmt: skip
        elif e.type == "enforcement.PublicationWithdrawn":
            key = f"withdrawal:{e.stream}"
            found = docs.get(DEADLINES, key)
            if found is not None:
                docs.put(DEADLINES, key, {**found, "met_on": d["withdrawn_on"]})
        elif e.type == CLOSED:
            for key in (f"decision:{e.stream}", f"service:{e.stream}"):
                found = docs.get(DEADLINES, key)
                if found is not None and found["met_on"] is None:
                    docs.put(DEADLINES, key, {**found, "closed_on": e.at[:10]})

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

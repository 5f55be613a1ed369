"""Legal-review status per draft (R-LR-6): none, pending, passed, rejected, or stale.

The status is the gate's own verdict (``domain/records/enforcement/gate.py``,
:func:`review_verdict`): a new draft of a case makes every earlier draft's review stale, and a
step recorded after the current draft (before a decision) makes its passed review stale — a
decision on it would be refused ``legal-review-stale`` (R-LR-1).
"""

from __future__ import annotations

from collections.abc import Iterator

from domain.proof.chain import Envelope
from domain.records.enforcement.gate import file_changed_since, review_verdict
from projections.base import Doc, Docs

DRAFTS = "drafts"
CURRENT = "current_draft"  # case_id → {"draft_hash": …}


class ReviewStatus:
    """One document per draft in collection ``drafts``."""

    name = "review_status"
    version = 2
    """2: the status is the gate's verdict (stale after a later step; ``seq``,
    ``last_step_seq`` and the opinion's ``result`` kept for it)."""
    types = frozenset(
        {
            "enforcement.DraftSubmitted",
            "enforcement.StepRecorded",
            "enforcement.ReviewRequested",
            "enforcement.OpinionRecorded",
            "enforcement.DecisionMade",
        }
    )

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The case's current draft for a new draft, else the draft the event names.

        (A new draft also reads the previous draft's document, whose hash is known only
        once the current-draft document is read.)
        """
        if e.type in {"enforcement.DraftSubmitted", "enforcement.StepRecorded"}:
            yield CURRENT, e.stream
        else:
            yield DRAFTS, e.data["draft_hash"]

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Track each draft's review through its life."""
        d = e.data
        if e.type == "enforcement.DraftSubmitted":
            previous = docs.get(CURRENT, e.stream)
            if previous is not None:
                old = docs.get(DRAFTS, previous["draft_hash"])
                if old is not None and old["status"] != "none":
                    old["status"] = review_verdict(
                        old.get("result"), current=False, file_changed=False
                    ).value
                    docs.put(DRAFTS, old["draft_hash"], old)
            docs.put(CURRENT, e.stream, {"draft_hash": d["draft_hash"]})
            docs.put(
                DRAFTS,
                d["draft_hash"],
                {
                    "draft_hash": d["draft_hash"],
                    "case_id": e.stream,
                    "number": d["number"],
                    "major": d["major"],
                    "matched_rules": d["matched_rules"],
                    "catalogue_version": d["catalogue_version"],
                    "submitted_at": e.at,
                    "seq": e.seq,
                    "last_step_seq": None,
                    "status": "none",
                    "result": None,
                    "review_id": None,
                    "reviewer": None,
                    "requested_at": None,
                    "opinion_at": None,
                    "decided": False,
                },
            )
            return
        if e.type == "enforcement.StepRecorded":
            self._step(e, docs)
            return
        doc = docs.get(DRAFTS, d["draft_hash"])
        if doc is None:
            return
        if e.type == "enforcement.ReviewRequested":
            doc.update(status="pending", result=None, review_id=d["review_id"], requested_at=e.at)
        elif e.type == "enforcement.OpinionRecorded":
            if doc["review_id"] == d["review_id"] and doc["status"] == "pending":
                doc.update(result=d["result"], reviewer=e.actor, opinion_at=e.at)
                doc["status"] = _verdict(doc)
        else:  # DecisionMade
            doc["decided"] = True
        docs.put(DRAFTS, d["draft_hash"], doc)

    @staticmethod
    def _step(e: Envelope, docs: Docs) -> None:
        """A step before the decision changes the file the current draft was reviewed on."""
        current = docs.get(CURRENT, e.stream)
        doc = None if current is None else docs.get(DRAFTS, current["draft_hash"])
        if doc is None or doc["decided"]:
            return
        doc["last_step_seq"] = e.seq
        if doc["status"] != "none":
            doc["status"] = _verdict(doc)
        docs.put(DRAFTS, doc["draft_hash"], doc)


def _verdict(doc: Doc) -> str:
    """The current draft's review status as the gate reads it (``gate.review_verdict``)."""
    changed = file_changed_since(int(doc.get("seq") or 0), doc.get("last_step_seq"))
    return review_verdict(doc.get("result"), current=True, file_changed=changed).value

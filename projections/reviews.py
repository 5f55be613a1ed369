"""Legal-review status per draft (R-LR-6): none, pending, passed, rejected, or stale.

A new draft of a case makes every earlier draft's review stale.
"""

from __future__ import annotations

from collections.abc import Iterator

from domain.proof.chain import Envelope
from projections.base import Docs

DRAFTS = "drafts"
CURRENT = "current_draft"  # case_id → {"draft_hash": …}


class ReviewStatus:
    """One document per draft in collection ``drafts``."""

    name = "review_status"
    version = 1
    types = frozenset(
        {
            "enforcement.DraftSubmitted",
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
        if e.type == "enforcement.DraftSubmitted":
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
                    old["status"] = "stale"
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
                    "status": "none",
                    "review_id": None,
                    "reviewer": None,
                    "requested_at": None,
                    "opinion_at": None,
                    "decided": False,
                },
            )
            return
        doc = docs.get(DRAFTS, d["draft_hash"])
        if doc is None:
            return
        if e.type == "enforcement.ReviewRequested":
            doc.update(status="pending", review_id=d["review_id"], requested_at=e.at)
        elif e.type == "enforcement.OpinionRecorded":
            if doc["review_id"] == d["review_id"] and doc["status"] == "pending":
                doc.update(status=d["result"], reviewer=e.actor, opinion_at=e.at)
        else:  # DecisionMade
            doc["decided"] = True
        docs.put(DRAFTS, d["draft_hash"], doc)

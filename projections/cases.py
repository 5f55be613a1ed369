"""Case state (案件状态): one document per enforcement case, for lists and searches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from domain.proof.chain import Envelope
from projections.base import Doc, Docs

CASES = "cases"


def _is_av(media_type: str) -> bool:
    return media_type.split("/", 1)[0] in {"audio", "video"}


def _officers(doc: Doc, e: Envelope) -> None:
    doc["officers"] = sorted({*doc["officers"], *(o["actor_id"] for o in e.data["officers"])})


def _step(doc: Doc, e: Envelope) -> None:
    doc["steps"] += 1
    doc["av_records"] += sum(1 for ev in e.data["evidence"] if _is_av(ev["media_type"]))


def _draft(doc: Doc, e: Envelope) -> None:
    doc["drafts"] += 1
    doc["current_draft"] = e.data["draft_hash"]
    doc["major"] = e.data["major"]


def _blocked(doc: Doc, _: Envelope) -> None:
    doc["blocked_attempts"] += 1


def _decided(doc: Doc, e: Envelope) -> None:
    doc["stage"] = "decided"
    doc["decided_on"] = e.data["decided_on"]


def _published(doc: Doc, e: Envelope) -> None:
    doc["published_on"] = e.data["published_on"]


def _closed(doc: Doc, e: Envelope) -> None:
    doc["stage"] = "closed"
    doc["closed_at"] = e.at


def _oversight(doc: Doc, _: Envelope) -> None:
    doc["oversight_events"] += 1


_CHANGES: dict[str, Callable[[Doc, Envelope], None]] = {
    "enforcement.OfficersAssigned": _officers,
    "enforcement.StepRecorded": _step,
    "enforcement.DraftSubmitted": _draft,
    "enforcement.DecisionBlocked": _blocked,
    "enforcement.DecisionMade": _decided,
    "enforcement.DecisionPublished": _published,
    "enforcement.CaseClosed": _closed,
    "enforcement.CaseFileReviewed": _oversight,
    "enforcement.ComplaintRecorded": _oversight,
}


class CaseStates:
    """One document per case in collection ``cases``."""

    name = "case_state"
    types = frozenset({"enforcement.CaseOpened", *_CHANGES})

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The case's document, unless the event opens the case."""
        if e.type != "enforcement.CaseOpened":
            yield CASES, e.stream

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Open a case document, or update it."""
        if e.type == "enforcement.CaseOpened":
            d = e.data
            docs.put(
                CASES,
                e.stream,
                {
                    "case_id": e.stream,
                    "action_type": d["action_type"],
                    "title": d["title"],
                    "agency": d["agency"],
                    "jurisdiction": d["jurisdiction"],
                    "filed_on": d["filed_on"],
                    "opened_at": e.at,
                    "simplified": d["simplified"],
                    "officers": sorted(o["actor_id"] for o in d["officers"]),
                    "stage": "open",
                    "steps": 0,
                    "av_records": 0,
                    "drafts": 0,
                    "current_draft": None,
                    "major": None,
                    "blocked_attempts": 0,
                    "decided_on": None,
                    "published_on": None,
                    "closed_at": None,
                    "oversight_events": 0,
                    "seq": e.seq,
                    "position": position,
                },
            )
            return
        doc = docs.get(CASES, e.stream)
        if doc is None:  # only if the store holds a case event without its opening
            return
        _CHANGES[e.type](doc, e)
        doc["seq"], doc["position"] = e.seq, position
        docs.put(CASES, e.stream, doc)

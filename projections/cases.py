"""Case state (案件状态): one document per enforcement case, for lists and searches.

The document follows **every** event of a case's stream (:data:`CASE_EVENT_TYPES`, read from
the aggregate's registered event types, so a new case event cannot be missed): ``seq`` and
``position`` are always the case stream's last, and each event that changes what a list shows
has a change below — steps, drafts, reviews and opinions, the heads' collective discussions
(R-EN-7), blocked attempts, the ending (decision, 不予处罚, 撤销立案, 移送) and the closing facts
(R-EN-5/6, R-PB-2), the decision's deadline and its extensions, complaints linked and scored
file reviews (R-SV-1, R-SV-3). Sanctions on officers (``actors.SanctionRecorded``, R-SV-4)
that rest on the case are listed on it; they are events of the officer's stream, so they move
neither ``seq`` nor ``position``.

The list of cases (``GET /v1/cases``, ``infra/lists/cases.py``) rests on it: besides the
counts, each document keeps what a list shows and filters on — the officers' names, the party
only when it is an organisation (``party_organisation``: a natural person's name is never kept
here, R-PB-4), when the case was last changed (``updated_at``), the legal review of the
current draft (``review``: pending, passed, rejected or stale — the gate's own verdict,
``gate.review_verdict`` — with its due date, R-LR-7) and the last
refused decision on it (``blocked_code``), and the due dates of the decision, its service,
publication and the withdrawal of a publication set aside (R-EN-5, R-EN-6, R-PB-2), as the
events that started them recorded them (computed the same way for a case recorded before they
were stored, as ``projections/oversight.py`` does). The API answers a single case from its
stream (``GET /v1/cases/{id}``).

:attr:`CaseStates.version` says which members the documents have: the runner rebuilds the
projection from the events when a store's documents were written by an older version
(``infra/views.py``), so no document lacks a member the lists read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import domain.records.enforcement  # noqa: F401  (registers the case's event types)
from domain.proof.chain import Envelope
from domain.records.aggregate import EVENT_TYPES
from domain.records.enforcement.deadlines import decision_deadline, service_deadline
from domain.records.enforcement.gate import file_changed_since, review_verdict
from projections.base import Doc, Docs

CASES = "cases"

CASE_EVENT_TYPES = frozenset(t for t in EVENT_TYPES if t.startswith("enforcement."))
"""Every event type of an enforcement case's stream."""

SANCTION = "actors.SanctionRecorded"


def _is_av(media_type: str) -> bool:
    return media_type.split("/", 1)[0] in {"audio", "video"}


def _count(doc: Doc, member: str) -> None:
    doc[member] = int(doc.get(member) or 0) + 1


def _officers(doc: Doc, e: Envelope) -> None:
    doc["officers"] = sorted({*doc["officers"], *(o["actor_id"] for o in e.data["officers"])})
    doc["officer_names"] = {**doc.get("officer_names", {}), **_names(e.data["officers"])}


def _names(officers: list[dict[str, str]]) -> dict[str, str]:
    """Each officer's name as the case recorded it (R-EN-3), by actor id."""
    return {str(o["actor_id"]): str(o.get("name") or "") for o in officers}


def _restate(doc: Doc) -> None:
    """The current draft's review as the gate reads it (``gate.review_verdict``): stale once a
    step recorded after the draft (and before a decision) changed the file it passed."""
    review = doc.get("review")
    if review is None:
        return
    changed = file_changed_since(int(doc.get("draft_seq") or 0), doc.get("last_step_seq"))
    verdict = review_verdict(review.get("result"), current=True, file_changed=changed)
    doc["review"] = {**review, "status": verdict.value}


def _step(doc: Doc, e: Envelope) -> None:
    if doc.get("decided_on") is None:  # a step after the decision leaves its file as it was
        doc["last_step_seq"] = e.seq
        _restate(doc)
    doc["steps"] += 1
    doc["av_records"] += sum(1 for ev in e.data["evidence"] if _is_av(ev["media_type"]))
    kinds = doc.get("step_kinds") or []
    if e.data["kind"] not in kinds:
        doc["step_kinds"] = sorted([*kinds, e.data["kind"]])


def _draft(doc: Doc, e: Envelope) -> None:
    doc["drafts"] += 1
    doc["current_draft"] = e.data["draft_hash"]
    doc["draft_seq"] = e.seq
    doc["major"] = e.data["major"]
    # A new draft is judged afresh: earlier reviews and refusals were of another draft.
    doc["review"], doc["blocked_code"] = None, None


def _review_requested(doc: Doc, e: Envelope) -> None:
    _count(doc, "reviews_requested")
    d = e.data
    if d["draft_hash"] == doc.get("current_draft"):
        doc["review"] = {"review_id": d["review_id"], "status": "pending", "result": None,
                         "requested_at": e.at, "requested_on": d.get("requested_on"),
                         "due_on": d.get("review_due_on"), "reviewed_on": None}  # fmt: skip


def _opinion(doc: Doc, e: Envelope) -> None:
    _count(doc, f"reviews_{e.data['result']}")  # reviews_passed, reviews_rejected
    review = doc.get("review")
    if review is not None and review["review_id"] == e.data["review_id"]:
        doc["review"] = {**review, "result": e.data["result"],
                         "reviewed_on": e.data.get("reviewed_on")}  # fmt: skip
        _restate(doc)


def _discussed(doc: Doc, e: Envelope) -> None:
    _count(doc, "collective_discussions")
    doc["last_discussion_on"] = e.data["held_on"]


def _blocked(doc: Doc, e: Envelope) -> None:
    doc["blocked_attempts"] += 1
    if e.data["draft_hash"] == doc.get("current_draft"):
        doc["blocked_code"] = e.data["code"]


def _ended(kind: str, on: str) -> Callable[[Doc, Envelope], None]:
    def change(doc: Doc, e: Envelope) -> None:
        doc["ending"], doc["ended_on"] = kind, e.data[on]

    return change


def _decided(doc: Doc, e: Envelope) -> None:
    d = e.data
    doc["stage"] = "decided"
    doc["decided_on"] = d["decided_on"]
    _ended("decided", "decided_on")(doc, e)
    doc["publication_due_on"] = d["publication_due_on"]
    due = d.get("service_due_on")
    if due is None:  # a decision recorded before its service's due date was stored (R-EN-6)
        computed = service_deadline(doc["action_type"], date.fromisoformat(d["decided_on"]))
        due = None if computed is None else computed.due.isoformat()
    doc["service_due_on"] = due


def _extended(doc: Doc, e: Envelope) -> None:
    doc["decision_due_on"] = e.data["due_on"]
    _count(doc, "decision_extensions")


def _served(doc: Doc, e: Envelope) -> None:
    doc["served_on"] = e.data["served_on"]


def _published(doc: Doc, e: Envelope) -> None:
    doc["published_on"] = e.data["published_on"]


def _exempted(doc: Doc, e: Envelope) -> None:
    doc["publication_exemption"] = e.data["ground"]


def _executed(doc: Doc, e: Envelope) -> None:
    doc["execution_status"] = e.data["status"]


def _set_aside(doc: Doc, e: Envelope) -> None:
    _count(doc, "set_asides")
    doc["set_aside_on"] = e.data["set_aside_on"]
    if e.data.get("withdrawal_due_on"):  # a published decision set aside (R-PB-2)
        doc["withdrawal_due_on"] = e.data["withdrawal_due_on"]


def _publication_withdrawn(doc: Doc, e: Envelope) -> None:
    doc["publication_withdrawn_on"] = e.data["withdrawn_on"]


def _closed(doc: Doc, e: Envelope) -> None:
    doc["stage"] = "closed"
    doc["closed_at"] = e.at


def _oversight(doc: Doc, _: Envelope) -> None:
    doc["oversight_events"] += 1


def _complaint_linked(doc: Doc, e: Envelope) -> None:
    _oversight(doc, e)
    doc["complaints"] = [*(doc.get("complaints") or []), e.data["complaint_id"]]


def _file_scored(doc: Doc, e: Envelope) -> None:
    _oversight(doc, e)
    scored = {"review_id": e.data["review_id"], "score": e.data["score"],
              "max_score": e.data["max_score"], "rating": e.data["rating"]}  # fmt: skip
    doc["file_scores"] = [*(doc.get("file_scores") or []), scored]


def _unchanged(_doc: Doc, _e: Envelope) -> None:
    """An event that changes nothing a list shows: only ``seq`` and ``position`` move."""


_CHANGES: dict[str, Callable[[Doc, Envelope], None]] = {
    "enforcement.OfficersAssigned": _officers,
    "enforcement.StepRecorded": _step,
    "enforcement.DraftSubmitted": _draft,
    "enforcement.ReviewRequested": _review_requested,
    "enforcement.OpinionRecorded": _opinion,
    "enforcement.CollectiveDiscussionRecorded": _discussed,
    "enforcement.DecisionBlocked": _blocked,
    "enforcement.DecisionMade": _decided,
    "enforcement.NoPenaltyDecided": _ended("no_penalty", "decided_on"),
    "enforcement.CaseWithdrawn": _ended("withdrawn", "withdrawn_on"),
    "enforcement.CaseTransferred": _ended("transferred", "transferred_on"),
    "enforcement.DecisionDeadlineExtended": _extended,
    "enforcement.DecisionServed": _served,
    "enforcement.DecisionPublished": _published,
    "enforcement.PublicationExempted": _exempted,
    "enforcement.ExecutionRecorded": _executed,
    "enforcement.DecisionSetAside": _set_aside,
    "enforcement.PublicationWithdrawn": _publication_withdrawn,
    "enforcement.CaseClosed": _closed,
    "enforcement.CaseFileReviewed": _oversight,
    "enforcement.ComplaintRecorded": _oversight,
    "enforcement.ComplaintLinked": _complaint_linked,
    "enforcement.CaseFileScored": _file_scored,
}


def _sanctioned_case(e: Envelope) -> str | None:
    """The case a sanction rests on, if its basis names one (R-SV-4)."""
    case_id = (e.data.get("basis") or {}).get("case_id")
    return None if case_id is None else str(case_id)


def _decision_due_on(d: dict[str, object]) -> str | None:
    """The decision's time limit as the opening recorded it, or — for a case opened before it
    was stored — computed from the filing date the same way (R-EN-5)."""
    if d.get("decision_due_on") is not None:
        return str(d["decision_due_on"])
    computed = decision_deadline(str(d["action_type"]), date.fromisoformat(str(d["filed_on"])))
    return None if computed is None else computed.due.isoformat()


class CaseStates:
    """One document per case in collection ``cases``."""

    name = "case_state"
    version = 3
    """2: the members lists read (officer names, party organisation, update time, the current
    draft's review and refusal, the closing facts' due dates). 3: the review's status is the
    gate's verdict (stale after a later step: ``draft_seq``, ``last_step_seq``, the opinion's
    ``result``)."""
    types = frozenset({*CASE_EVENT_TYPES, *_CHANGES, SANCTION})

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The case's document, unless the event opens the case."""
        if e.type == SANCTION:
            case_id = _sanctioned_case(e)
            if case_id is not None:
                yield CASES, case_id
        elif e.type != "enforcement.CaseOpened":
            yield CASES, e.stream

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Open a case document, or update it."""
        if e.type == SANCTION:
            self._sanction(e, docs)
            return
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
                    "party_organisation": (
                        d["party"]["name"] if d["party"].get("kind") == "organisation" else None
                    ),
                    "officers": sorted(o["actor_id"] for o in d["officers"]),
                    "officer_names": _names(d["officers"]),
                    "stage": "open",
                    "steps": 0,
                    "av_records": 0,
                    "drafts": 0,
                    "current_draft": None,
                    "draft_seq": None,
                    "last_step_seq": None,
                    "major": None,
                    "review": None,
                    "blocked_code": None,
                    "blocked_attempts": 0,
                    "decided_on": None,
                    "published_on": None,
                    "closed_at": None,
                    "oversight_events": 0,
                    "decision_due_on": _decision_due_on(d),
                    "updated_at": e.at,
                    "seq": e.seq,
                    "position": position,
                },
            )
            return
        doc = docs.get(CASES, e.stream)
        if doc is None:  # only if the store holds a case event without its opening
            return
        _CHANGES.get(e.type, _unchanged)(doc, e)
        doc["seq"], doc["position"], doc["updated_at"] = e.seq, position, e.at
        docs.put(CASES, e.stream, doc)

    @staticmethod
    def _sanction(e: Envelope, docs: Docs) -> None:
        """List a sanction on the case it rests on (the officer's stream, not the case's)."""
        case_id = _sanctioned_case(e)
        doc = None if case_id is None else docs.get(CASES, case_id)
        if case_id is None or doc is None:
            return
        sanction = {"sanction_id": e.data["sanction_id"], "officer": e.stream,
                    "kind": e.data["kind"], "basis": e.data["basis"]["kind"]}  # fmt: skip
        doc["sanctions"] = [*(doc.get("sanctions") or []), sanction]
        docs.put(CASES, case_id, doc)

"""The three home pages' lists: an officer's cases, a legal office's reviews, a head's
decisions awaiting (R-LR-1, R-LR-7, R-EN-5).

Each row is read through ``CaseService.readable`` — the check of ``GET /v1/cases/{id}`` — so a
list shows no case its reader could not open, and says where the case stands in words: its
stage, the gate of its current draft, the next thing the law requires
(``casefile.requirements``) and, for a review, its due date as recorded with the request
(R-LR-7). Which cases to look at comes from the read models (``projections/cases.py``,
``projections/oversight.py``), caught up first so a person sees their own writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from api.web.directory import Directory
from api.web.enforcement.casefile import gate_state, requirements
from api.web.enforcement.words import GATE_STATES, STAGES, term
from domain.records.actors import Role
from domain.records.enforcement import EnforcementCase
from domain.records.enforcement.lifecycle import ending_of
from domain.records.enforcement.review import review_standing
from domain.records.errors import JianzhengError
from domain.records.jurisdiction import covers
from infra.application import Jianzheng
from infra.clock import today
from infra.principal import Principal, require_role
from projections.cases import CASES
from projections.oversight import PENDING

STATUS_FILTERS = {"open": "办理中", "decided": "已作出决定", "closed": "已结案"}


@dataclass(frozen=True)
class CaseFilter:
    """What the officer's list is narrowed to: a stage, and part of the title."""

    stage: str | None = None
    q: str | None = None


def _readable(jz: Jianzheng, by: Principal, case_id: str) -> EnforcementCase | None:
    try:
        return jz.cases.readable(by, UUID(case_id), "case", None)
    except JianzhengError:
        return None


def case_row(jz: Jianzheng, case: EnforcementCase) -> dict[str, Any]:
    """One case as a list shows it: stage, gate, and the next thing the law requires."""
    draft = case.drafts.get(case.current_draft or "")
    state = gate_state(case, draft)
    todo = next((i for i in requirements(jz, case) if not i["done"]), None)
    ending = ending_of(case)
    stage = STAGES.get(case.stage.value, case.stage.value)
    if ending is not None and case.stage.value == "open":
        stage = term("case_ending", ending["kind"])
    due = (case.deadlines.get("decision") or {}).get("due_on")
    return {
        "id": str(case.id),
        "title": case.title,
        "action_type": term("action_type", case.action_type.value),
        "filed_on": case.filed_on.isoformat(),
        "stage": case.stage.value,
        "stage_words": stage,
        "gate": state,
        "gate_words": GATE_STATES[state][0],
        "gate_tone": GATE_STATES[state][1],
        "next": "无待办事项" if todo is None else todo["words"],
        "next_rule": None if todo is None else todo["rule"],
        "decision_due_on": due if case.decision is None and ending is None else None,
        "overdue": bool(
            due and case.decision is None and ending is None and date.fromisoformat(due) < today()
        ),
    }


def my_cases(jz: Jianzheng, by: Principal, wanted: CaseFilter) -> list[dict[str, Any]]:
    """The cases ``by`` is an officer of, newest filing first."""
    jz.views.catch_up()
    rows = []
    for doc in jz.views.documents("case_state", CASES):
        if by.actor_id not in doc.get("officers", []):
            continue
        if wanted.stage and doc.get("stage") != wanted.stage:
            continue
        if wanted.q and wanted.q not in str(doc.get("title", "")):
            continue
        case = _readable(jz, by, str(doc["case_id"]))
        if case is not None:
            rows.append(case_row(jz, case))
    return sorted(rows, key=lambda r: (r["filed_on"], r["id"]), reverse=True)


def review_queue(jz: Jianzheng, by: Principal) -> list[dict[str, Any]]:
    """The open reviews of ``by``'s legal office — its agency's cases in its area — oldest
    request first, each with its due date as recorded and where it stands today (R-LR-7).
    A review of a case ``by`` acted on as its officer is not theirs to answer (R-LR-5)."""
    require_role(by, Role.LEGAL_REVIEWER)
    jz.views.catch_up()
    on = today()
    names = Directory(jz.store).name
    rows = []
    for doc in jz.views.documents("oversight", PENDING):
        if doc.get("agency") != by.agency or not covers(by.jurisdiction, str(doc["jurisdiction"])):
            continue
        case = _readable(jz, by, str(doc["case_id"]))
        if case is None or case.acted_as_officer_on(by.actor_id):
            continue
        review = case.reviews.get(str(doc["review_id"]))
        if review is None or review.result is not None:
            continue
        due = review.due_on
        standing = None if not due else review_standing(date.fromisoformat(due), on).value
        draft = case.draft(review.draft_hash)
        rows.append(
            {
                "case_id": str(case.id),
                "review_id": review.review_id,
                "title": case.title,
                "action_type": term("action_type", case.action_type.value),
                "draft_number": draft.number,
                "major": draft.major,
                "requested_by": names(review.requested_by),
                "requested_on": review.requested_at,
                "requested_at": str(doc["requested_at"]),
                "due_on": due or "—",
                "standing": standing,
                "standing_words": term("deadline_status", standing) if standing else "—",
                "overdue": standing == "overdue",
            }
        )
    return sorted(rows, key=lambda r: (r["requested_on"] or "", r["requested_at"]))


def awaiting_decision(jz: Jianzheng, by: Principal) -> list[dict[str, Any]]:
    """Cases of ``by``'s agency and area with a current draft and no ending yet: those whose
    gate is open (审核通过, or not major) first, then major drafts still waiting."""
    require_role(by, Role.AGENCY_HEAD)
    jz.views.catch_up()
    rows = []
    for doc in jz.views.documents("case_state", CASES):
        if doc.get("agency") != by.agency or not covers(by.jurisdiction, str(doc["jurisdiction"])):
            continue
        if doc.get("current_draft") is None or doc.get("stage") != "open":
            continue
        case = _readable(jz, by, str(doc["case_id"]))
        if case is None or ending_of(case) is not None:
            continue
        row = case_row(jz, case)
        row["ready"] = row["gate"] in ("passed", "not_required")
        rows.append(row)
    return sorted(rows, key=lambda r: (not r["ready"], r["filed_on"], r["id"]))

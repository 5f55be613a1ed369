"""A case file as the enforcement screens show it: names instead of ids, words instead of
codes, Beijing time, and what the law still requires (ADR 0006).

Built from what the services answer — the case the service let the person read
(``CaseService.readable``), its state as ``GET /v1/cases/{id}`` answers it
(``CaseOversight.answer``) and its timeline as ``api/web/timeline.py`` reads it — never from a
second reading of the store. Nothing here decides anything: the checklist of what the
law requires next and the preview of the gate are read from the record with the domain's own
functions (``gate.py``, ``lifecycle.py``); the service alone accepts or refuses a command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from api.web.directory import Directory, size_text, yuan
from api.web.enforcement.words import (
    GATE_STATES,
    MATCHED_OPTION,
    STAGES,
    refusal_words,
    term,
)
from api.web.labels import beijing
from api.web.timeline import TimelineEntry
from domain.records.actors import Role
from domain.records.catalogue import STATUTORY_FLOOR, collective_rules
from domain.records.enforcement import EnforcementCase, StepKind
from domain.records.enforcement.gate import (
    STEPS_BEFORE_DECISION,
    decision_refusal,
    review_status,
    standing_crime_finding,
)
from domain.records.enforcement.lifecycle import ending_of
from domain.records.enforcement.review import review_standing
from domain.records.enforcement.vocabulary import Draft
from domain.records.errors import JianzhengError
from infra.application import Jianzheng
from infra.clock import today
from infra.principal import Principal

Names = Callable[[str], str]
"""An actor id → the actor's name (``Directory.name``: ``system`` is the operator)."""


@dataclass(frozen=True)
class Rule:
    """A catalogue rule a draft matched: why it is major (R-LR-2), and whether it makes the
    decision one the heads take collectively (R-EN-7)."""

    id: str
    title: str
    basis: str
    collective: bool


def catalogue_data(jz: Jianzheng, draft: Draft) -> dict[str, Any]:
    """The catalogue version that judged ``draft`` (as ``GET /v1/catalogue…`` serves it)."""
    if draft.catalogue_stream is None:
        return jz.catalogue().data_of(draft.catalogue_version)
    return jz.catalogues.load(UUID(draft.catalogue_stream)).data_of(draft.catalogue_version)


def matched_rules(data: dict[str, Any], action_type: str, matched: list[str]) -> list[Rule]:
    """The rules ``matched`` names, with their titles and bases: the catalogue's own, else the
    statutory floor's (R-LR-10), else a catalogue option (R-LR-3)."""
    known = {r["id"]: r for r in STATUTORY_FLOOR["rules"]}
    known.update({r["id"]: r for r in data["rules"]})
    collective = set(collective_rules(data, action_type, matched))
    rules = []
    for rule_id in matched:
        if rule_id in known:
            title, basis = known[rule_id]["title"], known[rule_id]["basis"]
        else:
            title, basis = MATCHED_OPTION.get(rule_id, (rule_id, ""))
        rules.append(Rule(rule_id, title, basis, rule_id in collective))
    return rules


def gate_state(case: EnforcementCase, draft: Draft | None) -> str:
    """Where the legal-review gate stands for ``draft`` (R-LR-1): a key of ``GATE_STATES``."""
    if draft is None:
        return "no_draft"
    status = review_status(case, draft.draft_hash).value  # the gate's own verdict, stale too
    if status == "none":
        return "required" if draft.major else "not_required"
    return status


def draft_view(jz: Jianzheng, case: EnforcementCase, draft: Draft) -> dict[str, Any]:
    """A draft with its judgement in words: major or not and WHY, and the gate's state."""
    content = draft.content
    state = gate_state(case, draft)
    rules = matched_rules(catalogue_data(jz, draft), case.action_type.value, draft.matched_rules)
    return {
        "number": draft.number,
        "hash": draft.draft_hash,
        "current": draft.draft_hash == case.current_draft,
        "major": draft.major,
        "rules": rules,
        "collective": [r for r in rules if r.collective],
        "catalogue_version": draft.catalogue_version,
        "gate": state,
        "gate_words": GATE_STATES[state][0],
        "gate_tone": GATE_STATES[state][1],
        "measures": [term("catalogue_measure", m) for m in content["measures"]],
        "fine": yuan(content["fine_fen"]),
        "fine_fen": content["fine_fen"],
        "confiscation": yuan(content["confiscation_fen"]),
        "confiscation_fen": content["confiscation_fen"],
        "facts": content["facts"],
        "legal_basis": content["legal_basis"],
        "discretion": content.get("discretion", ""),
        "flags": [term("catalogue_flag", f) for f in content.get("flags", [])],
        "submitted_at": beijing(case.recorded_at.get(draft.seq)),
    }


def _step(case: EnforcementCase, step: dict[str, Any], names: Names) -> dict[str, Any]:
    full = step.get("full_process_recording")
    return {
        "no": step["step_no"],
        "kind": term("step_kind", step["kind"]),
        "summary": step["summary"],
        "occurred_at": beijing(step.get("occurred_at")) if step.get("occurred_at") else None,
        "recorded_at": beijing(case.recorded_at.get(int(step["seq"]))),
        "recorded_by": names(str(step.get("recorded_by"))),
        "present": [names(p) for p in step.get("present", [])],
        "touches": [term("touches", t) for t in step.get("touches", [])],
        "evidence": [
            {**e, "size_words": size_text(int(e["size"])), "full": e["sha256"] == full}
            for e in step["evidence"]
        ],
    }


def _review(case: EnforcementCase, review: Any, names: Names, on: date) -> dict[str, Any]:
    number = case.draft(review.draft_hash).number
    standing = None
    if review.result is None and review.due_on:
        standing = review_standing(date.fromisoformat(review.due_on), on).value
    return {
        "id": review.review_id,
        "draft_number": number,
        "draft_hash": review.draft_hash,
        "requested_by": names(review.requested_by),
        "requested_on": review.requested_at or "—",
        "due_on": review.due_on or "—",
        "standing": standing,
        "standing_words": term("deadline_status", standing) if standing else None,
        "result": review.result,
        "result_words": term("review_result", review.result) if review.result else "审核中",
        "reviewer": names(review.reviewer) if review.reviewer else None,
        "reviewed_on": review.reviewed_on,
        "items": review.items,
    }


BLOCKED = "enforcement.DecisionBlocked"


def timeline(case: EnforcementCase, entries: list[TimelineEntry]) -> list[dict[str, Any]]:
    """The case's timeline (``api/web/timeline.py``) as the case page lists it; a blocked
    attempt (R-LR-8) also in the words of its refusal, from the case's record of it."""
    attempts = iter(case.blocked)
    shown = []
    for e in entries:
        attempt = next(attempts, None) if e.event_type == BLOCKED else None
        details = list(e.details)
        if attempt is not None:
            details.insert(0, refusal_words(str(attempt["code"])))
        shown.append(
            {
                "seq": e.seq,
                "stream_kind": e.stream_kind,
                "at": beijing(e.at, seconds=True),
                "what": e.label,
                "who": e.actor.shown,
                "claimed": e.claimed,
                "details": details,
                "blocked": attempt is not None,
                "code": None if attempt is None else attempt["code"],
                "reason": None if attempt is None else attempt["reason"],
                "leaf_index": e.position,
                "event_hash": e.event_hash,
            }
        )
    return shown


def requirements(jz: Jianzheng, case: EnforcementCase) -> list[dict[str, Any]]:
    """What the law requires of the case, in order, each done or not (R-EN-3…7, R-LR-1,
    R-LR-4, R-EN-6, R-PB-2, docs/lifecycle.md): a checklist read from the record."""
    items: list[dict[str, Any]] = []

    def need(words: str, rule: str, done: bool, note: str = "") -> None:
        items.append({"words": words, "rule": rule, "done": done, "note": note})

    need("两名以上持有效执法证件的执法人员承办", "R-EN-3", len(case.officers) >= 2)
    ending = ending_of(case)
    if ending is not None and ending["kind"] != "decided":
        need(f"案件已{term('case_ending', ending['kind'])}（{ending['on']}）", "R-EN-5", True)
        need("办理结案", "R-SV-2", case.closure is not None)
        return items
    recorded = {str(s["kind"]) for s in case.steps}
    for step in STEPS_BEFORE_DECISION.get(case.action_type, ()):
        need(
            f"记录“{term('step_kind', step.kind.value)}”步骤（{step.law}）",
            step.rule,
            step.kind.value in recorded,
        )
    draft = case.drafts.get(case.current_draft or "")
    need("提交决定草案", "R-LR-2", draft is not None)
    if draft is not None and draft.major:
        state = gate_state(case, draft)
        need(
            f"重大执法决定须经法制审核通过（现状：{GATE_STATES[state][0]}）",
            "R-LR-1",
            state == "passed",
        )
        rules = matched_rules(
            catalogue_data(jz, draft), case.action_type.value, draft.matched_rules
        )
        if any(r.collective for r in rules):
            talk = case.discussion_of(draft.draft_hash)
            agreed = talk is not None and talk.conclusion == "decide_as_drafted"
            note = "" if talk is None else term("collective_conclusion", talk.conclusion)
            need("由机关负责人集体讨论决定（行政处罚法第57条第2款）", "R-EN-7", agreed, note)
    if standing_crime_finding(case) is not None:
        need("法制审核认定涉嫌犯罪：移送司法机关", "R-LR-4", False)
    deadline = case.deadlines.get("decision") or {}
    due = f"期限 {deadline['due_on']}" if deadline.get("due_on") else ""
    need("由机关负责人作出决定", "R-EN-5", case.decision is not None, due)
    if case.decision is None:
        return items
    service = case.deadlines.get("service") or {}
    need(
        "送达决定书（宣告后当场交付或七个工作日内送达）",
        "R-EN-6",
        case.service is not None,
        f"期限 {service['due_on']}" if service.get("due_on") else "",
    )
    need(
        "公开执法决定，或记录不予公开的法定理由",
        "R-PB-2",
        case.publication is not None or case.publication_exemption is not None,
        f"期限 {case.decision['publication_due_on']}",
    )
    need("记录执行情况", "R-AV-1", bool(case.executions))
    need("办理结案", "R-SV-2", case.closure is not None)
    return items


def gate_preview(jz: Jianzheng, case: EnforcementCase, by: Principal) -> JianzhengError | None:
    """What the gate would answer ``by`` deciding on the current draft now (R-LR-1, R-EN-4,
    R-EN-7), read with the domain's own check from the draft's own judgement — shown before
    the head decides. The service decides, judging the draft again from the record."""
    draft = case.drafts.get(case.current_draft or "")
    if draft is None or case.decision is not None:
        return None
    rules = matched_rules(catalogue_data(jz, draft), case.action_type.value, draft.matched_rules)
    return decision_refusal(
        case,
        by.actor_id,
        by.has(Role.AGENCY_HEAD),
        draft.draft_hash,
        major=draft.major,
        collective=[r.id for r in rules if r.collective],
    )


def case_file(
    jz: Jianzheng, case: EnforcementCase, answer: dict[str, Any], entries: list[TimelineEntry]
) -> dict[str, Any]:
    """Everything a case page shows, in words."""
    names = Directory(jz.store).name
    on = today()
    drafts = [draft_view(jz, case, d) for d in sorted(case.drafts.values(), key=lambda d: d.number)]
    current = next((d for d in drafts if d["current"]), None)
    history = timeline(case, entries)
    blocked = [t for t in history if t["blocked"]]
    decision = case.decision
    informed = any(s["kind"] == StepKind.CREDENTIALS_SHOWN for s in case.steps)
    ending = ending_of(case)
    return {
        "id": str(case.id),
        "title": case.title,
        "action_type": term("action_type", case.action_type.value),
        "stage": case.stage.value,
        "stage_words": STAGES.get(case.stage.value, case.stage.value),
        "agency": case.agency,
        "jurisdiction": case.jurisdiction,
        "filed_on": case.filed_on.isoformat(),
        "simplified": case.simplified,
        "party_kind": term("party_kind", case.party["kind"]),
        "party_name": case.party["name"],
        "officers": answer["officers"],
        "officer_ids": list(case.officers),
        "steps": [_step(case, s, names) for s in case.steps],
        "drafts": drafts,
        "current": current,
        "reviews": [_review(case, r, names, on) for r in case.reviews.values()],
        "discussions": [
            {
                "draft_number": case.draft(d.draft_hash).number,
                "held_on": d.held_on,
                "participants": [names(p) for p in d.participants],
                "conclusion": term("collective_conclusion", d.conclusion),
                "minutes": d.minutes_sha256,
            }
            for d in case.discussions
        ],
        "blocked": blocked,
        "decision": None
        if decision is None
        else {
            "decided_on": decision["decided_on"],
            "by": names(decision["decided_by"]),
            "draft_number": case.draft(decision["draft_hash"]).number,
        },
        "informed": informed,
        "requirements": requirements(jz, case),
        "timeline": history,
        "ending": None
        if ending is None
        else {**ending, "words": term("case_ending", ending["kind"])},
        "closable": answer.get("closable"),
        "seq": case.version,
    }

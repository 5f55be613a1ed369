"""The agency head's screens: decisions awaiting, and deciding on a draft (R-LR-1, R-LR-8, R-EN-7).

Deciding shows the gate's state up front — the domain's own check (``gate.decision_refusal``)
read for the current draft — and the head's collective discussion where the catalogue makes
the decision theirs together (R-EN-7: ``POST …/collective-discussions`` as a form). The
decision form is ``POST /v1/cases/{id}/decision``: ``CaseService.decide`` decides, or refuses;
a refusal of a major draft is itself recorded as ``DecisionBlocked`` (R-LR-8), so it is a
result: the head is sent (Post/Redirect/Get) to ``/decisions/{id}?blocked=SEQ``, which says so —
"此次决定尝试已被拦截并记入案卷" — with the recorded event's time, sequence number, log leaf
and hash, read back from the case's timeline; reloading that page records nothing.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web.enforcement.bodies import body_model
from api.web.enforcement.casefile import case_file, gate_preview
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    optional,
    refusal_of,
    refused,
    several,
    text,
    validated,
)
from api.web.enforcement.queues import READY, WAITING, awaiting_decision
from api.web.enforcement.reading import may_act_as, read_case
from api.web.enforcement.words import choices, refusal_words
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Role
from domain.records.enforcement import is_audio_video
from domain.records.errors import JianzhengError
from infra.application import Jianzheng
from infra.clock import today
from infra.colleagues import colleagues

router = APIRouter(include_in_schema=False)


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(request: Request, jz: App, signed: Screen) -> HTMLResponse:
    """The head's home: drafts whose gate is open first, then major drafts still waiting."""
    return show(
        request,
        signed,
        "enforcement/decisions.html",
        ready=awaiting_decision(jz, signed.principal, READY),
        waiting=awaiting_decision(jz, signed.principal, WAITING),
    )


def _documents(file: dict[str, Any]) -> list[dict[str, Any]]:
    """The documents (not recordings) cited in the case's steps: candidates for minutes."""
    seen: dict[str, dict[str, Any]] = {}
    for step in file["steps"]:
        for e in step["evidence"]:
            if not is_audio_video(str(e["media_type"])):
                seen.setdefault(e["sha256"], {**e, "step": step["no"]})
    return list(seen.values())


def _decide_context(
    jz: Jianzheng,
    signed: Signed,
    case_id: UUID,
    values: dict[str, Any] | None = None,
    blocked: dict[str, Any] | None = None,
) -> dict[str, Any]:
    read = read_case(jz, signed, case_id)
    file = case_file(jz, read.case, read.answer, read.timeline)
    preview = gate_preview(jz, read.case, signed.principal)
    return {
        "file": file,
        "draft": file["current"],
        "gate": None if preview is None else refusal_of(preview),
        "as_head": may_act_as(signed, read.case, Role.AGENCY_HEAD),
        "heads": colleagues(jz, signed.principal, Role.AGENCY_HEAD)
        if signed.principal.has(Role.AGENCY_HEAD)
        else [],
        "conclusions": choices("collective_conclusion"),
        "documents": _documents(file),
        "values": values or {"participants": [signed.principal.actor_id]},
        "blocked_now": blocked,
        "today": today().isoformat(),
    }


@router.get("/decisions/{case_id}", response_class=HTMLResponse)
def decide_page(
    request: Request,
    jz: App,
    signed: Screen,
    case_id: UUID,
    blocked: Annotated[int | None, Query(ge=1, description="a recorded blocked attempt")] = None,
) -> HTMLResponse:
    """The gate's state for the current draft, the collective discussion, the decision form;
    with ``?blocked=SEQ``, the blocked attempt recorded as that event of the case (R-LR-8)."""
    context = _decide_context(jz, signed, case_id)
    attempt = next(
        (t for t in context["file"]["timeline"] if t["blocked"] and t["seq"] == blocked), None
    )
    if attempt is None:
        return show(request, signed, "enforcement/decide.html", refusal=None, **context)
    context["blocked_now"] = attempt
    code = str(attempt["code"])
    refusal = Refusal(code, refusal_words(code), str(attempt["reason"]))
    return refused(request, signed, "enforcement/decide.html", refusal, **context)


@router.post("/decisions/{case_id}", response_class=HTMLResponse)
async def decide(request: Request, jz: App, signed: Screen, case_id: UUID) -> Response:
    """Decide (``POST /v1/cases/{id}/decision``). A blocked attempt on a major draft is
    recorded (R-LR-8), so it is a result: the page that shows it is fetched anew (Post/
    Redirect/Get) — reloading it never records a second attempt."""
    form = await checked_form(request, signed)
    values = {"decided_on": text(form, "decided_on"), "participants": [signed.principal.actor_id]}
    try:
        sent = validated(
            body_model(request, "POST", "/v1/cases/{case_id}/decision"),
            {"draft_hash": text(form, "draft_hash"), "decided_on": optional(form, "decided_on")},
        )
        jz.cases.decide(signed.principal, case_id, sent.draft_hash, decided_on=sent.decided_on)
    except FormInvalid as invalid:
        return _refused_decision(request, jz, signed, case_id, invalid.refusal, values)
    except JianzhengError as error:
        refusal = refusal_of(error)
        seqs = [int(e["seq"]) for e in refusal.recorded if e.get("stream") == str(case_id)]
        if seqs:
            return RedirectResponse(f"/decisions/{case_id}?blocked={seqs[0]}", status_code=303)
        return _refused_decision(request, jz, signed, case_id, refusal, values)
    return RedirectResponse(f"/cases/{case_id}#decision", status_code=303)


def _refused_decision(
    request: Request,
    jz: Jianzheng,
    signed: Signed,
    case_id: UUID,
    refusal: Refusal,
    values: dict[str, Any],
) -> HTMLResponse:
    """The decide page again, with the refusal next to the form."""
    context = _decide_context(jz, signed, case_id, values)
    return refused(request, signed, "enforcement/decide.html", refusal, **context)


@router.post("/decisions/{case_id}/collective", response_class=HTMLResponse)
async def collective_discussion(
    request: Request, jz: App, signed: Screen, case_id: UUID
) -> Response:
    """Record the heads' collective discussion of the current draft (R-EN-7)."""
    form = await checked_form(request, signed)
    minutes = optional(form, "minutes_sha256") or optional(form, "minutes_listed")
    values = {
        "participants": several(form, "participants"),
        "held_on": text(form, "held_on"),
        "conclusion": text(form, "conclusion"),
        "minutes_sha256": text(form, "minutes_sha256"),
        "minutes_listed": text(form, "minutes_listed"),
    }
    try:
        sent = validated(
            body_model(request, "POST", "/v1/cases/{case_id}/collective-discussions"),
            {
                "draft_hash": text(form, "draft_hash"),
                "participants": values["participants"],
                "held_on": text(form, "held_on").strip(),
                "conclusion": values["conclusion"],
                "minutes_sha256": (minutes or "").lower(),
            },
        )
        jz.cases.record_collective_discussion(
            signed.principal,
            case_id,
            draft_hash=sent.draft_hash,
            participants=sent.participants,
            held_on=sent.held_on,
            conclusion=sent.conclusion,
            minutes_sha256=sent.minutes_sha256,
        )
    except FormInvalid as invalid:
        return _refused_decision(request, jz, signed, case_id, invalid.refusal, values)
    except JianzhengError as error:
        return _refused_decision(request, jz, signed, case_id, refusal_of(error), values)
    return RedirectResponse(f"/decisions/{case_id}#collective", status_code=303)

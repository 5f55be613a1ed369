"""The agency head's screens: decisions awaiting, and deciding on a draft (R-LR-1, R-LR-8, R-EN-7).

Deciding shows the gate's state up front — the domain's own check (``gate.decision_refusal``)
read for the current draft — and the head's collective discussion where the catalogue makes
the decision theirs together (R-EN-7: ``POST …/collective-discussions`` as a form). The
decision form is ``POST /v1/cases/{id}/decision``: ``CaseService.decide`` decides, or refuses;
a refusal of a major draft is itself recorded as ``DecisionBlocked`` (R-LR-8), so it is a
result: the head is sent (Post/Redirect/Get) to ``/decisions/{id}?blocked=SEQ``, which says so —
"此次决定尝试已被拦截并记入案卷" — with the recorded event's time, sequence number, log leaf
and hash, read back from the case's timeline; reloading that page records nothing.

A resubmitted decision form records nothing either (R-LR-8: one record per intended attempt).
The form carries the case's version it was shown at (``form_seq``, the case's ``seq``); the
service is called only while the case is still at that version. A form whose version is past
is an answered form (the back button, a double click, a replay): if the event that followed
its version is this head's blocked attempt, the page of that attempt is shown again; if it is
the decision, the case page; else the case changed meanwhile (``form-outdated``) and the page
is shown again with the case as it is now — nothing is recorded in any of these cases.

Only heads are offered the page (a person without the role gets the service's refusal,
``decision-authority-required``, before the case is read — nothing recorded as a read). A
decision posted by someone else all the same goes to the service, which decides as it does for
the API (and records what it records there).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from api.deps import App
from api.web.enforcement.bodies import body_model
from api.web.enforcement.casefile import BLOCKED, case_file, gate_preview
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    fields_as_sent,
    optional,
    refusal_of,
    refused,
    several,
    text,
    validated,
)
from api.web.enforcement.queues import READY, WAITING, awaiting_decision
from api.web.enforcement.reading import Read, may_act_as, read_case, require_role
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
    require_role(signed, Role.AGENCY_HEAD)
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
    require_role(signed, Role.AGENCY_HEAD)  # the heads' page: no read recorded for others
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
        "form_seq": read.case.version,
    }


DECIDED = "enforcement.DecisionMade"
DECISION_FIELDS = ("draft_hash", "decided_on", "form_seq")
"""The decision form's fields (each once): the body of ``POST …/decision`` and the case's
version the form was shown at."""
COLLECTIVE_FIELDS = ("draft_hash", "held_on", "conclusion", "minutes_sha256", "minutes_listed")
"""The collective-discussion form's single-value fields (``participants`` may repeat)."""


def answered(read: Read, signed: Signed, form_seq: int) -> str | None:
    """Where an already answered decision form leads (module docstring): this head's blocked
    attempt that followed the form's version, or the decision; ``""`` when something else
    followed (the form is outdated); None while the case is still at the form's version."""
    if form_seq >= read.case.version:
        return None
    case_id = str(read.case.id)
    following = sorted(
        (e for e in read.timeline if e.stream == case_id and e.seq > form_seq),
        key=lambda e: e.seq,
    )
    first = following[0] if following else None
    mine = first is not None and first.actor.actor_id == signed.principal.actor_id
    if first is not None and first.event_type == BLOCKED and mine:
        return f"/decisions/{case_id}?blocked={first.seq}"
    if first is not None and first.event_type == DECIDED:
        return f"/cases/{case_id}#decision"
    return ""


def _form_seq(form: FormData) -> int:
    raw = text(form, "form_seq").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 15):
        words = refusal_words("form-outdated")
        raise FormInvalid(Refusal("form-outdated", words, "form_seq: missing or not a version"))
    return int(raw)


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
    Redirect/Get) — reloading it, or posting the same form again, never records a second
    attempt (module docstring)."""
    form = await checked_form(request, signed)
    values = {"decided_on": text(form, "decided_on"), "participants": [signed.principal.actor_id]}
    try:
        fields_as_sent(form, DECISION_FIELDS)
        sent = validated(
            body_model(request, "POST", "/v1/cases/{case_id}/decision"),
            {"draft_hash": text(form, "draft_hash"), "decided_on": optional(form, "decided_on")},
        )
        if signed.principal.has(Role.AGENCY_HEAD):
            earlier = answered(read_case(jz, signed, case_id), signed, _form_seq(form))
            if earlier:
                return RedirectResponse(earlier, status_code=303)
            if earlier is not None:
                words = refusal_words("form-outdated")
                detail = "the case changed after the form was shown; nothing was recorded"
                raise FormInvalid(Refusal("form-outdated", words, detail))
        jz.cases.decide(signed.principal, case_id, sent.draft_hash, decided_on=sent.decided_on)
    except FormInvalid as invalid:
        return _refused_decision(request, jz, signed, case_id, invalid.refusal, values)
    except JianzhengError as error:
        if not signed.principal.has(Role.AGENCY_HEAD):
            raise  # the service's refusal (recorded where it records), as a page; no read
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
        fields_as_sent(form, COLLECTIVE_FIELDS, ("participants",))
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
        if not signed.principal.has(Role.AGENCY_HEAD):
            raise  # the service's refusal of a person without the role, as a page; no read
        return _refused_decision(request, jz, signed, case_id, refusal_of(error), values)
    return RedirectResponse(f"/decisions/{case_id}#collective", status_code=303)

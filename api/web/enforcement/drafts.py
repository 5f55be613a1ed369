"""Drafting a decision and sending it to legal review (R-LR-1, R-LR-2, R-LR-7, R-LR-9, R-EN-7).

The draft form is ``POST /v1/cases/{id}/drafts`` as a form (money typed in 元, sent in fen),
with the catalogue in force listed first: which drafts are major, and why (R-LR-2, R-LR-10),
and the simplified procedure's caps for a simplified case (R-LR-9). Once submitted, the
draft's page shows AT ONCE what the API answered — major or not, the matched catalogue rules
with their titles and bases, those that make the heads decide collectively (R-EN-7) — the
gate's state (需要法制审核 / 审核中 / 审核通过 / 审核未通过), what changed since the previous draft,
and what the law requires next; and it sends the draft to review (``POST …/reviews``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web.directory import yuan
from api.web.enforcement.bodies import body_model
from api.web.enforcement.casefile import case_file, draft_view
from api.web.enforcement.diff import draft_changes
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    fen,
    fields_as_sent,
    optional,
    refusal_of,
    refused,
    several,
    text,
    validated,
)
from api.web.enforcement.reading import may_act_as, read_case, require_role
from api.web.enforcement.words import choices, term
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Role
from domain.records.catalogue import SIMPLIFIED_PROCEDURE, STATUTORY_FLOOR
from domain.records.errors import DraftNotFound, JianzhengError
from infra.application import Jianzheng
from infra.clock import today

router = APIRouter(include_in_schema=False)


def condition_words(when: dict[str, Any]) -> str:
    """A catalogue rule's condition in words (R-LR-2: thresholds are data)."""
    parts = []
    if "measure_any" in when:
        parts.append(
            "处罚种类含：" + "、".join(term("catalogue_measure", m) for m in when["measure_any"])
        )
    for key, what in (("fine_at_least_fen", "罚款"), ("confiscation_at_least_fen", "没收金额")):
        if key in when:
            limits = when[key]
            person, organisation = yuan(limits["person"]), yuan(limits["organisation"])
            parts.append(f"{what}达到 公民 {person}、法人或者其他组织 {organisation}")
    if "flag" in when:
        parts.append("情形：" + term("catalogue_flag", when["flag"]))
    if "action_types" in when:
        parts.append("限于：" + "、".join(term("action_type", a) for a in when["action_types"]))
    return "；".join(parts)


def catalogue_rules(jz: Jianzheng, agency: str, jurisdiction: str) -> dict[str, Any]:
    """The catalogue that judges new drafts of the case (``GET /v1/catalogue?agency=…``)."""
    found = jz.catalogues.in_force(agency, jurisdiction)
    own = {r["id"] for r in found["data"]["rules"]}
    rules = [
        {"title": r["title"], "basis": r["basis"], "when": condition_words(r["when"])}
        for r in [
            *found["data"]["rules"],
            *(r for r in STATUTORY_FLOOR["rules"] if r["id"] not in own),
        ]
    ]
    scope = found["scope"]
    return {
        "version": found["version"],
        "scope": "本机关目录" if scope["agency"] else "全国默认目录",
        "rules": rules,
        "review_all": bool(found["data"].get("review_all_non_simplified")),
    }


DRAFT_FIELDS = ("fine", "confiscation", "facts", "legal_basis", "discretion")
"""The draft form's single-value fields (``measures`` and ``flags`` are checkboxes)."""
DRAFT_LISTS = ("measures", "flags")


def _form_context(
    jz: Jianzheng, signed: Signed, case_id: UUID, values: dict[str, Any]
) -> dict[str, Any]:
    require_role(signed, Role.OFFICER)  # an officer's form: no read recorded for others
    read = read_case(jz, signed, case_id)
    case = read.case
    return {
        "case": case,
        "values": values,
        "measures": choices("catalogue_measure"),
        "flags": choices("catalogue_flag"),
        "catalogue": catalogue_rules(jz, case.agency, case.jurisdiction),
        "simplified": SIMPLIFIED_PROCEDURE["basis"] if case.simplified else None,
        "revising": case.current_draft is not None,
    }


@router.get("/cases/{case_id}/drafts/new", response_class=HTMLResponse)
def new_draft(request: Request, jz: App, signed: Screen, case_id: UUID) -> HTMLResponse:
    """The draft form, filled with the current draft when revising it."""
    require_role(signed, Role.OFFICER)
    read = read_case(jz, signed, case_id)
    current = read.case.drafts.get(read.case.current_draft or "")
    values: dict[str, Any] = {"measures": [], "flags": []}
    if current is not None:
        content = current.content
        values = {
            **content,
            "fine": f"{content['fine_fen'] / 100:.2f}" if content["fine_fen"] else "",
            "confiscation": (
                f"{content['confiscation_fen'] / 100:.2f}" if content["confiscation_fen"] else ""
            ),
        }
    context = _form_context(jz, signed, case_id, values)
    return show(request, signed, "enforcement/draft_new.html", refusal=None, **context)


@router.post("/cases/{case_id}/drafts", response_class=HTMLResponse)
async def submit_draft(request: Request, jz: App, signed: Screen, case_id: UUID) -> Response:
    """Submit the draft as ``POST /v1/cases/{id}/drafts`` does, then show its judgement."""
    form = await checked_form(request, signed)
    values = {
        "measures": several(form, "measures"),
        "flags": several(form, "flags"),
        "fine": text(form, "fine"),
        "confiscation": text(form, "confiscation"),
        "facts": text(form, "facts"),
        "legal_basis": text(form, "legal_basis"),
        "discretion": text(form, "discretion"),
    }
    try:
        fields_as_sent(form, DRAFT_FIELDS, DRAFT_LISTS)
        body = {
            "measures": values["measures"],
            "fine_fen": fen(form, "fine"),
            "confiscation_fen": fen(form, "confiscation"),
            "facts": values["facts"],
            "legal_basis": values["legal_basis"],
            "discretion": values["discretion"],
            "flags": values["flags"],
        }
        sent = validated(body_model(request, "POST", "/v1/cases/{case_id}/drafts"), body)
        hashed, _, _ = jz.cases.submit_draft(signed.principal, case_id, sent.model_dump())
    except FormInvalid as invalid:
        return _refused_draft(request, jz, signed, case_id, invalid.refusal, values)
    except JianzhengError as error:
        return _refused_draft(request, jz, signed, case_id, refusal_of(error), values)
    return RedirectResponse(f"/cases/{case_id}/drafts/{hashed}", status_code=303)


def _refused_draft(
    request: Request,
    jz: Jianzheng,
    signed: Signed,
    case_id: UUID,
    refusal: Refusal,
    values: dict[str, Any],
) -> HTMLResponse:
    context = _form_context(jz, signed, case_id, values)
    return refused(request, signed, "enforcement/draft_new.html", refusal, **context)


def _draft_context(jz: Jianzheng, signed: Signed, case_id: UUID, draft_hash: str) -> dict[str, Any]:
    read = read_case(jz, signed, case_id)
    case = read.case
    draft = case.drafts.get(draft_hash)
    if draft is None:
        raise DraftNotFound(f"no draft {draft_hash} in case {case_id}")
    previous = next((d for d in case.drafts.values() if d.number == draft.number - 1), None)
    return {
        "file": case_file(jz, case, read.answer, read.timeline),
        "draft": draft_view(jz, case, draft),
        "previous_number": None if previous is None else previous.number,
        "changes": draft_changes(None if previous is None else previous.content, draft.content),
        "as_officer": signed.principal.actor_id in case.officers
        and may_act_as(signed, case, Role.OFFICER),
        "as_head": may_act_as(signed, case, Role.AGENCY_HEAD),
        "today": today().isoformat(),
    }


@router.get("/cases/{case_id}/drafts/{draft_hash}", response_class=HTMLResponse)
def draft_page(
    request: Request, jz: App, signed: Screen, case_id: UUID, draft_hash: str
) -> HTMLResponse:
    """A draft: major or not and why, the gate's state, what changed, what comes next."""
    context = _draft_context(jz, signed, case_id, draft_hash)
    return show(request, signed, "enforcement/draft.html", refusal=None, **context)


@router.post("/cases/{case_id}/reviews", response_class=HTMLResponse)
async def request_review(request: Request, jz: App, signed: Screen, case_id: UUID) -> Response:
    """Send the draft to legal review (``POST /v1/cases/{id}/reviews``); its due date is the
    agency's time limit in working days (R-LR-7)."""
    form = await checked_form(request, signed)
    draft_hash = text(form, "draft_hash")
    try:
        fields_as_sent(form, ("draft_hash", "requested_on"))
        sent = validated(
            body_model(request, "POST", "/v1/cases/{case_id}/reviews"),
            {"draft_hash": draft_hash, "requested_on": optional(form, "requested_on")},
        )
        jz.cases.request_review(
            signed.principal, case_id, sent.draft_hash, requested_on=sent.requested_on
        )
    except (FormInvalid, JianzhengError) as failed:
        require_role(signed, Role.OFFICER)  # not theirs to send: the refusal, no read
        refusal = failed.refusal if isinstance(failed, FormInvalid) else refusal_of(failed)
        context = _draft_context(jz, signed, case_id, draft_hash)
        return refused(request, signed, "enforcement/draft.html", refusal, **context)
    return RedirectResponse(f"/cases/{case_id}/drafts/{draft_hash}", status_code=303)

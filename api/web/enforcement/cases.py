"""The officer's screens of a case: opening one, and the case page (R-EN-1…7, R-AV-1, R-LR-1).

``/cases/new`` is ``POST /v1/cases`` as a form: the route's own model (``CaseIn``) checks it and
``CaseService.open_case`` opens the case, so the form refuses what the API refuses. The case
page ``/cases/{id}`` shows what ``GET /v1/cases/{id}`` answers: parties, officers, steps with
their evidence, drafts with why they are major, the legal review, the decision, what the law
still requires, and the timeline (``api/web/timeline.py``). Its buttons lead to the step,
draft, review and decision screens of those who act on the case.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.schemas.terms import term as term_of
from api.web.enforcement.bodies import body_model
from api.web.enforcement.casefile import case_file
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    checkbox,
    fields_as_sent,
    optional,
    refusal_of,
    refused,
    several,
    text,
    validated,
)
from api.web.enforcement.queues import CaseQuery, my_cases
from api.web.enforcement.reading import ReasonRequired, may_act_as, read_case, require_role
from api.web.enforcement.words import choices
from api.web.screen import show
from api.web.session import Screen, checked_form, safe_next
from domain.records.actors import Role
from domain.records.catalogue import SIMPLIFIED_PROCEDURE
from domain.records.errors import JianzhengError
from domain.records.text import visible
from infra.clock import today
from infra.colleagues import colleagues

router = APIRouter(include_in_schema=False)


@router.get("/cases", response_class=HTMLResponse)
def my_cases_page(
    request: Request,
    jz: App,
    signed: Screen,
    scope: Annotated[Literal["mine", "agency"], Query()] = "mine",
    status: Annotated[term_of("case_status") | None, Query()] = None,  # type: ignore[valid-type]
    action_type: Annotated[term_of("action_type") | None, Query()] = None,  # type: ignore[valid-type]
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[Literal["opened", "updated", "title"] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> HTMLResponse:
    """The officer's home: their cases (or the agency's), each with its status, gate and
    next step in words, from ``GET /v1/cases``'s list; filtered, sorted and paged."""
    query = CaseQuery(
        mine=scope == "mine", status=status, action_type=action_type,
        q=(q or "").strip() or None, sort=sort, cursor=cursor,
    )  # fmt: skip
    rows, following = my_cases(jz, signed.principal, query)
    here = {"scope": scope, "status": status, "action_type": action_type, "q": query.q,
            "sort": sort}  # fmt: skip
    shown = {k: v for k, v in here.items() if v}
    return show(
        request,
        signed,
        "enforcement/cases.html",
        rows=rows,
        query=here,
        statuses=choices("case_status"),
        action_types=choices("action_type"),
        sorts=[("opened", "立案日期（新的在前）"), ("updated", "最近更新"), ("title", "案件名称")],
        next_url=None
        if following is None
        else "/cases?" + urlencode({**shown, "cursor": following}),
        first_url="/cases?" + urlencode(shown) if cursor else None,
        may_open=signed.principal.has(Role.OFFICER),
    )


def _new_case_context(jz: App, signed: Screen, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "values": values,
        "officers": colleagues(jz, signed.principal, Role.OFFICER),
        "action_types": choices("action_type"),
        "party_kinds": choices("party_kind"),
        "simplified_basis": SIMPLIFIED_PROCEDURE["basis"],
        "today": today().isoformat(),
    }


CASE_FIELDS = ("title", "action_type", "party_kind", "party_name", "jurisdiction", "simplified",
               "filed_on")  # fmt: skip
"""The single-value fields of the case form (``officers`` may repeat)."""


@router.get("/cases/new", response_class=HTMLResponse)
def new_case(request: Request, jz: App, signed: Screen) -> HTMLResponse:
    """The form that opens a case (``POST /v1/cases``), with its preconditions listed."""
    require_role(signed, Role.OFFICER)  # only an officer opens a case: the service's refusal
    me = signed.principal
    values = {
        "action_type": "penalty",
        "party_kind": "organisation",
        "jurisdiction": me.jurisdiction,
        "officers": [me.actor_id],
        "filed_on": today().isoformat(),
    }
    context = _new_case_context(jz, signed, values)
    return show(request, signed, "enforcement/case_new.html", refusal=None, **context)


@router.post("/cases/new", response_class=HTMLResponse)
async def open_case(request: Request, jz: App, signed: Screen) -> Response:
    """Open the case as ``POST /v1/cases`` does, then show it (Post/Redirect/Get)."""
    form = await checked_form(request, signed)
    me = signed.principal
    values = {
        "title": text(form, "title"),
        "action_type": text(form, "action_type"),
        "party_kind": text(form, "party_kind"),
        "party_name": text(form, "party_name"),
        "jurisdiction": text(form, "jurisdiction").strip(),
        "officers": several(form, "officers"),
        "simplified": form.get("simplified") == "on",
        "filed_on": text(form, "filed_on").strip(),
    }
    try:
        fields_as_sent(form, CASE_FIELDS, ("officers",))
        simplified = checkbox(form, "simplified")
    except FormInvalid as invalid:
        return _refused_case(request, jz, signed, invalid.refusal, values)
    body = {
        "action_type": values["action_type"],
        "title": values["title"],
        "agency": me.agency,
        "jurisdiction": values["jurisdiction"],
        "officers": values["officers"],
        "party": {"kind": values["party_kind"], "name": values["party_name"]},
        "simplified": simplified,
        "filed_on": optional(form, "filed_on"),
    }
    try:
        sent = validated(body_model(request, "POST", "/v1/cases"), body)
        case, _ = jz.cases.open_case(
            me,
            action_type=sent.action_type,
            title=sent.title,
            agency=sent.agency,
            jurisdiction=sent.jurisdiction,
            officers=sent.officers,
            party=sent.party.model_dump(),
            simplified=sent.simplified,
            filed_on=sent.filed_on,
        )
    except FormInvalid as invalid:
        return _refused_case(request, jz, signed, invalid.refusal, values)
    except JianzhengError as error:
        if not me.has(Role.OFFICER):
            raise  # the service's refusal of a person without the role, as a page
        return _refused_case(request, jz, signed, refusal_of(error), values)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def _refused_case(
    request: Request, jz: App, signed: Screen, refusal: Refusal, values: dict[str, Any]
) -> HTMLResponse:
    context = _new_case_context(jz, signed, values)
    return refused(request, signed, "enforcement/case_new.html", refusal, **context)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, jz: App, signed: Screen, case_id: UUID) -> HTMLResponse:
    """A case file (``GET /v1/cases/{id}``) and its timeline, in words."""
    try:
        read = read_case(jz, signed, case_id)
    except ReasonRequired as asked:
        return show(
            request, signed, "enforcement/reason.html", case_id=str(asked.case_id), refusal=None,
            after=f"/cases/{asked.case_id}",
        )  # fmt: skip
    return show(
        request,
        signed,
        "enforcement/case.html",
        file=case_file(jz, read.case, read.answer, read.timeline),
        as_officer=signed.principal.actor_id in read.case.officers
        and may_act_as(signed, read.case, Role.OFFICER),
        as_head=may_act_as(signed, read.case, Role.AGENCY_HEAD),
        as_reviewer=may_act_as(signed, read.case, Role.LEGAL_REVIEWER),
    )


@router.post("/cases/{case_id}/reason", response_class=HTMLResponse)
async def give_reason(request: Request, jz: App, signed: Screen, case_id: UUID) -> Response:
    """A court's or oversight body's reason for this visit to the case (recorded with each
    read, R-AV-5); kept with the session until sign-out."""
    form = await checked_form(request, signed)
    after = _after_reason(text(form, "next"), case_id)
    try:
        fields_as_sent(form, ("reason", "next"))
    except FormInvalid as invalid:
        return refused(
            request, signed, "enforcement/reason.html", invalid.refusal,
            case_id=str(case_id), after=after,
        )  # fmt: skip
    reason = visible(text(form, "reason"))
    if reason is None:
        refusal = Refusal(
            "invalid-input", "请说明查阅理由（将随每次查阅记入案卷）。", "reason is empty", "reason"
        )
        return refused(
            request, signed, "enforcement/reason.html", refusal, case_id=str(case_id), after=after
        )
    jz.sessions.remember_reason(signed.session, str(case_id), reason)
    return RedirectResponse(after, status_code=303)


def _after_reason(wanted: str, case_id: UUID) -> str:
    """Where to go once the reason is given: the page of this case that asked for it (a local
    path naming the case), else the case page."""
    after = safe_next(wanted)
    return after if str(case_id) in after and after != "/" else f"/cases/{case_id}"

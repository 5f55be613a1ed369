"""A child's file on the screen: who the child is, the guardianship in force, the timeline,
and what may be recorded next (R-CH-1, R-GD-9, R-AC-2).

The file is read through ``ChildService.read_child_with_moments``: the child's own area's
staff read it unrecorded; another department (the police, oversight, a court, the staff of an
area the household left) is asked its reason once per visit, kept with the session
(``jz.sessions.remember_reason``), and every read is recorded by the service with that
reason, exactly as ``GET /v1/children/{id}?reason=`` records it (R-CH-4, R-AC-3).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web.children.law import DIRECT_KINDS, current, guide, standing_arrangement, who
from api.web.children.pages import check_reason
from api.web.children.records import RECORDS
from api.web.children.timeline import timeline
from api.web.children.words import ALLOWANCE, ARRANGEMENT_KINDS, term
from api.web.directory import Directory
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from api.web.timeline import read_child_timeline
from domain.records.actors import Role
from domain.records.errors import InvalidInput, PermissionDenied
from infra.application import Jianzheng
from infra.clock import today
from infra.listing import MAX_LIMIT, PageRequest
from infra.lists import ReportFilters

router = APIRouter(include_in_schema=False)

DONE = {
    "registered": "档案已建立。",
    "guardianship": "监护变更已记录，见下方时间线。",
    "record": "已记录，见下方时间线。",
    "detention": "父母被羁押的情况已记录；需要照料的已记为临时监护。",
}
"""What a form that went through says on the file it leads back to (Post/Redirect/Get)."""


def reports_about(jz: Jianzheng, signed: Signed, child_id: UUID) -> list[dict[str, Any]] | None:
    """The reports about the child in the reader's area, from the pipeline ``GET /v1/reports``
    lists (``jz.lists.reports``: no reporter, no personal data), every page of them; None when
    the reader's role has no pipeline (a court reads the file, not the area's reports)."""
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    try:
        while True:
            page = jz.lists.reports(
                signed.principal, ReportFilters(child_id=str(child_id)),
                PageRequest(cursor=cursor, limit=MAX_LIMIT),
            )  # fmt: skip
            found += page.items
            if page.next is None:
                return found
            cursor = page.next
    except PermissionDenied:
        return None


def reason_page(
    request: Request, signed: Signed, child_id: UUID, refusal: str = "", entered: str = ""
) -> HTMLResponse:
    """Ask another department's reason for reading the file, once per visit."""
    answer = show(
        request, signed, "children/reason.html", action=f"/children/{child_id}/reason",
        subject="儿童档案", back="/children", refusal=refusal, entered=entered,
    )  # fmt: skip
    if refusal:
        answer.headers[REFUSAL_HEADER] = "invalid-input"
    return answer


@router.get("/children/{child_id}", response_class=HTMLResponse)
def child_file(
    request: Request,
    child_id: UUID,
    jz: App,
    signed: Screen,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The file, its timeline and what may be recorded next."""
    reason = jz.sessions.reason_for(signed.session, str(child_id))
    try:
        file, events = read_child_timeline(jz, signed.principal, child_id, reason)
    except InvalidInput as exc:
        if exc.extra.get("field") == "reason":  # another department: ask why, once per visit
            return reason_page(request, signed, child_id)
        raise
    village = str(file["location"]["village"])
    directory = Directory(jz.store)
    responsible = jz.staff.responsible(jz.staff.rosters(), village, today())
    reports = reports_about(jz, signed, child_id)
    keeper = file.get("reads") is not None  # the service shows reads to the file's keepers
    guides = [guide(kind, file, signed.principal) for kind in DIRECT_KINDS]
    return show(
        request, signed, "children/file.html",
        child_id=str(child_id), file=file, directory=directory, term=term, current=current(file),
        standing=standing_arrangement(file), who=who, kinds=ARRANGEMENT_KINDS,
        responsible=responsible, reports=reports, keeper=keeper,
        entries=timeline(file, events, reports or [], directory),
        guides=[g for g in guides if g.lines[0].status != "unmet"],
        records=[r for r in RECORDS.values() if r.offered_to(signed.principal, file)],
        done=DONE.get(done, ""), reason=reason, allowance_words=ALLOWANCE,
        police=signed.principal.has(Role.POLICE),
    )  # fmt: skip


@router.post("/children/{child_id}/reason", response_class=HTMLResponse)
async def give_reason(request: Request, child_id: UUID, jz: App, signed: Screen) -> Response:
    """Keep this visit's reason for reading the file; each read is still recorded."""
    form = await checked_form(request, signed)
    entered = form.get("reason")
    reason = check_reason(entered)
    if reason is None:
        text = entered if isinstance(entered, str) else ""
        return reason_page(request, signed, child_id, "请写明查阅理由（不超过 2000 字）。", text)
    jz.sessions.remember_reason(signed.session, str(child_id), reason)
    return RedirectResponse(f"/children/{child_id}", status_code=303)

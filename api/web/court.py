"""Screens of the people's court (人民法院) — and of everyone who reads a case's or a child's
history: the history as a timeline, its bundle, its dossier.

The court's home (``/court``) finds what the court may open: a case of its area by its title
in the list of cases (``GET /v1/cases``, listed without a reason and not recorded: a row shows
no person and no step) or by its number, and the children's files before it — those with a
guardianship petition filed in its area (R-GD-8; ``infra.court_docket.petitions_before_court``:
numbers and dates, never a name).

A history (``/history/cases/{id}``, ``/history/children/{id}``) is the readable timeline
(``api/web/timeline.py``): what happened in Chinese, who did it by name and role, when it was
recorded in Beijing time beside the time it claims, late entries flagged (R-EN-2), and the
evidence each step cites. It is read through the API's own read path — ``CaseService.readable``
or ``ChildService.read_child`` — so who may read is decided there, and a court's or another
department's read is recorded there with its reason, each time, exactly as the API records
it (R-CH-4, R-AC-3).

**A reason once per visit.** A reader who must give a reason is asked for it once, before
anything is read, on a form that says the read will be recorded; the screen keeps it with the
session for this case or child (``SessionStore.remember_reason``, sealed, forgotten at
sign-out) and passes it with every read it makes: the history, the bundle, the dossier.
Readers of the case's own agency or the child's own area are never asked.

**Taking it away.** The court bundle and the dossier PDF are made by what the API's routes call
(``infra.bundle.export_case_as_read`` for ``GET /v1/cases/{id}/bundle``,
``infra.child_bundle.export_child`` for ``GET /v1/court/children/{id}/bundle``,
``api.web.dossier.make_dossier`` for ``GET /v1/cases/{id}/dossier.pdf``), given the visit's
reason, and downloaded as files; each export is recorded with the SHA-256 of exactly its bytes.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web import forms, nav
from api.web.directory import size_text
from api.web.dossier import make_dossier
from api.web.lists import Cursor, Text, blank, choice, listed, page_request, with_refusal
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed, check_script_request, checked_form
from api.web.timeline import read_case_timeline, read_child_timeline
from domain.records.actors import Role
from domain.records.errors import InvalidInput, JianzhengError, ReadReasonRequired
from domain.records.vocabulary import vocabulary
from infra.application import Jianzheng
from infra.bundle import export_case_as_read
from infra.child_bundle import export_child
from infra.court_docket import petitions_before_court
from infra.evidence_reads import ReadTicket
from infra.lists import CaseFilters
from infra.lists.cases import CASE_LIST

router = APIRouter(include_in_schema=False)

HOME = "/court"
nav.entry(HOME, "法院查阅", Role.COURT, order=10)

SUBJECTS = {
    "cases": {"kind": "case", "noun": "执法案件", "number": "案件编号"},
    "children": {"kind": "child", "noun": "儿童档案", "number": "档案编号"},
}
"""What a history is of: its path segment, and how people call it and its number."""

PETITION_KINDS = dict(vocabulary("petition_kind").labels)
RULING_OUTCOMES = dict(vocabulary("ruling_outcome").labels)
ACTION_TYPES = dict(vocabulary("action_type").labels)
SEX = dict(vocabulary("sex").labels)
CATEGORIES = dict(vocabulary("category").labels)

CASE_STATUS = dict(vocabulary("case_status").labels)
STAGES = {"open": "办理中", "decided": "已作出决定", "closed": "已结案"}
"""A case's stage (``domain.records.enforcement.Stage``)."""


def history_url(segment: str, subject_id: UUID | str) -> str:
    """Where a case's or a child's history is shown."""
    return f"/history/{segment}/{subject_id}"


def visit_reason(jz: Jianzheng, signed: Signed, subject_id: UUID) -> str | None:
    """The reason this visit gave for ``subject_id``, if it gave one."""
    return jz.sessions.reason_for(signed.session, str(subject_id))


def reason_form(
    request: Request,
    signed: Signed,
    segment: str,
    subject_id: UUID,
    *,
    refusal: JianzhengError | None = None,
    entered: str = "",
) -> HTMLResponse:
    """Ask for the visit's reason before anything is read (R-CH-4, R-AC-3)."""
    answer = show(request, signed, "court/reason.html", subject=SUBJECTS[segment],
                  segment=segment, subject_id=str(subject_id), refusal=refusal,
                  entered=entered)  # fmt: skip
    if refusal is not None:
        answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


def _needs_reason(exc: InvalidInput, reason: str | None) -> bool:
    """Whether a read was refused only for want of the visit's reason: the read paths refuse
    a court's or another department's read without one (``invalid-input``), before reading."""
    return reason is None and exc.extra.get("field") in (None, "reason")


# -- the court's home ------------------------------------------------------------------------


@router.get(HOME, response_class=HTMLResponse)
def home(
    request: Request,
    jz: App,
    signed: Screen,
    case: Annotated[str | None, Query(max_length=100)] = None,
    q: Text = None,
    status: Text = None,
    sort: Text = None,
    order: Text = None,
    cursor: Cursor = None,
) -> Response:
    """Find a case — by its number, or in the list of the court's area (``GET /v1/cases``:
    listed, not read: no reason asked, nothing recorded) —; the children's files before the
    court."""
    by = signed.principal
    refusal = None
    if blank(case):
        try:
            return RedirectResponse(history_url("cases", UUID(str(case).strip())), status_code=303)
        except ValueError:
            refusal = InvalidInput("案件编号应为 36 位编号（如 3f2b1c9e-…）", field="case")
    filters = CaseFilters(status=choice(status, CASE_STATUS, "status"), q=blank(q))
    found = listed(request, lambda: jz.lists.cases(by, filters, page_request(sort, order, cursor)))
    petitions = petitions_before_court(jz, by)
    answer = show(request, signed, "court/home.html", petitions=petitions, case=case or "",
                  refusal=refusal, kinds=PETITION_KINDS, outcomes=RULING_OUTCOMES,
                  cases=found, filters=filters, statuses=CASE_STATUS, sorts=CASE_LIST.labels(),
                  sort=blank(sort), action_types=ACTION_TYPES)  # fmt: skip
    return with_refusal(answer, refusal or found.refusal)


# -- the visit's reason ------------------------------------------------------------------------


@router.post("/history/{segment}/{subject_id}/reason")
async def give_reason(
    request: Request, jz: App, signed: Screen, segment: str, subject_id: UUID
) -> Response:
    """Keep the visit's reason for this case or child, then show its history."""
    if segment not in SUBJECTS:
        raise InvalidInput("a history is of cases or children", field="segment",
                           allowed=list(SUBJECTS))  # fmt: skip
    form = await checked_form(request, signed)
    try:
        reason = forms.reason(form)
    except InvalidInput as exc:
        return reason_form(request, signed, segment, subject_id, refusal=exc,
                           entered=str(form.get("reason") or ""))  # fmt: skip
    jz.sessions.remember_reason(signed.session, str(subject_id), reason)
    return RedirectResponse(history_url(segment, subject_id), status_code=303)


# -- a case's history ----------------------------------------------------------------------------


@router.get("/history/cases/{case_id}", response_class=HTMLResponse)
def case_history(request: Request, jz: App, signed: Screen, case_id: UUID) -> HTMLResponse:
    """The case's timeline, read as ``GET /v1/cases/{id}`` reads (recorded for a court or an
    oversight body, with the visit's reason)."""
    reason = visit_reason(jz, signed, case_id)
    try:
        case, entries = read_case_timeline(jz, signed.principal, case_id, reason)
    except InvalidInput as exc:
        if _needs_reason(exc, reason):
            return reason_form(request, signed, "cases", case_id)
        raise
    state = case.state()
    return show(
        request, signed, "court/case.html", case=state, entries=entries, reason=reason,
        action_type=ACTION_TYPES.get(state["action_type"], state["action_type"]),
        stage=STAGES.get(state["stage"], state["stage"]), late=sum(e.late for e in entries),
        segment="cases",
    )  # fmt: skip


def _attachment(answer: Response, filename: str) -> Response:
    """The route's answer, saved as ``filename`` by the browser."""
    answer.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer.headers["Cache-Control"] = "no-store"
    return answer


@router.get("/history/cases/{case_id}/bundle")
def case_bundle(jz: App, signed: Screen, case_id: UUID) -> Response:
    """The case's court bundle (``GET /v1/cases/{id}/bundle`` with the visit's reason); the
    export is recorded with its SHA-256."""
    reason = visit_reason(jz, signed, case_id)
    if reason is None:
        return RedirectResponse(history_url("cases", case_id), status_code=303)
    data = export_case_as_read(jz, signed.principal, case_id, reason)
    return _attachment(Response(data, media_type="application/json"), f"case-{case_id}-bundle.json")


@router.get("/history/cases/{case_id}/dossier.pdf")
def case_dossier(jz: App, signed: Screen, case_id: UUID) -> Response:
    """The case's dossier (``GET /v1/cases/{id}/dossier.pdf`` with the visit's reason), to
    print; it carries the bundle, whose export is recorded."""
    reason = visit_reason(jz, signed, case_id)
    if reason is None:
        return RedirectResponse(history_url("cases", case_id), status_code=303)
    made = make_dossier(jz, signed.principal, case_id, reason)
    return Response(
        made.pdf,
        media_type="application/pdf",
        headers={
            "X-Bundle-SHA256": made.bundle_sha256,
            "Content-Disposition": f'inline; filename="case-{case_id}-dossier.pdf"',
            "Cache-Control": "no-store",
        },
    )


# -- a child's history -----------------------------------------------------------------------------


@router.get("/history/children/{child_id}", response_class=HTMLResponse)
def child_history(request: Request, jz: App, signed: Screen, child_id: UUID) -> HTMLResponse:
    """The child's timeline, read as ``GET /v1/children/{id}`` reads (another department's
    read recorded with the visit's reason)."""
    reason = visit_reason(jz, signed, child_id)
    try:
        document, entries = read_child_timeline(jz, signed.principal, child_id, reason)
    except InvalidInput as exc:
        if _needs_reason(exc, reason):
            return reason_form(request, signed, "children", child_id)
        raise
    return show(
        request, signed, "court/child.html", child=document, entries=entries, reason=reason,
        sex=SEX.get(str(document.get("sex")), document.get("sex")),
        categories=[CATEGORIES.get(c, c) for c in document.get("categories", [])],
        late=sum(e.late for e in entries), segment="children",
    )  # fmt: skip


@router.get("/history/children/{child_id}/bundle")
def child_bundle(jz: App, signed: Screen, child_id: UUID) -> Response:
    """The child's bundle for a court (``GET /v1/court/children/{id}/bundle`` with the visit's
    reason; who reported withheld, R-RP-3); the export is recorded with its SHA-256."""
    reason = visit_reason(jz, signed, child_id)
    if reason is None:
        return RedirectResponse(history_url("children", child_id), status_code=303)
    data = export_child(jz, signed.principal, child_id, reason)
    return _attachment(
        Response(data, media_type="application/json"), f"child-{child_id}-bundle.json"
    )


# -- evidence, played or shown inline ------------------------------------------------------------

Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]

PLAYERS = {"video": "video", "audio": "audio", "image": "img"}
"""Which element shows a media type's kind inline (anything else is downloaded)."""


def player_of(media_type: str) -> str | None:
    """``video``, ``audio`` or ``img`` for what a browser plays or shows; None otherwise."""
    return PLAYERS.get(media_type.split("/", 1)[0])


def evidence_ticket(jz: Jianzheng, signed: Signed, subject_id: UUID, sha256: str) -> ReadTicket:
    """A read ticket for ``sha256`` (``POST /v1/evidence/{sha256}/reads``), with the visit's
    reason for what the evidence is read through: the read recorded once, for another
    department, as the API records it (R-AC-3); its player's requests record nothing more."""
    by = signed.principal
    access = jz.evidence_reads.access(by, sha256)
    reason = visit_reason(jz, signed, UUID(access.subject_id)) or visit_reason(
        jz, signed, subject_id
    )
    _, token_id = jz.authenticate_token(signed.session.token)
    return jz.evidence_reads.issue_ticket(by, token_id, sha256, reason)


def ticket_url(issued: ReadTicket) -> str:
    """Where the player fetches the evidence (``GET /v1/evidence/{sha256}?ticket=``)."""
    return f"/v1/evidence/{issued.access.sha256}?{urlencode({'ticket': issued.ticket})}"


@router.get("/history/{segment}/{subject_id}/evidence/{sha256}", response_class=HTMLResponse)
def evidence_page(
    request: Request, jz: App, signed: Screen, segment: str, subject_id: UUID, sha256: Sha256
) -> Response:
    """One piece of evidence played or shown, and downloaded (works without JavaScript)."""
    if segment not in SUBJECTS:
        raise InvalidInput("a history is of cases or children", field="segment",
                           allowed=list(SUBJECTS))  # fmt: skip
    try:
        issued = evidence_ticket(jz, signed, subject_id, sha256)
    except ReadReasonRequired:
        return RedirectResponse(history_url(segment, subject_id), status_code=303)
    access = issued.access
    return show(request, signed, "court/evidence.html", access=access, url=ticket_url(issued),
                player=player_of(access.media_type), size=size_text(access.size),
                back=history_url(segment, subject_id), expires_at=issued.expires_at,
                recorded=bool(issued.events))  # fmt: skip


@router.post("/history/{segment}/{subject_id}/evidence/{sha256}/ticket")
def evidence_for_script(
    request: Request, jz: App, signed: Screen, segment: str, subject_id: UUID, sha256: Sha256
) -> dict[str, Any]:
    """The same ticket for the timeline's script, which plays the evidence in place (JSON;
    ``X-CSRF-Token``)."""
    check_script_request(request, signed)
    if segment not in SUBJECTS:
        raise InvalidInput("a history is of cases or children", field="segment",
                           allowed=list(SUBJECTS))  # fmt: skip
    issued = evidence_ticket(jz, signed, subject_id, sha256)
    access = issued.access
    return {"url": ticket_url(issued), "media_type": access.media_type,
            "player": player_of(access.media_type), "size": access.size,
            "expires_at": issued.expires_at}  # fmt: skip

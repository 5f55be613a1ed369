"""Screens of the enforcement oversight body (执法监督机构): its home and its queues.

The home (``/oversight``) counts every queue of the body's area with a link to each: legal
reviews pending and overdue (R-LR-7), blocked decisions — attempts by a person without the
authority to decide kept apart from attempts to decide past the gate (R-LR-8) — the cases'
time limits due soon or overdue (R-EN-5, R-EN-6, R-PB-2), publications due and overdue
(R-PB-2), complaints and their reply deadlines (R-SV-3); and the log's health panel
(``api/web/log_health.py``). Each queue is a page with filters.

One authorization path: each page calls what the API's route calls (``api/routes/oversight.py``,
``api/routes/complaints.py``) with the signed-in principal; the route's own check decides who
sees what (oversight: its area; admin: all; anyone else: 403).

**Wrong role or bypass.** The gate records a refused major decision as ``DecisionBlocked`` with
the refusal's code (``domain/records/enforcement/gate.py``). Its first check is the decider's
role: ``decision-authority-required`` means the person holds no agency head's authority (an
officer or a reviewer of the agency tried to decide) — a matter of who acts, told apart
here from every other code, where a person who may decide tried to do it without what the law
puts first (a passed legal review of that draft, the heads' collective discussion, the party
informed…): an attempt to bypass the gate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web import nav
from api.web.lists import Cursor, Text, blank, choice, listed, page_request, with_refusal
from api.web.log_health import health
from api.web.people import People
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, checked_form
from domain.records.actors import Role
from domain.records.errors import InvalidInput, JianzhengError
from domain.records.file_review import checklist, checklist_document
from domain.records.vocabulary import vocabulary
from infra.application import Jianzheng, Principal
from infra.clock import today
from infra.listing import Listing, Page, PageRequest, Sort
from infra.lists import CaseFilters, ComplaintFilters, ReviewFilters
from infra.lists.cases import CASE_LIST
from infra.lists.complaints import COMPLAINT_LIST
from infra.lists.reviews import PENDING_REVIEW_LIST
from projections.cases import CASES as CASE_STATES

router = APIRouter(include_in_schema=False)

HOME = "/oversight"
nav.entry(HOME, "监督首页", Role.OVERSIGHT, order=10)
nav.entry("/oversight/blocked", "被拦截的决定", Role.OVERSIGHT, order=11)
nav.entry("/oversight/deadlines", "办案期限", Role.OVERSIGHT, order=12)
nav.entry("/oversight/complaints", "投诉举报", Role.OVERSIGHT, order=13)
nav.entry("/oversight/file-reviews", "案卷评查", Role.OVERSIGHT, order=14)

WRONG_ROLE = "wrong_role"
BYPASS = "bypass"

BLOCK_KINDS = {
    BYPASS: "绕过法制审核等前置程序的决定",
    WRONG_ROLE: "无决定权的人员试图作出决定",
}
"""The two kinds of blocked decision (module docstring), in words."""

BLOCKED_CODES: dict[str, tuple[str, str]] = {
    "decision-authority-required": (WRONG_ROLE, "不是机关负责人，无权作出决定"),
    "separation-of-duties": (BYPASS, "曾办案或审核本案的人员作决定（职能分离）"),
    "legal-review-required": (BYPASS, "重大执法决定未经法制审核"),
    "legal-review-pending": (BYPASS, "法制审核尚未出具意见"),
    "legal-review-rejected": (BYPASS, "法制审核未通过"),
    "legal-review-stale": (BYPASS, "审核后案卷有变动，审核已失效"),
    "draft-superseded": (BYPASS, "对已被取代的旧草案作决定"),
    "reviewer-conflict": (BYPASS, "通过审核的人员曾办理本案"),
    "reviewer-outside-legal-office": (BYPASS, "审核人员不属于本机关法制机构"),
    "collective-discussion-missing": (BYPASS, "未经机关负责人集体讨论"),
    "collective-not-agreed": (BYPASS, "集体讨论未同意按草案决定"),
    "crime-transfer-required": (BYPASS, "审核认为涉嫌犯罪，应移送司法机关"),
    "credentials-shown-required": (BYPASS, "未出示执法证件并告知当事人"),
}
"""Each code the gate records, with its kind and the refusal in words (R-LR-1, R-LR-8,
R-EN-4, R-EN-7, R-LR-4, R-LR-5). A code not listed is a bypass named by its code."""

DEADLINE_KINDS = dict(vocabulary("deadline_kind").labels)
DEADLINE_STATUS = dict(vocabulary("deadline_status").labels)
PUBLICATION_STATUS = dict(vocabulary("publication_status").labels)
COMPLAINT_QUEUE = dict(vocabulary("complaint_queue_status").labels)
COMPLAINT_STAGES = dict(vocabulary("complaint_stage").labels)
COMPLAINT_CHANNELS = dict(vocabulary("complaint_channel").labels)
COMPLAINT_OUTCOMES = dict(vocabulary("complaint_outcome").labels)
ACTION_TYPES = dict(vocabulary("action_type").labels)
"""Status words and kinds, from the API's vocabularies (``GET /v1/vocabularies``)."""

BADGES = {"overdue": "bad", "due_soon": "warn", "on_time": "ok", "due": "warn",
          "published": "ok", "open": "info", "replied": "ok"}  # fmt: skip
"""How each status is coloured."""


def block_kind(code: str) -> tuple[str, str]:
    """A blocked decision's kind and its refusal in words."""
    return BLOCKED_CODES.get(code, (BYPASS, code))


class Cases:
    """Case titles for the queues' rows, from the same oversight projection the queues come
    from (``OversightQueues.case_facts``: a case of the caller's area)."""

    def __init__(self, jz: Jianzheng, by: Principal) -> None:
        self.jz = jz
        self.by = by
        self._known: dict[str, dict[str, Any]] = {}

    def __call__(self, case_id: str | None) -> dict[str, Any]:
        key = str(case_id or "")
        if key not in self._known:
            doc = self.jz.oversight_queues.case_facts(self.by, key) if key else None
            self._known[key] = {
                "case_id": key,
                "title": (doc or {}).get("title") or "（案件）",
                "action_type": ACTION_TYPES.get(str((doc or {}).get("action_type")), ""),
            }
        return self._known[key]


def blocked_rows(jz: Jianzheng, by: Principal) -> list[dict[str, Any]]:
    """Every blocked decision the caller may see, with its kind, people and case named."""
    people, cases = People(jz), Cases(jz, by)
    rows = []
    for doc in jz.oversight_queues.blocked(by):
        kind, words = block_kind(str(doc["code"]))
        rows.append({**doc, "kind": kind, "words": words, "person": people(doc["attempted_by"]),
                     "case": cases(doc["case_id"])})  # fmt: skip
    return rows


def _count(items: list[dict[str, Any]], member: str, value: object) -> int:
    return sum(1 for i in items if i.get(member) == value)


def _total(make: Callable[[PageRequest], Page[Any]]) -> int:
    """How many rows a list holds (one row asked for: the count is the page's total)."""
    return make(PageRequest(limit=1)).total


BLOCKED_LIST: Listing[dict[str, Any]] = Listing(
    "blocked",
    [Sort("at", "记录时间", lambda r: (str(r["at"]),), (str,), "desc")],
    id_of=lambda r: f"{int(r['position']):020d}",
    default_sort="at",
)
"""Blocked decisions, newest first (as ``GET /v1/oversight/blocked-decisions`` answers them)."""

DEADLINE_LIST: Listing[dict[str, Any]] = Listing(
    "deadlines",
    [Sort("due", "到期日", lambda r: (str(r["due_on"]), str(r["kind"])), (str, str), "asc")],
    id_of=lambda r: f"{r['kind']}:{r['case_id']}",
    default_sort="due",
)
"""A case's time limits, earliest first (as ``GET /v1/oversight/deadlines``)."""

PUBLICATION_LIST: Listing[dict[str, Any]] = Listing(
    "publications",
    [Sort("due", "公示期限", lambda r: (str(r["due_on"]),), (str,), "asc")],
    id_of=lambda r: str(r["case_id"]),
    default_sort="due",
)
"""Decisions by their publication deadline (as ``GET /v1/oversight/publications``)."""


def _paging(
    jz: Jianzheng,
    listing: Listing[dict[str, Any]],
    rows: list[dict[str, Any]],
    cursor: str | None,
) -> Callable[[], Page[dict[str, Any]]]:
    """The page of a queue the API answers whole, cut (and its cursors sealed) as the API's
    lists are."""
    return lambda: listing.page(rows, page_request(None, None, cursor), jz.lists.seal())


@router.get(HOME, response_class=HTMLResponse)
def home(request: Request, jz: App, signed: Screen) -> HTMLResponse:
    """Every queue of the body's area, counted, and the log's health."""
    by = signed.principal
    lists = jz.lists

    def reviews(status: str | None) -> int:
        return _total(lambda r: lists.pending_reviews(by, ReviewFilters(status=status), r))

    def complaints(status: str) -> int:
        return _total(lambda r: lists.complaints(by, ComplaintFilters(status=status), r))

    blocked = blocked_rows(jz, by)
    _, _, deadlines = jz.oversight_queues.deadlines(by)
    _, publications = jz.oversight_queues.publications(by)
    queues = [
        {"title": "待审核的法制审核", "rule": "R-LR-7", "href": "/oversight/reviews",
         "total": reviews(None),
         "parts": [("逾期", reviews("overdue"), "overdue"),
                   ("即将到期", reviews("due_soon"), "due_soon")]},
        {"title": "被拦截的决定", "rule": "R-LR-8", "href": "/oversight/blocked",
         "total": len(blocked),
         "parts": [("绕过前置程序", _count(blocked, "kind", BYPASS), "bypass"),
                   ("无决定权", _count(blocked, "kind", WRONG_ROLE), "wrong_role")]},
        {"title": "办案期限（逾期与即将到期）", "rule": "R-EN-5 · R-EN-6 · R-PB-2",
         "href": "/oversight/deadlines", "total": len(deadlines),
         "parts": [("逾期", _count(deadlines, "status", "overdue"), "overdue"),
                   ("即将到期", _count(deadlines, "status", "due_soon"), "due_soon")]},
        {"title": "待公示的决定", "rule": "R-PB-2", "href": "/oversight/publications",
         "total": _count(publications, "status", "due") + _count(publications, "status", "overdue"),
         "parts": [("逾期未公示", _count(publications, "status", "overdue"), "overdue"),
                   ("待公示", _count(publications, "status", "due"), "due")]},
        {"title": "未答复的投诉举报", "rule": "R-SV-3", "href": "/oversight/complaints",
         "total": complaints("open"),
         "parts": [("逾期", complaints("overdue"), "overdue"),
                   ("即将到期", complaints("due_soon"), "due_soon")]},
    ]  # fmt: skip
    return show(
        request, signed, "oversight/home.html", queues=queues, health=health(jz, by), back=HOME
    )


@router.get("/oversight/reviews", response_class=HTMLResponse)
def reviews(
    request: Request,
    jz: App,
    signed: Screen,
    status: Text = None,
    sort: Text = None,
    order: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Legal reviews awaiting an opinion, oldest first (R-LR-7): ``GET /v1/oversight/reviews``."""
    by, cases = signed.principal, Cases(jz, signed.principal)
    found = listed(request, lambda: jz.lists.pending_reviews(
        by, ReviewFilters(status=blank(status)), page_request(sort, order, cursor)))  # fmt: skip
    rows = [{**r, "case": cases(r["case_id"])} for r in found.items]
    answer = show(request, signed, "oversight/reviews.html", rows=rows, listed=found,
                  status=blank(status), statuses=DEADLINE_STATUS, badges=BADGES,
                  sorts=PENDING_REVIEW_LIST.labels(), sort=blank(sort),
                  today=today().isoformat())  # fmt: skip
    return with_refusal(answer, found.refusal)


@router.get("/oversight/blocked", response_class=HTMLResponse)
def blocked(
    request: Request,
    jz: App,
    signed: Screen,
    kind: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Refused attempts at a major decision, newest first, the two kinds apart (R-LR-8). Both
    kinds: the first page of each; one kind: that kind, paged."""
    chosen = choice(kind, BLOCK_KINDS, "kind")
    rows = blocked_rows(jz, signed.principal)
    groups: list[dict[str, Any]] = []
    for k in (BYPASS, WRONG_ROLE):
        if chosen is not None and chosen != k:
            continue
        mine = [r for r in rows if r["kind"] == k]
        found = listed(request, _paging(jz, BLOCKED_LIST, mine, cursor if chosen else None))
        groups.append({"kind": k, "title": BLOCK_KINDS[k], "listed": found,
                       "more": chosen is None and found.page is not None
                       and found.page.next is not None})  # fmt: skip
    answer = show(request, signed, "oversight/blocked.html", groups=groups, kind=chosen,
                  kinds=BLOCK_KINDS)  # fmt: skip
    return with_refusal(answer, next((g["listed"].refusal for g in groups), None))


@router.get("/oversight/deadlines", response_class=HTMLResponse)
def deadlines(
    request: Request,
    jz: App,
    signed: Screen,
    kind: Text = None,
    status: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """A case's time limits due soon or overdue (R-EN-5, R-EN-6, R-PB-2)."""
    chosen_kind = choice(kind, DEADLINE_KINDS, "kind")
    chosen_status = choice(status, DEADLINE_STATUS, "status")
    on, window, items = jz.oversight_queues.deadlines(signed.principal, chosen_kind, chosen_status)
    found = listed(request, _paging(jz, DEADLINE_LIST, items, cursor))
    cases = Cases(jz, signed.principal)
    rows = [{**r, "case": cases(r["case_id"])} for r in found.items]
    page = show(request, signed, "oversight/deadlines.html", rows=rows, listed=found,
                kind=chosen_kind, status=chosen_status, kinds=DEADLINE_KINDS,
                statuses=DEADLINE_STATUS, badges=BADGES, today=on, window=window)  # fmt: skip
    return with_refusal(page, found.refusal)


@router.get("/oversight/publications", response_class=HTMLResponse)
def publications(
    request: Request,
    jz: App,
    signed: Screen,
    status: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Decisions with their publication deadline (R-PB-2)."""
    chosen = choice(status, PUBLICATION_STATUS, "status")
    on, items = jz.oversight_queues.publications(signed.principal, chosen)
    found = listed(request, _paging(jz, PUBLICATION_LIST, items, cursor))
    cases = Cases(jz, signed.principal)
    rows = [{**r, "case": cases(r["case_id"])} for r in found.items]
    page = show(request, signed, "oversight/publications.html", rows=rows, listed=found,
                status=chosen, statuses=PUBLICATION_STATUS, badges=BADGES, today=on)  # fmt: skip
    return with_refusal(page, found.refusal)


@router.get("/oversight/complaints", response_class=HTMLResponse)
def complaints(
    request: Request,
    jz: App,
    signed: Screen,
    status: Text = None,
    stage: Text = None,
    sort: Text = None,
    order: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """Complaints of the body's area with their reply deadlines (R-SV-3):
    ``GET /v1/oversight/complaints``; never the complainant (the queue does not hold it)."""
    by = signed.principal
    filters = ComplaintFilters(status=blank(status), stage=blank(stage))
    found = listed(request, lambda: jz.lists.complaints(
        by, filters, page_request(sort, order, cursor)))  # fmt: skip
    people, cases = People(jz), Cases(jz, signed.principal)
    rows = [
        {**c, "case": cases(c["case_id"]) if c.get("case_id") else None,
         "officer_people": [people(o) for o in c["officers"]],
         "handler": people(c["assigned_to"]) if c.get("assigned_to") else None}
        for c in found.items
    ]  # fmt: skip
    answer = show(request, signed, "oversight/complaints.html", rows=rows, listed=found,
                  status=filters.status, stage=filters.stage, statuses=COMPLAINT_QUEUE,
                  stages=COMPLAINT_STAGES, channels=COMPLAINT_CHANNELS,
                  outcomes=COMPLAINT_OUTCOMES, sorts=COMPLAINT_LIST.labels(),
                  sort=blank(sort), today=today().isoformat())  # fmt: skip
    return with_refusal(answer, found.refusal)


REPLY_CHANNELS = dict(vocabulary("reply_channel").labels)


@router.get("/oversight/complaints/{complaint_id}", response_class=HTMLResponse)
def complaint(request: Request, jz: App, signed: Screen, complaint_id: UUID) -> HTMLResponse:
    """One complaint as ``GET /v1/complaints/{id}`` answers it: the complainant only for who
    received it and its current handler (R-RP-3, R-SV-3)."""
    found = jz.complaints.read(signed.principal, complaint_id)
    people, cases = People(jz), Cases(jz, signed.principal)
    return show(
        request, signed, "oversight/complaint.html", c=found,
        case=cases(found["case_id"]) if found.get("case_id") else None,
        officer_people=[people(o) for o in found["officers"]],
        handler=people(found["assigned_to"]) if found.get("assigned_to") else None,
        receiver=people(found["received_by"]) if found.get("received_by") else None,
        findings=[{**f, "by": people(f["recorded_by"])} for f in found["findings"]],
        concluder=people(found["conclusion"]["by"]) if found.get("conclusion") else None,
        stages=COMPLAINT_STAGES, channels=COMPLAINT_CHANNELS, outcomes=COMPLAINT_OUTCOMES,
        reply_channels=REPLY_CHANNELS,
    )  # fmt: skip


# -- case-file review (案卷评查, R-SV-1) ------------------------------------------------------

RATINGS = dict(vocabulary("file_review_rating").labels)


def check_iso_date(value: str, field: str) -> None:
    """A date as the API's ``IsoDate`` takes it (``YYYY-MM-DD``, a real day)."""
    try:
        ok = len(value) == 10 and date.fromisoformat(value).isoformat() == value
    except ValueError:
        ok = False
    if not ok:
        raise InvalidInput("请填写日期（如 2026-12-08）", field=field)


def _points(value: object) -> int | object:
    """A number typed in a points field, as the API's body would carry it; anything else is
    passed on as it is, for the domain's own refusal naming the item."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isdigit() or (text.startswith("-") and text[1:].isdigit()) else text


CASE_STATUS = dict(vocabulary("case_status").labels)
SCORED = re.compile(r"^(\d{1,3})/(\d{1,3})-([a-z]+)$")
"""``?scored=90/100-excellent``: what the queue says after a review was recorded."""


@router.get("/oversight/file-reviews", response_class=HTMLResponse)
def file_reviews(
    request: Request,
    jz: App,
    signed: Screen,
    status: Text = None,
    q: Text = None,
    sort: Text = None,
    order: Text = None,
    cursor: Cursor = None,
    scored: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """The cases of the body's area (``GET /v1/cases``: listed, not read — no reason, no
    record), each with its scored file reviews and a link to score it (R-SV-1, R-SV-2)."""
    by = signed.principal
    filters = CaseFilters(status=choice(status, CASE_STATUS, "status"), q=blank(q))
    found = listed(request, lambda: jz.lists.cases(by, filters, page_request(sort, order, cursor)))
    rows = []
    for row in found.items:
        # The list let this caller see the case: its scored reviews from the same projection.
        doc = jz.views.document("case_state", CASE_STATES, str(row["case_id"])) or {}
        rows.append({**row, "scores": doc.get("file_scores") or []})
    done = SCORED.match(scored or "")
    answer = show(request, signed, "oversight/file_reviews.html", rows=rows, listed=found,
                  status=filters.status, q=filters.q or "", statuses=CASE_STATUS,
                  sorts=CASE_LIST.labels(), sort=blank(sort), ratings=RATINGS,
                  done=None if done is None else {"score": done.group(1), "max": done.group(2),
                                                  "rating": RATINGS.get(done.group(3), "")},
                  action_types=ACTION_TYPES)  # fmt: skip
    return with_refusal(answer, found.refusal)


def _score_form(
    request: Request,
    jz: Jianzheng,
    signed: Screen,
    case_id: UUID,
    *,
    entered: dict[str, dict[str, str]] | None = None,
    reviewed_on: str | None = None,
    refusal: JianzhengError | None = None,
) -> HTMLResponse:
    # The title from the queues' projection, as the queues show it: to oversight of the case's
    # area (and admins); anyone else sees the number alone, and only oversight may score.
    facts = jz.oversight_queues.case_facts(signed.principal, str(case_id))
    answer = show(
        request, signed, "oversight/score.html", title=facts["title"] if facts else None,
        case_id=str(case_id), checklist=checklist_document(), ratings=RATINGS,
        entered=entered or {}, reviewed_on=reviewed_on, refusal=refusal,
        today=today().isoformat(),
    )  # fmt: skip
    if refusal is not None:
        answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


@router.get("/oversight/file-reviews/{case_id}", response_class=HTMLResponse)
def score_form(request: Request, jz: App, signed: Screen, case_id: UUID) -> HTMLResponse:
    """The checklist to score a case file against, with each item's points and the rating
    thresholds shown before anything is sent (R-SV-1)."""
    return _score_form(request, jz, signed, case_id)


@router.post("/oversight/file-reviews/{case_id}", response_class=HTMLResponse)
async def score_file(request: Request, jz: App, signed: Screen, case_id: UUID) -> Response:
    """Score the case file (``POST /v1/cases/{id}/scored-file-reviews``): the score and the
    rating are computed by the service; the review is recorded on the case's own stream."""
    form = await checked_form(request, signed)
    entered = {
        item.code: {"points": str(form.get(f"{item.code}.points") or ""),
                    "finding": str(form.get(f"{item.code}.finding") or "")}
        for item in checklist()
    }  # fmt: skip
    items = {
        code: {"points": _points(given["points"]), "finding": given["finding"]}
        for code, given in entered.items()
    }
    reviewed_on = str(form.get("reviewed_on") or "").strip() or None
    try:
        if reviewed_on is not None:
            check_iso_date(reviewed_on, "reviewed_on")
        _, scored, _ = jz.case_oversight.score_file(
            signed.principal, case_id, items=items, reviewed_on=reviewed_on
        )
    except JianzhengError as exc:
        return _score_form(request, jz, signed, case_id, entered=entered,
                           reviewed_on=reviewed_on, refusal=exc)  # fmt: skip
    done = f"{scored['score']}/{scored['max_score']}-{scored['rating']}"
    return RedirectResponse(f"/oversight/file-reviews?scored={done}", status_code=303)

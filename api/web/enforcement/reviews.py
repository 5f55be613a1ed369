"""The legal reviewer's screens: the review queue and the review of one draft (R-LR-4…7).

The review page shows the draft with its case file (party, officers, every step with its
evidence), WHAT CHANGED since the previous draft (``diff.py``), why the draft is major, and the
review's due date as recorded with the request (R-LR-7). Its form is ``POST
/v1/cases/{id}/reviews/{review_id}/opinion``: every review content of ``REVIEW_ITEMS``
(items_version 2: T74's six and the four of 国办发〔2018〕118号, R-LR-4) with a finding and a
note, whether a crime is suspected, pass or reject, and the signature (R-LR-6); the route's
model (``OpinionIn``) checks it and ``CaseService.record_opinion`` records it — refusing, in
words on the page, a reviewer who acted as the case's officer (R-LR-5), one outside the
agency's legal office, or one without the legal qualification a penalty needs (第58条).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from api.deps import App
from api.web.directory import Directory
from api.web.enforcement.bodies import body_model
from api.web.enforcement.casefile import case_file, draft_view
from api.web.enforcement.diff import draft_changes
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    fields_as_sent,
    optional,
    refusal_of,
    refused,
    text,
    validated,
)
from api.web.enforcement.queues import review_queue
from api.web.enforcement.reading import read_case, require_role
from api.web.enforcement.words import REVIEW_ITEM_WORDS, term
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Role
from domain.records.enforcement import CRIME_TRANSFER_ITEM, REVIEW_ITEMS
from domain.records.errors import JianzhengError, ReviewNotFound
from infra.application import Jianzheng
from infra.clock import today

router = APIRouter(include_in_schema=False)


@router.get("/reviews", response_class=HTMLResponse)
def review_queue_page(request: Request, jz: App, signed: Screen) -> HTMLResponse:
    """The legal reviewer's home: the office's open reviews, oldest first, overdue marked."""
    rows = review_queue(jz, signed.principal)
    return show(request, signed, "enforcement/reviews.html", rows=rows)


OPINION = "/v1/cases/{case_id}/reviews/{review_id}/opinion"
"""The route whose body the opinion form is."""

CHOICE = {"yes": True, "no": False}
"""A yes/no radio's values."""

OPINION_FIELDS = (
    "result", "signature", "reviewed_on", "crime_suspected",
    *(f"{kind}_{name}" for name in REVIEW_ITEMS for kind in ("ok", "note")),
)  # fmt: skip
"""The opinion form's fields, each given at most once."""


def _review_context(
    jz: Jianzheng, signed: Signed, case_id: UUID, review_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    require_role(signed, Role.LEGAL_REVIEWER)  # a reviewer's form: no read recorded for others
    read = read_case(jz, signed, case_id)
    case = read.case
    review = case.reviews.get(review_id)
    if review is None:
        raise ReviewNotFound(f"no review {review_id} in case {case_id}")
    draft = case.draft(review.draft_hash)
    previous = next((d for d in case.drafts.values() if d.number == draft.number - 1), None)
    file = case_file(jz, case, read.answer, read.timeline)
    shown = next(r for r in file["reviews"] if r["id"] == review_id)
    names = Directory(jz.store).name
    return {
        "file": file,
        "draft": draft_view(jz, case, draft),
        "review": shown,
        "reviewer": names(review.reviewer) if review.reviewer else None,
        "previous_number": None if previous is None else previous.number,
        "changes": draft_changes(None if previous is None else previous.content, draft.content),
        "items": [(name, REVIEW_ITEM_WORDS[name]) for name in REVIEW_ITEMS],
        "crime_item": CRIME_TRANSFER_ITEM,
        "results": [(code, term("review_result", code)) for code in ("passed", "rejected")],
        "values": values,
        "today": today().isoformat(),
    }


@router.get("/reviews/{case_id}/{review_id}", response_class=HTMLResponse)
def review_page(
    request: Request, jz: App, signed: Screen, case_id: UUID, review_id: UUID
) -> HTMLResponse:
    """One review: the draft, its case file, what changed, and the opinion form."""
    values = {"signature": signed.actor.name, "reviewed_on": today().isoformat()}
    context = _review_context(jz, signed, case_id, str(review_id), values)
    return show(request, signed, "enforcement/review.html", refusal=None, **context)


def _yes_no(form: FormData, name: str) -> bool | None:
    """A yes/no radio: None when not chosen; a value other than yes/no is refused."""
    value = form.get(name)
    if value is None or value == "":
        return None
    if value not in CHOICE:
        words = "请选择“是”或“否”"
        detail = f"{name}: must be yes or no"
        raise FormInvalid(Refusal("invalid-request", words, detail, name))
    return CHOICE[str(value)]


def _opinion_body(form: FormData) -> dict[str, Any]:
    """The opinion as ``POST …/opinion`` takes it, from the form's fields."""
    fields_as_sent(form, OPINION_FIELDS)
    items: dict[str, Any] = {}
    for name in REVIEW_ITEMS:
        item: dict[str, Any] = {"note": text(form, f"note_{name}").strip()}
        ok = _yes_no(form, f"ok_{name}")
        if ok is not None:
            item["ok"] = ok
        crime = _yes_no(form, "crime_suspected") if name == CRIME_TRANSFER_ITEM else None
        if crime is not None:
            item["crime_suspected"] = crime
        items[name] = item
    return {
        "result": text(form, "result"),
        "items": items,
        "signature": text(form, "signature"),
        "reviewed_on": optional(form, "reviewed_on"),
    }


@router.post("/reviews/{case_id}/{review_id}", response_class=HTMLResponse)
async def record_opinion(
    request: Request, jz: App, signed: Screen, case_id: UUID, review_id: UUID
) -> Response:
    """Record the written opinion (R-LR-6), as ``POST …/opinion`` does."""
    form = await checked_form(request, signed)
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        sent = validated(body_model(request, "POST", OPINION), _opinion_body(form))
        jz.cases.record_opinion(
            signed.principal,
            case_id,
            str(review_id),
            result=sent.result,
            items=sent.items.model_dump(),
            signature=sent.signature,
            reviewed_on=sent.reviewed_on,
        )
    except (FormInvalid, JianzhengError) as failed:
        if isinstance(failed, JianzhengError) and not signed.principal.has(Role.LEGAL_REVIEWER):
            raise  # the service's refusal of a person without the role, as a page; no read
        refusal = failed.refusal if isinstance(failed, FormInvalid) else refusal_of(failed)
        context = _review_context(jz, signed, case_id, str(review_id), values)
        return refused(request, signed, "enforcement/review.html", refusal, **context)
    return RedirectResponse(f"/reviews/{case_id}/{review_id}", status_code=303)

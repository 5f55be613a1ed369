"""Recording on a child's file from the screen: a change of guardianship of each kind, and the
file's other records — each a form generated from the route's typed model, with the law's
preconditions listed up front and checked against this child's file (``law.py``).

The forms post to the same services as ``POST /v1/children/{id}/guardianship`` and
``POST /v1/children/{id}/…`` with the signed-in person's principal; the service decides and,
when it refuses, records nothing and the form comes back with the refusal beside its field
and the values kept (Post/Redirect/Get on success).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from api.deps import App
from api.schemas.child_bodies import GuardianshipIn
from api.schemas.report_bodies import DetentionIn
from api.schemas.terms import dump
from api.web.children.file import reason_page
from api.web.children.forms import FormField, Shape, form_fields
from api.web.children.law import DIRECT_KINDS, RELATION_VOCABULARIES, current, guide
from api.web.children.pages import Posted, form_page, form_view, post_form
from api.web.children.records import RECORDS, Record
from api.web.session import Screen, Signed
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.errors import InvalidInput, NotFound
from infra.application import Jianzheng
from infra.clock import today
from infra.principal import Principal

router = APIRouter(include_in_schema=False)

EMPTY_WHEN_MISSING = ("signatures", "filings")
"""Members the route hands the domain as ``{}`` when absent, so that each missing signature or
filing is refused with its own code (``api/routes/children.py``: ``_DICT_DEFAULTS``)."""


def guardianship_fields(kind: str) -> list[FormField]:
    """The form of a kind of change: the members its table lists, required as it says."""
    members = [(m.name, m.required) for m in GUARDIANSHIP_CHANGES[kind].members]
    relation = RELATION_VOCABULARIES.get(kind)
    shape = Shape(vocabularies={"guardian.relation": relation} if relation else {})
    return form_fields(GuardianshipIn, members, shape)


def record_guardianship(
    jz: Jianzheng, by: Principal, child_id: UUID, kind: str, body: BaseModel
) -> Any:
    """What ``POST /v1/children/{id}/guardianship`` does with a body of this kind (the form
    offers only the kind's members, so none is refused as not taken)."""
    given = dump(body)
    takes = [m.name for m in GUARDIANSHIP_CHANGES[kind].members]
    kwargs = {name: given[name] for name in takes}
    for name in EMPTY_WHEN_MISSING:
        if name in kwargs and kwargs[name] is None:
            kwargs[name] = {}
    return jz.children.guardianship(by, child_id, kind, **kwargs)


def read_file(
    request: Request, jz: Jianzheng, signed: Signed, child_id: UUID
) -> dict[str, Any] | HTMLResponse:
    """The file as the service lets this person read it (recorded for another department,
    with this visit's reason), or the page asking the reason."""
    reason = jz.sessions.reason_for(signed.session, str(child_id))
    try:
        file: dict[str, Any] = jz.children.read_child(signed.principal, child_id, reason)
    except InvalidInput as exc:
        if exc.extra.get("field") == "reason":
            return reason_page(request, signed, child_id)
        raise
    return file


def defaults(fields: list[FormField], signed: Signed) -> dict[str, Any]:
    """Values a form opens with: today for its dates, the person's agency for who acted."""
    found: dict[str, Any] = {}
    for top in fields:
        for f in top.leaves():
            if f.widget == "date" and "[" not in f.path and f.path.rsplit(".", 1)[-1] in {
                "on", "effective_on", "entered_on", "assessed_on", "visited_on", "changed_on",
                "assigned_on", "marked_on", "registered_on", "moved_on", "corrected_on",
                "exited_on",
            }:  # fmt: skip
                found[f.path] = today().isoformat()
            elif f.path.endswith(".by") and "[" not in f.path:
                found[f.path] = signed.actor.agency
    return found


def date_limits(file: dict[str, Any], kind: str | None) -> dict[str, tuple[str, str]]:
    """The earliest and latest day each date field takes: never after today (China time),
    never before birth, and a change in order not before the arrangement in force."""
    born, day = str(file["birth_date"]), today().isoformat()
    limits = {"*": (born, day)}
    if kind is not None:
        overriding = any(p.name == "takes_effect_overriding"
                         for p in GUARDIANSHIP_CHANGES[kind].preconditions)  # fmt: skip
        if not overriding:
            limits["effective_on"] = (str(current(file)["effective_on"]), day)
    return limits


def _kind(kind: str) -> str:
    if kind not in DIRECT_KINDS:
        raise NotFound(f"no change of guardianship {kind} is recorded on a file's screen")
    return kind


def _guardianship_page(
    request: Request, signed: Signed, child_id: UUID, kind: str,
    file: dict[str, Any], posted: Posted | None,
) -> HTMLResponse:  # fmt: skip
    fields = guardianship_fields(kind)
    view = form_view(fields, posted, defaults(fields, signed), date_limits(file, kind),
                     str(child_id))  # fmt: skip
    return form_page(
        request, signed, "children/guardianship.html", view, child_id=str(child_id), file=file,
        guide=guide(kind, file, signed.principal),
    )  # fmt: skip


@router.get("/children/{child_id}/guardianship/{kind}", response_class=HTMLResponse)
def guardianship_form(
    request: Request, child_id: UUID, kind: str, jz: App, signed: Screen
) -> Response:
    """The form of one kind of change, with the law's preconditions for this child."""
    file = read_file(request, jz, signed, child_id)
    if isinstance(file, HTMLResponse):
        return file
    return _guardianship_page(request, signed, child_id, _kind(kind), file, None)


@router.post("/children/{child_id}/guardianship/{kind}", response_class=HTMLResponse)
async def record_change(
    request: Request, child_id: UUID, kind: str, jz: App, signed: Screen
) -> Response:
    """Record the change through the service; back to the file's timeline, or the form
    again with the refusal beside its field."""
    kind = _kind(kind)
    fields = guardianship_fields(kind)
    posted = await post_form(
        request, signed, GuardianshipIn, fields,
        lambda body: record_guardianship(jz, signed.principal, child_id, kind, body),
        fixed={"kind": kind},
    )  # fmt: skip
    if posted.refusal is None:
        return RedirectResponse(f"/children/{child_id}?done=guardianship#timeline", 303)
    file = posted.again(lambda: read_file(request, jz, signed, child_id))
    if isinstance(file, HTMLResponse):
        return file
    return _guardianship_page(request, signed, child_id, kind, file, posted)


# -- the file's other records ------------------------------------------------------------------


def _record(path: str) -> Record:
    found = RECORDS.get(path)
    if found is None:
        raise NotFound(f"no record {path} of a child's file")
    return found


def run_record(jz: Jianzheng, by: Principal, child_id: UUID, record: Record, body: Any) -> Any:
    """What the record's route does with the body (``POST /v1/children/{id}/…``)."""
    if record.identity:
        return jz.children.identity_change(by, child_id, record.command, **dump(body))
    return jz.children.child_command(by, child_id, record.command, **dump(body))


def _record_page(
    request: Request, signed: Signed, child_id: UUID, record: Record,
    file: dict[str, Any], posted: Posted | None,
) -> HTMLResponse:  # fmt: skip
    fields = form_fields(record.model)
    view = form_view(fields, posted, defaults(fields, signed), date_limits(file, None),
                     str(child_id))  # fmt: skip
    return form_page(
        request, signed, "children/record.html", view, child_id=str(child_id), file=file,
        record=record,
    )  # fmt: skip


@router.get("/children/{child_id}/records/{path}", response_class=HTMLResponse)
def record_form(request: Request, child_id: UUID, path: str, jz: App, signed: Screen) -> Response:
    """The form of one of the file's other records."""
    record = _record(path)
    file = read_file(request, jz, signed, child_id)
    if isinstance(file, HTMLResponse):
        return file
    return _record_page(request, signed, child_id, record, file, None)


@router.post("/children/{child_id}/records/{path}", response_class=HTMLResponse)
async def record_post(
    request: Request, child_id: UUID, path: str, jz: App, signed: Screen
) -> Response:
    """Record it through the service, or show the form again with the refusal."""
    record = _record(path)
    fields = form_fields(record.model)
    posted = await post_form(
        request, signed, record.model, fields,
        lambda body: run_record(jz, signed.principal, child_id, record, body),
    )  # fmt: skip
    if posted.refusal is None:
        return RedirectResponse(f"/children/{child_id}?done=record#timeline", 303)
    file = posted.again(lambda: read_file(request, jz, signed, child_id))
    if isinstance(file, HTMLResponse):
        return file
    return _record_page(request, signed, child_id, record, file, posted)


# -- a parent's detention (the police, R-GD-7) -------------------------------------------------

DETENTION_RULES = (
    "由儿童所在地的公安机关记录（R-GD-7）",
    "决定对父(母)行政拘留、刑事拘留等限制人身自由时，询问其是否有未成年子女需要照料（R-GD-7）",
    "需要照料的：写明接收人（亲属、村(居)委会、其他成年人、儿童福利或救助保护机构）并上传书面交接记录；"
    "同时记为临时监护（R-GD-7）",
    "无需另行安排的：写明由谁照料（R-GD-7）",
    "接收人不得是被人民法院撤销监护人资格者（R-GD-8）",
)
"""What the law asks of the police when a parent is detained, shown before the form."""

DETENTION_SHAPE = Shape(omit=frozenset({"child_id"}))


def detention_fields() -> list[FormField]:
    """The form of ``POST /v1/detentions`` (the child is the file's)."""
    return form_fields(DetentionIn, shape=DETENTION_SHAPE)


def _detention_page(
    request: Request, signed: Signed, child_id: UUID, file: dict[str, Any], posted: Posted | None
) -> HTMLResponse:
    fields = detention_fields()
    view = form_view(fields, posted, {}, date_limits(file, None), str(child_id))
    return form_page(
        request, signed, "children/detention.html", view, child_id=str(child_id), file=file,
        rules=DETENTION_RULES,
    )  # fmt: skip


@router.get("/children/{child_id}/detention", response_class=HTMLResponse)
def detention_form(request: Request, child_id: UUID, jz: App, signed: Screen) -> Response:
    """The police's form of a parent's detention, for this child."""
    file = read_file(request, jz, signed, child_id)
    if isinstance(file, HTMLResponse):
        return file
    return _detention_page(request, signed, child_id, file, None)


@router.post("/children/{child_id}/detention", response_class=HTMLResponse)
async def record_detention(request: Request, child_id: UUID, jz: App, signed: Screen) -> Response:
    """Record the detention through the service (as ``POST /v1/detentions``)."""
    posted = await post_form(
        request, signed, DetentionIn, detention_fields(),
        lambda body: jz.detentions.record(signed.principal, **dump(body)),
        fixed={"child_id": str(child_id)},
    )  # fmt: skip
    if posted.refusal is None:
        return RedirectResponse(f"/children/{child_id}?done=detention#timeline", 303)
    file = posted.again(lambda: read_file(request, jz, signed, child_id))
    if isinstance(file, HTMLResponse):
        return file
    return _detention_page(request, signed, child_id, file, posted)

"""Recording a step of a case with its evidence (R-AV-1…3, R-EN-2, R-EN-4).

The step form is ``POST /v1/cases/{id}/steps`` as a form. Its evidence arrives one of two ways,
and the page says which it took:

* **with JavaScript** (``api/static/upload.js``): each file dropped on the drop zone or picked
  is streamed at once to ``POST /screens/evidence`` (``api/web/core.py``: the service of
  ``POST /v1/evidence``) with a progress bar; a failed upload offers 重新上传, which sends the
  same file again — the store is content-addressed, so a restart registers nothing twice. The
  uploaded files are listed with their SHA-256 and size, and the form cites them by hash;
* **without JavaScript**: the files chosen in the form's file inputs are posted with the form
  (``multipart/form-data``) to :data:`STEP_PATH`, a raw-body route that streams each file
  through ``Jianzheng.store_evidence`` as it arrives (``multipart.py``: no temporary copy,
  no form-size limit on a video), then records the step citing them.

Either way the step itself is checked by the API route's model (``StepIn``) and recorded by
``CaseService.record_step``. A refused step shows the form again with the refusal and the
values kept, the files already uploaded listed and still cited.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData
from starlette.requests import ClientDisconnect

from api.deps import App
from api.web.core import SCREEN_UPLOAD_PATH
from api.web.directory import size_text
from api.web.enforcement.bodies import body_model
from api.web.enforcement.forms import (
    FormInvalid,
    Refusal,
    fields_as_sent,
    moment,
    refusal_of,
    refused,
    several,
    text,
    validated,
)
from api.web.enforcement.multipart import FilePart, StreamedForm
from api.web.enforcement.reading import read_case, require_role
from api.web.enforcement.words import choices
from api.web.screen import show
from api.web.session import (
    CSRF_FIELD,
    AmbiguousForm,
    CsrfRefused,
    Screen,
    Signed,
    same_origin,
)
from domain.records.actors import Role
from domain.records.enforcement import CONTESTED_STEPS, EnforcementCase, is_audio_video
from domain.records.errors import InvalidInput, JianzhengError
from infra.application import Jianzheng

STEP_PATH = "/screens/steps"
"""Where the step form posts (``?case_id=…``): a raw-body path, so that files stream."""

STEP_FIELDS = ("kind", "summary", "occurred_at", "full_process_recording")
"""The step form's single-value text fields."""
STEP_LISTS = ("evidence", "present", "touches")
"""Its fields that may repeat (checkboxes)."""
FILE_FIELDS = frozenset({"files", "full_process_file"})
"""Its file inputs."""

router = APIRouter(include_in_schema=False)


def _upload_url(case_id: UUID) -> str:
    return f"{SCREEN_UPLOAD_PATH}?purpose=case&subject_id={case_id}"


def _files(jz: Jianzheng, case: EnforcementCase, hashes: list[str]) -> list[dict[str, Any]]:
    """The files a form cites, with their type and size as registered for the case's agency
    (a hash that does not resolve is listed as unknown: the service will say why)."""
    listed = []
    for sha in dict.fromkeys(hashes):
        try:
            (ref,) = jz.cases.evidence_refs([sha], agency=case.agency)
        except JianzhengError:
            listed.append({"sha256": sha, "media_type": "（未知）", "size_words": "—", "av": False})
            continue
        listed.append(
            {
                **ref,
                "size_words": size_text(int(str(ref["size"]))),
                "av": is_audio_video(str(ref["media_type"])),
            }
        )
    return listed


def _context(
    jz: Jianzheng, signed: Signed, case_id: UUID, values: dict[str, Any]
) -> dict[str, Any]:
    require_role(signed, Role.OFFICER)  # an officer's form: no read recorded for others
    read = read_case(jz, signed, case_id)
    return {
        "case": read.case,
        "officers": read.answer["officers"],
        "kinds": choices("step_kind"),
        "contested": sorted(k.value for k in CONTESTED_STEPS),
        "touches": choices("touches"),
        "values": values,
        "files": _files(jz, read.case, values.get("evidence", [])),
        "upload_url": _upload_url(case_id),
        "step_path": f"{STEP_PATH}?case_id={case_id}",
    }


@router.get("/cases/{case_id}/steps/new", response_class=HTMLResponse)
def new_step(request: Request, jz: App, signed: Screen, case_id: UUID) -> HTMLResponse:
    """The step form, with the recording rules listed before anything is sent."""
    values: dict[str, Any] = {"kind": "credentials_shown", "evidence": [], "present": []}
    context = _context(jz, signed, case_id, values)
    return show(request, signed, "enforcement/step_new.html", refusal=None, **context)


async def _drain(body: AsyncIterator[bytes]) -> None:
    """Read what the browser still sends, so a refusal reaches it as a page."""
    try:
        async for _ in body:
            pass
    except (ClientDisconnect, RuntimeError):
        return


@router.post(STEP_PATH, response_class=HTMLResponse)
async def record_step(
    request: Request, jz: App, signed: Screen, case_id: Annotated[UUID, Query()]
) -> Response:
    """Store the files posted with the form (if any), then record the step."""
    if not same_origin(request):
        raise CsrfRefused("the form was posted from another site")
    uploaded: list[str] = []
    full: list[str] = []

    def check_csrf(fields: FormData) -> None:
        given = fields.getlist(CSRF_FIELD)
        if len(given) > 1:  # which one would count is a guess: none does (session.py)
            raise AmbiguousForm("the form names csrf_token more than once", field=CSRF_FIELD)
        sent = given[0] if given else None
        if not isinstance(sent, str) or not hmac.compare_digest(sent, signed.csrf):
            raise CsrfRefused("the form's security token is missing or out of date; reload")

    async def store(part: FilePart, chunks: AsyncIterator[bytes]) -> None:
        if part.field not in FILE_FIELDS:
            raise InvalidInput(f"{part.field}: Extra inputs are not permitted", field=part.field)
        evidence, _ = await jz.store_evidence(
            signed.principal, chunks, part.media_type, purpose="case", subject_id=case_id
        )
        uploaded.append(evidence.sha256)
        if part.field == "full_process_file":
            full.append(evidence.sha256)

    body = request.stream()
    parser = StreamedForm(request.headers.get("content-type", ""), body)
    try:
        form = await parser.read(store, check_csrf)
    except JianzhengError as error:
        if isinstance(error, CsrfRefused | AmbiguousForm):
            raise
        await _drain(body)
        values = _values(FormData(parser.fields), uploaded, full)
        return _refused(request, jz, signed, case_id, refusal_of(error), values)
    check_csrf(form)
    values = _values(form, uploaded, full)
    try:
        fields_as_sent(form, STEP_FIELDS, (*STEP_LISTS, *FILE_FIELDS))  # an empty file input
        step = validated(
            body_model(request, "POST", "/v1/cases/{case_id}/steps"),
            {
                "kind": values["kind"],
                "summary": values["summary"],
                "evidence": values["evidence"],
                "touches": values["touches"],
                "full_process_recording": values["full_process_recording"] or None,
                "present": values["present"],
                "occurred_at": moment(form, "occurred_at"),
            },
        )
        jz.cases.record_step(
            signed.principal,
            case_id,
            kind=step.kind,
            summary=step.summary,
            evidence=step.evidence,
            touches=list(step.touches),
            full_process_recording=step.full_process_recording,
            present=step.present,
            occurred_at=step.occurred_at,
        )
    except FormInvalid as invalid:
        return _refused(request, jz, signed, case_id, invalid.refusal, values)
    except JianzhengError as error:
        return _refused(request, jz, signed, case_id, refusal_of(error), values)
    return RedirectResponse(f"/cases/{case_id}#steps", status_code=303)


def _values(form: FormData, uploaded: list[str], full: list[str]) -> dict[str, Any]:
    """The form's values as typed, the files of this post added to those it cites."""
    chosen = full[0] if full else text(form, "full_process_recording").strip()
    cited = [*several(form, "evidence"), *uploaded]
    return {
        "kind": text(form, "kind"),
        "summary": text(form, "summary"),
        "occurred_at": text(form, "occurred_at"),
        "present": several(form, "present"),
        "touches": several(form, "touches"),
        "evidence": list(dict.fromkeys([*cited, *([chosen] if chosen else [])])),
        "full_process_recording": chosen,
    }


def _refused(
    request: Request,
    jz: Jianzheng,
    signed: Signed,
    case_id: UUID,
    refusal: Refusal,
    values: dict[str, Any],
) -> HTMLResponse:
    context = _context(jz, signed, case_id, values)
    return refused(request, signed, "enforcement/step_new.html", refusal, **context)

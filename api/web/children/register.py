"""Registering a new child (一人一档案, R-CH-1): the form of ``POST /v1/children``, generated
from its model, the conditions listed up front, and the same service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.schemas.child_bodies import ChildIn
from api.schemas.terms import dump
from api.web.children.changes import defaults
from api.web.children.forms import FormField, Shape, form_fields
from api.web.children.pages import Posted, form_page, form_view, post_form
from api.web.session import Screen, Signed
from infra.clock import today

router = APIRouter(include_in_schema=False)

CONDITIONS = (
    "一人一档案：同一公民身份号码，或同名、同出生日期、同村(居)的儿童已有档案的，不再建档；"
    "确为另一名儿童的，在最后一项写明理由（R-CH-1）",
    "建档之日儿童未满十八周岁；日期不晚于今天（R-CH-1）",
    "户籍所在地的县、镇、村代码逐级包含，且在您的管辖范围内（R-AC-3）",
    "监护人：在家的父亲、母亲或父母；无人监护时不填，档案将显示无人监护并预警（R-GD-1、R-GD-2）",
    "留守儿童不在此勾选：建档后在档案中“纳入留守儿童台账”（R-CH-3）",
    "姓名、身份证号、住址和联系人加密保存，台账和预警中不显示（R-CH-4）",
)
"""What registration requires, in the person's words, shown before the form."""

SHAPE = Shape(vocabularies={"guardian.relation": "parent_relation"}, rows={"personal.contacts": 2})


def registration_fields() -> list[FormField]:
    """The form of ``POST /v1/children``."""
    return form_fields(ChildIn, shape=SHAPE)


def opening_values(fields: list[FormField], signed: Signed) -> dict[str, Any]:
    """Today's dates, and the person's own county, town and village where their area
    names them (a village worker registers children of the village)."""
    values = defaults(fields, signed)
    area = signed.actor.jurisdiction
    for level, digits in (("county", 6), ("town", 9), ("village", 12)):
        if area.isdigit() and len(area) >= digits:
            values[f"location.{level}"] = area[:digits]
    values["registered_on"] = today().isoformat()
    values["key_child"] = "false"
    return values


def _page(request: Request, signed: Signed, posted: Posted | None) -> HTMLResponse:
    fields = registration_fields()
    limits = {"*": ("1949-10-01", today().isoformat())}
    view = form_view(fields, posted, opening_values(fields, signed), limits)
    return form_page(request, signed, "children/register.html", view, conditions=CONDITIONS)


@router.get("/children/new", response_class=HTMLResponse)
def registration_form(request: Request, signed: Screen) -> HTMLResponse:
    """The registration form."""
    return _page(request, signed, None)


@router.post("/children/new", response_class=HTMLResponse)
async def register_child(request: Request, jz: App, signed: Screen) -> Response:
    """Open the file through the service; to the new file, or the form again."""
    posted = await post_form(
        request, signed, ChildIn, registration_fields(),
        lambda body: jz.children.register(signed.principal, **dump(body)),
    )  # fmt: skip
    if posted.refusal is None:
        child, _ = posted.result
        return RedirectResponse(f"/children/{child.id}?done=registered", status_code=303)
    return _page(request, signed, posted)

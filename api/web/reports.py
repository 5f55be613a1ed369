"""Screens of the mandatory report (强制报告) and the police's response (R-RP-1…3, R-EM-1).

* A reporter — a school, kindergarten, hospital, welfare or social-work institution under the
  duty — opens on the report form (``POST /v1/reports``'s model, generated) with what the
  duty requires listed first, and its own reports below, as it may read them (no reason, no
  record; never where a child with a file lives, R-CH-4).
* The police open on the reports of their area that await their response, oldest first, the
  overdue marked (``JIANZHENG_REPORT_RESPONSE_MINUTES``); a report is read with a reason given
  once per visit and recorded (R-AC-3), and the response form lists, for each situation
  reported, what R-EM-1 requires the police to do, before anything is entered.

Every page calls the services ``api/routes/reports.py`` calls, with the signed-in person's
principal; a step is refused for a role that may not take it before the report is read
(``check_step_role``), as the route does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.deps import App
from api.routes.reports import PoliceIn, ReportIn, TownInformedIn
from api.schemas.terms import dump
from api.web import nav
from api.web.children.forms import FormField, Shape, form_fields
from api.web.children.pages import Posted, check_reason, form_page, form_view, post_form
from api.web.children.timeline import Names
from api.web.children.words import STAGES, term
from api.web.labels import BEIJING
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Role
from domain.records.errors import InvalidInput
from domain.records.reports import RESPONSES, SITUATIONS, check_step_role, response_for
from domain.records.reports.situations import ALWAYS_FITTING, HANDOVER_ACTIONS, PARENT_DEPENDENT
from infra.application import Jianzheng

router = APIRouter(include_in_schema=False)

REPORT_SHAPE = Shape(omit=frozenset({"reporter.contacts"}))
"""The report form: the reporter's name, unit and phone (further contacts by the API)."""

REPORTING_DUTY = (
    "学校、幼儿园、医疗机构、村(居)委会、社会工作服务机构、救助管理和福利机构等在工作中发现"
    "下列情形的，应当在第一时间向公安机关报告（R-RP-1、R-RP-2）",
    "发现后超过 24 小时才报告的，记为迟报，并提示民政部门和监督机构（R-RP-2）",
    "发现时间、报告时间不晚于现在，报告时间不早于发现时间；不早于儿童出生（R-RP-2）",
    "儿童已有档案的填写档案编号；尚无档案或不知编号的，描述儿童并填写所在村(居)代码，二者择一",
    "报告人信息只有公安机关和您本人可见（R-RP-3）；儿童已有档案时，您看不到儿童住在哪里（R-CH-4）",
)
"""What the duty requires of a report, in the reporter's words, shown before the form."""

RESPONSE_RULES = (
    "处置时间不早于报告时间，也不早于已记录的上一次处置（R-EM-1）",
    "护送、安置等移交儿童的措施，须有书面交接记录（R-GD-7）",
    "处置后通报儿童所在镇政府(街道办事处)；未通报不得结案（R-EM-1）",
)

DONE = {
    "filed": "报告已提交公安机关。",
    "responded": "处置情况已记录。",
    "informed": "已记录通报镇政府(街道办事处)。",
}


def now_in_beijing() -> str:
    """Now, as a Beijing-time picker shows it (``YYYY-MM-DDTHH:MM``)."""
    return datetime.now(BEIJING).strftime("%Y-%m-%dT%H:%M")


# -- the reporter -----------------------------------------------------------------------------


def report_fields() -> list[FormField]:
    """The form of ``POST /v1/reports``."""
    return form_fields(ReportIn, shape=REPORT_SHAPE)


def one_child_reference(body: dict[str, Any], form: FormData, values: dict[str, Any]) -> None:
    """Keep the alternative the person chose: a child's file, or a child described with its
    village (the API takes exactly one, ``child-reference-required``)."""
    chosen = form.get("child_ref")
    values["child_ref"] = chosen if isinstance(chosen, str) else ""
    if chosen == "file":
        body.pop("unidentified_child", None)
        body.pop("area", None)
    elif chosen == "described":
        body.pop("child_id", None)
        body.setdefault("unidentified_child", {})


def _reporting_page(
    request: Request, jz: Jianzheng, signed: Signed, posted: Posted | None, done: str = ""
) -> HTMLResponse:
    fields = report_fields()
    opening = {"reporter.unit": signed.actor.agency, "noticed_at": now_in_beijing(),
               "reported_at": now_in_beijing(), "child_ref": "described"}  # fmt: skip
    mine = jz.children.reports_filed_by(signed.principal) if signed.principal.has(
        Role.REPORTER, Role.VILLAGE_COMMITTEE, Role.POLICE
    ) else []  # fmt: skip
    view = form_view(fields, posted, opening)
    return form_page(
        request, signed, "children/reporting.html", view, duty=REPORTING_DUTY, mine=mine,
        term=term, stages=STAGES, done=DONE.get(done, ""),
    )  # fmt: skip


@router.get("/reporting", response_class=HTMLResponse)
def reporting(
    request: Request,
    jz: App,
    signed: Screen,
    done: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    """The reporter's home: the report form, and its own reports."""
    return _reporting_page(request, jz, signed, None, done)


@router.post("/reporting", response_class=HTMLResponse)
async def file_report(request: Request, jz: App, signed: Screen) -> Response:
    """File the report through the service (as ``POST /v1/reports``)."""

    def call(body: BaseModel) -> Any:
        fields = dump(body)
        if fields["area"] is None:
            fields.pop("area")
        return jz.children.file_report(signed.principal, **fields)

    posted = await post_form(
        request, signed, ReportIn, report_fields(), call, adjust=one_child_reference
    )
    if posted.refusal is None:
        return RedirectResponse("/reporting?done=filed#mine", status_code=303)
    return _reporting_page(request, jz, signed, posted)


# -- a report, and the police's steps ---------------------------------------------------------


def requirements(situations: list[str]) -> list[dict[str, Any]]:
    """What R-EM-1 requires of the police for each situation reported: the actions they must
    take, one of which, and those they may take — by whether the parents were reached when
    that matters (``domain/records/reports/situations.py``: ``RESPONSES``)."""
    rows = []
    for situation in situations:
        group = SITUATIONS[situation].response
        cases = (True, False) if group in PARENT_DEPENDENT else (None,)
        for reached in cases:
            response = response_for(situation, bool(reached)) if reached is not None else (
                RESPONSES[(group, None)]
            )  # fmt: skip
            rows.append({
                "situation": term("situation", situation),
                "when": {True: "联系上父母时", False: "联系不上父母时", None: ""}[reached],
                "all_of": [term("police_action", a) for a in sorted(response.all_of)],
                "one_of": [term("police_action", a) for a in sorted(response.one_of)],
                "may": [term("police_action", a)
                        for a in sorted(response.may | ALWAYS_FITTING)],
            })  # fmt: skip
    return rows


def response_fields() -> list[FormField]:
    """The police response form (``POST /v1/reports/{id}/police-response``)."""
    return form_fields(PoliceIn)


def town_fields() -> list[FormField]:
    """Informing the town (``POST /v1/reports/{id}/town-informed``)."""
    return form_fields(TownInformedIn)


STEPS: Mapping[str, tuple[str, type[BaseModel], str]] = {
    "police-response": ("record_police_response", PoliceIn, "responded"),
    "town-informed": ("record_town_informed", TownInformedIn, "informed"),
}
"""The police's steps on a report: the form's path → the report's method, model, and the
word the report page says after it."""


def _reason_page(
    request: Request, signed: Signed, report_id: UUID, refusal: str = "", entered: str = ""
) -> HTMLResponse:
    answer = show(
        request, signed, "children/reason.html", action=f"/reports/{report_id}/reason",
        subject="强制报告", back="/police/reports", refusal=refusal, entered=entered,
    )  # fmt: skip
    if refusal:
        answer.headers[REFUSAL_HEADER] = "invalid-input"
    return answer


def read_report(
    request: Request, jz: Jianzheng, signed: Signed, report_id: UUID
) -> dict[str, Any] | HTMLResponse:
    """The report as the service lets this person read it (police and oversight give this
    visit's reason; each read is recorded), or the page asking the reason."""
    reason = jz.sessions.reason_for(signed.session, str(report_id))
    try:
        report: dict[str, Any] = jz.children.read_report(signed.principal, report_id, reason)
    except InvalidInput as exc:
        if exc.extra.get("field") == "reason":
            return _reason_page(request, signed, report_id)
        raise
    return report


def _report_page(
    request: Request, jz: Jianzheng, signed: Signed, report: dict[str, Any],
    posted: Posted | None = None, step: str = "", done: str = "",
) -> HTMLResponse:  # fmt: skip
    police = signed.principal.has(Role.POLICE)  # the forms are shown to the police only
    subject = str(report.get("child_id") or "")
    opening = {
        "police-response": {"responded_at": now_in_beijing()},
        "town-informed": {"informed_at": now_in_beijing(),
                          "town": str(report.get("area") or "")[:9]},
    }  # fmt: skip
    views = {
        name: form_view(fields(), posted if name == step else None, opening[name],
                        upload_subject=subject)
        for name, fields in (("police-response", response_fields), ("town-informed", town_fields))
    }  # fmt: skip
    answer = show(
        request, signed, "children/report.html", report=report, term=term, stages=STAGES,
        names=Names(jz), police=police, views=views,
        requirements=requirements(report["situations"]), rules=RESPONSE_RULES,
        handover_actions=[term("police_action", a) for a in sorted(HANDOVER_ACTIONS)],
        done=DONE.get(done, ""),
        reason=jz.sessions.reason_for(signed.session, str(report["report_id"])),
    )  # fmt: skip
    if posted is not None and posted.refusal is not None:
        answer.headers[REFUSAL_HEADER] = posted.refusal.code
    return answer


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(
    request: Request,
    report_id: UUID,
    jz: App,
    signed: Screen,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """A report as the person may read it; for the police, the response forms."""
    report = read_report(request, jz, signed, report_id)
    if isinstance(report, HTMLResponse):
        return report
    return _report_page(request, jz, signed, report, done=done)


@router.post("/reports/{report_id}/reason", response_class=HTMLResponse)
async def give_reason(request: Request, report_id: UUID, jz: App, signed: Screen) -> Response:
    """Keep this visit's reason for reading the report; each read is still recorded."""
    form = await checked_form(request, signed)
    entered = form.get("reason")
    reason = check_reason(entered)
    if reason is None:
        text = entered if isinstance(entered, str) else ""
        return _reason_page(request, signed, report_id, "请写明查阅理由（不超过 2000 字）。", text)
    jz.sessions.remember_reason(signed.session, str(report_id), reason)
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


@router.post("/reports/{report_id}/{step}", response_class=HTMLResponse)
async def report_step(
    request: Request, report_id: UUID, step: str, jz: App, signed: Screen
) -> Response:
    """A police step through the service (as ``POST /v1/reports/{id}/{step}``), back to the
    report; or the report again with the refusal beside its field."""
    if step not in STEPS:
        raise InvalidInput(f"no step {step} on a report's screen", field="step",
                           allowed=sorted(STEPS))  # fmt: skip
    method, model, word = STEPS[step]
    fields = response_fields() if step == "police-response" else town_fields()

    def call(body: BaseModel) -> Any:
        check_step_role([r.value for r in signed.principal.roles], method)  # before the area
        return jz.children.report_command(signed.principal, report_id, method, **dump(body))

    posted = await post_form(request, signed, model, fields, call)
    if posted.refusal is None:
        return RedirectResponse(f"/reports/{report_id}?done={word}", status_code=303)
    report = posted.again(lambda: read_report(request, jz, signed, report_id))
    if isinstance(report, HTMLResponse):
        return report
    return _report_page(request, jz, signed, report, posted, step)


nav.entry("/reporting", "强制报告", Role.REPORTER, Role.VILLAGE_COMMITTEE, Role.POLICE, order=20)

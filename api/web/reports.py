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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.deps import App
from api.schemas.report_bodies import ArrangementIn, CloseIn, PoliceIn, ReportIn, TownInformedIn
from api.schemas.terms import dump
from api.web.children.forms import FormField, Shape, form_fields
from api.web.children.pages import Posted, check_reason, form_page, form_view, post_form
from api.web.children.words import STAGES, term
from api.web.directory import Directory
from api.web.labels import BEIJING
from api.web.nav import entry
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Role
from domain.records.errors import InvalidInput, NotFound
from domain.records.reports import RESPONSES, SITUATIONS, check_step_role, response_for
from domain.records.reports.report import STEP_ROLES
from domain.records.reports.situations import ALWAYS_FITTING, HANDOVER_ACTIONS, PARENT_DEPENDENT
from infra.application import Jianzheng
from infra.listing import PageRequest
from infra.lists import ReportFilters
from infra.lists.children import REPORT_ALERTS
from infra.own_reports import reports_filed_by

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

TOWN_RULES = (
    "镇政府(街道办事处)接到通报后，组织公安、民政、教育、司法、人社、卫计、妇联、共青团等部门，"
    "对儿童安全、监护、身心健康状况进行评估（R-EM-2）",
    "根据评估安排监护指导、医疗救治、心理疏导、行为矫治、法律服务、法律援助等帮扶；"
    "评估认为无需帮扶的可不选（R-EM-2）",
    "安排日期不早于接到通报之日（R-EM-2）",
)

RESPONSE_RULES = (
    "处置时间不早于报告时间，也不早于已记录的上一次处置（R-EM-1）",
    "护送、安置等移交儿童的措施，须有书面交接记录（R-GD-7）",
    "处置后通报儿童所在镇政府(街道办事处)；未通报不得结案（R-EM-1）",
)

DONE = {
    "filed": "报告已提交公安机关。",
    "responded": "处置情况已记录。",
    "informed": "已记录通报镇政府(街道办事处)。",
    "arranged": "评估帮扶安排已记录。",
    "closed": "报告已结案。",
}


def now_in_beijing() -> str:
    """Now, as a Beijing-time picker shows it (``YYYY-MM-DDTHH:MM``)."""
    return datetime.now(BEIJING).strftime("%Y-%m-%dT%H:%M")


# -- the reporter -----------------------------------------------------------------------------


REPORT_ORDER = ("reporter", "institution_kind", "situations", "noticed_at", "reported_at",
                "summary", "child_id", "unidentified_child", "area")  # fmt: skip
"""The report form's members in the order a reporter fills them: who, what, when, then which
child (a file's number, or a description with its village)."""


def report_fields() -> list[FormField]:
    """The form of ``POST /v1/reports``: every member of its model, required as it says."""
    required = set(ReportIn.model_json_schema().get("required", ()))
    members = [(name, name in required) for name in REPORT_ORDER]
    return form_fields(ReportIn, members, REPORT_SHAPE)


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
    mine = reports_filed_by(jz.views, jz.store, signed.principal)
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


@dataclass(frozen=True)
class Step:
    """A step of a report after its filing, on the report's page: its form (the route's
    model), the report's method, who takes it (the domain's ``STEP_ROLES``), what the law asks
    of it, and when it is due (the pipeline's order, R-EM-1, R-EM-2)."""

    path: str
    method: str
    model: type[BaseModel]
    title: str
    done: str
    rules: tuple[str, ...]
    due: Callable[[dict[str, Any]], bool]

    def offered_to(self, by: Signed, report: dict[str, Any]) -> bool:
        """Whether to show the form: the person holds a role that takes it and the report
        has reached it (the service decides)."""
        return by.principal.has(*STEP_ROLES[self.method]) and self.due(report)

    def fields(self) -> list[FormField]:
        """The form of ``POST /v1/reports/{id}/{path}``."""
        return form_fields(self.model)


def _open(report: dict[str, Any]) -> bool:
    return report.get("closure") is None


STEPS: Mapping[str, Step] = {
    s.path: s
    for s in (
        Step("police-response", "record_police_response", PoliceIn, "记录处置（R-EM-1）",
             "responded", RESPONSE_RULES, _open),
        Step("town-informed", "record_town_informed", TownInformedIn,
             "通报镇政府(街道办事处)（R-EM-1）", "informed",
             ("通报儿童所在的镇(街道)；不早于报告和处置（R-EM-1）",),
             lambda r: _open(r) and bool(r.get("responses")) and not r.get("town_informed")),
        Step("town-arrangement", "record_town_arrangement", ArrangementIn,
             "评估帮扶安排（R-EM-2）", "arranged", TOWN_RULES,
             lambda r: _open(r) and bool(r.get("town_informed")) and not r.get("arrangement")),
        Step("closure", "close", CloseIn, "结案", "closed",
             ("公安机关已处置、已通报镇政府、镇政府已作评估帮扶安排后方可结案（R-EM-1、R-EM-2）",
              "结案时间不早于已记录的各步骤"),
             lambda r: _open(r) and bool(r.get("arrangement"))),
    )
}  # fmt: skip
"""The steps of a report on its page, by the path they post to."""


def opening(step: str, report: dict[str, Any]) -> dict[str, Any]:
    """What a step's form opens with: now, today, the report's own town."""
    if step == "town-informed":
        return {"informed_at": now_in_beijing(), "town": str(report.get("area") or "")[:9]}
    if step == "town-arrangement":
        return {"arranged_on": datetime.now(BEIJING).date().isoformat()}
    return {"responded_at": now_in_beijing(), "closed_at": now_in_beijing()}


def _reason_page(
    request: Request, signed: Signed, report_id: UUID, refusal: str = "", entered: str = ""
) -> HTMLResponse:
    answer = show(
        request, signed, "children/reason.html", action=f"/reports/{report_id}/reason",
        subject="强制报告", back="/", refusal=refusal, entered=entered,
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
    subject = str(report.get("child_id") or "")
    steps = [
        (s, form_view(s.fields(), posted if s.path == step else None, opening(s.path, report),
                      upload_subject=subject))
        for s in STEPS.values()
        if s.offered_to(signed, report) or s.path == step
    ]  # fmt: skip
    answer = show(
        request, signed, "children/report.html", report=report, term=term, stages=STAGES,
        directory=Directory(jz.store), steps=steps,
        requirements=requirements(report["situations"]),
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
        raise NotFound(f"no step {step} of a report")
    chosen = STEPS[step]

    def call(body: BaseModel) -> Any:
        check_step_role([r.value for r in signed.principal.roles], chosen.method)  # first
        return jz.children.report_command(signed.principal, report_id, chosen.method, **dump(body))

    posted = await post_form(request, signed, chosen.model, chosen.fields(), call)
    if posted.refusal is None:
        return RedirectResponse(f"/reports/{report_id}?done={chosen.done}", status_code=303)
    report = posted.again(lambda: read_report(request, jz, signed, report_id))
    if isinstance(report, HTMLResponse):
        return report
    return _report_page(request, jz, signed, report, posted, step)


# -- the pipeline: the police's home, and the town's and keepers' view -------------------------

QUEUES = (
    ("reported", "待处置", "报告后尚未处置（最早的在上）", "record_police_response"),
    ("responded", "已处置、待通报镇政府", "处置后须通报儿童所在镇政府(街道办事处)，未通报不得结案",
     "record_town_informed"),
    ("town_informed", "已通报、待评估帮扶", "镇政府组织评估并安排帮扶（R-EM-2）",
     "record_town_arrangement"),
    ("assessed", "已评估帮扶、待结案", "各步骤完成后结案", "close"),
)  # fmt: skip
"""The stages of the pipeline that await someone, the title, what they ask, and the step
that moves a report on: each person sees the stages whose step their role takes (the police
respond and inform, the town arranges, the town or the police close), and the area's other
staff see them all."""


def _pipeline(request: Request, jz: Jianzheng, signed: Signed, cursor: str) -> HTMLResponse:
    """The reports of the person's area awaiting a step, oldest first (``GET /v1/reports``'s
    list), the one past the police's response time marked (R-EM-1)."""
    mine = [q for q in QUEUES if signed.principal.has(*STEP_ROLES[q[3]])]
    queues = []
    for stage, title, about, _ in mine or QUEUES:
        page = jz.lists.reports(
            signed.principal,
            ReportFilters(stage=stage),
            PageRequest(sort="reported", order="asc", cursor=(cursor or None) if stage ==
                        (mine or QUEUES)[0][0] else None),
        )  # fmt: skip
        queues.append({"stage": stage, "title": title, "about": about, "page": page})
    return show(
        request, signed, "children/police.html", queues=queues, term=term,
        minutes=jz.settings.report_response_minutes, alert_words=REPORT_ALERTS,
        here_path=request.url.path,
    )  # fmt: skip


@router.get("/police/reports", response_class=HTMLResponse)
def police_queue(
    request: Request,
    jz: App,
    signed: Screen,
    cursor: Annotated[str, Query(max_length=2048)] = "",
) -> HTMLResponse:
    """The police's home: the reports of their area awaiting their response, the overdue
    marked, and those awaiting the town's notification."""
    return _pipeline(request, jz, signed, cursor)


@router.get("/reports", response_class=HTMLResponse)
def pipeline(
    request: Request,
    jz: App,
    signed: Screen,
    cursor: Annotated[str, Query(max_length=2048)] = "",
) -> HTMLResponse:
    """The pipeline for towns (the steps they take) and the area's other staff."""
    return _pipeline(request, jz, signed, cursor)


entry("/police/reports", "待处置报告", Role.POLICE, order=5)
entry("/reports", "报告处置", Role.TOWN_OFFICE, Role.CIVIL_AFFAIRS, Role.VILLAGE_COMMITTEE,
      order=30)  # fmt: skip
entry("/reporting", "强制报告", Role.REPORTER, Role.VILLAGE_COMMITTEE, Role.POLICE, order=20)

"""The reporting duty over HTTP (R-RP-1, R-RP-2): the pipeline's times in order from the
record, reports before a child's birth, late reports, failures to report listed for
oversight, commendations. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from tests.integration.areakit import enrol, register_wang_xiaoming

PROBLEM = "application/problem+json"
VILLAGE = "379901001001"
COUNTY = VILLAGE[:6]


@dataclass
class Cast:
    tokens: dict[str, str]
    child: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    """The county's police, civil affairs, oversight, the town, the village, a school; a
    child of the village born 2014-05-17."""
    roles = {
        "police": ("police", COUNTY),
        "civil": ("civil_affairs", COUNTY),
        "oversight": ("oversight", COUNTY),
        "town": ("town_office", VILLAGE[:9]),
        "village": ("village_committee", VILLAGE),
        "school": ("reporter", VILLAGE),
    }
    enrolled = enrol(jz, roles)
    child = register_wang_xiaoming(jz, enrolled.principals["village"], VILLAGE)
    return Cast(enrolled.tokens, child)


def report(child: str, **extra: Any) -> dict[str, Any]:
    return {
        "reporter": {"name": "张老师", "unit": "某村小学"},
        "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": "2026-11-20T08:00:00+08:00",
        "reported_at": "2026-11-20T08:30:00+08:00",
        "summary": "学生连续三天独自在家",
        "child_id": child,
        **extra,
    }


RESPONSE = {
    "responded_at": "2026-11-20T09:00:00+08:00",
    "actions": ["admonish_parents", "order_parents_return"],
    "parents_reached": True,
}


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert problem["field"] == field, problem
    return problem


def file(client: TestClient, cast: Cast, who: str = "school", **extra: Any) -> str:
    answer = client.post("/v1/reports", json=report(cast.child, **extra), headers=cast.auth(who))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["report_id"])


def step(client: TestClient, cast: Cast, report_id: str, path: str, body: Any, who: str) -> Any:
    return client.post(f"/v1/reports/{report_id}/{path}", json=body, headers=cast.auth(who))


def test_the_pipelines_times_follow_the_record(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EM-1, R-EM-2: town informed after the response, arrangement and closure after
    every step on record — 409 report-times-out-of-order, nothing stored."""
    report_id = file(client, cast)
    assert step(client, cast, report_id, "police-response", RESPONSE, "police").status_code == 201
    before = jz.store.event_count()
    early = {"town": VILLAGE[:9], "informed_at": "2026-11-20T08:45:00+08:00"}
    refused(step(client, cast, report_id, "town-informed", early, "police"), 409,
            "report-times-out-of-order", "informed_at")  # fmt: skip
    assert jz.store.event_count() == before
    informed = {"town": VILLAGE[:9], "informed_at": "2026-11-20T10:00:00+08:00"}
    assert step(client, cast, report_id, "town-informed", informed, "police").status_code == 201
    arrangement = {
        "departments": ["civil_affairs"],
        "assessment": {"safety": "安全", "guardianship": "父母已返回", "health": "良好"},
        "measures": [],
        "arranged_on": "2026-11-19",  # before the incident was even noticed
    }
    refused(step(client, cast, report_id, "town-arrangement", arrangement, "town"), 409,
            "report-times-out-of-order", "arranged_on")  # fmt: skip
    arrangement["arranged_on"] = "2026-11-21"
    assert step(client, cast, report_id, "town-arrangement", arrangement, "town").status_code == 201
    closure = {"reason": "父母已返回", "closed_at": "2026-11-20T12:00:00+08:00"}
    refused(step(client, cast, report_id, "closure", closure, "town"), 409,
            "report-times-out-of-order", "closed_at")  # fmt: skip
    closure["closed_at"] = "2026-11-22T12:00:00+08:00"
    assert step(client, cast, report_id, "closure", closure, "town").status_code == 201


def test_a_report_cannot_precede_the_childs_birth(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-RP-2: the child's file (born 2014-05-17) bounds the report; the date is not told."""
    before = jz.store.event_count()
    answer = client.post(
        "/v1/reports",
        json=report(cast.child, noticed_at="2014-05-16T08:00:00+08:00",
                    reported_at="2014-05-16T09:00:00+08:00"),
        headers=cast.auth("school"),
    )  # fmt: skip
    problem = refused(answer, 422, "date-before-birth", "noticed_at")
    assert "2014-05-17" not in str(problem)
    assert jz.store.event_count() == before


def test_failures_to_report_and_late_reports_are_listed_for_oversight(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-RP-1, R-RP-2: the police find that the hospital knew a week earlier; the report
    itself came two days after noticing. Oversight and civil affairs see both; the police
    cannot read the list, and a town cannot record a finding."""
    report_id = file(client, cast, reported_at="2026-11-22T08:30:00+08:00")
    finding = {
        "institution_kind": "medical",
        "institution": "某镇卫生院",
        "known_since": "2026-11-13T10:00:00+08:00",
        "basis": "门诊病历记载 11 月 13 日发现多处损伤",
        "found_on": "2026-11-23",
    }
    refused(step(client, cast, report_id, "failures-to-report", finding, "town"), 403,
            "role-not-allowed")  # fmt: skip
    late = {**finding, "known_since": "2026-11-23T10:00:00+08:00"}
    refused(step(client, cast, report_id, "failures-to-report", late, "police"), 409,
            "failure-to-report-not-shown", "known_since")  # fmt: skip
    citizen = {**finding, "institution_kind": "citizen"}
    problem = refused(step(client, cast, report_id, "failures-to-report", citizen, "police"),
                      422, "unknown-term", "institution_kind")  # fmt: skip
    assert "citizen" not in problem["allowed"]
    recorded = step(client, cast, report_id, "failures-to-report", finding, "police")
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["events"][0]["type"] == "reports.FailureToReportFound"
    duty = client.get("/v1/reports/duty", headers=cast.auth("oversight")).json()
    assert [f["institution"] for f in duty["failures_to_report"]] == ["某镇卫生院"]
    assert [r["report_id"] for r in duty["late_reports"]] == [report_id]
    assert "张老师" not in str(duty)
    assert client.get("/v1/reports/duty", headers=cast.auth("civil")).status_code == 200
    refused(client.get("/v1/reports/duty", headers=cast.auth("police")), 403, "forbidden")
    alerts = client.get("/v1/children/alerts", headers=cast.auth("civil")).json()["alerts"]
    assert [a["report_id"] for a in alerts if a["kind"] == "late_report"] == [report_id]


def test_a_citizens_report_is_commended_once_a_schools_never(
    client: TestClient, cast: Cast
) -> None:
    """C5 "其他公民、社会组织积极向公安机关报告的, 要给予表扬": after the police acted."""
    citizen = file(client, cast, who="police", institution_kind="citizen",
                   reporter={"name": "李邻居"})  # fmt: skip
    praise = {"form": "praise", "commended_on": "2026-11-25", "basis": "及时报告"}
    refused(step(client, cast, citizen, "commendation", praise, "civil"), 409,
            "report-step-out-of-order")  # fmt: skip
    assert step(client, cast, citizen, "police-response", RESPONSE, "police").status_code == 201
    reward = {"form": "reward", "commended_on": "2026-11-25", "basis": "及时报告",
              "reward_fen": 50000}  # fmt: skip
    assert step(client, cast, citizen, "commendation", reward, "town").status_code == 201
    refused(step(client, cast, citizen, "commendation", praise, "civil"), 409,
            "reporter-not-commendable")  # fmt: skip
    school = file(client, cast)
    assert step(client, cast, school, "police-response", RESPONSE, "police").status_code == 201
    refused(step(client, cast, school, "commendation", praise, "civil"), 409,
            "reporter-not-commendable")  # fmt: skip
    duty = client.get("/v1/reports/duty", headers=cast.auth("oversight")).json()
    assert duty["commendations"] == [
        {"report_id": citizen, "area": VILLAGE, "form": "reward", "commended_on": "2026-11-25"}
    ]
    assert "李邻居" not in str(duty)

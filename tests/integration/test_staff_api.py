"""Named child-protection staff over HTTP (R-AC-2): rosters, who is responsible for each
child, the staff's own inbox and alerts, and areas without staff as an alert for civil
affairs. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from infra.application import OPERATOR, Jianzheng
from tests.integration.areakit import enrol, register_wang_xiaoming

PROBLEM = "application/problem+json"
VILLAGE = "379901001001"
OTHER_VILLAGE = "379901001002"
TOWN = VILLAGE[:9]
COUNTY = VILLAGE[:6]


@dataclass
class Staff:
    tokens: dict[str, str]
    ids: dict[str, str]
    child: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def staff(jz: Jianzheng) -> Staff:
    """Civil affairs of the county, the town's office and two of its people, the village's
    committee and two of its people, a committee member of another village, the police,
    a school, and a left-behind child of the village whose parents are away."""
    cast = {
        "civil": ("civil_affairs", COUNTY),
        "town": ("town_office", TOWN),
        "town_worker": ("town_office", TOWN),
        "village": ("village_committee", VILLAGE),
        "liaison": ("village_committee", VILLAGE),
        "supervisor": ("village_committee", VILLAGE),
        "elsewhere": ("village_committee", OTHER_VILLAGE),
        "police": ("police", COUNTY),
        "oversight": ("oversight", COUNTY),
        "school": ("reporter", VILLAGE),
    }
    enrolled = enrol(jz, cast)
    child = register_wang_xiaoming(jz, enrolled.principals["village"], VILLAGE)
    return Staff(enrolled.tokens, enrolled.ids, child)


def appointment(staff_actor: str, **extra: Any) -> dict[str, Any]:
    return {
        "staff_actor": staff_actor,
        "title": "child_care_liaison",
        "from_on": "2026-01-01",
        "basis": "村委会〔2026〕1号",
        **extra,
    }


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert problem["field"] == field, problem
    return problem


def appoint(client: TestClient, s: Staff, area: str, who: str, by: str, **extra: Any) -> None:
    answer = client.post(f"/v1/staff/{area}/appointments", json=appointment(s.ids[who], **extra),
                         headers=s.auth(by))  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert answer.json()["events"][-1]["type"] == "staff.StaffAppointed"


def test_a_village_and_its_town_name_staff_and_the_ledger_shows_who_is_responsible(
    client: TestClient, staff: Staff
) -> None:
    """R-AC-2: the committee names its liaison, the town its worker; the ledger and the
    child's file show both as responsible for the child today."""
    appoint(client, staff, VILLAGE, "liaison", "village")
    appoint(client, staff, TOWN, "town_worker", "town", title="child_protection_worker")
    ledger = client.get("/v1/children", headers=staff.auth("civil")).json()["children"]
    [row] = ledger
    assert row["responsible"] == {
        "town": [{"staff_actor": staff.ids["town_worker"], "title": "child_protection_worker",
                  "appointment_no": 1}],
        "village": [{"staff_actor": staff.ids["liaison"], "title": "child_care_liaison",
                     "appointment_no": 1}],
    }  # fmt: skip
    file = client.get(f"/v1/children/{staff.child}", headers=staff.auth("village")).json()
    assert file["responsible"] == row["responsible"]
    roster = client.get(f"/v1/staff/{VILLAGE}", headers=staff.auth("oversight")).json()
    assert [a["staff_actor"] for a in roster["in_force"]] == [staff.ids["liaison"]]


def test_staff_must_hold_the_areas_role_and_the_caller_must_cover_the_area(
    client: TestClient, jz: Jianzheng, staff: Staff
) -> None:
    """R-AC-2: checked from the actors' records; a refused appointment stores nothing."""
    before = jz.store.event_count()
    liaison, town_worker = (
        appointment(staff.ids["liaison"]),
        appointment(staff.ids["town_worker"], title="child_protection_worker"),
    )
    for area, body, by, status, code, field in (
        (VILLAGE, appointment(staff.ids["elsewhere"]), "village", 409, "staff-actor-unfit",
         "staff_actor"),  # a committee member of another village
        (VILLAGE, appointment(staff.ids["police"]), "civil", 409, "staff-actor-unfit",
         "staff_actor"),
        (VILLAGE, appointment("00000000-0000-4000-8000-000000000000"), "civil", 409,
         "staff-actor-unfit", "staff_actor"),
        (VILLAGE, liaison, "elsewhere", 403, "outside-authority", None),
        (VILLAGE, liaison, "police", 403, "role-not-allowed", None),
        (TOWN, town_worker, "village", 403, "outside-authority", None),
        (COUNTY, town_worker, "civil", 422, "invalid-jurisdiction", "area"),
    ):  # fmt: skip
        answer = client.post(f"/v1/staff/{area}/appointments", json=body, headers=staff.auth(by))
        refused(answer, status, code, field)
    assert jz.store.event_count() == before


def test_an_ended_appointment_leaves_the_child_without_village_staff_and_alerts_civil_affairs(
    client: TestClient, staff: Staff
) -> None:
    """R-AC-2: an area with nobody named today is an alert for civil affairs (and oversight);
    the ended appointment stays on the roster."""
    first = client.get("/v1/children/alerts", headers=staff.auth("civil")).json()["alerts"]
    kinds = {(a["kind"], a.get("area")) for a in first}
    assert {("area_without_staff", TOWN), ("area_without_staff", VILLAGE)} <= kinds
    appoint(client, staff, VILLAGE, "liaison", "town")
    appoint(client, staff, TOWN, "town_worker", "civil", title="child_protection_worker")
    alerts = client.get("/v1/children/alerts", headers=staff.auth("civil")).json()["alerts"]
    assert [a for a in alerts if a["kind"] == "area_without_staff"] == []
    ended = client.post(f"/v1/staff/{VILLAGE}/appointments/1/end",
                        json={"ended_on": "2026-02-01", "reason": "调任"},
                        headers=staff.auth("village"))  # fmt: skip
    assert ended.status_code == 201, ended.text
    alerts = client.get("/v1/children/alerts", headers=staff.auth("oversight")).json()["alerts"]
    assert [a["area"] for a in alerts if a["kind"] == "area_without_staff"] == [VILLAGE]
    assert client.get("/v1/children/alerts", headers=staff.auth("village")).json()["alerts"] == [
        a for a in alerts if a["kind"] != "area_without_staff"
    ]  # staff of the village get no such alert: it is civil affairs' to act on
    again = client.post(f"/v1/staff/{VILLAGE}/appointments/1/end",
                        json={"ended_on": "2026-02-02", "reason": "再次"},
                        headers=staff.auth("village"))  # fmt: skip
    refused(again, 409, "appointment-already-ended")
    roster = client.get(f"/v1/staff/{VILLAGE}", headers=staff.auth("village")).json()
    assert roster["appointments"][0]["ended_on"] == "2026-02-01"
    assert roster["in_force"] == []


def test_named_staff_see_their_areas_reports_and_alerts_in_their_inbox(
    client: TestClient, jz: Jianzheng, staff: Staff
) -> None:
    """R-AC-2: "alerts and reports go to them" — a new report about the village's child is
    in the liaison's inbox and in ``alerts?mine=true``; an actor named nowhere has no inbox."""
    refused(client.get("/v1/staff/inbox", headers=staff.auth("liaison")), 403, "forbidden")
    appoint(client, staff, VILLAGE, "liaison", "village")
    body = {
        "reporter": {"name": "张老师", "unit": "某村小学"},
        "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-23T08:30:00Z",  # three days later: a late report (R-RP-2)
        "summary": "学生连续三天独自在家",
        "child_id": staff.child,
    }
    filed = client.post("/v1/reports", json=body, headers=staff.auth("school"))
    assert filed.status_code == 201, filed.text
    report_id = filed.json()["report_id"]
    inbox = client.get("/v1/staff/inbox", headers=staff.auth("liaison")).json()
    assert inbox["areas"] == [VILLAGE]
    assert [r["report_id"] for r in inbox["reports"]] == [report_id]
    assert {"late_report", "report_without_police_response"} <= {a["kind"] for a in inbox["alerts"]}
    mine = client.get("/v1/children/alerts", params={"mine": "true"},
                      headers=staff.auth("liaison")).json()["alerts"]  # fmt: skip
    assert {a["report_id"] for a in mine if "report_id" in a} == {report_id}
    assert {a.get("village") or a["area"] for a in mine} == {VILLAGE}
    others = client.get("/v1/children/alerts", params={"mine": "true"},
                        headers=staff.auth("supervisor")).json()["alerts"]  # fmt: skip
    assert others == []  # the same committee, but not named: nothing is "theirs"
    assert "张老师" not in str(inbox)


def test_a_suspended_staff_member_is_nobodys_staff_while_suspended(
    client: TestClient, jz: Jianzheng, staff: Staff
) -> None:
    """R-AC-2: the roster keeps the appointment, but while the person may not act the child
    has no village staff and civil affairs is alerted; reinstated, they are back."""
    appoint(client, staff, VILLAGE, "liaison", "village")
    jz.suspend_actor(OPERATOR, UUID(staff.ids["liaison"]), "停职调查")

    def village_staff() -> list[Any]:
        rows = client.get("/v1/children", headers=staff.auth("civil")).json()["children"]
        return list(rows[0]["responsible"]["village"])

    def unstaffed() -> list[str]:
        alerts = client.get("/v1/children/alerts", headers=staff.auth("civil")).json()["alerts"]
        return [a["area"] for a in alerts if a["kind"] == "area_without_staff"]

    assert village_staff() == []
    assert VILLAGE in unstaffed()
    jz.reinstate_actor(OPERATOR, UUID(staff.ids["liaison"]), "调查结束")
    assert [s["staff_actor"] for s in village_staff()] == [staff.ids["liaison"]]
    assert VILLAGE not in unstaffed()

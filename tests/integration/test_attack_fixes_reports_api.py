"""Findings #7, #8, #9 and #11 of the outside attack on reports and staff
(/work/attack-kids-brief/FINDINGS.md), over HTTP, on SQLite and PostgreSQL.

* #7 (R-RP-3, R-CH-4; ADR 0005): a reporter who names a child's file learnt the child's
  village from its own report (``area``) — no answer tells a reporter where a child lives.
* #8 (R-RP-1, R-RP-2): a failure to report known before the child's birth, or recorded twice
  for the same institution on the same report, was accepted.
* #9 (R-EM-1): a police response dated before an earlier one was accepted; one dated before
  the report answered ``invalid-field`` instead of ``report-times-out-of-order``.
* #11 (R-AC-2): ending an appointment number that does not exist said "this area has no
  staff roster yet" on an area with a roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from tests.integration.areakit import enrol, register_wang_xiaoming

PROBLEM = "application/problem+json"
VILLAGE = "379901001001"
TOWN = VILLAGE[:9]
COUNTY = VILLAGE[:6]
ELSEWHERE = "379902001001"
"""A village of another county: the school's, and another committee's."""


@dataclass
class Cast:
    tokens: dict[str, str]
    ids: dict[str, str]
    child: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    """The county's police and civil affairs, the town, the village and a second committee
    member, a school of another county (a reporter names children from anywhere), a
    committee of that other county; a child of the village born 2014-05-17."""
    roles = {
        "police": ("police", COUNTY),
        "civil": ("civil_affairs", COUNTY),
        "oversight": ("oversight", COUNTY),
        "town": ("town_office", TOWN),
        "village": ("village_committee", VILLAGE),
        "liaison": ("village_committee", VILLAGE),
        "school": ("reporter", ELSEWHERE),
        "school_here": ("reporter", COUNTY),
        "other_village": ("village_committee", ELSEWHERE),
    }
    enrolled = enrol(jz, roles)
    child = register_wang_xiaoming(jz, enrolled.principals["village"], VILLAGE)
    return Cast(enrolled.tokens, enrolled.ids, child)


def report(child: str, **extra: Any) -> dict[str, Any]:
    return {
        "reporter": {"name": "张老师", "unit": "某中学"},
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
FINDING = {
    "institution_kind": "medical",
    "institution": "某镇卫生院",
    "known_since": "2026-11-13T10:00:00+08:00",
    "basis": "门诊病历记载 11 月 13 日发现多处损伤",
    "found_on": "2026-11-23",
}


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert problem.get("field") == field, problem
    return problem


def file(client: TestClient, cast: Cast, who: str = "school", **extra: Any) -> str:
    answer = client.post("/v1/reports", json=report(cast.child, **extra), headers=cast.auth(who))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["report_id"])


def step(client: TestClient, cast: Cast, report_id: str, path: str, body: Any, who: str) -> Any:
    return client.post(f"/v1/reports/{report_id}/{path}", json=body, headers=cast.auth(who))


def places(text: str) -> list[str]:
    """The codes of the child's village, town and county that occur in ``text``."""
    return [code for code in (VILLAGE, TOWN, COUNTY) if code in text]


# -- #7: a reporter never learns where a child lives (R-RP-3, R-CH-4) ---------------------


def test_a_reporter_reading_its_report_never_sees_the_childs_village(
    client: TestClient, cast: Cast
) -> None:
    """Finding #7 (R-CH-4, ADR 0005): the school of another county files a report about a
    child's file and reads it back, before and after the police informed the child's town.
    Neither ``area`` nor the town informed is shown to it (``location_hidden``), and no code
    of the child's village, town or county occurs anywhere in its answers — the create
    answer, its idempotent replay, the read. The child's own area still sees the village."""
    key = {"Idempotency-Key": "attack-7-report"}
    body = report(cast.child)
    created = client.post("/v1/reports", json=body, headers={**cast.auth("school"), **key})
    assert created.status_code == 201, created.text
    replay = client.post("/v1/reports", json=body, headers={**cast.auth("school"), **key})
    assert replay.json() == created.json()
    report_id = str(created.json()["report_id"])
    assert places(created.text) == []
    assert places(replay.text) == []

    own = client.get(f"/v1/reports/{report_id}", headers=cast.auth("school"))
    assert own.status_code == 200, own.text
    seen = own.json()
    assert (seen["area"], seen["location_hidden"]) == (None, True)
    assert seen["reporter"] == {"name": "张老师", "unit": "某中学"}  # its own report, still
    assert places(own.text) == []

    assert step(client, cast, report_id, "police-response", RESPONSE, "police").status_code == 201
    informed = {"town": TOWN, "informed_at": "2026-11-20T10:00:00+08:00"}
    assert step(client, cast, report_id, "town-informed", informed, "police").status_code == 201
    later = client.get(f"/v1/reports/{report_id}", headers=cast.auth("school"))
    assert later.json()["stage"] == "town_informed"
    assert later.json()["town_informed"]["town"] is None
    assert places(later.text) == []

    keeper = client.get(f"/v1/reports/{report_id}", headers=cast.auth("village")).json()
    assert (keeper["area"], keeper["location_hidden"]) == (VILLAGE, False)
    assert keeper["town_informed"]["town"] == TOWN
    police = client.get(
        f"/v1/reports/{report_id}", params={"reason": "核查"}, headers=cast.auth("police")
    ).json()
    assert (police["area"], police["location_hidden"]) == (VILLAGE, False)


def test_only_the_childs_area_lists_or_reads_a_report_about_it(
    client: TestClient, cast: Cast
) -> None:
    """Finding #7: outside the child's area no list and no read shows the report (nor its
    village); the reporter has no list at all."""
    report_id = file(client, cast)
    listed = client.get("/v1/reports", headers=cast.auth("other_village"))
    assert listed.status_code == 200
    assert listed.json()["count"] == 0
    assert places(listed.text) == []
    refused(client.get("/v1/reports", headers=cast.auth("school")), 403, "forbidden")
    outsider = client.get(f"/v1/reports/{report_id}", headers=cast.auth("other_village"))
    assert outsider.status_code == 403
    assert places(outsider.text) == []
    inside = client.get("/v1/reports", headers=cast.auth("village")).json()
    assert [(r["report_id"], r["area"]) for r in inside["reports"]] == [(report_id, VILLAGE)]


def test_a_reporter_still_sees_the_area_it_gave_for_an_unidentified_child(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #7: the village a reporter gave for a child without a file is its own words;
    once the report is linked to a file, the report moves to the child's village, which the
    reporter then no longer sees."""
    answer = client.post(
        "/v1/reports",
        json={**report(cast.child), "child_id": None, "area": VILLAGE,
              "unidentified_child": {"apparent_age": 12, "description": "穿校服的男孩"}},
        headers=cast.auth("school"),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    report_id = str(answer.json()["report_id"])
    seen = client.get(f"/v1/reports/{report_id}", headers=cast.auth("school")).json()
    assert (seen["area"], seen["location_hidden"]) == (VILLAGE, False)
    body = {"child_id": cast.child}
    linked = client.post(f"/v1/reports/{report_id}/child", json=body, headers=cast.auth("village"))
    assert linked.status_code == 201, linked.text
    seen = client.get(f"/v1/reports/{report_id}", headers=cast.auth("school")).json()
    assert (seen["area"], seen["location_hidden"]) == (None, True)


STEPS = {
    "police-response": RESPONSE,
    "town-informed": {"town": TOWN, "informed_at": "2026-11-20T10:00:00+08:00"},
    "town-arrangement": {
        "departments": ["civil_affairs"],
        "assessment": {"safety": "安全", "guardianship": "父母已返回", "health": "良好"},
        "measures": [],
        "arranged_on": "2026-11-21",
    },
    "closure": {"reason": "父母已返回", "closed_at": "2026-11-22T12:00:00+08:00"},
    "failures-to-report": FINDING,
    "commendation": {"form": "praise", "commended_on": "2026-11-25", "basis": "及时报告"},
}


def test_a_reporters_refusals_do_not_tell_whether_the_child_lives_in_its_area(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #7, the same leak by another door (R-CH-4): a school of the child's county
    and a school of another county, each on its own report about the child, are refused
    every step of the pipeline and the link in the same words (403 role-not-allowed, the
    roles that may) — before the report's area is looked at, so the answer does not depend
    on where the child lives. Nothing is stored."""
    here, there = file(client, cast, "school_here"), file(client, cast, "school")
    before = jz.store.event_count()
    for path, body in [*STEPS.items(), ("child", {"child_id": cast.child})]:
        answers = [
            client.post(f"/v1/reports/{report_id}/{path}", json=body, headers=cast.auth(who))
            for report_id, who in ((here, "school_here"), (there, "school"))
        ]
        problems = [refused(answer, 403, "role-not-allowed") for answer in answers]
        assert problems[0]["detail"] == problems[1]["detail"], path
        assert problems[0]["allowed"] == problems[1]["allowed"], path
        assert "reporter" not in problems[0]["allowed"]
    assert jz.store.event_count() == before
    reads = [
        client.get(f"/v1/reports/{report_id}", headers=cast.auth(who))
        for report_id, who in ((there, "school_here"), (here, "school"))
    ]  # each the other's report
    problems = [refused(answer, 403, "forbidden") for answer in reads]
    assert problems[0]["detail"] == problems[1]["detail"]
    assert places(reads[0].text) == places(reads[1].text) == []


# -- #8: failures to report (R-RP-1, R-RP-2) -----------------------------------------------


def test_a_failure_to_report_is_not_known_before_the_childs_birth(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #8 (R-RP-2): the child was born 2014-05-17; no institution knew its situation
    before. 422 date-before-birth, field known_since, the birth date not told, nothing
    stored."""
    report_id = file(client, cast)
    before = jz.store.event_count()
    early = {**FINDING, "known_since": "2014-05-16T10:00:00+08:00"}
    problem = refused(step(client, cast, report_id, "failures-to-report", early, "police"),
                      422, "date-before-birth", "known_since")  # fmt: skip
    assert "2014-05-17" not in str(problem)
    assert jz.store.event_count() == before
    born = {**FINDING, "known_since": "2014-05-17T10:00:00+08:00"}
    assert step(client, cast, report_id, "failures-to-report", born, "police").status_code == 201


def test_the_same_failure_to_report_is_recorded_once_per_report(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #8 (R-RP-1): the same institution, however spaced or written in full-width
    forms, is found once per report (409 failure-to-report-already-recorded, field
    institution), whoever records it; another institution may still be found, and the same
    one on another report."""
    report_id = file(client, cast)
    assert step(client, cast, report_id, "failures-to-report", FINDING, "police").status_code == 201
    before = jz.store.event_count()
    for again, who in (
        (FINDING, "police"),
        ({**FINDING, "institution": " 某镇 卫生院 ", "known_since": "2026-11-14T10:00:00+08:00",
          "found_on": "2026-11-24"}, "civil"),
    ):  # fmt: skip
        refused(step(client, cast, report_id, "failures-to-report", again, who), 409,
                "failure-to-report-already-recorded", "institution")  # fmt: skip
    assert jz.store.event_count() == before
    other = {**FINDING, "institution_kind": "school", "institution": "某村小学"}
    assert step(client, cast, report_id, "failures-to-report", other, "police").status_code == 201
    second = file(client, cast)
    assert step(client, cast, second, "failures-to-report", FINDING, "police").status_code == 201
    duty = client.get("/v1/reports/duty", headers=cast.auth("oversight")).json()
    assert sorted((f["report_id"], f["institution"]) for f in duty["failures_to_report"]) == sorted(
        [(report_id, "某镇卫生院"), (report_id, "某村小学"), (second, "某镇卫生院")]
    )


# -- #9: the police responses' times (R-EM-1) ----------------------------------------------


def test_police_responses_follow_each_other_and_the_report(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #9 (R-EM-1): a response before the report, or before a response on record,
    answers 409 report-times-out-of-order naming responded_at (as every other step of the
    pipeline does), and nothing is stored; a later follow-up is recorded."""
    report_id = file(client, cast)
    before = jz.store.event_count()
    early = {**RESPONSE, "responded_at": "2026-11-20T08:20:00+08:00"}
    refused(step(client, cast, report_id, "police-response", early, "police"), 409,
            "report-times-out-of-order", "responded_at")  # fmt: skip
    assert jz.store.event_count() == before
    late = {**RESPONSE, "responded_at": "2026-11-20T20:30:00+08:00"}
    assert step(client, cast, report_id, "police-response", late, "police").status_code == 201
    before = jz.store.event_count()
    earlier = {**RESPONSE, "responded_at": "2026-11-20T20:20:00+08:00"}
    refused(step(client, cast, report_id, "police-response", earlier, "police"), 409,
            "report-times-out-of-order", "responded_at")  # fmt: skip
    assert jz.store.event_count() == before
    follow_up = {**RESPONSE, "responded_at": "2026-11-21T09:00:00+08:00"}
    assert step(client, cast, report_id, "police-response", follow_up, "police").status_code == 201
    read = client.get(
        f"/v1/reports/{report_id}", params={"reason": "核查"}, headers=cast.auth("police")
    ).json()
    times = [r["responded_at"] for r in read["responses"]]
    assert times == [late["responded_at"], follow_up["responded_at"]]


def test_the_town_is_not_informed_before_the_report(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #9: informing the town before the report was made answers the pipeline's own
    code too (409 report-times-out-of-order, field informed_at)."""
    report_id = file(client, cast)
    assert step(client, cast, report_id, "police-response", RESPONSE, "police").status_code == 201
    early = {"town": TOWN, "informed_at": "2026-11-20T08:10:00+08:00"}
    refused(step(client, cast, report_id, "town-informed", early, "police"), 409,
            "report-times-out-of-order", "informed_at")  # fmt: skip


# -- #11: the words for an appointment that does not exist (R-AC-2) ------------------------


def test_ending_an_appointment_that_does_not_exist_names_the_number(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Finding #11 (R-AC-2): on a village with a roster (appointment 1), ending appointment
    99 answers 404 appointment-not-found "no appointment 99 on this roster"; on a village
    without a roster it says so. Nothing is stored either way."""
    appointed = client.post(
        f"/v1/staff/{VILLAGE}/appointments",
        json={"staff_actor": cast.ids["liaison"], "title": "child_care_liaison",
              "from_on": "2026-01-01", "basis": "村委会〔2026〕1号"},
        headers=cast.auth("town"),
    )  # fmt: skip
    assert appointed.status_code == 201, appointed.text
    before = jz.store.event_count()
    end = {"ended_on": "2026-06-01", "reason": "调任"}
    problem = refused(
        client.post(f"/v1/staff/{VILLAGE}/appointments/99/end", json=end,
                    headers=cast.auth("town")),
        404, "appointment-not-found",
    )  # fmt: skip
    assert "no appointment 99 on this roster" in problem["detail"]
    assert "no staff roster" not in problem["detail"]
    empty = VILLAGE[:9] + "002"
    problem = refused(
        client.post(f"/v1/staff/{empty}/appointments/1/end", json=end, headers=cast.auth("town")),
        404, "appointment-not-found",
    )  # fmt: skip
    assert "no staff roster" in problem["detail"]
    assert jz.store.event_count() == before

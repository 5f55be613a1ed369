"""A report belongs to its child's own area, in a real village (R-RP-2, R-EM-1, R-AC-3).

Found from outside (F1, F2, F4): a reporter could send a named child's report to another
area, where other police read it and the child's own never did; staff of one area could link
a report to a child of another, and 404-versus-201 told whether a child id existed anywhere;
and a report could be filed for area ``"3"`` or ``"999999999999"``, which nobody sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import OPERATOR, Jianzheng, Principal

PROBLEM = "application/problem+json"
VILLAGE_A, VILLAGE_B = "379901001001", "379902001001"
"""Villages of two counties (379901, 379902) of one prefecture."""
MISSING_CHILD = "4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3"


def location(village: str) -> dict[str, str]:
    return {"county": village[:6], "town": village[:9], "village": village}


@dataclass
class Areas:
    tokens: dict[str, str]
    child_a: str
    child_b: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def areas(jz: Jianzheng) -> Areas:
    """Child-protection staff and police of two counties, a school, a child in each."""
    cast = {
        "village_a": ("village_committee", VILLAGE_A),
        "village_b": ("village_committee", VILLAGE_B),
        "police_a": ("police", VILLAGE_A[:6]),
        "police_b": ("police", VILLAGE_B[:6]),
        "civil_a": ("civil_affairs", VILLAGE_A[:6]),
        "town_a": ("town_office", VILLAGE_A[:9]),
        "school": ("reporter", VILLAGE_A),
    }
    principals = {}
    tokens = {}
    for key, (role, area) in cast.items():
        registered = jz.register_actor(
            OPERATOR, name=key, role=role, agency=f"{key}-agency", jurisdiction=area
        )
        tokens[key] = registered.token
        principals[key] = Principal.of(registered.actor)
    children = {}
    for village, keeper in ((VILLAGE_A, "village_a"), (VILLAGE_B, "village_b")):
        child, _ = jz.children.register(
            principals[keeper],
            # one child in each county: two children, two ID numbers (R-CH-1)
            personal={"name": "王小明", "id_number": village[:6] + "201405170017"},
            birth_date="2014-05-17",
            sex="male",
            location=location(village),
            categories=["poverty_life"],
            registered_on="2026-03-01",
            guardian={"name": "王大山", "relation": "father"},
        )
        children[village] = str(child.id)
    return Areas(tokens, children[VILLAGE_A], children[VILLAGE_B])


def report(**subject: Any) -> dict[str, Any]:
    return {
        "reporter": {"name": "张老师", "unit": "某村小学"},
        "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z",
        "summary": "学生连续三天独自在家",
        **subject,
    }


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert problem["field"] == field, problem
    return problem


def pipeline(client: TestClient, areas: Areas, who: str) -> list[dict[str, Any]]:
    answer = client.get("/v1/reports", headers=areas.auth(who))
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["reports"]
    return rows


# -- F1: a named child's report belongs to the child's village -----------------------------------


def test_a_report_about_a_named_child_cannot_be_sent_to_another_area(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """``child_id`` of a child in A with ``area`` B — or A, or anything: 422
    field-not-allowed naming ``area`` (the answer never tells where the child lives)."""
    before = jz.store.event_count()
    for area in (VILLAGE_B, VILLAGE_A, "3"):
        body = report(child_id=areas.child_a, area=area)
        refused(client.post("/v1/reports", json=body, headers=areas.auth("school")),
                422, "field-not-allowed", "area")  # fmt: skip
    assert jz.store.event_count() == before


def test_a_report_about_a_named_child_lands_in_the_childs_village_for_its_own_police(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """Filed by a school anywhere without ``area``: A's police see it, B's never."""
    filed = client.post(
        "/v1/reports", json=report(child_id=areas.child_a), headers=areas.auth("school")
    )
    assert filed.status_code == 201, filed.text
    report_id = filed.json()["report_id"]
    jz.views.catch_up()
    assert [r["report_id"] for r in pipeline(client, areas, "police_a")] == [report_id]
    assert pipeline(client, areas, "police_b") == []
    read = client.get(f"/v1/reports/{report_id}", params={"reason": "出警"},
                      headers=areas.auth("police_b"))  # fmt: skip
    assert read.status_code == 403


def test_police_filing_about_a_child_outside_their_area_answer_as_for_no_child(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """B's police naming A's child, and naming no child at all: the same 403, same words."""
    before = jz.store.event_count()
    police_b = areas.auth("police_b")
    outside = client.post("/v1/reports", json=report(child_id=areas.child_a), headers=police_b)
    missing = client.post("/v1/reports", json=report(child_id=MISSING_CHILD), headers=police_b)
    outside_problem = refused(outside, 403, "outside-authority")
    assert outside_problem["detail"] == refused(missing, 403, "outside-authority")["detail"]
    assert jz.store.event_count() == before


# -- F2: linking needs authority over the child's area ------------------------------------------


def unidentified(client: TestClient, areas: Areas, who: str = "police_a") -> str:
    filed = client.post(
        "/v1/reports",
        json=report(unidentified_child={"apparent_age": 9}, area=VILLAGE_A),
        headers=areas.auth(who),
    )
    assert filed.status_code == 201, filed.text
    return str(filed.json()["report_id"])


def test_staff_of_one_area_cannot_link_a_report_to_a_child_of_another(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """A's police, civil affairs, town and village link nothing to B's child; a child that
    does not exist answers the same, so the answer tells nothing about B's files."""
    report_id = unidentified(client, areas)
    before = jz.store.event_count()
    for who in ("police_a", "civil_a", "town_a", "village_a"):
        path = f"/v1/reports/{report_id}/child"
        outside = client.post(path, json={"child_id": areas.child_b}, headers=areas.auth(who))
        missing = client.post(path, json={"child_id": MISSING_CHILD}, headers=areas.auth(who))
        outside_problem = refused(outside, 403, "outside-authority")
        assert outside_problem["detail"] == refused(missing, 403, "outside-authority")["detail"]
    assert jz.store.event_count() == before


def test_linking_a_child_of_the_area_moves_the_report_to_the_childs_village(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """Found in the town, linked by the town to a child of one of its villages: the report
    is then that village's (its committee sees it in the pipeline)."""
    found = client.post(
        "/v1/reports",
        json=report(unidentified_child={"apparent_age": 9}, area=VILLAGE_A[:9] + "002"),
        headers=areas.auth("police_a"),
    )
    assert found.status_code == 201, found.text
    report_id = found.json()["report_id"]
    jz.views.catch_up()
    assert pipeline(client, areas, "village_a") == []
    linked = client.post(f"/v1/reports/{report_id}/child", json={"child_id": areas.child_a},
                         headers=areas.auth("town_a"))  # fmt: skip
    assert linked.status_code == 201, linked.text
    assert [e["type"] for e in linked.json()["events"]] == ["reports.ChildLinked"]
    jz.views.catch_up()
    assert [r["report_id"] for r in pipeline(client, areas, "village_a")] == [report_id]
    state = client.get(f"/v1/reports/{report_id}", headers=areas.auth("village_a")).json()
    assert (state["area"], state["child_id"]) == (VILLAGE_A, areas.child_a)


# -- F4: an unidentified child's report names a real village ------------------------------------


@pytest.mark.parametrize(
    "area", ["3", "999999999999", "379901", "379901001", "379901001000", "379901001001 ",
             "３７９９０１００１００１"],
)  # fmt: skip
def test_a_report_for_a_bogus_area_is_refused_naming_the_field(
    client: TestClient, jz: Jianzheng, areas: Areas, area: str
) -> None:
    """Only a twelve-digit village code of a real province, town and village parts set."""
    before = jz.store.event_count()
    body = report(unidentified_child={"apparent_age": 9}, area=area)
    refused(client.post("/v1/reports", json=body, headers=areas.auth("school")),
            422, "invalid-jurisdiction", "area")  # fmt: skip
    assert jz.store.event_count() == before


def test_the_police_inform_the_town_of_the_reports_area_only(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """R-EM-1: "police inform the town" — the report's own, not any nine digits."""
    report_id = unidentified(client, areas)
    responded = client.post(f"/v1/reports/{report_id}/police-response", json={
        "responded_at": "2026-11-20T09:00:00Z", "parents_reached": True,
        "actions": ["order_parents_return", "admonish_parents"],
    }, headers=areas.auth("police_a"))  # fmt: skip
    assert responded.status_code == 201, responded.text
    path = f"/v1/reports/{report_id}/town-informed"
    for town in ("379902001", "999999999", "３７９９０１００１"):
        answer = client.post(path, json={"town": town, "informed_at": "2026-11-20T10:00:00Z"},
                             headers=areas.auth("police_a"))  # fmt: skip
        assert answer.status_code == 422, answer.text
    done = client.post(path, json={"town": VILLAGE_A[:9], "informed_at": "2026-11-20T10:00:00Z"},
                       headers=areas.auth("police_a"))  # fmt: skip
    assert done.status_code == 201, done.text


# -- the same class: every request body that names a child --------------------------------------


def test_a_petition_or_upload_naming_a_child_elsewhere_answers_as_for_no_child(
    client: TestClient, jz: Jianzheng, areas: Areas
) -> None:
    """B's village committee petitioning about, or uploading a document for, A's child gets
    the answer it gets for an id that names no file: 403, the same words, nothing stored."""
    petition = {
        "kind": "revoke", "applicant": {"kind": "village_committee", "name": "某村委会"},
        "guardian_concerned": {"name": "王大山", "relation": "father"}, "filed_on": "2026-11-22",
        "grounds": ["unsupervised_in_danger"], "particulars": {"refused_correction": True},
    }  # fmt: skip
    before = jz.store.event_count()
    details = []
    for child in (areas.child_a, MISSING_CHILD):
        answer = client.post("/v1/petitions", json={**petition, "child_id": child},
                             headers=areas.auth("village_b"))  # fmt: skip
        details.append(refused(answer, 403, "outside-authority")["detail"])
        upload = client.post(
            "/v1/evidence", params={"purpose": "child", "child_id": child},
            content=b"%PDF-1.7\n", headers={**areas.auth("village_b"),
                                           "Content-Type": "application/pdf"},
        )  # fmt: skip
        details.append(refused(upload, 403, "outside-authority")["detail"])
    assert details[0] == details[2]
    assert details[1] == details[3]
    assert jz.store.event_count() == before

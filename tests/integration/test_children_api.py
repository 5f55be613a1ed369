"""Children's files over HTTP: the left-behind story, sealing at rest, alerts, authority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.records.access import AccessLog
from infra.application import OPERATOR, Jianzheng
from tests.rawstore import RawStore

NAME, ID_NUMBER = "王小明", "370303201405170017"
LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
FATHER = {"name": "王大山", "relation": "father"}
NEIGHBOUR = {"name": "周热心", "relation": "neighbour"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}


def sha(n: int) -> str:
    return f"{n:064x}"


@dataclass
class People:
    tokens: dict[str, str]

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """Actors of the child-protection chain, by area."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "other_village": ("village_committee", "370303001002"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "oversight": ("oversight", "370300"),
        "officer": ("officer", "370303"),
    }
    tokens = {}
    for key, (role, area) in cast.items():
        tokens[key] = jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
    return People(tokens)


def post(client: TestClient, path: str, who: str, people: People, body: Any) -> dict[str, Any]:
    response = client.post(path, json=body, headers=people.auth(who))
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def story(client: TestClient, people: People) -> dict[str, str]:
    """The left-behind story of the demo: registration to the court's ruling."""
    child = post(client, "/v1/children", "village", people, {
        "personal": {"name": NAME, "id_number": ID_NUMBER, "address": "幸福路8号"},
        "birth_date": "2014-05-17", "sex": "male", "location": LOCATION,
        "categories": ["poverty_life"], "registered_on": "2026-03-01", "guardian": FATHER,
    })["child_id"]  # fmt: skip
    base = f"/v1/children/{child}"
    post(client, f"{base}/left-behind", "village", people, {
        "entered_on": "2026-03-02", "parents": {"father": "away", "mother": "away"}})  # fmt: skip
    post(client, f"{base}/guardianship", "town", people, {
        "kind": "entrusted_other", "guardian": NEIGHBOUR, "legal_basis": "C5 委托监护",
        "effective_on": "2026-03-05",
        "committee_consent": {"by": "committee", "on": "2026-03-03"},
        "agreement_sha256": sha(1),
        "signatures": {"guardian": {"on": "2026-03-04"}, "entrusted_guardian": {"on": "2026-03-04"},
                       "supervisor": {"on": "2026-03-04"}},
        "filings": {"town": {"on": "2026-03-05"}, "committee": {"on": "2026-03-05"}},
        "exclusion_check": {"by": "committee", "on": "2026-03-03", "found": []},
    })  # fmt: skip
    report = post(client, "/v1/reports", "school", people, {
        "reporter": {"name": "张老师", "unit": "某村小学"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "学生连续三天独自在家", "child_id": child,
    })["report_id"]  # fmt: skip
    rbase = f"/v1/reports/{report}"
    post(client, f"{rbase}/police-response", "police", people, {
        "responded_at": "2026-11-20T09:00:00Z", "parents_reached": False,
        "actions": ["notify_parents", "escort_to_relatives"], "handover_sha256": sha(2),
    })  # fmt: skip
    post(client, f"{base}/guardianship", "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4 临时监护", "effective_on": "2026-11-20", "handover_sha256": sha(2),
        "report_id": report,
    })  # fmt: skip
    post(client, f"{rbase}/town-informed", "police", people, {
        "town": "370303001", "informed_at": "2026-11-20T10:00:00Z"})  # fmt: skip
    post(client, f"{base}/assessments", "town", people, {
        "result": "poor", "criteria": ["no_guardian", "needs_not_secured"],
        "help_plan": "保护式帮扶: 安排临时照料，心理辅导", "assessed_on": "2026-11-21",
    })  # fmt: skip
    petition = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": child,
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": FATHER, "filed_on": "2026-11-22",
        "grounds": ["unsupervised_in_danger"], "particulars": {"refused_correction": True},
        "report_id": report,
    })["petition_id"]  # fmt: skip
    post(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": "2026-11-28", "ruling_sha256": sha(3),
        "legal_basis": "民法典 第36条", "new_guardian": GRANDMOTHER,
    })  # fmt: skip
    return {"child": child, "report": report, "petition": petition}


def test_the_left_behind_story_ends_with_the_court_appointed_guardian(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Every change is recorded; exactly one arrangement is current: the court's (R-GD-9)."""
    ids = story(client, people)
    file = client.get(f"/v1/children/{ids['child']}", headers=people.auth("civil")).json()
    current = [a for a in file["guardianship"] if a["current"]]
    assert len(current) == 1
    assert current[0]["kind"] == "court_appointed"
    assert [a["kind"] for a in file["guardianship"]] == [
        "parent", "entrusted_other", "temporary", "court_appointed",
    ]  # fmt: skip
    assert file["assessments"][-1]["help_level"] == "protective"
    assert jz.verify().ok


def test_personal_data_is_sealed_at_rest_and_chains_still_verify(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-CH-4: the name and ID number are nowhere in the stored rows or the view tables."""
    story(client, people)
    jz.views.catch_up()
    raw = RawStore(jz.settings)
    try:
        dumps = [bytes(r[0]) if isinstance(r[0], (bytes, memoryview)) else str(r[0]).encode()
                 for table, col in ((raw.table, "state"), ("jz_view_docs", "doc"))
                 for r in raw.execute(f"SELECT {col} FROM {table}")]  # fmt: skip
    finally:
        raw.close()
    for needle in (NAME, ID_NUMBER, "王大山", "张老师"):
        assert not any(needle.encode() in d for d in dumps), needle
    if jz.settings.backend == "sqlite":
        raw_file = jz.settings.sqlite_path.read_bytes()
        assert NAME.encode() not in raw_file
        assert ID_NUMBER.encode() not in raw_file
    report = jz.verify()
    assert report.ok, report.as_dict()


def test_the_reporter_is_hidden_from_roles_that_do_not_need_it(
    client: TestClient, people: People
) -> None:
    """R-RP-3: the police see the reporter, the town does not."""
    ids = story(client, people)
    police = client.get(f"/v1/reports/{ids['report']}", params={"reason": "出警核查"},
                        headers=people.auth("police")).json()  # fmt: skip
    town = client.get(f"/v1/reports/{ids['report']}", headers=people.auth("town")).json()
    assert police["reporter"]["name"] == "张老师"
    assert town["reporter"] is None
    assert town["reporter_hidden"] is True


def test_authority_follows_the_childs_village(client: TestClient, people: People) -> None:
    """Another village's committee, and an enforcement officer, cannot read or act on the file
    (R-AC-3)."""
    ids = story(client, people)
    path = f"/v1/children/{ids['child']}"
    for who in ("other_village", "officer"):
        refused = client.get(path, headers=people.auth(who))
        assert refused.status_code == 403, (who, refused.text)
    wrong_area = client.post(f"{path}/key-child", json={"marked_on": "2026-11-28", "reason": "x"},
                             headers=people.auth("other_village"))  # fmt: skip
    assert wrong_area.status_code == 403
    ledger = client.get("/v1/children", headers=people.auth("other_village")).json()
    assert ledger["children"] == []
    own = client.get("/v1/children?left_behind=true", headers=people.auth("village")).json()
    assert [c["child_id"] for c in own["children"]] == [ids["child"]]
    assert NAME not in str(own)


def test_court_and_oversight_reads_need_a_reason_and_are_recorded(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Each court or oversight read appends a chained access event (R-CH-4, R-AC-3)."""
    ids = story(client, people)
    path = f"/v1/children/{ids['child']}"
    assert client.get(path, headers=people.auth("oversight")).status_code == 422
    assert client.get(
        path, params={"reason": "专项督查"}, headers=people.auth("oversight")
    ).is_success
    assert client.get(path, params={"reason": "(2026)鲁0303民特1号"},
                      headers=people.auth("court")).is_success  # fmt: skip
    log = jz.store.load(AccessLog, AccessLog.create_id("child", ids["child"]))
    assert [(r["role"], r["reason"]) for r in log.reads] == [
        ("oversight", "专项督查"), ("court", "(2026)鲁0303民特1号"),
    ]  # fmt: skip
    assert jz.verify().ok


def test_a_report_without_police_response_shows_in_the_alerts(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """After the configured time a report nobody answered is an alert; a response clears it
    (R-RP-2)."""
    child = post(client, "/v1/children", "village", people, {
        "personal": {"name": "李小红"}, "birth_date": "2016-01-01", "sex": "female",
        "location": LOCATION, "categories": ["poverty_life"],
        "registered_on": "2026-11-01", "guardian": None,
    })["child_id"]  # fmt: skip
    report = post(client, "/v1/reports", "school", people, {
        "reporter": {"name": "王老师"}, "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": "2026-11-28T07:00:00Z", "reported_at": "2026-11-28T07:10:00Z",
        "summary": "独自居住", "child_id": child,
    })["report_id"]  # fmt: skip
    alerts = client.get("/v1/children/alerts", headers=people.auth("town")).json()["alerts"]
    kinds = {(a["kind"], a.get("report_id") or a.get("child_id")) for a in alerts}
    assert ("report_without_police_response", report) in kinds
    assert any(a["child_id"] == child and a["rule"] == "R-GD-2" for a in alerts if "rule" in a)
    post(client, f"/v1/reports/{report}/police-response", "police", people, {
        "responded_at": "2026-11-28T08:00:00Z", "parents_reached": True,
        "actions": ["admonish_parents", "order_parents_return"],
    })  # fmt: skip
    alerts = client.get("/v1/children/alerts", headers=people.auth("town")).json()["alerts"]
    assert report not in {a.get("report_id") for a in alerts}
    pipeline = client.get("/v1/reports?stage=responded", headers=people.auth("town")).json()
    assert [r["report_id"] for r in pipeline["reports"]] == [report]
    assert "王老师" not in str(pipeline)


# -- guardianship integrity (R-GD-7, R-GD-8, R-GD-10; dates R-EN-2) ---------------------------

MOTHER = {"name": "李秀英", "relation": "mother"}
FATHER_ID = {**FATHER, "id_number": "370303198001011234"}
ASSESSED = {"by": "张店区民政局", "on": "2026-11-29", "suitable": True}


def refused(client: TestClient, path: str, who: str, people: People, body: Any) -> dict[str, Any]:
    """POST that must be refused; the problem document."""
    response = client.post(path, json=body, headers=people.auth(who))
    assert response.status_code in {403, 409, 422}, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    problem["status_code"] = response.status_code
    return problem


def file_of(client: TestClient, people: People, child: str) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(
        f"/v1/children/{child}", headers=people.auth("civil")
    ).json()
    return answer


def days_from_today(days: int) -> str:
    """A civil date (China Standard Time) ``days`` from today."""
    from datetime import timedelta

    from infra.cases import today

    return (today() + timedelta(days=days)).isoformat()


def test_after_a_court_appointment_only_emergency_care_and_a_return_to_the_courts_guardian_follow(
    client: TestClient, people: People
) -> None:
    """R-GD-10: only emergency care over the court's guardian, then a return to that guardian."""
    ids = story(client, people)
    base = f"/v1/children/{ids['child']}/guardianship"
    dated = {"by": "村民委员会", "on": "2026-11-29"}
    attempts = [
        ("village", {"kind": "parent", "guardian": MOTHER, "legal_basis": "民法典 第27条",
                     "effective_on": "2026-11-29"}),
        ("village", {"kind": "entrusted_relative",
                     "guardian": {"name": "王老汉", "relation": "paternal_grandfather"},
                     "legal_basis": "C5", "effective_on": "2026-11-29",
                     "capacity_assessment": {**dated, "capable": True},
                     "exclusion_check": {**dated, "found": []}}),
        ("town", {"kind": "appointed", "guardian": NEIGHBOUR, "legal_basis": "C5 指定监护",
                  "effective_on": "2026-11-29", "parents_unable_to_entrust": True,
                  "capacity_assessment": {**dated, "capable": True}, "acceptance": dated,
                  "fee": {"amount_fen": 0, "period": "month", "paid_by": "parents",
                          "minimum_living_support": False},
                  "appointment_sha256": sha(5), "exclusion_check": {**dated, "found": []}}),
        ("civil", {"kind": "institutional", "institution": {"name": "淄博市儿童福利院"},
                   "legal_basis": "民法典 第32条", "effective_on": "2026-11-29",
                   "ground": "no_guardian_available", "admission_sha256": sha(6)}),
    ]  # fmt: skip
    for who, body in attempts:
        problem = refused(client, base, who, people, body)
        assert (problem["status_code"], problem["code"]) == (409, "court-appointment-in-force")
    assert [a["kind"] for a in file_of(client, people, ids["child"])["guardianship"]][-1] == (
        "court_appointed"
    )
    post(client, base, "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4 临时监护", "effective_on": "2026-11-29", "handover_sha256": sha(7),
    })  # fmt: skip
    post(client, base, "civil", people, {
        "kind": "return", "legal_basis": "未成年人保护法 第93条", "effective_on": "2026-11-30",
        "home_assessment": {**ASSESSED, "on": "2026-11-30"},
    })  # fmt: skip
    history = file_of(client, people, ids["child"])["guardianship"]
    assert [a["kind"] for a in history][-3:] == ["court_appointed", "temporary", "court_appointed"]
    assert history[-1]["guardian"] == GRANDMOTHER
    assert history[-1]["current"] is True


def test_a_ruling_that_revokes_someone_who_is_not_the_guardian_is_refused_and_records_nothing(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-GD-8: only a current guardian's qualification is revoked; the ruling is not recorded."""
    ids = story(client, people)
    petition = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": ids["child"],
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": NEIGHBOUR, "filed_on": "2026-11-29",
        "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    before = file_of(client, people, ids["child"])
    problem = refused(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": "2026-11-30", "ruling_sha256": sha(8),
        "legal_basis": "民法典 第36条", "new_guardian": {"name": "孙某", "relation": "aunt"},
    })  # fmt: skip
    assert (problem["status_code"], problem["code"]) == (409, "not-current-guardian")
    assert file_of(client, people, ids["child"])["seq"] == before["seq"]
    from domain.records.reports import GuardianshipPetition

    assert jz.store.load(GuardianshipPetition, UUID(petition)).ruling is None


def test_claimed_dates_in_the_future_are_refused_with_a_code_naming_the_field(
    client: TestClient, people: People
) -> None:
    """No future date in a file, report, petition or ruling; a back-dated hand-over is kept."""
    ids = story(client, people)
    later = days_from_today(2)
    child = {
        "personal": {"name": "李小红"}, "birth_date": "2016-01-01", "sex": "female",
        "location": LOCATION, "categories": ["poverty_life"], "guardian": None,
    }  # fmt: skip
    cases = [
        ("/v1/children", "village", {**child, "registered_on": later}, "registered_on"),
        (f"/v1/children/{ids['child']}/guardianship", "police", {
            "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
            "legal_basis": "C4", "effective_on": later, "handover_sha256": sha(9)},
         "effective_on"),
        (f"/v1/children/{ids['child']}/assessments", "town", {
            "result": "good", "criteria": ["needs_well_secured"], "help_plan": "定期走访",
            "assessed_on": later}, "assessed_on"),
        ("/v1/reports", "school", {
            "reporter": {"name": "王老师"}, "institution_kind": "school",
            "situations": ["living_alone"], "noticed_at": f"{later}T07:00:00+08:00",
            "reported_at": f"{later}T07:10:00+08:00", "summary": "独自居住",
            "child_id": ids["child"]}, "noticed_at"),
        ("/v1/petitions", "civil", {
            "kind": "revoke", "child_id": ids["child"],
            "applicant": {"kind": "civil_affairs"}, "guardian_concerned": GRANDMOTHER,
            "filed_on": later, "grounds": ["serious_harm"]}, "filed_on"),
    ]  # fmt: skip
    for path, who, body, field in cases:
        problem = refused(client, path, who, people, body)
        assert (problem["status_code"], problem["code"]) == (422, "date-in-future"), path
        assert problem["field"] == field
        assert field in problem["detail"]
    petition = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": ids["child"], "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": GRANDMOTHER, "filed_on": "2026-11-29", "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    problem = refused(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": later, "ruling_sha256": sha(10),
        "legal_basis": "民法典 第36条", "new_guardian": {"name": "孙某", "relation": "aunt"},
    })  # fmt: skip
    assert (problem["code"], problem["field"]) == ("date-in-future", "ruled_on")
    # Back-dated before the court's appointment (2026-11-28): recorded, never frozen out.
    post(client, f"/v1/children/{ids['child']}/guardianship", "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4", "effective_on": "2026-11-25", "handover_sha256": sha(11),
    })  # fmt: skip
    current = file_of(client, people, ids["child"])["guardianship"][-1]
    assert current["kind"] == "temporary"
    assert current["effective_on"] == "2026-11-28"
    assert current["conditions"]["claimed_effective_on"] == "2026-11-25"


def test_a_revoked_father_cannot_come_back_under_another_id_number_or_another_kind(
    client: TestClient, people: People
) -> None:
    """R-GD-8: the child's father is one person; revoked, he returns only by restoration."""
    child = post(client, "/v1/children", "village", people, {
        "personal": {"name": NAME}, "birth_date": "2014-05-17", "sex": "male",
        "location": LOCATION, "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": FATHER_ID,
    })["child_id"]  # fmt: skip
    petition = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": FATHER_ID, "filed_on": "2026-11-22", "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    post(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": "2026-11-28", "ruling_sha256": sha(12),
        "legal_basis": "民法典 第36条", "new_guardian": GRANDMOTHER,
    })  # fmt: skip
    base = f"/v1/children/{child}/guardianship"
    new_id = {**FATHER, "id_number": "370303198001019999"}
    for who, body in [
        ("village", {"kind": "parent", "guardian": new_id, "legal_basis": "民法典 第27条",
                     "effective_on": "2026-11-29"}),
        ("police", {"kind": "temporary", "receiver": {**new_id, "relation": "relative"},
                    "legal_basis": "C4", "effective_on": "2026-11-29",
                    "handover_sha256": sha(13)}),
    ]:  # fmt: skip
        problem = refused(client, base, who, people, body)
        assert (problem["status_code"], problem["code"]) == (409, "guardian-revoked"), body
    second = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": GRANDMOTHER, "filed_on": "2026-11-29", "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    problem = refused(client, f"/v1/petitions/{second}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": "2026-11-30", "ruling_sha256": sha(14),
        "legal_basis": "民法典 第36条", "new_guardian": {**new_id, "relation": "uncle"},
    })  # fmt: skip
    assert (problem["status_code"], problem["code"]) == (409, "guardian-revoked")

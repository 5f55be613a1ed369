"""Guardianship holes found by an outside attack over HTTP, one regression each, on SQLite and
PostgreSQL: restoration petitions (F1), a court appointment of civil affairs that no ruling
made (F2), civil affairs over a living parent (F3), names written differently (F4),
impossible dates (F6), the file's reads (F7) and problem documents naming their field (F8).
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.errors import UnboundedJurisdiction
from infra.application import OPERATOR, Jianzheng
from tests.integration.test_children_api import LOCATION, People, file_of, post, refused, sha

FATHER = {"name": "王大山", "relation": "father"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}
CIVIL_AFFAIRS = {"name": "张店区民政局", "relation": "civil_affairs"}
INSTITUTION = {"name": "淄博市儿童福利院"}


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """The child-protection chain of the child's area, a school, a court and oversight."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "oversight": ("oversight", "370300"),
    }
    return People({
        key: jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
        for key, (role, area) in cast.items()
    })  # fmt: skip


_children = itertools.count(1)
"""One name per child registered: each is another child (R-CH-1, one file per child)."""


def register(client: TestClient, people: People, guardian: dict[str, Any] | None = FATHER) -> str:
    child: str = post(client, "/v1/children", "village", people, {
        "personal": {"name": f"王小明{next(_children)}"}, "birth_date": "2014-05-17", "sex": "male",
        "location": LOCATION, "categories": ["poverty_life"], "registered_on": "2025-01-10",
        "guardian": guardian,
    })["child_id"]  # fmt: skip
    return child


def revoke(
    client: TestClient,
    people: People,
    child: str,
    *,
    on: str,
    concerned: dict[str, Any] = FATHER,
    new_guardian: dict[str, Any] = GRANDMOTHER,
    crime: bool = False,
) -> str:
    """A revocation petition and its ruling, dated ``on``."""
    petition: str = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": concerned, "filed_on": on, "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    post(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": on, "ruling_sha256": sha(40),
        "legal_basis": "民法典 第36条", "new_guardian": new_guardian,
        "intentional_crime_against_child": crime,
    })  # fmt: skip
    return petition


def restoration(child: str, filed_on: str, **more: Any) -> dict[str, Any]:
    return {
        "kind": "restore", "child_id": child,
        "applicant": {"kind": "revoked_parent", "name": "王大山"},
        "guardian_concerned": FATHER, "filed_on": filed_on, **more,
    }  # fmt: skip


def unchanged(client: TestClient, people: People, child: str, seq: int) -> None:
    assert file_of(client, people, child)["seq"] == seq


# -- F1 -----------------------------------------------------------------------------------------


def test_a_revoked_father_is_restored_by_petition_and_ruling_within_the_window(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Revocation ruling → restoration petition (no grounds) → ruling restored (R-GD-8)."""
    child = register(client, people)
    revoke(client, people, child, on="2026-02-01")
    seq = file_of(client, people, child)["seq"]
    early = refused(client, "/v1/petitions", "court", people, restoration(child, "2026-04-01"))
    assert (early["status_code"], early["code"]) == (409, "restoration-outside-window")
    with_grounds = refused(
        client, "/v1/petitions", "court", people,
        restoration(child, "2026-06-01", grounds=["repented"]),
    )  # fmt: skip
    assert (with_grounds["code"], with_grounds["field"]) == ("invalid-field", "grounds")
    by_civil = refused(client, "/v1/petitions", "civil", people, restoration(child, "2026-06-01"))
    assert (by_civil["status_code"], by_civil["code"]) == (403, "role-not-allowed")
    unchanged(client, people, child, seq)
    petition = post(client, "/v1/petitions", "court", people, restoration(child, "2026-06-01"))
    post(client, "/v1/petitions", "court", people, restoration(child, "2026-06-02", grounds=[]))
    post(client, f"/v1/petitions/{petition['petition_id']}/ruling", "court", people, {
        "outcome": "restored", "ruled_on": "2026-07-01", "ruling_sha256": sha(41),
        "legal_basis": "民法典 第38条",
    })  # fmt: skip
    file = file_of(client, people, child)
    current = file["guardianship"][-1]
    assert (current["kind"], current["guardian"], current["conditions"]["restored"]) == (
        "parent", FATHER, True,
    )  # fmt: skip
    assert file["revocations"][0]["restored_on"] == "2026-07-01"
    assert jz.verify().ok


def test_no_restoration_is_petitioned_after_a_crime_against_the_child_or_after_a_year(
    client: TestClient, people: People
) -> None:
    """民法典 第38条 bars a parent revoked for an intentional crime; 2014 意见 第38条 a late one."""
    criminal = register(client, people)
    # Registered before the first revocation: the same father, revoked on one file, is no
    # longer taken as guardian of a child of that birth date on another (ADR 0005 §8).
    late = register(client, people)
    revoke(client, people, criminal, on="2026-02-01", crime=True)
    problem = refused(client, "/v1/petitions", "court", people, restoration(criminal, "2026-06-01"))
    assert (problem["status_code"], problem["code"]) == (409, "restoration-not-allowed")
    revoke(client, people, late, on="2025-03-01")
    problem = refused(client, "/v1/petitions", "court", people, restoration(late, "2026-03-02"))
    assert (problem["status_code"], problem["code"]) == (409, "restoration-outside-window")


# -- F2 -----------------------------------------------------------------------------------------


def institution_by_court(petition_id: str, **more: Any) -> dict[str, Any]:
    return {
        "kind": "institutional", "institution": INSTITUTION, "legal_basis": "民法典 第36条",
        "effective_on": "2026-03-01", "ground": "court_appointed_civil_affairs",
        "court_ruling": {"petition_id": petition_id, "ruling_sha256": sha(40),
                         "ruled_on": "2026-02-01"},
        "admission_sha256": sha(42), **more,
    }  # fmt: skip


def test_civil_affairs_cannot_invent_a_court_appointment(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """A petition id that exists nowhere, or another child's ruling, is refused and nothing is
    recorded; a ruling of this child's file appointing civil affairs is carried out."""
    child = register(client, people)
    seq = file_of(client, people, child)["seq"]
    path = f"/v1/children/{child}/guardianship"
    bogus = refused(client, path, "civil", people, institution_by_court(str(uuid.uuid4())))
    assert (bogus["status_code"], bogus["code"]) == (409, "court-ruling-not-on-record")
    assert bogus["field"] == "court_ruling.petition_id"
    other = register(client, people)
    elsewhere = revoke(client, people, other, on="2026-02-01", new_guardian=CIVIL_AFFAIRS)
    problem = refused(client, path, "civil", people, institution_by_court(elsewhere))
    assert problem["code"] == "ruling-for-another-child"
    unchanged(client, people, child, seq)
    own = revoke(client, people, child, on="2026-02-01", new_guardian=CIVIL_AFFAIRS)
    post(client, path, "civil", people, institution_by_court(own))
    current = file_of(client, people, child)["guardianship"][-1]
    assert (current["kind"], current["conditions"]["court_ruling"]["petition_id"]) == (
        "institutional", own,
    )  # fmt: skip
    problem = refused(client, path, "town", people, {
        "kind": "parent", "guardian": {"name": "李秀英", "relation": "mother"},
        "legal_basis": "民法典 第27条", "effective_on": "2026-03-02",
    })  # fmt: skip
    assert problem["code"] == "court-appointment-in-force"
    assert jz.verify().ok


# -- F3 -----------------------------------------------------------------------------------------


def test_civil_affairs_take_no_child_from_a_living_parent_without_an_absence_first(
    client: TestClient, people: People
) -> None:
    """民法典 第32条: civil affairs guard only when no qualified guardian is there."""
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    body = {
        "kind": "institutional", "institution": INSTITUTION, "legal_basis": "民法典 第32条",
        "effective_on": "2026-03-01", "ground": "orphan", "admission_sha256": sha(43),
    }  # fmt: skip
    seq = file_of(client, people, child)["seq"]
    for ground in ("orphan", "no_guardian_available"):
        problem = refused(client, path, "civil", people, {**body, "ground": ground})
        assert (problem["status_code"], problem["code"]) == (409, "parental-guardianship-in-force")
    unchanged(client, people, child, seq)
    post(client, path, "police", people, {
        "kind": "absent", "effective_on": "2026-02-28", "reason": "父母双亡",
    })  # fmt: skip
    post(client, path, "civil", people, body)
    assert file_of(client, people, child)["guardianship"][-1]["kind"] == "institutional"


# -- F4 -----------------------------------------------------------------------------------------


def test_a_revoked_father_does_not_return_under_his_name_written_differently(
    client: TestClient, people: People
) -> None:
    """Case, full-width letters and a zero-width space: the same revoked person (R-GD-8)."""
    father = {"name": "gd父", "relation": "father"}
    child = register(client, people, guardian=father)
    revoke(client, people, child, on="2026-02-01", concerned=father)
    path = f"/v1/children/{child}/guardianship"
    for name in ("GD父", "ＧＤ父"):
        problem = refused(client, path, "police", people, {
            "kind": "temporary", "receiver": {"name": name, "relation": "relative"},
            "legal_basis": "C4", "effective_on": "2026-03-01", "handover_sha256": sha(44),
        })  # fmt: skip
        assert (problem["status_code"], problem["code"]) == (409, "guardian-revoked"), name
    petition = post(client, "/v1/petitions", "civil", people, {
        "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": GRANDMOTHER, "filed_on": "2026-03-01", "grounds": ["serious_harm"],
    })["petition_id"]  # fmt: skip
    problem = refused(client, f"/v1/petitions/{petition}/ruling", "court", people, {
        "outcome": "revoked", "ruled_on": "2026-03-02", "ruling_sha256": sha(45),
        "legal_basis": "民法典 第36条", "new_guardian": {"name": "gd\u200b父", "relation": "uncle"},
    })  # fmt: skip
    assert (problem["status_code"], problem["code"]) == (409, "guardian-revoked")


# -- F6 -----------------------------------------------------------------------------------------


def test_dates_before_the_childs_birth_or_before_1949_are_refused_naming_the_field(
    client: TestClient, people: People
) -> None:
    """Key-child and temporary-care dates before birth; a report noticed in year 1."""
    child = register(client, people)
    base = f"/v1/children/{child}"
    seq = file_of(client, people, child)["seq"]
    marked = refused(client, f"{base}/key-child", "town", people,
                     {"marked_on": "1900-01-01", "reason": "x"})  # fmt: skip
    assert (marked["status_code"], marked["code"], marked["field"]) == (
        422, "date-before-birth", "marked_on",
    )  # fmt: skip
    temporary = refused(client, f"{base}/guardianship", "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4", "effective_on": "1900-01-01", "handover_sha256": sha(46),
    })  # fmt: skip
    assert (temporary["code"], temporary["field"]) == ("date-before-birth", "effective_on")
    unchanged(client, people, child, seq)
    report = refused(client, "/v1/reports", "school", people, {
        "reporter": {"name": "王老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "0001-01-01T00:00-23:59",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "独自居住", "child_id": child,
    })  # fmt: skip
    assert (report["status_code"], report["code"], report["field"]) == (
        422, "date-too-early", "noticed_at",
    )  # fmt: skip


# -- F7 -----------------------------------------------------------------------------------------


def test_the_files_keepers_see_who_read_it_when_in_which_role_and_why(
    client: TestClient, people: People
) -> None:
    """Reads by police and oversight show in the file for its keepers, not for the readers."""
    child = register(client, people)
    path = f"/v1/children/{child}"
    police = client.get(path, params={"reason": "出警核查"}, headers=people.auth("police"))
    assert police.is_success
    assert police.json()["reads"] is None
    assert client.get(path, params={"reason": "专项督查"},
                      headers=people.auth("oversight")).is_success  # fmt: skip
    for keeper in ("civil", "town", "village"):
        reads = client.get(path, headers=people.auth(keeper)).json()["reads"]
        assert [(r["role"], r["reason"], r["what"]) for r in reads] == [
            ("police", "出警核查", "file"), ("oversight", "专项督查", "file"),
        ]  # fmt: skip
        assert all(r["actor"] and r["at"].endswith("Z") for r in reads)


# -- F8 -----------------------------------------------------------------------------------------


def test_problem_documents_name_the_field_and_the_allowed_terms(
    client: TestClient, people: People
) -> None:
    """invalid-request, unknown-term and invalid-field answers carry ``field``."""
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    schema = refused(client, path, "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4", "effective_on": "2026-13-01", "handover_sha256": sha(47),
    })  # fmt: skip
    assert (schema["code"], schema["field"]) == ("invalid-request", "effective_on")
    term = refused(client, path, "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "uncle"},
        "legal_basis": "C4", "effective_on": "2026-03-01", "handover_sha256": sha(47),
    })  # fmt: skip
    assert (term["code"], term["field"]) == ("unknown-term", "receiver.relation")
    assert "welfare_institution" in term["allowed"]
    field = refused(client, path, "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲"},
        "legal_basis": "C4", "effective_on": "2026-03-01", "handover_sha256": sha(47),
    })  # fmt: skip
    assert (field["code"], field["field"]) == ("invalid-field", "receiver.relation")


def test_temporary_care_and_petitions_name_only_reports_about_the_child(
    client: TestClient, people: People
) -> None:
    """A report id that exists nowhere, or another child's report, is refused (R-GD-9)."""
    child = register(client, people)
    other = register(client, people)
    report = post(client, "/v1/reports", "school", people, {
        "reporter": {"name": "王老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "独自居住", "child_id": other,
    })["report_id"]  # fmt: skip
    seq = file_of(client, people, child)["seq"]
    care = {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4", "effective_on": "2026-11-20", "handover_sha256": sha(48),
    }  # fmt: skip
    path = f"/v1/children/{child}/guardianship"
    for report_id in (str(uuid.uuid4()), report):
        problem = refused(client, path, "police", people, {**care, "report_id": report_id})
        assert (problem["status_code"], problem["code"], problem["field"]) == (
            409, "report-not-on-record", "report_id",
        )  # fmt: skip
        problem = refused(client, "/v1/petitions", "civil", people, {
            "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
            "guardian_concerned": FATHER, "filed_on": "2026-11-22", "grounds": ["serious_harm"],
            "report_id": report_id,
        })  # fmt: skip
        assert problem["code"] == "report-not-on-record"
    unchanged(client, people, child, seq)
    post(client, f"/v1/children/{other}/guardianship", "police", people,
         {**care, "report_id": report})  # fmt: skip


def test_the_town_records_an_assessment_that_finds_no_help_needed(
    client: TestClient, people: People
) -> None:
    """The class of F1 (a schema stricter than the rule): an arrangement with no measures,
    which R-EM-2 allows when the assessment finds no help needed, is accepted."""
    child = register(client, people)
    report = post(client, "/v1/reports", "school", people, {
        "reporter": {"name": "王老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "独自居住", "child_id": child,
    })["report_id"]  # fmt: skip
    base = f"/v1/reports/{report}"
    post(client, f"{base}/police-response", "police", people, {
        "responded_at": "2026-11-20T09:00:00Z", "parents_reached": True,
        "actions": ["admonish_parents", "order_parents_return"],
    })  # fmt: skip
    post(client, f"{base}/town-informed", "police", people,
         {"town": "370303001", "informed_at": "2026-11-20T10:00:00Z"})  # fmt: skip
    post(client, f"{base}/town-arrangement", "town", people, {
        "departments": ["civil_affairs"], "measures": [], "arranged_on": "2026-11-21",
        "assessment": {"safety": "良好", "guardianship": "父母已返回", "health": "良好"},
    })  # fmt: skip


def test_the_reports_keepers_see_who_read_it(client: TestClient, people: People) -> None:
    """The class of F7: a report's recorded reads show to the area's child-protection staff."""
    child = register(client, people)
    report = post(client, "/v1/reports", "school", people, {
        "reporter": {"name": "王老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "独自居住", "child_id": child,
    })["report_id"]  # fmt: skip
    path = f"/v1/reports/{report}"
    police = client.get(path, params={"reason": "出警核查"}, headers=people.auth("police"))
    assert police.json()["reads"] is None
    assert client.get(path, headers=people.auth("school")).json()["reads"] is None
    reads = client.get(path, headers=people.auth("town")).json()["reads"]
    assert [(r["role"], r["reason"], r["what"]) for r in reads] == [
        ("police", "出警核查", "report")
    ]
    assert reads[0]["at"].endswith("Z")


# -- Outside review of issue 12 ----------------------------------------------------------------


def test_a_member_the_kind_does_not_take_is_refused_not_dropped(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """A temporary care with an ``acceptance`` and a ``fee`` (members of a town appointment)
    was answered 201 and the two silently dropped; a parent's change with a home assessment
    dated 2030 likewise. Now 422 ``field-not-allowed`` naming the member, with the members the
    kind takes (from the guardianship table) in ``allowed``, and nothing recorded."""
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    size = jz.log.size()
    temporary = refused(client, path, "police", people, {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4", "effective_on": "2026-03-01", "handover_sha256": sha(47),
        "acceptance": {"by": "镇政府", "on": "2031-01-01"},
    })  # fmt: skip
    assert (temporary["status_code"], temporary["code"]) == (422, "field-not-allowed")
    assert temporary["field"] == "acceptance"
    assert "receiver" in temporary["allowed"]
    assert "acceptance" not in temporary["allowed"]
    parent = refused(client, path, "village", people, {
        "kind": "absent", "effective_on": "2026-03-01", "reason": "父母外出务工",
        "home_assessment": {"by": "民政", "on": "2030-01-01", "suitable": True},
    })  # fmt: skip
    assert (parent["code"], parent["field"]) == ("field-not-allowed", "home_assessment")
    assert parent["allowed"] == ["effective_on", "reason", "report_id"]
    assert jz.log.size() == size
    assert [a["kind"] for a in file_of(client, people, child)["guardianship"]] == ["parent"]


def test_unbounded_jurisdiction_names_the_member_that_was_sent(jz: Jianzheng) -> None:
    """README: the problem's ``field`` names ``jurisdiction`` at registration and ``role`` at
    a grant to a recorded actor; for ``*`` it was missing."""
    with pytest.raises(UnboundedJurisdiction) as registering:
        jz.register_actor(
            OPERATOR, name="全市民警", role="police", agency="公安局", jurisdiction="*"
        )
    assert registering.value.extra["field"] == "jurisdiction"
    admin = jz.register_actor(
        OPERATOR, name="管理员乙", role="admin", agency="市政府", jurisdiction="*"
    )
    with pytest.raises(UnboundedJurisdiction) as granting:
        jz.grant_role(OPERATOR, admin.actor.id, "police")
    assert granting.value.extra["field"] == "role"

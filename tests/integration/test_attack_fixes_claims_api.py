"""The outside attack on one file per child (FINDINGS #1, #3, #5, #6), over HTTP, on both
backends: a court's revocation follows the revoked person to every file (R-GD-8, ADR 0005 §8);
a correction keeps every claim the file held (R-CH-1, ADR 0005 §6); a move reveals no other
file (R-CH-4); a correction is checked like a registration and leaves no date before the
birth (R-CH-1)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.records.children import ChildRecord
from domain.records.children.guardian_bars import BARS_BACKFILL_STREAM, GuardianBarsBackfill
from domain.records.reports import GuardianshipPetition
from infra.application import OPERATOR, Jianzheng
from infra.cases import today
from infra.children import server_now

HOME = {"county": "370303", "town": "370303001", "village": "370303001001"}
NEIGHBOUR_VILLAGE = {"county": "370303", "town": "370303001", "village": "370303001002"}
OTHER_COUNTY = {"county": "370305", "town": "370305001", "village": "370305001001"}
CHILD_ID_NUMBER = "370303201203040012"
FATHER_ID_NUMBER = "370303198001010033"
FATHER = {"name": "王父", "relation": "father", "id_number": FATHER_ID_NUMBER}
GRANDMOTHER = {"name": "王奶奶", "relation": "paternal_grandmother"}
BIRTH = "2012-03-04"


@pytest.fixture
def tokens(jz: Jianzheng) -> dict[str, str]:
    cast = {
        "village": ("village_committee", HOME["village"]),
        "neighbour": ("village_committee", NEIGHBOUR_VILLAGE["village"]),
        "far": ("village_committee", OTHER_COUNTY["village"]),
        "far_town": ("town_office", OTHER_COUNTY["town"]),
        "civil": ("civil_affairs", HOME["county"]),
        "court": ("court", HOME["county"]),
        "school": ("reporter", HOME["village"]),
    }
    return {
        key: jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
        for key, (role, area) in cast.items()
    }


def call(client: TestClient, tokens: dict[str, str], who: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {tokens[who]}"}
    if body is None:
        return client.get(path, headers=headers)
    return client.post(path, json=body, headers=headers)


def child_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "personal": {"name": "王被撤", "id_number": CHILD_ID_NUMBER}, "birth_date": BIRTH,
        "sex": "male", "location": dict(HOME), "categories": ["poverty_life"],
        "registered_on": "2026-03-01", "guardian": dict(FATHER),
    }  # fmt: skip
    body.update(changes)
    return body


def register(
    client: TestClient, tokens: dict[str, str], who: str = "village", **changes: Any
) -> str:
    answer = call(client, tokens, who, "/v1/children", child_body(**changes))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["child_id"])


def revoke(
    client: TestClient, tokens: dict[str, str], child: str, concerned: Any, on: str = ""
) -> str:
    """A court revokes ``concerned`` on ``child``'s file (on ``on``, or today); the petition's
    id."""
    day = on or today().isoformat()
    filed = call(client, tokens, "civil", "/v1/petitions", {
        "kind": "revoke", "child_id": child,
        "applicant": {"kind": "civil_affairs", "name": "民政局"},
        "guardian_concerned": concerned, "filed_on": day,
        "grounds": ["unsupervised_in_danger"], "particulars": {"refused_correction": True},
    })  # fmt: skip
    assert filed.status_code == 201, filed.text
    petition = str(filed.json()["petition_id"])
    ruled = call(client, tokens, "court", f"/v1/petitions/{petition}/ruling", {
        "outcome": "revoked", "ruled_on": day, "ruling_sha256": "ab" * 32,
        "legal_basis": "民法典 第36条", "new_guardian": GRANDMOTHER,
    })  # fmt: skip
    assert ruled.status_code == 201, ruled.text
    return petition


def event_count(jz: Jianzheng) -> int:
    return jz.store.event_count()


def before_position(jz: Jianzheng, count: int) -> int:
    """The store position after the first ``count`` rows."""
    rows = list(jz.store.rows())
    return rows[count - 1].position if count else 0


def assert_refused_revoked(answer: Any, first: str) -> None:
    """409 guardian-revoked that names neither the revoking file nor its area."""
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["code"] == "guardian-revoked", problem
    assert first not in answer.text
    assert "child_id" not in problem
    assert HOME["village"] not in answer.text


# -- FINDINGS #1: the revocation follows the revoked person (R-GD-8, ADR 0005 §8) -------------


def test_r_gd_8_revoked_father_is_refused_as_guardian_of_the_child_on_a_second_file(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-GD-8 with R-CH-1 (FINDINGS #1 a, b, c): after a court revoked the father on the
    child's file, the same child registered again — in the neighbouring village without an
    ID number, in another county with an invented one, in the same village with another one
    and a distinct-child reason — with the father as guardian is refused guardian-revoked;
    the refusal names no file and no area, and nothing is stored but the record of each
    refusal on the bar (FINDINGS2 #6: fishing is visible)."""
    first = register(client, tokens)
    revoke(client, tokens, first, {"name": "王父", "relation": "father"})
    before = event_count(jz)
    attempts = (
        ("neighbour", {"personal": {"name": "王被撤"}, "location": dict(NEIGHBOUR_VILLAGE)}),
        ("far", {"personal": {"name": "王被撤", "id_number": "370305201203040015"},
                 "location": dict(OTHER_COUNTY),
                 "guardian": {"name": "王父", "relation": "father"}}),
        ("village", {"personal": {"name": "王被撤", "id_number": "370303201203040099"},
                     "guardian": {"name": "王父", "relation": "father"},
                     "distinct_child_reason": "另一名同名儿童"}),
        ("far", {"personal": {"name": "王小二"}, "birth_date": "2015-06-01",
                 "location": dict(OTHER_COUNTY), "guardian": dict(FATHER)}),
    )  # fmt: skip
    for who, changes in attempts:
        again = call(client, tokens, who, "/v1/children", child_body(**changes))
        assert_refused_revoked(again, first)
    added = [row.topic for row in jz.store.rows(after=before_position(jz, before))]
    assert len(added) == len(attempts)
    assert set(added) == {"guardian_bars.RefusalRecorded"}


def test_r_gd_8_revoked_father_is_refused_in_a_guardianship_change_on_another_file(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-GD-8: a file opened with no guardian (or before the ruling) cannot take the revoked
    father later, by name for a child of that birth date; a namesake of a child born on
    another day is not refused."""
    first = register(client, tokens)
    revoke(client, tokens, first, {"name": "王父", "relation": "father"})
    second = register(
        client, tokens, "far", personal={"name": "王被撤二"}, location=dict(OTHER_COUNTY),
        guardian=None,
    )  # fmt: skip
    entrust = {
        "kind": "parent", "guardian": {"name": "王父", "relation": "father"},
        "legal_basis": "民法典 第27条", "effective_on": today().isoformat(),
    }  # fmt: skip
    refused = call(client, tokens, "far", f"/v1/children/{second}/guardianship", entrust)
    assert_refused_revoked(refused, first)
    other = register(
        client, tokens, "far", personal={"name": "李另"}, birth_date="2016-01-01",
        location=dict(OTHER_COUNTY), guardian={"name": "王父", "relation": "father"},
    )  # fmt: skip
    assert other not in (first, second)


def test_r_gd_8_a_restoration_ruling_lifts_the_bar_on_other_files(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-GD-8, 民法典 第38条: once the court restored the father on the child's file, he is
    no longer refused as guardian elsewhere."""
    first = register(client, tokens)
    revoke(client, tokens, first, {"name": "王父", "relation": "father"}, on="2026-03-10")
    other = child_body(personal={"name": "王小三"}, location=dict(OTHER_COUNTY))
    assert_refused_revoked(call(client, tokens, "far", "/v1/children", other), first)
    filed = call(client, tokens, "court", "/v1/petitions", {
        "kind": "restore", "child_id": first,
        "applicant": {"kind": "revoked_parent", "name": "王父"},
        "guardian_concerned": {"name": "王父", "relation": "father"}, "filed_on": "2026-07-01",
    })  # fmt: skip
    assert filed.status_code == 201, filed.text
    ruled = call(client, tokens, "court", f"/v1/petitions/{filed.json()['petition_id']}/ruling", {
        "outcome": "restored", "ruled_on": "2026-07-15", "ruling_sha256": "cd" * 32,
        "legal_basis": "民法典 第38条",
    })  # fmt: skip
    assert ruled.status_code == 201, ruled.text
    assert {e["stream"] for e in ruled.json()["events"]} == {filed.json()["petition_id"], first}
    assert call(client, tokens, "far", "/v1/children", other).status_code == 201


def test_r_gd_8_a_revocation_recorded_before_bars_is_barred_by_the_upgrade(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """ADR 0005 §8 on an upgraded store: a file and its court revocation written as the
    previous version wrote them (no bar) — the first registration after the upgrade bars the
    revoked father first, and the second file is refused; the store still verifies."""
    child = ChildRecord.register(
        actor="old", actor_role="village_committee", personal={"name": "王旧撤"},
        birth_date=BIRTH, sex="male", location=dict(HOME), categories=["poverty_life"],
        registered_on="2026-03-01", guardian=dict(FATHER), now=server_now(),
    )  # fmt: skip
    jz.store.append(child)
    filed = call(client, tokens, "civil", "/v1/petitions", {
        "kind": "revoke", "child_id": str(child.id),
        "applicant": {"kind": "civil_affairs", "name": "民政局"},
        "guardian_concerned": {"name": "王父", "relation": "father"},
        "filed_on": today().isoformat(), "grounds": ["unsupervised_in_danger"],
        "particulars": {"refused_correction": True},
    })  # fmt: skip
    assert filed.status_code == 201, filed.text
    petition = jz.store.load(GuardianshipPetition, UUID(filed.json()["petition_id"]))
    petition.rule(actor="old-court", actor_role="court", now=server_now(), **{
        "outcome": "revoked", "ruled_on": today().isoformat(), "ruling_sha256": "ab" * 32,
        "legal_basis": "民法典 第36条", "new_guardian": GRANDMOTHER,
        "intentional_crime_against_child": False,
    })  # fmt: skip
    child = jz.store.load(ChildRecord, child.id)
    child.apply_court_ruling(
        actor="old-court", actor_role="court", ruling=petition.ruling_for_child(),
        now=server_now(),
    )  # fmt: skip
    jz.store.append(petition, child)  # as before bars: the file alone keeps the revocation
    assert not jz.store.exists(BARS_BACKFILL_STREAM)
    again = call(client, tokens, "far", "/v1/children", child_body(
        personal={"name": "王旧撤"}, location=dict(OTHER_COUNTY)))  # fmt: skip
    assert_refused_revoked(again, str(child.id))
    backfill = jz.store.load(GuardianBarsBackfill, BARS_BACKFILL_STREAM)
    assert (backfill.files, backfill.revocations, backfill.bars) == (1, 1, 2)
    assert jz.verify().ok


# -- FINDINGS #3: a correction releases no claim (R-CH-1, ADR 0005 §6) -------------------------


def test_r_ch_1_a_correction_keeps_the_claims_so_the_child_is_not_registered_again(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1 (FINDINGS #3): the keeper blanks the ID number and changes the name of a file,
    then registers the child under the real identity: refused, pointing at the file, because
    the file keeps every claim it ever held."""
    first = register(client, tokens, guardian={"name": "赵父", "relation": "father"})
    path = f"/v1/children/{first}/corrections"
    for field, value in (("id_number", None), ("name", "王被撤一")):
        body = {"field": field, "value": value, "reason": "录入有误",
                "corrected_on": today().isoformat()}  # fmt: skip
        answer = call(client, tokens, "village", path, body)
        assert answer.status_code == 201, answer.text
        assert "claims.Released" not in [e["type"] for e in answer.json()["events"]]
    again = call(client, tokens, "village", "/v1/children", child_body(guardian=None))
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "child-already-registered"
    assert again.json()["child_id"] == first


# -- FINDINGS #6: a correction is checked like a registration (R-CH-1) ------------------------


def correct(client: TestClient, tokens: dict[str, str], child: str, field: str, value: Any) -> Any:
    body = {"field": field, "value": value, "reason": "录入有误",
            "corrected_on": today().isoformat()}  # fmt: skip
    return call(client, tokens, "village", f"/v1/children/{child}/corrections", body)


def test_r_ch_1_a_birth_date_correction_leaves_no_report_before_the_birth(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1, R-RP-2 (FINDINGS #6): a report about the child was noticed on 2026-11-20; a
    birth date corrected to after it is refused date-before-birth, naming that record by kind
    and day (no id); so is one after the registration; a birth date before both is taken."""
    child = register(client, tokens, guardian=None, registered_on="2026-11-25")
    report = call(client, tokens, "school", "/v1/reports", {
        "reporter": {"name": "张老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00+08:00",
        "reported_at": "2026-11-20T09:00:00+08:00", "summary": "独自在家", "child_id": child,
    })  # fmt: skip
    assert report.status_code == 201, report.text
    before = event_count(jz)
    refused = correct(client, tokens, child, "birth_date", "2026-11-22")
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "date-before-birth"
    assert "2026-11-20" in refused.json()["detail"]
    assert report.json()["report_id"] not in refused.text
    after_registration = correct(client, tokens, child, "birth_date", "2026-11-26")
    assert after_registration.status_code == 422, after_registration.text
    assert after_registration.json()["code"] == "date-before-birth"
    assert event_count(jz) == before
    assert correct(client, tokens, child, "birth_date", "2013-03-04").status_code == 201


def test_r_ch_1_an_id_number_is_checked_alike_at_registration_and_correction(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1 (FINDINGS #6): "abc" is no ID number, given at registration or in a correction
    (422, field named); a 15-digit card or a lower-case x is one."""
    child = register(client, tokens)
    before = event_count(jz)
    refused = correct(client, tokens, child, "id_number", "abc")
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "value"
    again = call(client, tokens, "village", "/v1/children",
                 child_body(personal={"name": "另一个", "id_number": "12345"}))  # fmt: skip
    assert again.status_code == 422, again.text
    assert again.json()["field"] == "personal.id_number"
    assert event_count(jz) == before
    assert correct(client, tokens, child, "id_number", "37030320120304001x").status_code == 201


# -- FINDINGS #5: a move reveals no other file (R-CH-4, ADR 0005 §6) ---------------------------


def test_r_ch_4_a_move_answers_alike_whether_a_namesake_lives_in_the_destination(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-4 (FINDINGS #5): a village moves a probe file to a village of another county.
    Whether a child of that name and birth date lives there or not, the move is accepted with
    the same answer (the file's own event only); where one does, both files are flagged
    possible_duplicate for the civil affairs who see them."""
    kept = register(
        client, tokens, "far", personal={"name": "移动重名"}, birth_date="2014-02-02",
        location=dict(OTHER_COUNTY), guardian=None,
    )  # fmt: skip
    answers = []
    for name in ("移动重名", "无人同名"):
        probe = register(
            client, tokens, personal={"name": name, "id_number": None}, birth_date="2014-02-02",
            guardian=None,
        )  # fmt: skip
        move = {"location": OTHER_COUNTY, "moved_on": today().isoformat(), "reason": "迁居"}
        moved = call(client, tokens, "village", f"/v1/children/{probe}/moves", move)
        assert moved.status_code == 201, moved.text
        answers.append([(e["stream"] == probe, e["type"]) for e in moved.json()["events"]])
    assert answers[0] == answers[1] == [(True, "children.HouseholdMoved")]
    flagged = call(client, tokens, "far_town", "/v1/children?possible_duplicate=true").json()
    assert kept in [c["child_id"] for c in flagged["children"]]
    assert len(flagged["children"]) == 2

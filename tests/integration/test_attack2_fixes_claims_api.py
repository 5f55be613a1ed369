"""The second outside attack on one file per child (FINDINGS2 #3, #4, #6), over HTTP, on both
backends: a court's revocation follows every birth date the child's file ever held (R-GD-8,
ADR 0005 §8); a keeper cannot block another area's child by correcting a throwaway file to its
ID number and away (R-CH-1, ADR 0005 §6); a namesake with his own ID number is admitted and
flagged, a refusal tells no court's revocation and is recorded (R-GD-8, R-CH-4)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import OPERATOR, Jianzheng
from infra.cases import today

HOME = {"county": "370303", "town": "370303001", "village": "370303001001"}
NEIGHBOUR_VILLAGE = {"county": "370303", "town": "370303001", "village": "370303001002"}
OTHER_COUNTY = {"county": "370305", "town": "370305001", "village": "370305001001"}
CHILD_ID_NUMBER = "370303201203040012"
FATHER_ID_NUMBER = "370303198001010033"
NAMESAKE_ID_NUMBER = "370305197905050017"
FAR_CHILD_ID_NUMBER = "370305201501010031"
FATHER = {"name": "王父", "relation": "father", "id_number": FATHER_ID_NUMBER}
FATHER_BY_NAME = {"name": "王父", "relation": "father"}
GRANDMOTHER = {"name": "王奶奶", "relation": "paternal_grandmother"}
BIRTH = "2012-03-04"
TRUE_BIRTH = "2012-05-06"


@pytest.fixture
def tokens(jz: Jianzheng) -> dict[str, str]:
    cast = {
        "village": ("village_committee", HOME["village"]),
        "neighbour": ("village_committee", NEIGHBOUR_VILLAGE["village"]),
        "far": ("village_committee", OTHER_COUNTY["village"]),
        "far_civil": ("civil_affairs", OTHER_COUNTY["county"]),
        "civil": ("civil_affairs", HOME["county"]),
        "court": ("court", HOME["county"]),
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


def correct(
    client: TestClient, tokens: dict[str, str], child: str, field: str, value: Any,
    who: str = "village",
) -> Any:  # fmt: skip
    body = {"field": field, "value": value, "reason": "录入有误",
            "corrected_on": today().isoformat()}  # fmt: skip
    return call(client, tokens, who, f"/v1/children/{child}/corrections", body)


def revoke(client: TestClient, tokens: dict[str, str], child: str) -> str:
    """A court revokes the father (named without his number) on ``child``'s file today."""
    day = today().isoformat()
    filed = call(client, tokens, "civil", "/v1/petitions", {
        "kind": "revoke", "child_id": child,
        "applicant": {"kind": "civil_affairs", "name": "民政局"},
        "guardian_concerned": dict(FATHER_BY_NAME), "filed_on": day,
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


def assert_barred(answer: Any, first: str) -> None:
    """409 guardian-revoked naming neither the revoking file, its area, nor a court."""
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["code"] == "guardian-revoked", problem
    assert first not in answer.text
    assert HOME["village"] not in answer.text
    assert "court" not in problem["detail"]
    assert "revoked" not in problem["detail"]


def topics_since(jz: Jianzheng, count: int) -> list[str]:
    return [row.topic for row in jz.store.rows()][count:]


# -- FINDINGS2 #3: the bar follows every birth date the file held (R-GD-8) --------------------


def test_r_gd_8_a_birth_date_correction_on_the_revoking_file_moves_the_bar_too(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-GD-8 (FINDINGS2 #3): after the keeper corrects the child's birth date on the file
    where the court revoked the father, the child registered again under the corrected date
    — in the neighbouring village, in another county — with the father named without his
    number is refused; the old date stays barred too."""
    first = register(client, tokens)
    revoke(client, tokens, first)
    corrected = correct(client, tokens, first, "birth_date", TRUE_BIRTH)
    assert corrected.status_code == 201, corrected.text
    assert not any(e["type"].startswith("guardian_bars.") for e in corrected.json()["events"])
    for who, location, birth in (
        ("neighbour", NEIGHBOUR_VILLAGE, TRUE_BIRTH),
        ("far", OTHER_COUNTY, TRUE_BIRTH),
        ("far", OTHER_COUNTY, BIRTH),
    ):
        again = call(client, tokens, who, "/v1/children", child_body(
            personal={"name": "王被撤"}, birth_date=birth, location=dict(location),
            guardian=dict(FATHER_BY_NAME),
        ))  # fmt: skip
        assert_barred(again, first)


def test_r_gd_8_a_ruling_bars_every_birth_date_the_file_held_before(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-GD-8 (FINDINGS2 #3): a birth date corrected before the ruling is barred as well as
    the one the file holds at the ruling."""
    first = register(client, tokens)
    assert correct(client, tokens, first, "birth_date", TRUE_BIRTH).status_code == 201
    revoke(client, tokens, first)
    again = call(client, tokens, "far", "/v1/children", child_body(
        personal={"name": "王被撤"}, location=dict(OTHER_COUNTY), guardian=dict(FATHER_BY_NAME),
    ))  # fmt: skip
    assert_barred(again, first)


# -- FINDINGS2 #4: no squatting another area's child's number (R-CH-1) -----------------------


def test_r_ch_1_a_number_corrected_away_does_not_block_another_areas_child(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-CH-1 (FINDINGS2 #4): a village corrects a throwaway file to another county's child's
    number and blanks it again; that child's own village registers it (201), and both files
    are flagged possible_duplicate for civil affairs. The squatting village itself is still
    pointed at its own file."""
    squat = register(client, tokens, personal={"name": "占位"}, birth_date="2015-01-01",
                     guardian=None)  # fmt: skip
    assert correct(client, tokens, squat, "id_number", FAR_CHILD_ID_NUMBER).status_code == 201
    assert correct(client, tokens, squat, "id_number", None).status_code == 201
    real = call(client, tokens, "far", "/v1/children", child_body(
        personal={"name": "真孩子", "id_number": FAR_CHILD_ID_NUMBER}, birth_date="2015-01-01",
        location=dict(OTHER_COUNTY), guardian=None,
    ))  # fmt: skip
    assert real.status_code == 201, real.text
    real_id = real.json()["child_id"]
    flagged = call(client, tokens, "far_civil", "/v1/children?possible_duplicate=true").json()
    assert [row["child_id"] for row in flagged["children"]] == [real_id]
    mine = call(client, tokens, "civil", "/v1/children?possible_duplicate=true").json()
    assert [row["child_id"] for row in mine["children"]] == [squat]
    again = call(client, tokens, "village", "/v1/children", child_body(
        personal={"name": "又一个", "id_number": FAR_CHILD_ID_NUMBER}, guardian=None,
    ))  # fmt: skip
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "child-already-registered"
    assert again.json()["child_id"] == squat


def test_r_ch_1_a_correction_to_a_number_another_file_holds_is_refused_like_a_registration(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1 (FINDINGS2 #4): a correction to an ID number another area's file holds is
    refused child-already-registered with the pointer rules (outside the caller's area: no
    id), and nothing is stored."""
    register(client, tokens, "far", personal={"name": "真孩子", "id_number": FAR_CHILD_ID_NUMBER},
             birth_date="2015-01-01", location=dict(OTHER_COUNTY), guardian=None)  # fmt: skip
    mine = register(client, tokens, personal={"name": "占位"}, guardian=None)
    before = jz.store.event_count()
    refused = correct(client, tokens, mine, "id_number", FAR_CHILD_ID_NUMBER)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "child-already-registered"
    assert refused.json()["outside_your_area"] is True
    assert "child_id" not in refused.json()
    assert jz.store.event_count() == before


# -- FINDINGS2 #6: a namesake with his own number; the refusal tells and hides (R-GD-8) ------


def test_r_gd_8_a_namesake_with_his_own_id_number_is_admitted_and_flagged(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-GD-8 (FINDINGS2 #6): another father of the same name, of a child born the same day,
    who gives his own ID number (not the revoked father's recorded one) is not refused by the
    name key: the file is registered and flagged for civil affairs. With the revoked father's
    number, or with no number, he is refused."""
    first = register(client, tokens)
    revoke(client, tokens, first)
    namesake = call(client, tokens, "far", "/v1/children", child_body(
        personal={"name": "无关孩子"}, location=dict(OTHER_COUNTY),
        guardian={**FATHER_BY_NAME, "id_number": NAMESAKE_ID_NUMBER},
    ))  # fmt: skip
    assert namesake.status_code == 201, namesake.text
    assert not any(e["type"].startswith("guardian_bars.") for e in namesake.json()["events"])
    ledger = call(client, tokens, "far_civil", "/v1/children").json()["children"]
    flags = {row["child_id"]: row.get("guardian_namesake_of_revoked") for row in ledger}
    assert flags == {namesake.json()["child_id"]: True}
    for guardian in (dict(FATHER), dict(FATHER_BY_NAME)):
        refused = call(client, tokens, "far", "/v1/children", child_body(
            personal={"name": "另一孩子"}, location=dict(OTHER_COUNTY), guardian=guardian,
        ))  # fmt: skip
        assert_barred(refused, first)


def test_r_gd_8_a_refused_probe_is_recorded_and_tells_no_revocation(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-GD-8, R-CH-4 (FINDINGS2 #6): a village probing by a birth-date correction of its own
    file is refused in words that say no court revoked anything, and the refusal is recorded
    on the bar (who, which file) — the file itself is unchanged — and listed to civil affairs
    of the prober's area (not of another area); a village may not list them."""
    first = register(client, tokens)
    revoke(client, tokens, first)
    probe = register(client, tokens, "far", personal={"name": "探生日"}, birth_date="2016-07-08",
                     location=dict(OTHER_COUNTY), guardian=dict(FATHER_BY_NAME))  # fmt: skip
    count = jz.store.event_count()
    refused = correct(client, tokens, probe, "birth_date", BIRTH, who="far")
    assert_barred(refused, first)
    assert topics_since(jz, count) == ["guardian_bars.RefusalRecorded"]
    seen = call(client, tokens, "far_civil", "/v1/children/guardian-bar-refusals").json()
    assert [(r["child_id"], r["field"], r["area"]) for r in seen["refusals"]] == [
        (probe, "value", OTHER_COUNTY["village"])
    ]
    assert "王父" not in str(seen)
    home = call(client, tokens, "civil", "/v1/children/guardian-bar-refusals").json()
    assert home["count"] == 0
    village = call(client, tokens, "far", "/v1/children/guardian-bar-refusals")
    assert village.status_code == 403, village.text

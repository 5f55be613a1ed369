"""Moves, corrections and the allowance queue over HTTP (R-CH-1, R-AC-3, R-CH-4, R-CH-5).

A move of the household moves the file and the authority over it: the new area's staff keep
it; the former area's staff no longer act, and read it only as another department — with a
reason, recorded. A correction changes one personal field with a reason, never shows the old
value again, and adds the identity claims it takes, releasing none (ADR 0005 §6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.access import AccessLog
from domain.records.children import add_months, birthday, first_of_next_month
from domain.records.errors import NotFound
from infra.application import OPERATOR, Jianzheng
from infra.cases import today

HOME = {"county": "370303", "town": "370303001", "village": "370303001001"}
NEW_HOME = {"county": "370305", "town": "370305001", "village": "370305001001"}
ID_NUMBER = "370303201405170017"
REASON = "核查原村期间的走访记录"


@pytest.fixture
def tokens(jz: Jianzheng) -> dict[str, str]:
    cast = {
        "village": ("village_committee", HOME["village"]),
        "town": ("town_office", HOME["town"]),
        "new_village": ("village_committee", NEW_HOME["village"]),
        "new_civil": ("civil_affairs", NEW_HOME["county"]),
        "police": ("police", HOME["county"]),
    }
    return {
        key: jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
        for key, (role, area) in cast.items()
    }


def call(
    client: TestClient, tokens: dict[str, str], who: str, path: str, body: Any = None, **params: str
) -> Any:
    headers = {"Authorization": f"Bearer {tokens[who]}"}
    if body is None:
        return client.get(path, headers=headers, params=params)
    return client.post(path, json=body, headers=headers)


def register(client: TestClient, tokens: dict[str, str], **changes: Any) -> str:
    body = {
        "personal": {"name": "王小明", "id_number": ID_NUMBER, "address": "幸福路8号"},
        "birth_date": "2014-05-17", "sex": "male", "location": dict(HOME),
        "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": {"name": "王大山", "relation": "father"}, **changes,
    }  # fmt: skip
    answer = call(client, tokens, "village", "/v1/children", body)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["child_id"])


def reads(jz: Jianzheng, child: str) -> list[tuple[str, str]]:
    try:
        log = jz.store.load(AccessLog, AccessLog.create_id("child", child))
    except NotFound:
        return []
    return [(r["role"], r["reason"]) for r in log.reads]


MOVE = {"location": NEW_HOME, "moved_on": "2026-11-01", "reason": "随母亲迁居外县"}
KEY_CHILD = {"marked_on": "2026-11-28", "reason": "新到本村, 重点关注"}


def test_after_a_move_the_new_area_keeps_the_file_and_the_old_one_reads_it_as_another_department(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1, R-AC-3: the move is recorded by the keeping village; then the new village acts
    and reads unrecorded, the old village may not act, and its read needs a reason and is
    recorded; the ledger lists the child in the new village."""
    child = register(client, tokens)
    path = f"/v1/children/{child}"
    # The receiving village cannot move a file it does not keep yet.
    assert call(client, tokens, "new_village", f"{path}/moves", MOVE).status_code == 403
    moved = call(client, tokens, "village", f"{path}/moves", MOVE)
    assert moved.status_code == 201, moved.text
    assert moved.json()["events"][0]["type"] == "children.HouseholdMoved"
    assert call(client, tokens, "village", f"{path}/key-child", KEY_CHILD).status_code == 403
    assert call(client, tokens, "new_village", f"{path}/key-child", KEY_CHILD).status_code == 201
    own = call(client, tokens, "new_village", path).json()
    assert own["location"] == NEW_HOME
    assert own["moves"][0]["from"] == HOME
    assert reads(jz, child) == []
    no_reason = call(client, tokens, "village", path)
    assert no_reason.status_code == 422
    assert no_reason.json()["field"] == "reason"
    assert reads(jz, child) == []
    former = call(client, tokens, "village", path, reason=REASON)
    assert former.status_code == 200, former.text
    assert former.json()["reads"] is None
    assert reads(jz, child) == [("village_committee", REASON)]
    # The keepers now see that read; the new county's civil affairs list the child.
    assert call(client, tokens, "new_village", path).json()["reads"][0]["reason"] == REASON
    ledger = call(client, tokens, "new_civil", "/v1/children").json()["children"]
    assert [(c["child_id"], c["village"]) for c in ledger] == [(child, NEW_HOME["village"])]
    assert call(client, tokens, "town", "/v1/children").json()["children"] == []


def test_a_move_takes_the_name_claim_to_the_new_village(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """ADR 0005 §6: after a move, the child's name, birth date and new village find the file;
    the old village's are free for another child."""
    child = register(client, tokens, personal={"name": "王小明"})
    assert call(client, tokens, "village", f"/v1/children/{child}/moves", MOVE).status_code == 201
    other = register(client, tokens, personal={"name": "王小明", "id_number": "370303201405170025"})
    assert other != child
    again = call(client, tokens, "new_civil", "/v1/children", {
        "personal": {"name": "王小明"}, "birth_date": "2014-05-17", "sex": "male",
        "location": NEW_HOME, "categories": ["poverty_life"], "registered_on": "2026-11-20",
    })  # fmt: skip
    assert again.status_code == 409, again.text
    assert again.json()["child_id"] == child


def test_a_correction_seals_the_old_value_and_adds_the_id_claim(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """R-CH-1, R-CH-4: the corrected number is on the file, the old one nowhere in its answer;
    the new number is claimed and the old one stays held by this file, marked corrected away
    (ADR 0005 §6: a correction releases nothing); the chain still verifies."""
    child = register(client, tokens)
    corrected = "370303201405170033"
    body = {"field": "id_number", "value": corrected, "reason": "原号码录入错位",
            "corrected_on": "2026-11-02"}  # fmt: skip
    answer = call(client, tokens, "village", f"/v1/children/{child}/corrections", body)
    assert answer.status_code == 201, answer.text
    types = [e["type"] for e in answer.json()["events"]]
    assert types == ["children.PersonalDataCorrected", "claims.Claimed", "claims.CorrectedAway"]
    read = call(client, tokens, "village", f"/v1/children/{child}")
    assert read.json()["personal"]["id_number"] == corrected
    assert read.json()["corrections"] == [
        {"field": "id_number", "corrected_on": "2026-11-02", "reason": "原号码录入错位",
         "corrected_by": read.json()["corrections"][0]["corrected_by"]}
    ]  # fmt: skip
    assert ID_NUMBER not in read.text
    police = call(client, tokens, "police", f"/v1/children/{child}", reason=REASON)
    assert ID_NUMBER not in police.text
    same = call(client, tokens, "village", "/v1/children", {
        "personal": {"name": "李小红", "id_number": corrected}, "birth_date": "2015-01-01",
        "sex": "female", "location": HOME, "categories": ["orphan"], "registered_on": "2026-03-01",
    })  # fmt: skip
    assert same.status_code == 409
    assert same.json()["child_id"] == child
    kept = call(client, tokens, "village", "/v1/children", {
        "personal": {"name": "李小红", "id_number": ID_NUMBER}, "birth_date": "2015-01-01",
        "sex": "female", "location": HOME, "categories": ["orphan"], "registered_on": "2026-03-01",
    })  # fmt: skip
    assert kept.status_code == 409, kept.text
    assert kept.json()["child_id"] == child
    assert jz.verify(deep=True).ok


def test_a_correction_to_an_identity_another_file_holds_is_refused_and_records_nothing(
    client: TestClient, tokens: dict[str, str], jz: Jianzheng
) -> None:
    """ADR 0005 §6: the same duplicate, found later: 409, and the file and claims unchanged."""
    first = register(client, tokens)
    other = {"name": "李小红", "id_number": "370303201501010028"}
    second = register(client, tokens, personal=other, birth_date="2015-01-01")
    before = jz.store.event_count()
    body = {
        "field": "id_number",
        "value": ID_NUMBER,
        "reason": "核对",
        "corrected_on": "2026-11-02",
    }
    refused = call(client, tokens, "village", f"/v1/children/{second}/corrections", body)
    assert refused.status_code == 409, refused.text
    assert refused.json()["child_id"] == first
    assert jz.store.event_count() == before


def test_the_allowance_queue_lists_who_is_due_in_the_area(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """R-CH-5: a young person turning 18 within the window is listed as needing facts; once
    able to work with full capacity, with the day it stops; in full-time school, not at all."""
    on = today()
    born = birthday(on, -18) + timedelta(days=10)  # 18th birthday in ten days
    child = register(
        client, tokens, personal={"name": "赵将成年"}, birth_date=born.isoformat(),
        registered_on=on.isoformat(), categories=["orphan"], guardian=None,
    )  # fmt: skip
    due = call(client, tokens, "town", "/v1/children/allowance-due").json()["due"]
    assert [(d["child_id"], d["status"]) for d in due] == [(child, "facts_needed")]
    capacity = {"able_to_work": True, "full_civil_capacity": True,
                "assessed_on": on.isoformat(), "basis": "体检证明及村委会证明"}  # fmt: skip
    path = f"/v1/children/{child}"
    assert call(client, tokens, "village", f"{path}/capacity", capacity).status_code == 201
    stops = first_of_next_month(add_months(birthday(born, 18), 6))
    assert call(client, tokens, "town", "/v1/children/allowance-due").json()["due"] == []
    year = call(client, tokens, "town", "/v1/children/allowance-due", within_days="366").json()
    assert [(d["status"], d["stops_on"]) for d in year["due"]] == [("stops", stops.isoformat())]
    assert "birth_date" not in str(call(client, tokens, "town", "/v1/children").json())
    school = {"level": "senior_secondary", "from_on": "2023-09-01", "until_on": None}
    assert call(client, tokens, "village", f"{path}/schooling", school).status_code == 201
    assert call(client, tokens, "town", "/v1/children/allowance-due",
                within_days="366").json()["due"] == []  # fmt: skip
    assert call(client, tokens, "village", path).json()["allowance"]["status"] == (
        "continues_in_school"
    )

"""One file per child (一人一档案, R-CH-1; ADR 0005): a child who has a file is not registered
again — not by another village, not at the same moment, not under another ID number — and the
refusal names the file only to a caller whose area covers it (R-CH-4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.records.children import ChildRecord
from domain.records.children.claims import BACKFILL_STREAM, ClaimsBackfill, IdentityClaim
from domain.records.errors import NotFound
from infra.application import OPERATOR, Jianzheng, Principal
from tests.concurrently import run_together
from tests.integration.test_children_api import FATHER, People, people, story  # noqa: F401
from tests.integration.test_stored_store import FIXTURE, Copy, stored  # noqa: F401
from tests.rawstore import RawStore

LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
ELSEWHERE = {"county": "370305", "town": "370305001", "village": "370305001001"}
ID_NUMBER = "370303201405170017"


def child_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "personal": {"name": "王小明", "id_number": ID_NUMBER},
        "birth_date": "2014-05-17", "sex": "male", "location": dict(LOCATION),
        "categories": ["poverty_life"], "registered_on": "2026-03-01", "guardian": FATHER,
    }  # fmt: skip
    body.update(changes)
    return body


def actor(jz: Jianzheng, role: str, area: str, name: str) -> tuple[Principal, str]:
    registered = jz.register_actor(
        OPERATOR, name=name, role=role, agency=f"{name}-agency", jurisdiction=area
    )
    return Principal.of(registered.actor), registered.token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def count(jz: Jianzheng) -> int:
    raw = RawStore(jz.settings)
    try:
        return raw.count()
    finally:
        raw.close()


def test_the_same_id_number_in_another_form_is_refused_with_the_file_it_has(
    client: TestClient, jz: Jianzheng
) -> None:
    """R-CH-1: spaces, full-width digits or another check character of one card are one
    child; the village sees which file it already keeps; nothing is stored."""
    _, token = actor(jz, "village_committee", LOCATION["village"], "村委")
    first = client.post("/v1/children", json=child_body(), headers=auth(token))
    assert first.status_code == 201, first.text
    child_id = first.json()["child_id"]
    before = count(jz)
    written = (
        "370303 2014 0517 0017",
        "３７０３０３２０１４０５１７００１７",
        "37030320140517001x",
    )
    for number in written:
        again = client.post(
            "/v1/children",
            json=child_body(personal={"name": "王晓明", "id_number": number}),
            headers=auth(token),
        )
        assert again.status_code == 409, again.text
        problem = again.json()
        assert problem["code"] == "child-already-registered"
        assert problem["child_id"] == child_id
        assert problem["field"] == "personal.id_number"
        assert number not in again.text
        assert "370303" not in problem["detail"]
    assert count(jz) == before


def test_another_area_learns_only_that_a_file_exists_outside_it(
    client: TestClient, jz: Jianzheng
) -> None:
    """R-CH-1 with R-CH-4: a village of another county is refused, told to ask civil affairs,
    and learns neither the file's id nor where the child lives."""
    _, home = actor(jz, "village_committee", LOCATION["village"], "村委")
    _, away = actor(jz, "village_committee", ELSEWHERE["village"], "外县村委")
    child_id = client.post("/v1/children", json=child_body(), headers=auth(home)).json()["child_id"]
    again = client.post(
        "/v1/children", json=child_body(location=dict(ELSEWHERE)), headers=auth(away)
    )
    assert again.status_code == 409, again.text
    problem = again.json()
    assert problem["code"] == "child-already-registered"
    assert problem["outside_your_area"] is True
    assert "child_id" not in problem
    assert child_id not in again.text
    assert LOCATION["village"] not in again.text
    assert "370303" not in again.text


def test_same_name_birth_and_village_is_refused_unless_the_staff_say_why_it_is_another_child(
    client: TestClient, jz: Jianzheng
) -> None:
    """R-CH-1 (ADR 0005): without an ID number, or under another one, the name, birth date and
    village find the file; a recorded reason lets a different child of that name in."""
    _, token = actor(jz, "village_committee", LOCATION["village"], "村委")
    first = client.post("/v1/children", json=child_body(), headers=auth(token)).json()["child_id"]
    for personal in ({"name": "王 小明"}, {"name": "王小明", "id_number": "370303201405170025"}):
        refused = client.post("/v1/children", json=child_body(personal=personal),
                              headers=auth(token))  # fmt: skip
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "child-possibly-registered"
        assert refused.json()["child_id"] == first
    reason = "同名同生日的另一名儿童(堂兄弟), 户口簿已核"
    other = client.post(
        "/v1/children",
        json=child_body(personal={"name": "王小明", "id_number": "370303201405170025"},
                        distinct_child_reason=reason),
        headers=auth(token),
    )  # fmt: skip
    assert other.status_code == 201, other.text
    claim_types = [e["type"] for e in other.json()["events"]]
    assert "claims.SharedByDistinctChild" in claim_types
    # An ID number is never shared, whatever the reason.
    same_id = client.post(
        "/v1/children", json=child_body(distinct_child_reason=reason), headers=auth(token)
    )
    assert same_id.status_code == 409
    assert same_id.json()["code"] == "child-already-registered"


def test_a_second_file_cannot_undo_a_courts_revocation(
    client: TestClient,
    people: People,  # noqa: F811
    jz: Jianzheng,
) -> None:
    """The attack of issue 12 (R-GD-8 with R-CH-1): after a court revoked the father on the
    child's file, registering the child again — the father as guardian, with or without the
    ID number, by the village or the town — is refused, pointing at the file."""
    ids = story(client, people)
    for who, personal in (
        ("village", {"name": "王小明", "id_number": "370303201405170017"}),
        ("town", {"name": "王小明"}),
        ("village", {"name": "王小明", "id_number": "370303201405179999"}),
    ):
        again = client.post(
            "/v1/children",
            json=child_body(personal=personal, registered_on="2026-11-30"),
            headers=people.auth(who),
        )
        assert again.status_code == 409, again.text
        assert again.json()["child_id"] == ids["child"]
    ledger = client.get("/v1/children", headers=people.auth("civil")).json()
    assert [c["child_id"] for c in ledger["children"]] == [ids["child"]]


def test_simultaneous_registrations_of_one_child_open_one_file(jz: Jianzheng) -> None:
    """R-CH-1 under concurrency: four registrations of the same child at the same moment, on
    SQLite and PostgreSQL, open exactly one file; the others are refused, none half-stored."""
    principals = [actor(jz, "village_committee", LOCATION["village"], f"村委{n}")[0]
                  for n in range(4)]  # fmt: skip
    jz.children.claims.ensure_backfilled()
    fields = child_body()
    results = run_together(
        [lambda p=p: jz.children.register(p, **fields) for p in principals]  # type: ignore[misc]
    )
    opened = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if not isinstance(r, tuple)]
    assert len(opened) == 1, results
    # Refused by whichever claim it found taken first: the ID number or the name.
    duplicate = {"child-already-registered", "child-possibly-registered"}
    assert all(getattr(r, "code", None) in duplicate for r in refused), results
    files = {row.stream for row in jz.store.rows(topics=("children.Registered",))}
    assert files == {str(opened[0][0].id)}


def old_file(jz: Jianzheng, name: str, id_number: str) -> str:
    """A file as the code before claims registered it: the file's events only."""
    child = ChildRecord.register(
        actor=OPERATOR.actor_id, actor_role="village_committee",
        personal={"name": name, "id_number": id_number}, birth_date="2014-05-17", sex="male",
        location=dict(LOCATION), categories=["poverty_life"], registered_on="2026-03-01",
        guardian=None, now=datetime.now(UTC),
    )  # fmt: skip
    jz.store.append(child)
    return str(child.id)


def test_files_registered_before_claims_are_claimed_and_old_duplicates_listed(
    client: TestClient, jz: Jianzheng
) -> None:
    """ADR 0005 §5: the first registration after the upgrade claims every old file's identity
    once; two old files of one child are both recorded for civil affairs and block a third."""
    single = old_file(jz, "李小红", "370303201405170041")
    twin_a = old_file(jz, "王小明", ID_NUMBER)
    twin_b = old_file(jz, "王小明", ID_NUMBER)
    _, token = actor(jz, "village_committee", LOCATION["village"], "村委")
    with pytest.raises(NotFound):
        jz.store.load(ClaimsBackfill, BACKFILL_STREAM)
    new = client.post(
        "/v1/children",
        json=child_body(personal={"name": "赵新生", "id_number": "370303201405170068"}),
        headers=auth(token),
    )
    assert new.status_code == 201, new.text
    backfill = jz.store.load(ClaimsBackfill, BACKFILL_STREAM)
    assert (backfill.files, backfill.duplicates) == (3, sorted([twin_a, twin_b]))
    _, civil = actor(jz, "civil_affairs", LOCATION["county"], "民政局")
    flagged = client.get("/v1/children?possible_duplicate=true", headers=auth(civil)).json()
    assert sorted(c["child_id"] for c in flagged["children"]) == sorted([twin_a, twin_b])
    again = client.post("/v1/children", json=child_body(), headers=auth(token))
    assert again.status_code == 409
    assert again.json()["child_id"] in {twin_a, twin_b}
    old = client.post(
        "/v1/children",
        json=child_body(personal={"name": "李小红", "id_number": "370303201405170041"}),
        headers=auth(token),
    )
    assert old.status_code == 409
    assert old.json()["child_id"] == single
    # The backfill ran once: a later registration adds nothing to its stream.
    client.post(
        "/v1/children",
        json=child_body(personal={"name": "钱小军", "id_number": "370303201405170076"}),
        headers=auth(token),
    )
    assert jz.store.load(ClaimsBackfill, BACKFILL_STREAM).version == 1
    for stream in {row.stream for row in jz.store.rows(topics=("claims.Claimed",))}:
        assert jz.store.load(IdentityClaim, UUID(stream)).holders


def test_a_store_written_before_claims_refuses_its_child_again(stored: Copy) -> None:  # noqa: F811
    """ADR 0005 §5 on a real old store (the stored-store fixture of commit 395df48, SQLite):
    its child, registered with no claim, is found by the first registration after the
    upgrade, and the store still verifies."""
    jz = Jianzheng(stored.settings)
    try:
        with TestClient(create_app(jianzheng=jz)) as client:
            committee = auth(json.loads((FIXTURE / "tokens.json").read_text())["committee"])
            again = client.post(
                "/v1/children", json=child_body(personal={"name": "王小明"}), headers=committee
            )
            assert again.status_code == 409, again.text
            assert again.json()["child_id"] == "3a089697-d1bb-490b-96c3-963dc5e96b25"
            other = client.post(
                "/v1/children",
                json=child_body(personal={"name": "李小红", "id_number": "370303201501010028"}),
                headers=committee,
            )
            assert other.status_code == 201, other.text
    finally:
        jz.close()
    code, report = stored.verify()
    assert code == 0, report

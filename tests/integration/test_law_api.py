"""The law tables served read-only (R-GD-1…10, R-AS-2): what docs/guardianship.md prints.

``GET /v1/law/guardianship-kinds`` and ``GET /v1/law/assessment-criteria`` answer any
authenticated actor with the tables the commands run, in typed, closed JSON objects.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.children.vocabulary import ASSESSMENT_TABLE
from infra.application import OPERATOR, Jianzheng


@pytest.fixture
def token(jz: Jianzheng) -> str:
    """A reporter's token: the least of the authenticated roles reads the law too."""
    registered = jz.register_actor(
        OPERATOR, name="张老师", role="reporter", agency="某村小学", jurisdiction="370303001001"
    )
    return registered.token


def read(client: TestClient, path: str, token: str) -> Any:
    answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_guardianship_kinds_are_the_table_in_its_order(client: TestClient, token: str) -> None:
    """Each kind with its recorders, members and ordered preconditions, as the table has them."""
    kinds = read(client, "/v1/law/guardianship-kinds", token)["kinds"]
    assert [k["code"] for k in kinds] == list(GUARDIANSHIP_CHANGES)
    entrusted = next(k for k in kinds if k["code"] == "entrusted_other")
    assert entrusted["recorded_by"] == ["town_office", "village_committee"]
    assert entrusted["installs"] == "entrusted_other"
    assert entrusted["event"] == "children.GuardianEntrusted"
    names = [p["name"] for p in entrusted["preconditions"]]
    assert names.index("committee_consented") < names.index("agreement_in_writing")
    consent = entrusted["preconditions"][names.index("committee_consented")]
    assert consent == {
        "name": "committee_consented",
        "code": "committee-consent-required",
        "also": [],
        "rule": "R-GD-4",
        "statement": GUARDIANSHIP_CHANGES["entrusted_other"].preconditions[names.index(
            "committee_consented")].statement,
    }  # fmt: skip
    assert {"name": "signatures", "required": True}.items() <= next(
        m for m in entrusted["members"] if m["name"] == "signatures"
    ).items()
    civil = next(k for k in kinds if k["code"] == "institutional")
    cited = next(p for p in civil["preconditions"] if p["name"] == "ruling_on_record")
    assert cited["also"] == ["ruling-for-another-child", "ruling-does-not-appoint-civil-affairs"]
    back = next(k for k in kinds if k["code"] == "return")
    assert back["installs"] is None


def test_the_assessment_criteria_are_the_table(client: TestClient, token: str) -> None:
    """Each result with its help level and the criteria C5 gives (R-AS-2)."""
    results = read(client, "/v1/law/assessment-criteria", token)["results"]
    assert [r["result"] for r in results] == [o.result.value for o in ASSESSMENT_TABLE]
    poor = results[2]
    assert poor["help_level"] == "protective"
    assert {"code": "dropped_out", "statement": "辍学"} in poor["criteria"]


def test_the_law_is_read_only_by_authenticated_actors(client: TestClient) -> None:
    """Without a token the tables are refused (401), and they take no writes."""
    for path in ("/v1/law/guardianship-kinds", "/v1/law/assessment-criteria"):
        assert client.get(path).status_code == 401
    assert client.post("/v1/law/guardianship-kinds", json={}).status_code in {401, 405}


def test_the_law_answers_are_closed_typed_objects_in_the_openapi(client: TestClient) -> None:
    """Every object of the two answers lists its members and allows no others."""
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path in ("/v1/law/guardianship-kinds", "/v1/law/assessment-criteria"):
        answer = document["paths"][path]["get"]["responses"]["200"]["content"]
        ref = answer["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        seen: set[str] = set()
        todo = [ref]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            schema = schemas[name]
            assert schema["type"] == "object", name
            assert schema.get("additionalProperties") is False, name
            assert schema["properties"], name
            for member in schema["properties"].values():
                text = repr(member)
                assert "additionalProperties': True" not in text, name
                todo += [r.rsplit("/", 1)[1] for r in _refs(member)]
        assert len(seen) >= 3


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if "$ref" in value else []
        return found + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []

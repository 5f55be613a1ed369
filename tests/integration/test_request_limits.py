"""Every request input is bounded (hostile input): strings, arrays, bodies, depth, uploads.

The schema walk reads the served OpenAPI document, so a route or field added without a bound
fails here. Free-form objects (catalogue data) are bounded by the body limits: 1 MiB and a
depth of 32 (``api/strict_json.py``), checked in ``test_api.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from tests.integration.casekit import Cast, make_cast, open_case

BOUNDED_FORMATS = {"uuid", "binary", "date", "date-time"}


def unbounded(schema: dict[str, Any], components: dict[str, Any], where: str) -> list[str]:
    """Places under ``schema`` where a string has no length bound or an array no item bound."""
    found: list[str] = []
    seen: set[str] = set()

    def walk(node: dict[str, Any], at: str) -> None:
        ref = node.get("$ref")
        if ref is not None:
            if ref in seen:
                return
            seen.add(ref)
            node = components[ref.rsplit("/", 1)[-1]]
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, at)
        kind = node.get("type")
        if kind == "string" and not (
            {"maxLength", "enum", "const", "pattern"} & node.keys()
            or node.get("format") in BOUNDED_FORMATS
        ):
            found.append(at)
        if kind == "array":
            if "maxItems" not in node:
                found.append(at + "[]")
            walk(node.get("items", {}), at + "[]")
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{at}.{name}")
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            walk(extra, at + ".*")

    walk(schema, where)
    return found


def test_every_string_and_array_of_every_route_is_bounded(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                found += unbounded(
                    parameter.get("schema", {}), components, f"{name} {parameter['name']}"
                )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += unbounded(content.get("schema", {}), components, f"{name} body")
    assert not found, "unbounded inputs:\n" + "\n".join(found)


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"kind": "other", "summary": "x" * 20_001}, ["body", "summary"]),
        ({"kind": "other", "summary": "s", "evidence": ["0" * 64] * 201}, ["body", "evidence"]),
        ({"kind": "other", "summary": "s", "present": ["not-a-uuid"]}, ["body", "present", "0"]),
    ],
)
def test_an_oversized_field_is_refused_with_its_place_and_stores_nothing(
    client: TestClient, jz: Jianzheng, body: dict[str, Any], where: list[str]
) -> None:
    cast = make_cast(jz)
    case = open_case(jz, cast)
    count = jz.store.event_count()
    response = client.post(f"/v1/cases/{case}/steps", json=body, headers=auth(cast, "a"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert any(e["loc"] == where for e in response.json()["errors"]), response.json()
    assert jz.store.event_count() == count


def test_an_oversized_query_filter_is_refused(client: TestClient, jz: Jianzheng) -> None:
    cast = make_cast(jz)
    response = client.get("/v1/children", params={"village": "3" * 65}, headers=auth(cast, "a"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "village"]

"""The served OpenAPI types every request member (issue 12, point 3): no request body and no
nested object is left open, every field has a type, and every vocabulary member it lists
carries its Chinese label (``domain/records/vocabulary.py``, ``GET /v1/vocabularies``).

The walk reads ``/openapi.json`` as a client would, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from domain.records.vocabulary import VOCABULARIES
from infra.application import OPERATOR, Jianzheng

Schema = dict[str, Any]

OPEN_BY_DESIGN = {
    # RFC 9457 §3.2: a problem type may add members, so problem documents stay extensible.
    "Problem",
    # FastAPI's own 422 entry (``input`` is whatever was sent, ``ctx`` the rule's context);
    # the API answers 422 as ``Problem``, and no request body refers to it (checked below).
    "ValidationError",
}
"""Response schemas allowed to stay open; request bodies never."""

TYPED = ("type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const")


def _open_spots(node: Any, path: str) -> Iterator[str]:
    """Where ``node`` (a JSON schema) is open: an object whose ``additionalProperties`` is
    true, or absent on an object without properties, or a property with no type at all."""
    if not isinstance(node, dict) or "$ref" in node:
        return
    extra = node.get("additionalProperties")
    is_object = node.get("type") == "object" or "properties" in node
    if is_object and (extra is True or (extra is None and not node.get("properties"))):
        yield f"{path}: open object"
    if isinstance(extra, dict):
        yield from _open_spots(extra, f"{path}.<additional>")
    for name, member in (node.get("properties") or {}).items():
        if not isinstance(member, dict) or not any(key in member for key in TYPED):
            yield f"{path}.{name}: untyped"
        yield from _open_spots(member, f"{path}.{name}")
    if "items" in node:
        if not isinstance(node["items"], dict) or not any(k in node["items"] for k in TYPED):
            yield f"{path}[]: untyped items"
        yield from _open_spots(node["items"], f"{path}[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, branch in enumerate(node.get(key, [])):
            yield from _open_spots(branch, f"{path}<{key}{i}>")


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"].rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _request_schemas(document: Schema) -> Iterator[tuple[str, Schema]]:
    """Every request body's schema and every schema a request body reaches by ``$ref``."""
    components = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    todo: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                schema = content.get("schema", {})
                yield f"{method.upper()} {path} ({media})", schema
                todo.extend(_refs(schema))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        yield name, components[name]
        todo.extend(_refs(components[name]))


def open_spots(document: Schema) -> list[str]:
    """Every open spot of ``document``: in request bodies and everything they reach, and in
    every named schema but the few allowed by :data:`OPEN_BY_DESIGN`."""
    found = [spot for name, s in _request_schemas(document) for spot in _open_spots(s, name)]
    request_names = {name for name, _ in _request_schemas(document)}
    found += [f"request body reaches {name}" for name in OPEN_BY_DESIGN & request_names]
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name not in OPEN_BY_DESIGN and name not in request_names:
            found.extend(_open_spots(schema, name))
    return sorted(set(found))


def _enums(node: Any, path: str, labels: dict[str, str] | None) -> Iterator[tuple[str, Any, Any]]:
    """Each ``enum`` of the document with the labels in force there (its own, or those of the
    member schema it is a branch of)."""
    if isinstance(node, dict):
        labels = node.get("x-enum-labels", labels)
        if "enum" in node:
            yield path, node["enum"], labels
        for key, value in node.items():
            yield from _enums(value, f"{path}/{key}", labels)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _enums(value, f"{path}/{i}", labels)


def test_the_walk_finds_open_and_untyped_members() -> None:
    """The walk itself catches an open body, an open nested object and an untyped member."""
    app = FastAPI()

    @app.post("/open")
    def take(body: dict[str, Any]) -> None:
        """An open body."""

    spots = open_spots(app.openapi())
    assert any(spot.startswith("POST /open") for spot in spots), spots
    assert list(_open_spots({"type": "object"}, "S")) == ["S: open object"]
    assert list(_open_spots({"type": "object", "additionalProperties": True}, "S")) == [
        "S: open object"
    ]
    assert list(_open_spots({"type": "object", "properties": {"x": {}}}, "S")) == ["S.x: untyped"]
    nested = {"type": "object", "properties": {"x": {"type": "object"}}}
    assert list(_open_spots(nested, "S")) == ["S.x: open object"]
    closed = {"type": "object", "properties": {"x": {"type": "string"}}}
    assert list(_open_spots({**closed, "additionalProperties": False}, "S")) == []


def test_no_request_body_or_nested_object_is_open(client: TestClient) -> None:
    """The served OpenAPI leaves no request member open and none untyped."""
    document = client.get("/openapi.json").json()
    assert open_spots(document) == []


def test_every_listed_vocabulary_member_has_its_chinese_label(client: TestClient) -> None:
    """Each enum of the OpenAPI (bodies, nested members, query parameters) labels every code,
    and lists the codes of the domain's vocabulary it names, no other."""
    document = client.get("/openapi.json").json()
    enums = list(_enums(document, "", None))
    assert len(enums) > 20
    for path, codes, labels in enums:
        assert labels is not None, f"{path}: no x-enum-labels"
        missing = [c for c in codes if c is not None and not str(labels.get(c, "")).strip()]
        assert missing == [], f"{path}: no label for {missing}"
    named = [
        (node_path, node)
        for node_path, node in _walk_nodes(document, "")
        if isinstance(node, dict) and "x-vocabulary" in node
    ]
    assert len(named) > 20
    for node_path, node in named:
        vocabulary = VOCABULARIES[node["x-vocabulary"]]
        listed = {c for _, codes, _ in _enums(node, "", None) for c in codes if c is not None}
        assert listed == set(vocabulary.codes), node_path
        assert node["x-enum-labels"] == dict(vocabulary.labels), node_path


def _walk_nodes(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_nodes(value, f"{path}/{i}")


def test_vocabularies_are_served_with_their_labels_to_any_authenticated_actor(
    client: TestClient, jz: Jianzheng
) -> None:
    """GET /v1/vocabularies lists every vocabulary, each code with its label, in the domain's
    order; it needs a token."""
    assert client.get("/v1/vocabularies").status_code == 401
    token = jz.register_actor(
        OPERATOR, name="村委", role="village_committee", agency="村委", jurisdiction="370303001001"
    ).token
    answer = client.get("/v1/vocabularies", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    served = {v["name"]: v for v in answer.json()["vocabularies"]}
    assert set(served) == set(VOCABULARIES)
    for name, vocabulary in VOCABULARIES.items():
        assert [t["code"] for t in served[name]["terms"]] == list(vocabulary.codes)
        assert all(t["label"].strip() for t in served[name]["terms"]), name
    assert {"code": "entrusted_other", "label": "委托其他亲属、朋友监护"} in served[
        "guardianship_kind"
    ]["terms"]

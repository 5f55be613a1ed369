"""The OpenAPI document, made to say what the API really answers.

FastAPI documents a JSON ``HTTPValidationError`` for 422 and nothing for the other error
statuses. Every error here is an RFC 9457 problem (``api/problems.py``), so each operation
documents 400, 401, 403, 404, 409, 413, 415, 422, 500 and 503 as ``application/problem+json``
with the ``Problem`` schema, the bearer-token scheme is declared, and every write
documents its optional ``Idempotency-Key`` header (``api/idempotency.py``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "stable machine-readable code"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "recorded": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}

ERROR_STATUSES = {
    "400": "Bad request",
    "401": "No valid bearer token",
    "403": "Not allowed for this role, agency or area",
    "404": "Not found",
    "405": "Method not allowed",
    "409": "Refused by a rule, or a concurrent write",
    "413": "Body or upload too large",
    "415": "Unsupported media type: the route takes application/json in UTF-8",
    "422": "Invalid input",
    "500": "Internal error",
    "503": "Storage unavailable; retry after the Retry-After delay",
}
PUBLIC_PREFIXES = ("/healthz", "/v1/log/")
IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "1–255 visible ASCII characters, unique per intended write (e.g. a UUID). A retry "
        "with the same key and the same request appends nothing and gets the first answer "
        "(header `Idempotent-Replayed: true`); the same key with another request answers "
        "422 `idempotency-key-reused`. Keys are kept for JIANZHENG_IDEMPOTENCY_TTL_HOURS."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the corrected document (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        components["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "jz_… actor token"}
        }
        problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if method in WRITE_METHODS:
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses[status] = {"description": description, "content": problem}
                if not path.startswith(PUBLIC_PREFIXES):
                    operation["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

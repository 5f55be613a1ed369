"""Checks of one input field: text, object, vocabulary term, document hash, UUID, role.

Each refusal names the request's field path (``guardian.name``), never its value (R-CH-4),
and a vocabulary refusal lists the allowed values. Shared with :mod:`domain.records.reports`.
"""

from __future__ import annotations

import re
from typing import Any

import domain.records.children.errors as ce
from domain.records.actors import Role, parse_role
from domain.records.children.identity import identity_key

_SHA256 = re.compile(r"[0-9a-f]{64}")


def check_sha256(value: object, field: str) -> str:
    """A lower-case hex SHA-256 naming a document (R-GD-9)."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ce.InvalidDocumentHash(f"{field} must be a lower-case hex SHA-256", field=field)
    return value


def require_text(value: object, field: str) -> str:
    """A non-empty string: not only spaces or invisible characters (:func:`identity_key`),
    which would name nobody and match no one (R-GD-8)."""
    if not isinstance(value, str) or not identity_key(value):
        raise ce.InvalidField(f"{field} must be a non-empty string", field=field)
    return value


def require_dict(value: object, field: str) -> dict[str, Any]:
    """A JSON object; when absent, the refusal says it is required here (not "an object")."""
    if value is None:
        raise ce.InvalidField(f"{field} is required here and was not given", field=field)
    if not isinstance(value, dict):
        raise ce.InvalidField(f"{field} must be an object", field=field)
    return value


def check_term(value: object, vocabulary: Any, field: str) -> str:
    """A member of a controlled vocabulary; the error lists the valid terms, not the value."""
    terms = sorted(str(v) for v in vocabulary)
    if not isinstance(value, str) or value not in terms:
        raise ce.UnknownTerm(
            f"{field} must be one of {', '.join(terms)}", field=field, allowed=terms
        )
    return value


_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_uuid(value: object, field: str) -> str:
    """A lower-case hyphenated UUID (a stream id)."""
    if isinstance(value, str) and _UUID_TEXT.fullmatch(value):
        return value
    raise ce.InvalidField(f"{field} must be a lower-case hyphenated UUID", field=field)


def check_role(actor_role: str, allowed: frozenset[Role], action: str) -> Role:
    """The actor's role, if it may record ``action`` (R-AC-1); else :class:`RoleNotAllowed`."""
    role = parse_role(actor_role)
    if role not in allowed:
        may = sorted(r.value for r in allowed)
        raise ce.RoleNotAllowed(
            f"{action} is recorded by {', '.join(may)}, not by {role.value}", allowed=may
        )
    return role

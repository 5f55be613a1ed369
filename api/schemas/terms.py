"""Building blocks of the typed members: vocabulary terms, members the domain codes its own
way, and the dump that hands the domain exactly what the client sent.

* :func:`term` — a member of a domain vocabulary. The OpenAPI lists its codes as an ``enum``
  with their Chinese labels (``x-enum-labels``, and one ``code — 标签`` line each in the
  description); a miss is the pydantic error ``unknown_term`` carrying ``allowed``, which
  ``api/problems.py`` answers as the domain's ``unknown-term``.
* :func:`listed` — a top-level member the domain checks against its vocabulary itself (its
  refusal code, and which check comes first among several members, are the domain's: a role
  outside the list is ``unknown-role``, a ground is checked after the kind's other
  preconditions). The OpenAPI lists the codes as an ``enum`` with their labels, as for
  :func:`term`; anything outside them is refused by the domain, never stored.
* :data:`CODED_MEMBERS` — members whose every refusal the domain answers with a code of its
  own (a document hash: ``invalid-document-hash``; a division code: ``invalid-jurisdiction``;
  a vocabulary member the domain looks up even when absent: ``unknown-term``; anything inside
  the catalogue data: ``invalid-catalogue``).
* :func:`dump` — the body as the domain commands take it: every top-level member (defaults
  included, as before), and of each nested object only the members the client gave, so that
  an event records what was sent and nothing the edge made up (stored bytes unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from domain.records.children import identity_key
from domain.records.vocabulary import vocabulary

UNKNOWN_TERM = "unknown_term"
"""The pydantic error type of a term outside its vocabulary."""


def labelled(name: str, about: str | None = None) -> dict[str, Any]:
    """The JSON-schema members that show vocabulary ``name`` with its labels."""
    found = vocabulary(name)
    lines = "\n".join(f"- `{code}` — {found.labels.get(code, '')}" for code in found.codes)
    return {
        "x-vocabulary": name,
        "x-enum-labels": dict(found.labels),
        "description": f"{about or found.about} ({found.rule}; GET /v1/vocabularies):\n{lines}",
    }


def term(name: str, about: str | None = None, *, text_first: bool = False) -> Any:
    """A string member of the vocabulary ``name`` (``domain.records.vocabulary``).

    ``text_first``: the domain first requires a non-blank text (``require_text``, as for a
    receiver's relation), so anything else is refused as a mistyped member (``invalid-field``)
    before a text outside the vocabulary is an unknown term."""
    codes = frozenset(vocabulary(name).codes)
    allowed = sorted(codes)

    def check(value: object) -> str:
        if isinstance(value, str) and value in codes:
            return value
        if text_first and not (isinstance(value, str) and identity_key(value)):
            raise PydanticCustomError("string_type", "must be a non-empty string")
        raise PydanticCustomError(
            UNKNOWN_TERM,
            "must be one of {terms}",
            {"terms": ", ".join(allowed), "allowed": allowed},
        )

    schema = {"type": "string", "enum": list(vocabulary(name).codes), **labelled(name, about)}
    return Annotated[str, PlainValidator(check), WithJsonSchema(schema)]


def listed(
    name: str,
    *,
    min_length: int = 1,
    max_length: int = 200,
    pattern: str | None = None,
    about: str | None = None,
) -> Any:
    """A string member whose vocabulary ``name`` the domain checks (see the module docstring):
    typed and bounded here as before, listed with its labels in the OpenAPI."""
    schema = {"type": "string", "enum": list(vocabulary(name).codes), **labelled(name, about)}
    bounds = Field(min_length=min_length, max_length=max_length, pattern=pattern)
    return Annotated[str, bounds, WithJsonSchema(schema)]


@dataclass(frozen=True)
class Coded:
    """A member refused with the domain's ``code`` (and ``allowed`` terms, if any)."""

    code: str
    allowed: tuple[str, ...] | None = None
    with_field: bool = True


CODED_MEMBERS: dict[str, Coded] = {}
"""Body paths (list indexes written ``[]``) whose refusals carry a domain code of their own;
a path ending in ``.*`` covers everything below it. Filled by the schema modules beside the
models they describe."""


def coded(path: str, code: str, *, vocabulary_name: str | None = None, field: bool = True) -> str:
    """Register ``path`` in :data:`CODED_MEMBERS`; returns ``path``."""
    allowed = None if vocabulary_name is None else tuple(sorted(vocabulary(vocabulary_name).codes))
    CODED_MEMBERS[path] = Coded(code, allowed, field)
    return path


def coded_member(path: str) -> Coded | None:
    """The domain code of a member at ``path`` (indexes written ``[]``), if it has one."""
    if path in CODED_MEMBERS:
        return CODED_MEMBERS[path]
    parts = path.split(".")
    for end in range(len(parts) - 1, 0, -1):
        found = CODED_MEMBERS.get(".".join(parts[:end]) + ".*")
        if found is not None:
            return found
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in value.model_fields_set}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def dump(body: BaseModel) -> dict[str, Any]:
    """Every top-level member of ``body``; of nested objects, the members that were given."""
    return {name: _plain(getattr(body, name)) for name in type(body).model_fields}


def sent(member: BaseModel) -> dict[str, Any]:
    """A nested object as it was sent: only the members given, at every depth."""
    plain: dict[str, Any] = _plain(member)
    return plain

"""Forms generated from the typed request models: the screens ask what the API takes.

A form is made from the JSON schema of the very pydantic model the API's route validates
(``GuardianshipIn``, ``ChildIn``, ``ReportIn`` …): every member becomes a field — a nested
object a fieldset, a vocabulary a select (or check boxes for a list) showing its Chinese
labels, a date a date picker, a time a Beijing-time picker, a document's SHA-256 a hash
field that the upload widget can fill (``api/static/children.js``), a yes/no a choice.
Which members are required is the schema's (or, for a change of guardianship, the law's
table: ``domain/records/children/guardianship.py``); the labels are Chinese, from
:mod:`api.web.children.words`, and a test fails when a generated field has none.

A posted form is read back into the body the API would have received (blank fields and
empty optional sections left out, so that a missing precondition is refused with the law's
own code), validated by the same model, and refused in the API's own words
(:func:`model_refusal`): the same ``code`` and ``field`` as ``POST /v1/…`` would answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.problems import _validation_error
from api.web.children.words import label_of
from domain.records.vocabulary import vocabulary

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SHA256_PATTERN = "^[0-9a-f]{64}$"
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIME_PREFIX = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T"
BEIJING_OFFSET = "+08:00"
"""Times people type are Beijing times (UTC+8); they are sent with this offset."""

LONG_TEXT = 200
"""Text members longer than this are asked in a text area."""

ROWS = 2
"""Rows offered for a list of objects (further documents, contacts) unless told otherwise."""


@dataclass(frozen=True)
class FormField:
    """One field of a generated form (or a fieldset of fields)."""

    path: str
    """Where the value goes in the body: ``guardian.name``, ``documents[0].sha256``."""
    label: str
    widget: str
    """``text``, ``textarea``, ``date``, ``datetime``, ``select``, ``checks``, ``yesno``,
    ``number``, ``sha256``, ``uuid``, ``group`` (a nested object) or ``rows`` (a list of
    objects, its rows as groups)."""
    required: bool = False
    """Required whenever its fieldset is given."""
    always: bool = False
    """Required all the way up: the browser asks for it before posting."""
    options: tuple[tuple[str, str], ...] = ()
    pattern: str | None = None
    max_length: int | None = None
    minimum: int | None = None
    children: tuple[FormField, ...] = ()

    @property
    def id(self) -> str:
        """The HTML id of the field."""
        return "f-" + re.sub(r"[^0-9A-Za-z]+", "-", self.path).strip("-")

    @property
    def bare(self) -> str:
        """The path without row numbers (``documents.sha256``), as labels are keyed."""
        return re.sub(r"\[\d+\]", "", self.path)

    def leaves(self) -> Iterator[FormField]:
        """Every field that takes a value, depth first."""
        if self.widget in {"group", "rows"}:
            for child in self.children:
                yield from child.leaves()
        else:
            yield self


@dataclass(frozen=True)
class Refusal:
    """Why a form was refused, as the API would answer it, and in words for the person."""

    code: str
    field: str | None
    detail: str
    allowed: tuple[str, ...] = ()
    words: str = ""


@dataclass
class Filled:
    """A posted form read back: the body for the model, and the values as typed."""

    body: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    problem: Refusal | None = None


@dataclass(frozen=True)
class Shape:
    """What a page adds to a generated form: vocabularies for free-text members (a parent's
    relation), members left out, how many rows a list offers."""

    vocabularies: Mapping[str, str] = field(default_factory=dict)
    omit: frozenset[str] = frozenset()
    rows: Mapping[str, int] = field(default_factory=dict)


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """A schema node without its ``$ref`` and ``null`` alternative; whether it was nullable."""
    nullable = False
    if "anyOf" in node:
        others = [n for n in node["anyOf"] if n.get("type") != "null"]
        nullable = len(others) < len(node["anyOf"])
        if len(others) == 1:
            node = others[0]
    if "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node, nullable


def _options(node: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    labels = node.get("x-enum-labels") or {}
    if not labels and node.get("x-vocabulary"):
        labels = vocabulary(node["x-vocabulary"]).labels
    return tuple((str(code), str(labels.get(code, code))) for code in node["enum"])


def _field(
    path: str,
    node: Mapping[str, Any],
    defs: Mapping[str, Any],
    required: bool,
    always: bool,
    shape: Shape,
) -> FormField | None:
    bare = re.sub(r"\[\d+\]", "", path)
    if bare in shape.omit:
        return None
    node, _ = _resolve(node, defs)
    base = FormField(path=path, label=label_of(bare), widget="text", required=required,
                     always=always and required)  # fmt: skip
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        inner = set(node.get("required", ()))
        children = [
            _field(f"{path}.{name}", sub, defs, name in inner, base.always, shape)
            for name, sub in node.get("properties", {}).items()
        ]
        return replace(base, widget="group", children=tuple(c for c in children if c))
    if kind == "array":
        items, _ = _resolve(node["items"], defs)
        if "enum" in items:
            return replace(base, widget="checks", options=_options(items))
        rows = [
            _field(f"{path}[{n}]", items, defs, True, False, shape)
            for n in range(shape.rows.get(bare, ROWS))
        ]
        return replace(base, widget="rows", children=tuple(r for r in rows if r))
    if "enum" in node:
        return replace(base, widget="select", options=_options(node))
    if bare in shape.vocabularies:
        found = vocabulary(shape.vocabularies[bare])
        options = tuple((c, found.labels.get(c, c)) for c in found.codes)
        return replace(base, widget="select", options=options)
    if kind == "boolean":
        return replace(base, widget="yesno")
    if kind == "integer":
        return replace(base, widget="number", minimum=node.get("minimum"))
    pattern = node.get("pattern")
    if pattern == DATE_PATTERN:
        return replace(base, widget="date")
    if pattern == SHA256_PATTERN:
        return replace(base, widget="sha256", pattern="[0-9a-fA-F]{64}")
    if pattern == UUID_PATTERN:
        return replace(base, widget="uuid", pattern=pattern.strip("^$"))
    if isinstance(pattern, str) and pattern.startswith(TIME_PREFIX):
        return replace(base, widget="datetime")
    length = node.get("maxLength")
    widget = "textarea" if length is None or length > LONG_TEXT else "text"
    return replace(base, widget=widget, max_length=length)


def form_fields(
    model: type[BaseModel],
    members: Sequence[tuple[str, bool]] | None = None,
    shape: Shape | None = None,
) -> list[FormField]:
    """The fields of a form for ``model``: its members in order, or ``members`` (name and
    whether required) — a change of guardianship takes the members its kind's table lists."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    properties = schema["properties"]
    if members is None:
        required = set(schema.get("required", ()))
        members = [(name, name in required) for name in properties]
    shape = shape or Shape()
    made = [_field(name, properties[name], defs, need, True, shape) for name, need in members]
    return [f for f in made if f is not None]


# -- reading a posted form back ------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, path: str, words: str) -> None:
        super().__init__(words)
        self.path = path
        self.words = words


def _leaf(f: FormField, form: FormData, values: dict[str, Any]) -> Any:
    """The value of one field as the body carries it, or None when left blank."""
    if f.widget == "checks":
        chosen = [str(v) for v in form.getlist(f.path) if isinstance(v, str) and v]
        values[f.path] = chosen
        return chosen
    raw = form.get(f.path)
    text = raw.strip() if isinstance(raw, str) else ""
    values[f.path] = text
    if not text:
        return None
    if f.widget == "yesno":
        if text not in {"true", "false"}:
            raise _Unreadable(f.path, "请选择“是”或“否”")
        return text == "true"
    if f.widget == "number":
        if not re.fullmatch(r"-?[0-9]{1,15}", text):
            raise _Unreadable(f.path, "请填写整数")
        return int(text)
    if f.widget == "datetime":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?", text):
            raise _Unreadable(f.path, "请按“年-月-日 时:分”填写（北京时间）")
        return text + (":00" if len(text) == 16 else "") + BEIJING_OFFSET
    if f.widget == "sha256":
        return text.lower()
    return text


def _read(f: FormField, form: FormData, values: dict[str, Any]) -> Any:
    """The value of a field or fieldset; None when nothing of it was filled in."""
    if f.widget == "group":
        given = {c.path.rsplit(".", 1)[-1]: _read(c, form, values) for c in f.children}
        filled = {k: v for k, v in given.items() if v not in (None, [])}
        if not filled:
            return None
        # A list of terms inside a section that is given is sent, even empty: "none found".
        return {k: v for k, v in given.items() if v is not None}
    if f.widget == "rows":
        rows = [_read(row, form, values) for row in f.children]
        kept = [r for r in rows if r is not None]
        return kept or None
    return _leaf(f, form, values)


def read_form(fields: Sequence[FormField], form: FormData) -> Filled:
    """The body a posted form stands for (module docstring), with the values as typed."""
    filled = Filled(body={})
    try:
        for f in fields:
            value = _read(f, form, filled.values)
            if value is None or (value == [] and not f.required):
                continue
            filled.body[f.path] = value
    except _Unreadable as exc:
        filled.problem = Refusal("invalid-field", exc.path, exc.words, words=exc.words)
    return filled


async def model_refusal(model: type[BaseModel], body: dict[str, Any]) -> Refusal | None:
    """``body`` validated by ``model`` as the route validates it; the API's refusal if not."""
    try:
        model.model_validate(body)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        answer = await _validation_error(None, RequestValidationError(errors))  # type: ignore[arg-type]
        problem = json.loads(bytes(answer.body))
        return Refusal(
            code=str(problem["code"]),
            field=problem.get("field") or _first_field(problem),
            detail=str(problem.get("detail", "")),
            allowed=tuple(problem.get("allowed") or ()),
        )
    return None


def _first_field(problem: Mapping[str, Any]) -> str | None:
    """The member the first of several schema errors is about (``errors[0].loc``)."""
    errors = problem.get("errors") or []
    if not errors:
        return None
    loc = [p for p in errors[0].get("loc", [])[1:]]
    path = ""
    for part in loc:
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or None


def field_at(fields: Sequence[FormField], path: str | None) -> FormField | None:
    """The field (or fieldset) a refusal's ``field`` names, or the nearest one above it:
    ``capacity_assessment.capable`` → that field; ``signatures`` → the fieldset."""
    if not path:
        return None
    wanted = path
    while wanted:
        for top in fields:
            for f in _walk(top):
                if f.path == wanted or f.bare == wanted:
                    return f
        if "." not in wanted and "[" not in wanted:
            return None
        wanted = re.sub(r"(\.[^.\[]+|\[\d*\])$", "", wanted)
    return None


def _walk(f: FormField) -> Iterator[FormField]:
    yield f
    for child in f.children:
        yield from _walk(child)

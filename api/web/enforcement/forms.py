"""Forms of the enforcement screens: read as the API reads its bodies, refused in words.

A posted form is turned into the very body the API route takes and checked by the route's own
typed model (``bodies.py``: ``CaseIn``, ``StepIn``, ``DraftIn``, ``OpinionIn`` … as the app's
routes declare them), so a screen accepts exactly what the API accepts; the page then calls
the service the route calls. A refusal — of the model or of the service — becomes a
:class:`Refusal`: its ``code`` (the API's), the field it is about, words for people, and the
detail for the specialist. The page shows the form again with the refusal next to the field
and the values kept (status ``200`` and ``Jianzheng-Refusal``: ``api/web/render.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.web.enforcement.words import CHECKS, refusal_words
from api.web.labels import BEIJING
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import CSRF_FIELD, Signed
from domain.proof.jcs import MAX_SAFE_INTEGER
from domain.records.errors import IntegerOutOfRange, InvalidInput, JianzhengError


@dataclass(frozen=True)
class Refusal:
    """Why a form was not accepted: the API's ``code``, the ``field`` it is about (a body
    path such as ``party.name``; None for the whole form), in ``words`` and in ``detail``."""

    code: str
    words: str
    detail: str
    field: str | None = None
    recorded: tuple[dict[str, Any], ...] = ()
    """The events a recorded refusal appended (a blocked major decision, R-LR-8)."""

    def about(self, *fields: str) -> bool:
        """Whether the refusal is about one of ``fields`` (or a member inside one)."""
        if self.field is None:
            return False
        return any(self.field == f or self.field.startswith((f + ".", f + "[")) for f in fields)


class FormInvalid(Exception):
    """A form the typed model refused; carries its :class:`Refusal`."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.detail)
        self.refusal = refusal


def refusal_of(error: JianzhengError) -> Refusal:
    """A service's refusal in the form's terms."""
    field = error.extra.get("field")
    found = error.extra.get("recorded")
    recorded = tuple(e for e in found if isinstance(e, dict)) if isinstance(found, list) else ()
    return Refusal(
        error.code,
        refusal_words(error.code),
        error.detail,
        str(field) if field else None,
        recorded,
    )


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def validated(model: type[BaseModel], body: dict[str, Any]) -> Any:
    """``body`` checked by the API route's own model (``bodies.body_model``), or
    :class:`FormInvalid` naming the first member it refused (code ``unknown-term`` or
    ``invalid-request``, as the API)."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        kind = str(first.get("type"))
        field = _path(tuple(first.get("loc", ())))
        why = CHECKS.get(kind, "填写有误")
        code = "unknown-term" if kind == "unknown_term" else "invalid-request"
        detail = "; ".join(f"{_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors())
        raise FormInvalid(Refusal(code, why, detail, field or None)) from None


def text(form: FormData, name: str) -> str:
    """A text field as typed (an absent field is empty)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    """A text field, or None when left empty."""
    value = text(form, name).strip()
    return value or None


def several(form: FormData, name: str) -> list[str]:
    """Every value of a repeated field (checkboxes), in the order sent, without blanks."""
    return [v for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def fen(form: FormData, name: str) -> int:
    """An amount typed in 元 (up to two decimals, ``1,200.50`` or ``１２００``) as integer fen:
    the API's money (DESIGN §2: no floats). Empty is 0. An amount whose fen lie outside
    ±(2^53−1) is refused ``integer-out-of-range`` as the API refuses that ``fine_fen`` —
    decided on the exponent before any arithmetic (``1e309`` or 400 nines never reach it)."""
    raw = text(form, name).strip().replace(",", "").replace("，", "")
    if not raw:
        return 0
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise _bad(name, "须为金额（元），如 1200 或 1200.50") from None
    if not amount.is_finite() or amount < 0:
        raise _bad(name, "须为不小于 0、最多两位小数的金额（元）")
    if amount and amount.adjusted() + 2 >= len(str(MAX_SAFE_INTEGER)):
        raise _out_of_range(name)
    with localcontext() as exact:
        exact.prec = 2 * len(str(MAX_SAFE_INTEGER))  # room for every amount in range, in fen
        if amount != amount.quantize(Decimal("0.01")):
            raise _bad(name, "须为不小于 0、最多两位小数的金额（元）")
        fen_amount = int(amount * 100)
    if fen_amount > MAX_SAFE_INTEGER:
        raise _out_of_range(name)
    return fen_amount


def _out_of_range(name: str) -> FormInvalid:
    words = "数额过大，超出可记录的范围（以分计不超过 2^53−1）"
    error = IntegerOutOfRange(f"{name}: the amount in fen is outside ±(2^53−1)", field=name)
    return FormInvalid(Refusal(error.code, words, error.detail, name))


def moment(form: FormData, name: str) -> str | None:
    """A ``datetime-local`` field, read as Beijing time, as RFC 3339 with ``+08:00``."""
    raw = optional(form, name)
    if raw is None:
        return None
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(name, "须为日期和时间，如 2026-12-07 09:30") from None
    if local.tzinfo is not None:
        raise _bad(name, "请填写北京时间，不带时区")
    return local.replace(tzinfo=BEIJING).isoformat(timespec="seconds")


def _bad(field: str, words: str) -> FormInvalid:
    error = InvalidInput(f"{field}: {words}", field=field)
    return FormInvalid(Refusal(error.code, words, error.detail, field))


def refused(
    request: Request, signed: Signed, template: str, refusal: Refusal, **context: Any
) -> HTMLResponse:
    """The form shown again with its refusal: ``200`` and the code in ``Jianzheng-Refusal``."""
    answer = show(request, signed, template, refusal=refusal, **context)
    answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


def fields_as_sent(form: FormData, single: Iterable[str], several_of: Iterable[str] = ()) -> None:
    """Refuse a form naming a field the form does not have (as the API's models refuse an
    unknown member: ``invalid-request``, ``extra='forbid'``) or naming a single-value field
    more than once (as the API refuses a repeated parameter: ``ambiguous-request``); the
    fields of ``several_of`` (checkboxes, multi-selects) may repeat. Raises
    :class:`FormInvalid`; nothing is done with such a form."""
    single_names = {CSRF_FIELD, *single}
    lists = set(several_of)
    seen: set[str] = set()
    for name, _ in form.multi_items():
        if name not in single_names and name not in lists:
            words = "此表单没有这一项，未办理"
            detail = f"{name}: Extra inputs are not permitted"
            raise FormInvalid(Refusal("invalid-request", words, detail, name))
        if name in single_names and name in seen:
            words = "同一项填写了不止一次，未办理"
            detail = f"{name}: the field is given more than once"
            raise FormInvalid(Refusal("ambiguous-request", words, detail, name))
        seen.add(name)


def checkbox(form: FormData, name: str) -> bool:
    """A single checkbox: absent is False, its value ``on`` is True, anything else is refused
    (the API takes a JSON boolean, never a string to guess from)."""
    value = form.get(name)
    if value is None:
        return False
    if value != "on":  # the API answers a string for a boolean member so (strict model)
        words = "勾选框只能勾选或不勾选"
        detail = f"{name}: Input should be a valid boolean"
        raise FormInvalid(Refusal("invalid-request", words, detail, name))
    return True

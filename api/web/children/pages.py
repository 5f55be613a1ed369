"""What the child-protection and reporting screens share: posting a generated form through
the same model and service as the API, showing a refusal beside its field, and asking a
reason once per visit before another department reads a child's data (R-CH-4, R-AC-3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.problems import status_of
from api.web.children.forms import FormField, Refusal, field_at, model_refusal, read_form
from api.web.children.words import refusal_words
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Signed, checked_form
from domain.records.errors import JianzhengError
from domain.records.text import visible

T = TypeVar("T")

REASON_MAX = 2000
"""A visit's reason is as long as the API's ``?reason=`` may be."""


def refusal_of(exc: JianzhengError) -> Refusal:
    """A service's refusal, as the API answers it, with its words for the person."""
    found = exc.extra.get("field")
    allowed = exc.extra.get("allowed")
    return Refusal(
        code=exc.code,
        field=str(found) if found else None,
        detail=exc.detail,
        allowed=tuple(str(a) for a in allowed) if isinstance(allowed, list) else (),
        words=refusal_words(exc.code),
    )


def shown(refusal: Refusal | None) -> Refusal | None:
    """The refusal with its words (the model's refusals come without)."""
    if refusal is None or refusal.words:
        return refusal
    return replace(refusal, words=refusal_words(refusal.code))


@dataclass
class Posted:
    """A generated form as posted: the values as typed, and what came of it."""

    values: dict[str, Any]
    refusal: Refusal | None = None
    result: Any = None
    error: JianzhengError | None = None
    """The service's refusal itself, for a page that cannot show the form again to this
    person (it may not read the file at all): then the refusal is the page, as the API's."""

    def again(self, read: Callable[[], T]) -> T:
        """What the page needs to show the form again (the file, the report), read as this
        person may read it; if they may not, the service's refusal of the write is raised
        instead of the read's, so the person sees what the API would have answered."""
        try:
            return read()
        except JianzhengError:
            if self.error is not None:
                raise self.error from None
            raise


async def post_form(
    request: Request,
    signed: Signed,
    model: type[BaseModel],
    fields: Sequence[FormField],
    call: Callable[[BaseModel], T],
    fixed: dict[str, Any] | None = None,
    adjust: Callable[[dict[str, Any], FormData, dict[str, Any]], None] | None = None,
) -> Posted:
    """Read a posted form (after its CSRF check), validate it with the route's ``model``
    and hand the validated body to ``call`` (the service, as the route calls it). A refusal —
    of the model or of the service — is kept for the page to show; nothing is recorded then
    (the service appends nothing when it refuses). Errors of the server itself propagate.
    ``adjust(body, form, values)`` lets a page apply a choice of its own (which of two
    alternatives the person filled in) before the model sees the body."""
    form = await checked_form(request, signed)
    filled = read_form(fields, form)
    if filled.problem is not None:
        return Posted(filled.values, shown(filled.problem))
    body = {**(fixed or {}), **filled.body}
    if adjust is not None:
        adjust(body, form, filled.values)
    refused = await model_refusal(model, body)
    if refused is not None:
        return Posted(filled.values, shown(refused))
    try:
        result = call(model.model_validate(body))
    except JianzhengError as exc:
        if status_of(exc) >= 500:
            raise
        return Posted(filled.values, refusal_of(exc), error=exc)
    return Posted(filled.values, None, result)


@dataclass(frozen=True)
class FormView:
    """What a template needs to show one generated form: its fields, the values as typed (or
    as it opens with), the refusal and the field it is about, the days its dates may take
    (``*`` for every date field), and the child whose file an upload belongs to."""

    fields: Sequence[FormField]
    values: dict[str, Any]
    refusal: Refusal | None = None
    limits: dict[str, tuple[str, str]] = field(default_factory=dict)
    upload_subject: str = ""

    @property
    def refused(self) -> FormField | None:
        """The field (or fieldset) the refusal names, if the form has it."""
        return field_at(self.fields, self.refusal.field if self.refusal else None)

    @property
    def refused_path(self) -> str | None:
        """Its path."""
        found = self.refused
        return found.path if found else None

    @property
    def refused_id(self) -> str | None:
        """Its HTML id."""
        found = self.refused
        return found.id if found else None


def form_view(
    fields: Sequence[FormField],
    posted: Posted | None,
    opening: dict[str, Any],
    limits: dict[str, tuple[str, str]] | None = None,
    upload_subject: str = "",
) -> FormView:
    """A form as posted (values kept, refusal shown) or as it opens."""
    return FormView(
        fields=fields,
        values=posted.values if posted else opening,
        refusal=posted.refusal if posted else None,
        limits=limits or {},
        upload_subject=upload_subject,
    )


def form_page(
    request: Request,
    signed: Signed,
    template: str,
    view: FormView,
    **context: Any,
) -> HTMLResponse:
    """A page with one generated form: the values kept and the refusal beside its field
    (answered 200 with the code in ``Jianzheng-Refusal``, screens-common)."""
    answer = show(request, signed, template, view=view, **context)
    if view.refusal is not None:
        answer.headers[REFUSAL_HEADER] = view.refusal.code
    return answer


def check_reason(text: object) -> str | None:
    """A reason that says something, as the service requires it (``visible``), or None."""
    if not isinstance(text, str) or len(text) > REASON_MAX:
        return None
    return visible(text)

"""Reading the fields of a screen's form with the API's own rules for the same members.

A reason typed on a screen is held to what ``api.schemas.base.Reason`` holds an API body's
reason to: present, at most 2,000 characters, and saying something (a letter or digit,
``domain.records.text.visible``). A refused field is ``invalid-input`` (422) naming it in
``field``, so the page shows the refusal beside it.
"""

from __future__ import annotations

from starlette.datastructures import FormData

from domain.records.errors import InvalidInput
from domain.records.text import visible

REASON_MAX = 2000


def reason(form: FormData, name: str = "reason") -> str:
    """The form's reason, checked as the API checks a ``Reason``."""
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if visible(text) is None:
        raise InvalidInput("请填写理由（须包含文字或数字）", field=name)
    if len(text) > REASON_MAX:
        raise InvalidInput(f"理由不超过 {REASON_MAX} 个字", field=name)
    return text

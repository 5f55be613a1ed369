"""Reading a case for a screen: the same two reads the API makes, with the same checks.

``GET /v1/cases/{id}`` and ``GET /v1/cases/{id}/events`` each call
``CaseService.readable`` (agency, area and role; a court's or an oversight body's read needs a
reason and is recorded, R-AV-5, DESIGN §5), then answer the state and the events. A page
showing a case makes both reads, so each is checked and, for a court or oversight, recorded
exactly as the API would record it. A court or an oversight body gives its reason once per
visit (``infra/sessions.py``: kept sealed with the session, forgotten at sign-out).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from api.web.session import Signed
from domain.records.actors import Role
from domain.records.enforcement import EnforcementCase
from domain.records.errors import InvalidInput
from infra.application import Jianzheng
from infra.cases import READERS_WHO_ARE_RECORDED


class ReasonRequired(Exception):
    """A court or oversight body opened a case without giving this visit's reason."""

    def __init__(self, case_id: UUID, refusal: InvalidInput) -> None:
        super().__init__(refusal.detail)
        self.case_id = case_id
        self.refusal = refusal


@dataclass(frozen=True)
class Read:
    """A case as the services let the person read it: the aggregate, the API's answer for
    it, and its events."""

    case: EnforcementCase
    answer: dict[str, Any]
    events: list[dict[str, Any]]


def read_case(jz: Jianzheng, signed: Signed, case_id: UUID) -> Read:
    """The case's state and events, read as the API's two routes read them."""
    by = signed.principal
    reason = jz.sessions.reason_for(signed.session, str(case_id))
    try:
        case = jz.cases.readable(by, case_id, "case", reason)
    except InvalidInput as refused:
        if by.has(*READERS_WHO_ARE_RECORDED) and reason is None:
            raise ReasonRequired(case_id, refused) from refused
        raise
    answer = jz.case_oversight.answer(case)
    jz.cases.readable(by, case_id, "events", reason)
    return Read(case, answer, jz.cases.case_events(case_id))


def may_act_as(signed: Signed, case: EnforcementCase, role: Role) -> bool:
    """Whether to offer ``role``'s actions on ``case`` (hiding a button the person cannot use;
    the service decides when the button is pressed)."""
    by = signed.principal
    return by.has(role) and by.agency == case.agency

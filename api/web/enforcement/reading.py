"""Reading a case for a screen: the reads the API makes, with the same checks.

``GET /v1/cases/{id}`` calls ``CaseService.readable`` (agency, area and role; a court's or an
oversight body's read needs a reason and is recorded, R-AV-5, DESIGN §5), then answers the
state. A page showing a case makes that read once and builds the case's timeline from the
case it read (``api/web/timeline.py``: ``case_timeline``), so the page is checked once and,
for a court or oversight, recorded once. A court or an oversight body gives its reason once
per visit (``infra/sessions.py``: kept sealed with the session, forgotten at sign-out); every
page that reads a case asks for it (:class:`ReasonRequired`, shown as the reason form by
``api/web/errors.py`` — never a server error).

A page that is a form of one role's action (the step and draft forms of officers, the opinion
form of legal reviewers, the decision page of heads) is refused to a person without that role
BEFORE the case is read (:func:`require_role`): the refusal the service gives such a person,
and no read recorded for a form they can never use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from api.web.session import Signed
from api.web.timeline import TimelineEntry, case_timeline
from domain.records.actors import Role
from domain.records.enforcement import EnforcementCase
from domain.records.errors import DecisionAuthorityRequired, InvalidInput, PermissionDenied
from infra.application import Jianzheng
from infra.cases import READERS_WHO_ARE_RECORDED


class ReasonRequired(Exception):
    """A court or oversight body opened a case without giving this visit's reason."""

    def __init__(self, signed: Signed, case_id: UUID, refusal: InvalidInput) -> None:
        super().__init__(refusal.detail)
        self.signed = signed
        self.case_id = case_id
        self.refusal = refusal


@dataclass(frozen=True)
class Read:
    """A case as the services let the person read it: the aggregate, the API's answer for
    it, and its timeline."""

    case: EnforcementCase
    answer: dict[str, Any]
    timeline: list[TimelineEntry]


def read_case(jz: Jianzheng, signed: Signed, case_id: UUID) -> Read:
    """The case's state and its timeline, read once through ``CaseService.readable`` (the
    page shows both: one read, recorded once where the reader's reads are recorded)."""
    by = signed.principal
    reason = jz.sessions.reason_for(signed.session, str(case_id))
    try:
        case = jz.cases.readable(by, case_id, "case", reason)
    except InvalidInput as refused:
        if by.has(*READERS_WHO_ARE_RECORDED) and reason is None:
            raise ReasonRequired(signed, case_id, refused) from refused
        raise
    answer = jz.case_oversight.answer(case)
    return Read(case, answer, case_timeline(jz, case))


def may_act_as(signed: Signed, case: EnforcementCase, role: Role) -> bool:
    """Whether to offer ``role``'s actions on ``case`` (hiding a button the person cannot use;
    the service decides when the button is pressed)."""
    by = signed.principal
    return by.has(role) and by.agency == case.agency


ROLE_REFUSALS: dict[Role, tuple[type[PermissionDenied], str]] = {
    Role.OFFICER: (PermissionDenied, "this needs the role officer"),
    Role.LEGAL_REVIEWER: (PermissionDenied, "only a legal reviewer records an opinion"),
    Role.AGENCY_HEAD: (DecisionAuthorityRequired, "only an agency head decides (R-EN-7)"),
}
"""What ``CaseService`` answers a person without the role its command needs
(``_require_officer``, ``record_opinion``, ``decide``/``record_collective_discussion``)."""


def require_role(signed: Signed, role: Role) -> None:
    """Refuse, as the service would, the form of ``role``'s action to a person who does not
    hold ``role`` — before the case is read, so no read is recorded for it (R-AV-5)."""
    if not signed.principal.has(role):
        error, detail = ROLE_REFUSALS[role]
        raise error(detail)

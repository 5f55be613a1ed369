"""How an enforcement case ends and is closed: the application service for
``domain.records.enforcement.lifecycle`` (R-EN-5, R-EN-6, R-PB-2, R-LR-4 移送).

Authority is checked here from the caller's actor record (role, agency, area; DESIGN §5);
whether a head is an officer of the case, and every order and date rule, is the aggregate's,
from the case's history. Dates default to today (China Standard Time) and are never in the
future (R-EN-2).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role
from domain.records.enforcement import EnforcementCase
from domain.records.jurisdiction import covers
from infra import clock
from infra.context import Context
from infra.principal import OPERATOR, Principal
from infra.store import Appended, EventStore


def require_certificate_in_force(store: EventStore, by: Principal, on: date) -> None:
    """The one check of an officer's own certificate before any act on a case: an officer
    acts (steps, drafts, service, execution, publication and its withdrawal, evidence
    uploads, closure) only with an enforcement certificate valid on ``on`` and barred by no
    sanction recorded by then (R-EN-3, R-SV-4; 行政处罚法 第42条: 执法人员应当具有执法资格).
    Read from the actor's record, never the caller's word; the console operator is not an
    officer and carries no certificate."""
    if by is OPERATOR:
        return
    actor = store.load(Actor, UUID(by.actor_id))
    barred = actor.certificate_barred_on(on)
    if barred is not None:
        raise errors.CertificateSanctioned(
            f"officer {actor.id}'s enforcement certificate is barred on {on} by a sanction "
            f"recorded on {barred.recorded_on} ({barred.kind}, R-SV-4)"
        )
    if actor.certificate_valid_on(on) is None:
        raise errors.CertificateInvalid(
            f"officer {actor.id} holds no enforcement certificate valid on {on} (R-EN-3)"
        )


class CaseLifecycle:
    """Endings, closing facts, deadlines and publication withdrawal of enforcement cases."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store

    # -- helpers ------------------------------------------------------------------------

    def _command(
        self, case_id: UUID, action: Callable[[EnforcementCase], object]
    ) -> list[Appended]:
        def run(case: EnforcementCase) -> None:
            action(case)

        return self.store.command(EnforcementCase, case_id, run)

    @staticmethod
    def _insider(by: Principal, case: EnforcementCase) -> bool:
        """Of the case's agency, with a jurisdiction covering the case's (DESIGN §5)."""
        return by.agency == case.agency and covers(by.jurisdiction, case.jurisdiction)

    def _head(self, by: Principal, case: EnforcementCase) -> bool:
        """Whether the caller is, by their actor record, a head of the case's agency; a caller
        outside the agency or area is refused outright."""
        if not self._insider(by, case):
            raise errors.WrongAgency("the case belongs to another agency or area")
        return by.has(Role.AGENCY_HEAD)

    def _officer_or_head(self, by: Principal, case: EnforcementCase) -> None:
        """An officer assigned to the case, or a head of its agency."""
        if not self._insider(by, case):
            raise errors.WrongAgency("the case belongs to another agency or area")
        if case.acted_as_officer_on(by.actor_id):
            # An officer of this case acts as its officer, whatever other roles they hold:
            # their own certificate is checked (R-EN-3, R-SV-4).
            require_certificate_in_force(self.store, by, clock.today())
            return
        if by.has(Role.AGENCY_HEAD):
            return
        if not by.has(Role.OFFICER):
            raise errors.PermissionDenied("this needs the role officer or agency_head")
        case.check_is_officer(by.actor_id)
        require_certificate_in_force(self.store, by, clock.today())

    def require_agency_officer_or_head(
        self, by: Principal, case: EnforcementCase, what: str
    ) -> None:
        """An officer of the case's agency with a certificate in force, or a head of it
        (publication and its withdrawal, R-PB-2)."""
        if not (by.has(Role.AGENCY_HEAD, Role.OFFICER) and self._insider(by, case)):
            raise errors.PermissionDenied(f"the agency's officers or head {what}")
        if not by.has(Role.AGENCY_HEAD) or case.acted_as_officer_on(by.actor_id):
            # A head acting as head carries no certificate; an officer of this case acts
            # as its officer whatever other roles they hold (R-EN-3, R-SV-4).
            require_certificate_in_force(self.store, by, clock.today())

    @staticmethod
    def _day(text: str | None, field: str) -> str:
        """A claimed date (default today), never in the future (R-EN-2)."""
        day = clock.today() if text is None else date.fromisoformat(text)
        clock.check_not_future_day(day, field)
        return day.isoformat()

    # -- endings other than the decision --------------------------------------------------

    def decide_no_penalty(
        self,
        by: Principal,
        case_id: UUID,
        *,
        ground: str,
        reason: str,
        documents: list[dict[str, Any]],
        decided_on: str | None = None,
    ) -> list[Appended]:
        """不予行政处罚, approved by the agency head (行政处罚法 第57条)."""
        on = self._day(decided_on, "decided_on")

        def action(case: EnforcementCase) -> None:
            case.decide_no_penalty(
                actor=by.actor_id, is_agency_head=self._head(by, case), ground=ground,
                reason=reason, decided_on=on, documents=documents,
            )  # fmt: skip

        return self._command(case_id, action)

    def withdraw(
        self, by: Principal, case_id: UUID, *, reason: str, withdrawn_on: str | None = None
    ) -> list[Appended]:
        """撤销立案, approved by the agency head."""
        on = self._day(withdrawn_on, "withdrawn_on")

        def action(case: EnforcementCase) -> None:
            case.withdraw(
                actor=by.actor_id, is_agency_head=self._head(by, case), reason=reason,
                withdrawn_on=on,
            )  # fmt: skip

        return self._command(case_id, action)

    def transfer(
        self,
        by: Principal,
        case_id: UUID,
        *,
        kind: str,
        receiving_body: str,
        reason: str,
        documents: list[dict[str, Any]],
        transferred_on: str | None = None,
    ) -> list[Appended]:
        """移送, approved by the agency head (R-LR-4)."""
        on = self._day(transferred_on, "transferred_on")

        def action(case: EnforcementCase) -> None:
            case.transfer(
                actor=by.actor_id, is_agency_head=self._head(by, case), kind=kind,
                receiving_body=receiving_body, reason=reason, documents=documents,
                transferred_on=on,
            )  # fmt: skip

        return self._command(case_id, action)

    def extend_decision_deadline(
        self, by: Principal, case_id: UUID, *, reason: str, due_on: str
    ) -> list[Appended]:
        """Extend the decision's time limit, approved by the agency head (R-EN-5)."""

        def action(case: EnforcementCase) -> None:
            case.extend_decision_deadline(
                actor=by.actor_id, is_agency_head=self._head(by, case), reason=reason,
                due_on=due_on, recorded_on=clock.today().isoformat(),
            )  # fmt: skip

        return self._command(case_id, action)

    # -- closing facts of a decision --------------------------------------------------------

    def record_service(
        self,
        by: Principal,
        case_id: UUID,
        *,
        method: str,
        documents: list[dict[str, Any]],
        served_on: str | None = None,
    ) -> list[Appended]:
        """The decision's service (R-EN-6), by an officer of the case or the agency head."""
        on = self._day(served_on, "served_on")

        def action(case: EnforcementCase) -> None:
            self._officer_or_head(by, case)
            case.record_service(actor=by.actor_id, method=method, served_on=on, documents=documents)

        return self._command(case_id, action)

    def exempt_publication(
        self, by: Principal, case_id: UUID, *, ground: str, reason: str
    ) -> list[Appended]:
        """Record why the decision is not published (R-PB-2), approved by the agency head."""

        def action(case: EnforcementCase) -> None:
            case.exempt_publication(
                actor=by.actor_id, is_agency_head=self._head(by, case), ground=ground,
                reason=reason,
            )  # fmt: skip

        return self._command(case_id, action)

    def record_execution(
        self,
        by: Principal,
        case_id: UUID,
        *,
        status: str,
        note: str,
        documents: list[dict[str, Any]],
        executed_on: str | None = None,
    ) -> list[Appended]:
        """The decision's execution status, by an officer of the case or the agency head."""
        on = self._day(executed_on, "executed_on")

        def action(case: EnforcementCase) -> None:
            self._officer_or_head(by, case)
            case.record_execution(
                actor=by.actor_id, status=status, executed_on=on, note=note, documents=documents
            )

        return self._command(case_id, action)

    # -- after closure too (R-PB-2) ----------------------------------------------------------

    def set_aside(
        self,
        by: Principal,
        case_id: UUID,
        *,
        how: str,
        authority: str,
        reference: str | None,
        set_aside_on: str | None = None,
    ) -> list[Appended]:
        """The decision was changed, revoked or found unlawful or void (R-PB-2)."""
        on = self._day(set_aside_on, "set_aside_on")

        def action(case: EnforcementCase) -> None:
            case.set_aside(
                actor=by.actor_id, is_agency_head=self._head(by, case), how=how,
                authority=authority, reference=reference, set_aside_on=on,
            )  # fmt: skip

        return self._command(case_id, action)

    def withdraw_publication(
        self, by: Principal, case_id: UUID, *, reason: str, withdrawn_on: str | None = None
    ) -> list[Appended]:
        """Withdraw the published decision with the reasons (R-PB-2): the agency's officers
        or head, as for the publication itself."""
        on = self._day(withdrawn_on, "withdrawn_on")

        def action(case: EnforcementCase) -> None:
            self.require_agency_officer_or_head(by, case, "withdraw")
            case.withdraw_publication(actor=by.actor_id, reason=reason, withdrawn_on=on)

        return self._command(case_id, action)

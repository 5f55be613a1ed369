"""The commands that end a case and close it (R-EN-5, R-EN-6, R-PB-2, R-LR-4 移送), as a
mixin of :class:`~domain.records.enforcement.case.EnforcementCase`.

Each command checks, in order, who approves (the agency head,
:func:`lifecycle.check_head_approval`), the order and dates of the case's history, and its
input, then records one event. The events
themselves are declared on the aggregate (``case.py``): ``eventsourcing`` makes an event class
only from an ``@event`` method of the aggregate class itself; this mixin declares them below
for the type checker.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import domain.records.enforcement.deadlines as deadlines
import domain.records.enforcement.lifecycle as lifecycle
from domain.records import errors
from domain.records.enforcement.vocabulary import ActionType


class ClosingCommands:
    """Endings other than the decision, closing facts, deadlines, withdrawal (lifecycle.py)."""

    if TYPE_CHECKING:
        from domain.records.enforcement.vocabulary import Draft, Review

        action_type: ActionType
        filed_on: date
        decision: dict[str, Any] | None
        ending: dict[str, Any] | None
        service: dict[str, Any] | None
        publication: dict[str, Any] | None
        publication_exemption: dict[str, Any] | None
        executions: list[dict[str, Any]]
        set_asides: list[dict[str, Any]]
        closure: dict[str, Any] | None
        reviewed_by: set[str]
        current_draft: str | None
        reviews: dict[str, Review]
        deadlines: dict[str, dict[str, Any] | None]
        steps: list[dict[str, Any]]

        def civil_date_of(self, seq: int) -> date | None: ...
        def check_not_closed(self) -> None: ...
        def acted_as_officer_on(self, actor_id: str) -> bool: ...
        def draft(self, hashed: str) -> Draft: ...

        # The events (case.py), as the commands call them.
        def _decide_no_penalty(
            self,
            actor: str,
            ground: str,
            reason: str,
            decided_on: str,
            documents: list[dict[str, Any]],
        ) -> None: ...
        def _withdraw(self, actor: str, reason: str, withdrawn_on: str) -> None: ...
        def _transfer(
            self,
            actor: str,
            kind: str,
            receiving_body: str,
            reason: str,
            documents: list[dict[str, Any]],
            transferred_on: str,
        ) -> None: ...
        def _extend_decision_deadline(
            self, actor: str, reason: str, previous_due_on: str, due_on: str
        ) -> None: ...
        def _record_service(
            self,
            actor: str,
            method: str,
            served_on: str,
            documents: list[dict[str, Any]],
            due_on: str | None,
            on_time: bool | None,
        ) -> None: ...
        def _exempt_publication(self, actor: str, ground: str, reason: str) -> None: ...
        def _record_execution(
            self,
            actor: str,
            status: str,
            executed_on: str,
            note: str,
            documents: list[dict[str, Any]],
        ) -> None: ...
        def _set_aside(
            self,
            actor: str,
            how: str,
            authority: str,
            reference: str | None,
            set_aside_on: str,
            withdrawal_due_on: str | None,
            withdrawal_due_provisional: bool,
        ) -> None: ...
        def _withdraw_publication(
            self, actor: str, reason: str, withdrawn_on: str, due_on: str, on_time: bool
        ) -> None: ...
        def _close(self, actor: str, reason: str) -> None: ...

    def decide_no_penalty(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        ground: str,
        reason: str,
        decided_on: str,
        documents: list[dict[str, Any]],
    ) -> None:
        """不予行政处罚 on a legal ground, approved by the agency head (行政处罚法 第57条)."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "不予行政处罚")
        lifecycle.check_may_end(self, date.fromisoformat(decided_on), "decided_on")
        if self.action_type is not ActionType.PENALTY:
            raise errors.NotAPenaltyCase(
                f"不予行政处罚 ends a penalty case; this case is {self.action_type.label}"
            )
        lifecycle.check_crime_transfer(self, "不予行政处罚 (no_penalty)")
        lifecycle.check_term(ground, lifecycle.NO_PENALTY_GROUNDS, "ground", "no-penalty ground")
        lifecycle.check_documents(documents)
        self._decide_no_penalty(
            actor=actor, ground=ground, reason=lifecycle.check_text(reason, "reason"),
            decided_on=decided_on, documents=documents,
        )  # fmt: skip

    def withdraw(self, *, actor: str, is_agency_head: bool, reason: str, withdrawn_on: str) -> None:
        """撤销立案: the case is withdrawn with its reason, approved by the agency head."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "撤销立案")
        lifecycle.check_may_end(self, date.fromisoformat(withdrawn_on), "withdrawn_on")
        lifecycle.check_crime_transfer(self, "撤销立案 (withdrawal)")
        self._withdraw(
            actor=actor, reason=lifecycle.check_text(reason, "reason"), withdrawn_on=withdrawn_on
        )

    def transfer(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        kind: str,
        receiving_body: str,
        reason: str,
        documents: list[dict[str, Any]],
        transferred_on: str,
    ) -> None:
        """移送: to the agency with jurisdiction, or to the judicial organs when a crime is
        suspected (R-LR-4), naming the receiving body, the reason and the documents."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "移送")
        lifecycle.check_may_end(self, date.fromisoformat(transferred_on), "transferred_on")
        lifecycle.check_term(kind, lifecycle.TRANSFER_KINDS, "kind", "transfer kind")
        lifecycle.check_crime_transfer(self, f"移送 of kind {kind}", kind)
        body = lifecycle.check_text(receiving_body, "receiving_body")
        if not documents:
            raise errors.InvalidInput(
                "documents: a transfer hands over the case file, named by hash (移送材料)",
                field="documents",
            )
        lifecycle.check_documents(documents)
        self._transfer(
            actor=actor, kind=kind, receiving_body=body,
            reason=lifecycle.check_text(reason, "reason"), documents=documents,
            transferred_on=transferred_on,
        )  # fmt: skip

    def extend_decision_deadline(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        reason: str,
        due_on: str,
        recorded_on: str | None = None,
    ) -> None:
        """Extend the time limit for the decision (行政处罚法 第60条 "另有规定的, 从其规定"),
        approved by the agency head, with the reason and the new last day (R-EN-5): while
        the limit in force runs (``recorded_on``, the service's today, not after its last
        day) and by at most :data:`deadlines.DECISION_EXTENSION_LIMITS` past it."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "延长办案期限")
        self.check_not_closed()
        current = self.deadlines["decision"]
        if current is None:
            raise errors.RuleViolation(
                f"a case of {self.action_type.label} has no decision time limit recorded here"
            )
        if lifecycle.ending_of(self) is not None:
            raise errors.CaseAlreadyEnded("the case already ended; its time limit is spent")
        if due_on <= current["due_on"]:
            raise errors.ExtensionNotLater(
                f"due_on {due_on} does not extend the time limit ending {current['due_on']}",
                field="due_on",
            )
        deadlines.check_head_may_extend(self.action_type.value, current.get("extensions", []))
        deadlines.check_extension(self.action_type.value, current["due_on"], due_on, recorded_on)
        self._extend_decision_deadline(
            actor=actor, reason=lifecycle.check_text(reason, "reason"),
            previous_due_on=current["due_on"], due_on=due_on,
        )  # fmt: skip

    def record_service(
        self, *, actor: str, method: str, served_on: str, documents: list[dict[str, Any]]
    ) -> None:
        """The decision's service (R-EN-6): handed over on the spot on the day of the decision,
        or served by a method of 民事诉讼法 against the stored deadline (第61条)."""
        self.check_not_closed()
        lifecycle.check_allowed_after_ending(self, "service")
        on = date.fromisoformat(served_on)
        lifecycle.check_after_decision(self, on, "served_on")
        if self.service is not None:
            raise errors.AlreadyRecorded(f"the decision was served on {self.service['served_on']}")
        lifecycle.check_term(method, lifecycle.SERVICE_METHODS, "method", "service method")
        lifecycle.check_documents(documents)
        decided = lifecycle.decided_on(self)
        if method == "on_the_spot" and on != decided:
            raise errors.InvalidInput(
                f"served_on: handed over on the spot means on the day the decision was announced "
                f"({decided}); a later service names its method",
                field="served_on",
            )
        due: str | None = (self.deadlines["service"] or {}).get("due_on")
        self._record_service(
            actor=actor, method=method, served_on=served_on, documents=documents, due_on=due,
            on_time=True if method == "on_the_spot" else None if due is None else served_on <= due,
        )  # fmt: skip

    def exempt_publication(
        self, *, actor: str, is_agency_head: bool, ground: str, reason: str
    ) -> None:
        """Record why the decision is not published, on a legal ground (R-PB-2), approved by
        the agency head."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "不予公开")
        self.check_not_closed()
        lifecycle.check_allowed_after_ending(self, "publication_exemption")
        lifecycle.decided_on(self)
        lifecycle.check_not_set_aside(self, "an exemption from publication")
        if self.publication is not None or self.publication_exemption is not None:
            raise errors.AlreadyRecorded(
                "the decision's publication, or its exemption, is recorded"
            )
        lifecycle.check_term(ground, lifecycle.PUBLICATION_EXEMPTIONS, "ground", "exemption")
        if (
            ground in lifecycle.PENALTY_ONLY_EXEMPTIONS
            and self.action_type is not ActionType.PENALTY
        ):
            raise errors.NotAPenaltyCase(
                f"ground {ground}: 行政处罚法 第48条 speaks of penalty decisions; this is "
                f"{self.action_type.label}, published under 国办发〔2018〕118号",
                field="ground",
            )
        self._exempt_publication(
            actor=actor, ground=ground, reason=lifecycle.check_text(reason, "reason")
        )

    def record_execution(
        self, *, actor: str, status: str, executed_on: str, note: str,
        documents: list[dict[str, Any]],
    ) -> None:  # fmt: skip
        """The decision's execution status (行政处罚法 第47条); "nothing to execute" only for a
        decision that imposes no obligation (:func:`lifecycle.imposes_obligation`)."""
        self.check_not_closed()
        lifecycle.check_allowed_after_ending(self, "execution")
        lifecycle.check_after_decision(self, date.fromisoformat(executed_on), "executed_on")
        lifecycle.check_execution_status(self, status)
        lifecycle.check_documents(documents)
        self._record_execution(
            actor=actor, status=status, executed_on=executed_on, note=note.strip(),
            documents=documents,
        )  # fmt: skip

    def set_aside(
        self,
        *,
        actor: str,
        is_agency_head: bool,
        how: str,
        authority: str,
        reference: str | None,
        set_aside_on: str,
    ) -> None:
        """The decision was changed, revoked or found unlawful or void — by the agency head,
        a reconsideration body or a court, cited by reference. If it was published, this
        starts the 3-working-day withdrawal period, stored here (R-PB-2). Allowed after
        closure."""
        lifecycle.check_head_approval(self, actor, is_agency_head, "决定被变更、撤销或确认违法")
        lifecycle.check_allowed_after_ending(self, "set_aside")
        lifecycle.check_after_decision(self, date.fromisoformat(set_aside_on), "set_aside_on")
        lifecycle.check_term(how, lifecycle.SET_ASIDE_HOW, "how", "way a decision is set aside")
        lifecycle.check_term(authority, lifecycle.SET_ASIDE_AUTHORITIES, "authority", "authority")
        lifecycle.check_may_set_aside(self, how, set_aside_on)
        cited = None if reference is None else reference.strip() or None
        if authority in lifecycle.CITED_AUTHORITIES and cited is None:
            raise errors.InvalidInput(
                f"reference: a decision set aside by {authority} cites its document (文号/案号)",
                field="reference",
            )
        # A published decision not yet withdrawn, with no withdrawal already due, starts
        # the withdrawal period; otherwise the one running (or none) stands.
        pending = (self.deadlines["withdrawal"] or {}).get("met_on", "none") is None
        due = None
        if self.publication is not None and "withdrawn" not in self.publication and not pending:
            due = deadlines.withdrawal_deadline(date.fromisoformat(set_aside_on))
        self._set_aside(
            actor=actor, how=how, authority=authority, reference=cited, set_aside_on=set_aside_on,
            withdrawal_due_on=None if due is None else due.due.isoformat(),
            withdrawal_due_provisional=False if due is None else due.provisional,
        )  # fmt: skip

    def withdraw_publication(self, *, actor: str, reason: str, withdrawn_on: str) -> None:
        """Withdraw the published decision after it was set aside, with the reasons, against
        the stored 3-working-day deadline (R-PB-2). Allowed after closure."""
        lifecycle.check_allowed_after_ending(self, "publication_withdrawal")
        found = self.deadlines["withdrawal"]
        if found is None or found["met_on"] is not None:
            raise errors.NothingToWithdraw(
                "no published decision awaits withdrawal: record first that it was changed, "
                "revoked or found unlawful (R-PB-2)"
            )
        if withdrawn_on < self.set_asides[-1]["set_aside_on"]:
            raise errors.DateBeforeSetAside(
                f"withdrawn_on {withdrawn_on} is before the decision was set aside "
                f"({self.set_asides[-1]['set_aside_on']})",
                field="withdrawn_on",
            )
        lifecycle.check_withdrawal_date(self, withdrawn_on)
        self._withdraw_publication(
            actor=actor, reason=lifecycle.check_text(reason, "reason"), withdrawn_on=withdrawn_on,
            due_on=found["due_on"], on_time=withdrawn_on <= found["due_on"],
        )  # fmt: skip

    def close(self, *, actor: str, reason: str) -> None:
        """Close and seal the case: only after a recorded ending and, for a decision, its
        service, publication or exemption, and execution status (R-EN-5/6, R-PB-2)."""
        self.check_not_closed()
        if not reason.strip():
            raise errors.InvalidInput("reason: a closure needs a reason", field="reason")
        refusal = lifecycle.closure_refusal(self)
        if refusal is not None:
            raise refusal
        self._close(actor=actor, reason=reason)

"""One file per child (R-CH-1) and the bars on revoked guardians (R-GD-8): the wiring of a
registration, a correction of identity and a move of household with the identity claims
(:mod:`infra.child_claims`) and the guardian bars (:mod:`infra.guardian_bars`), each in the
transaction of the file's own events (ADR 0005 §6–8)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.records import errors
from domain.records.aggregate import ChainedAggregate
from domain.records.children import ChildRecord
from infra.child_claims import IdentityClaims
from infra.guardian_bars import GuardianBars
from infra.principal import Principal
from infra.store import Appended, EventStore

REGISTRATION_ATTEMPTS = 4
"""A registration decided again after a lost race on one of its claims (another file of the
same identity, or a claim released meanwhile); the loser of a real duplicate race is refused
on its second attempt."""


class ChildIdentity:
    """Registrations, corrections and moves with the claims and bars they change."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.claims = IdentityClaims(store)
        self.bars = GuardianBars(store)

    def register(
        self,
        by: Principal,
        decide: Callable[[], ChildRecord],
        distinct_child_reason: str | None,
    ) -> tuple[ChildRecord, list[Appended]]:
        """The file ``decide`` opens, stored with its claims (R-CH-1) once no barred person is
        in charge (R-GD-8); a namesake of a revoked person with his own ID number is admitted
        and flagged (``guardian_bars.NamesakeFlagged``)."""
        for _ in range(REGISTRATION_ATTEMPTS):
            child = decide()
            # Once decided, and before its claims are read: the old files' claims (ADR 0005).
            self.claims.ensure_backfilled()
            claims = self.claims.take(
                by, str(child.id), self.claims.keys_of(child), confirmation=distinct_child_reason
            )
            # A person a court revoked on another file is not this child's guardian (R-GD-8):
            # checked after the claims, so that the child's own file is pointed at first.
            flagged = self.bars.check_current(child, "guardian", by=by)
            try:
                appended = self.store.append(child, *claims, *flagged)
            except errors.ChainConflict:
                continue  # another file took or released one of these claims: decide again
            # A namesake's flag is civil affairs' to read, not the registering village's.
            return child, [e for e in appended if not e.type.startswith("guardian_bars.")]
        raise errors.ChainConflict("the child's identity kept changing hands; retry")

    def change(
        self,
        by: Principal,
        child_id: UUID,
        method: str,
        decide: Callable[[ChildRecord], None],
        reason: str,
    ) -> list[Appended]:
        """A correction of personal data or a move of the household (R-CH-1), with the
        identity claims it moves in the same transaction (ADR 0005 §6): refused, with nothing
        recorded, if another file holds the new identity. A correction of the birth date on a
        file with a revocation bars the revoked person under the new date too (FINDINGS2 #3)."""

        def action(child: ChildRecord) -> list[ChainedAggregate]:
            old = self.claims.keys_of(child)
            old_birth = child.birth_date
            decide(child)
            self.claims.ensure_backfilled()  # once decided, before the claims are read
            new = self.claims.keys_of(child)
            if method == "correct_personal":
                # A new birth date is another key of the guardian in force (R-GD-8).
                flagged = self.bars.check_current(child, "value", by=by)
                barred = (
                    self.bars.after_birth_correction(by.actor_id, child)
                    if child.birth_date != old_birth
                    else []
                )
                claims = self.claims.corrected(by, str(child.id), old, new)
                return [*claims, *flagged, *barred]
            return [*self.claims.moved(by, str(child.id), old, new, reason)]

        appended = self.store.command(ChildRecord, child_id, action)
        if method == "move_household":
            # The claims' events are recorded, not listed: whether the destination's claim was
            # new, taken again or held by another file would tell where a child lives (R-CH-4).
            return [e for e in appended if e.stream == str(child_id)]
        # The bars are recorded, not listed (as for a ruling, ADR 0005 §8).
        return [e for e in appended if not e.type.startswith("guardian_bars.")]

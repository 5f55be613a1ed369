"""A parent's detention and the care arranged for the child (R-GD-7): the application service.

The police of the child's area record the detention (``domain.records.reports.detention``).
When the child needs care, the arrangement is a temporary-care change on the child's file —
the guardianship table's ``temporary`` change, with its recorders and preconditions — saved
in the same transaction as the detention: either both are recorded or neither.

Reads: the detention names the parent's measure and who took the child, so it is read by the
police who recorded it and by the child's own area's child-protection staff (``AREA_KEEPERS``)
only; the child's file shows the temporary care like any change of guardianship.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.aggregate import ChainedAggregate
from domain.records.jurisdiction import covers
from domain.records.reports import DETENTION_MEASURES, ParentDetention
from infra.children import AREA_KEEPERS, ChildService, as_role, server_now
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended


class DetentionService:
    """Commands and reads on parents' detentions (R-GD-7)."""

    def __init__(self, app: Context, children: ChildService) -> None:
        self.app = app
        self.store = app.store
        self.children = children

    def record(self, by: Principal, **fields: Any) -> tuple[ParentDetention, list[Appended]]:
        """Record a parent's detention; a child who needs care is placed in temporary care
        with the receiver and the written hand-over, in one transaction (R-GD-7).

        A child outside the caller's area answers as one that does not exist
        (:meth:`ChildService.child_in_area`)."""
        now = server_now()
        for _ in range(4):
            detention, saved = self._decide(by, now, fields)
            try:
                return detention, self.store.append(*saved)
            except errors.ChainConflict:
                continue
        raise errors.ChainConflict("the child's file kept changing; retry the detention")

    def _decide(
        self, by: Principal, now: datetime, fields: dict[str, Any]
    ) -> tuple[ParentDetention, list[ChainedAggregate]]:
        """The detention, and the child's file placed in temporary care when it needs care."""
        child = self.children.child_in_area(by, str(fields["child_id"]))

        def record(role: str) -> ParentDetention:
            return ParentDetention.record(
                actor=by.actor_id, actor_role=role, now=now, child_born_on=child.birth_date,
                **fields,
            )  # fmt: skip

        detention: ParentDetention = as_role(by, record)
        care = detention.care
        if care is None:
            return detention, [detention]
        basis = (
            f"C4 公安机关对父母采取{DETENTION_MEASURES[detention.measure]}时安排临时监护"
            f" (detention {detention.id}); {detention.legal_basis}"
        )

        def place(role: str) -> None:
            child.place_in_temporary_care(
                actor=by.actor_id, actor_role=role, receiver=care["receiver"], legal_basis=basis,
                effective_on=detention.care_starts_on(), handover_sha256=care["handover_sha256"],
                now=now,
            )  # fmt: skip

        as_role(by, place)
        return detention, [detention, child]

    def read(self, by: Principal, detention_id: UUID) -> dict[str, Any]:
        """The detention, for the police who recorded it and the child's area's staff."""
        detention = self.store.load(ParentDetention, detention_id)
        if by.actor_id == detention.recorded_by:
            return detention.state()
        child = self.children.child_in_area(by, detention.child_id)
        if not by.has(*AREA_KEEPERS) or not covers(by.jurisdiction, child.location["village"]):
            raise errors.PermissionDenied("a detention is read by its police and the child's staff")
        return detention.state()

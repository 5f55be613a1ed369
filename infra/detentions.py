"""A parent's detention and the care arranged for the child (R-GD-7): the application service.

The police of the child's area record the detention (``domain.records.reports.detention``).
When the child needs care, the arrangement is a temporary-care change on the child's file —
the guardianship table's ``temporary`` change, with its recorders and preconditions — saved
in the same transaction as the detention: either both are recorded or neither.

Reads (R-GD-7, R-AC-3): the detention names the parent's measure and who took the child. The
police who recorded it and the child's own area's child-protection staff (``AREA_KEEPERS``)
read it unrecorded, the staff with the list of recorded reads. Other departments read it as
they read the child's file — the police and oversight of the child's area, a court seized of a
petition about the child — with ``?reason=``, each read recorded in the detention's access
stream ``("detention", id)`` like a read of a report. The child's file shows the temporary care
like any change of guardianship, and a court's bundle of the child holds the detention's
stream (``infra/child_bundle.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.aggregate import ChainedAggregate
from domain.records.jurisdiction import covers
from domain.records.reports import DETENTION_MEASURES, ParentDetention
from infra.children import AREA_KEEPERS, RECORDED_READERS, ChildService, as_role, server_now
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended

DETENTION = "detention"
"""The access stream of a detention's reads: ``("detention", id)``; what such a read reads."""


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

    def read(self, by: Principal, detention_id: UUID, reason: str | None = None) -> dict[str, Any]:
        """The detention, for the police who recorded it and the child's area's staff (who see
        in ``reads`` who else read it, when and why); for the police, oversight and courts who
        may read the child's file, with a reason, recorded (R-AC-3). ``reads`` is null for all
        but the staff."""
        detention = self.store.load(ParentDetention, detention_id)
        if by.actor_id == detention.recorded_by:
            return {**detention.state(), "reads": None}
        children = self.children
        child = children._child(detention.child_id)
        area = str(child.location["village"])
        if by.has(*AREA_KEEPERS) and covers(by.jurisdiction, area):
            reads = children._recorded_reads(DETENTION, detention_id)
            return {**detention.state(), "reads": reads}
        for role in RECORDED_READERS:
            if by.has(role) and children._may_read_file(by, role, area, detention.child_id):
                children._record(by, DETENTION, detention_id, role, DETENTION, reason)
                return {**detention.state(), "reads": None}
        raise errors.PermissionDenied(
            "a detention is read by its police and the child's staff, and with a recorded reason "
            "by the police, oversight and courts who may read the child's file"
        )

"""A court's revocation recorded on the revoked person (R-GD-8, ADR 0005 §8).

:class:`GuardianBars` records the bars a revocation ruling puts on the revoked person, lifts
them on a restoration ruling, and checks that a registration or change of guardianship on any
file names nobody barred by another file's revocation. The service appends the bars in the
ruling's transaction.
"""

from __future__ import annotations

from typing import Any

from domain.records import errors
from domain.records.children import ChildRecord
from domain.records.children.guardian_bars import (
    BarKey,
    RevokedGuardianBar,
    bar_digest,
    people_in,
    person_keys,
    revoked_person_keys,
)
from infra.store import EventStore

BAR_SECRET_LABEL = b"revoked-guardians"
"""What the bars' keyed hash is derived for (``Sealer.derived_secret``)."""


class GuardianBars:
    """The bars on revoked guardians, over the event store."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def _bar(self, key: BarKey) -> tuple[str, RevokedGuardianBar | None]:
        digest = bar_digest(self.store.sealer.derived_secret(BAR_SECRET_LABEL), key)
        try:
            return digest, self.store.load(RevokedGuardianBar, RevokedGuardianBar.create_id(digest))
        except errors.NotFound:
            return digest, None

    def check_people(
        self, child_id: str, people: list[dict[str, Any]], birth: str, field: str
    ) -> None:
        """Refuse (409 ``guardian-revoked``) when one of ``people`` is barred by a revocation
        recorded on another file and not lifted."""
        for person in people:
            for key in person_keys(person, birth):
                _, bar = self._bar(key)
                if bar is not None:
                    bar.check_not_barred(child_id, field)

    def check_current(self, child: ChildRecord, field: str) -> None:
        """The people of the file's arrangement in force are barred by no other file."""
        self.check_people(
            str(child.id), people_in(child.arrangements[-1]), child.birth_date.isoformat(), field
        )

    def after_ruling(
        self, actor: str, child: ChildRecord, ruling: dict[str, Any]
    ) -> list[RevokedGuardianBar]:
        """The bars a ruling applied to ``child`` records: on a revocation, one per key of the
        revoked person; on a restoration, the revocation it restored lifted."""
        petition_id = str(ruling.get("petition_id"))
        outcome = ruling.get("outcome")
        changed: list[RevokedGuardianBar] = []
        if outcome == "revoked":
            recorded = [p for arrangement in child.arrangements for p in people_in(arrangement)]
            concerned = child.revocations[-1]["guardian"]
            for key in revoked_person_keys(concerned, recorded, child.birth_date.isoformat()):
                digest, bar = self._bar(key)
                if bar is None:
                    bar = RevokedGuardianBar.open(
                        actor=actor, bar=digest, key_kind=key.kind, child=str(child.id),
                        petition_id=petition_id,
                    )  # fmt: skip
                else:
                    bar.add(actor=actor, child=str(child.id), petition_id=petition_id)
                changed.append(bar)
        elif outcome == "restored":
            restored = child.arrangements[-1]["conditions"].get("revocation_petition_id")
            revocation = next((r for r in child.revocations if r["petition_id"] == restored), None)
            if revocation is None:
                return changed
            recorded = [p for arrangement in child.arrangements for p in people_in(arrangement)]
            keys = revoked_person_keys(
                revocation["guardian"], recorded, child.birth_date.isoformat()
            )
            for key in keys:
                _, bar = self._bar(key)
                if bar is not None and bar.lift(
                    actor=actor, child=str(child.id), petition_id=str(restored)
                ):
                    changed.append(bar)
        return changed

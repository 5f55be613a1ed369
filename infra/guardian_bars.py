"""A court's revocation recorded on the revoked person (R-GD-8, ADR 0005 §8).

:class:`GuardianBars` records the bars a revocation ruling puts on the revoked person, lifts
them on a restoration ruling, and checks that a registration or change of guardianship on any
file names nobody barred by another file's revocation. The service appends the bars in the
ruling's transaction.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.proof.chain import SYSTEM_ACTOR
from domain.records import errors
from domain.records.children import ChildRecord
from domain.records.children.guardian_bars import (
    BARS_BACKFILL_STREAM,
    BarKey,
    GuardianBarsBackfill,
    RevokedGuardianBar,
    bar_digest,
    people_in,
    person_keys,
    revoked_person_keys,
)
from infra.store import EventStore

BAR_SECRET_LABEL = b"revoked-guardians"
"""What the bars' keyed hash is derived for (``Sealer.derived_secret``)."""

BACKFILL_ATTEMPTS = 4
"""The backfill decided again after a lost race (another process backfilling, a ruling)."""


class GuardianBars:
    """The bars on revoked guardians, over the event store."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._backfilled = False

    def ensure_backfilled(self) -> None:
        """Bar the persons revoked before bars existed, once per store (ADR 0005 §8): the first
        check or ruling after the upgrade does it, once its command is decided valid, in one
        transaction with the store's backfill record."""
        if self._backfilled or self.store.exists(BARS_BACKFILL_STREAM):
            self._backfilled = True
            return
        for _ in range(BACKFILL_ATTEMPTS):
            try:
                self._backfill()
            except errors.ChainConflict:
                if self.store.exists(BARS_BACKFILL_STREAM):
                    break
                continue
            break
        self._backfilled = self.store.exists(BARS_BACKFILL_STREAM)
        if not self._backfilled:
            raise errors.ChainConflict("the revoked guardians could not be barred; retry")

    def _backfill(self) -> None:
        """Every file with a court's revocation on record: each revocation not restored bars
        its person, as :meth:`after_ruling` does for a new one."""
        files: dict[str, None] = {}
        for row in self.store.rows(topics=("children.CourtGuardianAppointed",)):
            files.setdefault(row.stream, None)
        bars: dict[str, RevokedGuardianBar] = {}
        revocations = 0
        for child_id in files:
            child = self.store.load(ChildRecord, UUID(child_id))
            recorded = [p for arrangement in child.arrangements for p in people_in(arrangement)]
            for revocation in child.revocations:
                if revocation["restored_on"] is not None:
                    continue
                revocations += 1
                birth = child.birth_date.isoformat()
                for key in revoked_person_keys(revocation["guardian"], recorded, birth):
                    digest, bar = self._bar(key)
                    bar = bars.get(digest, bar)
                    petition = str(revocation["petition_id"])
                    if bar is None:
                        bar = RevokedGuardianBar.open(
                            actor=SYSTEM_ACTOR, bar=digest, key_kind=key.kind, child=child_id,
                            petition_id=petition,
                        )  # fmt: skip
                    else:
                        bar.add(actor=SYSTEM_ACTOR, child=child_id, petition_id=petition)
                    bars[digest] = bar
        record = GuardianBarsBackfill(
            actor=SYSTEM_ACTOR, files=len(files), revocations=revocations, bars=len(bars)
        )
        self.store.append(record, *bars.values())

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
        self.ensure_backfilled()
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
        self.ensure_backfilled()
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

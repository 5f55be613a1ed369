"""A court's revocation recorded on the revoked person (R-GD-8, ADR 0005 §8).

:class:`GuardianBars` records the bars a revocation ruling puts on the revoked person, lifts
them on a restoration ruling, and checks that a registration or change of guardianship on any
file names nobody barred by another file's revocation. The service appends the bars in the
ruling's transaction.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import domain.records.children.errors as ce
from domain.proof.chain import SYSTEM_ACTOR
from domain.records import errors
from domain.records.children import ChildRecord
from domain.records.children.guardian_bars import (
    BARS_BACKFILL_STREAM,
    BarKey,
    BarKind,
    GuardianBarsBackfill,
    RevokedGuardianBar,
    bar_digest,
    people_in,
    person_keys,
    revoked_person_keys,
)
from infra.principal import Principal
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
            births = self.births(child)
            for revocation in child.revocations:
                if revocation["restored_on"] is not None:
                    continue
                revocations += 1
                keys = self._revocation_keys(child, revocation, births)
                petition = str(revocation["petition_id"])
                self._bar_all(SYSTEM_ACTOR, child_id, petition, keys, bars)
        record = GuardianBarsBackfill(
            actor=SYSTEM_ACTOR, files=len(files), revocations=revocations, bars=len(bars)
        )
        self.store.append(record, *bars.values())

    def births(self, child: ChildRecord) -> list[str]:
        """Every birth date the file ever held (FINDINGS2 #3): the registered one, each one a
        correction recorded, and the one it holds now (a correction not yet stored)."""
        found: list[str] = []
        try:
            events = self.store.history(child.id)
        except errors.NotFound:
            events = []
        for stored in events:
            name = type(stored).__name__
            if name == "Registered":
                found.append(str(stored.birth_date))
            elif name == "PersonalDataCorrected" and stored.field == "birth_date":
                found.append(str(stored.value))
        found.append(child.birth_date.isoformat())
        return list(dict.fromkeys(found))

    def _revocation_keys(
        self, child: ChildRecord, revocation: dict[str, Any], births: list[str]
    ) -> list[BarKey]:
        """The keys of a revoked person under every birth date in ``births``."""
        recorded = [p for arrangement in child.arrangements for p in people_in(arrangement)]
        keys: list[BarKey] = []
        for birth in births:
            for key in revoked_person_keys(revocation["guardian"], recorded, birth):
                if key not in keys:
                    keys.append(key)
        return keys

    def _bar_all(
        self,
        actor: str,
        child_id: str,
        petition_id: str,
        keys: list[BarKey],
        bars: dict[str, RevokedGuardianBar] | None = None,
    ) -> list[RevokedGuardianBar]:
        """The bars of ``keys`` for the revocation of ``petition_id`` on ``child_id``, each name
        bar knowing the person's recorded ID numbers (FINDINGS2 #6)."""
        bars = {} if bars is None else bars
        changed: dict[str, RevokedGuardianBar] = {}
        numbers: list[str] = []
        for key in keys:
            digest, bar = self._bar(key)
            bar = bars.get(digest, bar)
            if key.kind == BarKind.ID_NUMBER:
                numbers.append(digest)
            if bar is None:
                bar = RevokedGuardianBar.open(
                    actor=actor, bar=digest, key_kind=key.kind, child=child_id,
                    petition_id=petition_id,
                )  # fmt: skip
            else:
                bar.add(actor=actor, child=child_id, petition_id=petition_id)
            bars[digest] = changed[digest] = bar
        if numbers:
            for bar in changed.values():
                if bar.key_kind == BarKind.NAME_CHILD_BIRTH.value:
                    bar.know_numbers(actor=actor, petition_id=petition_id, numbers=numbers)
        return list(changed.values())

    def after_birth_correction(self, actor: str, child: ChildRecord) -> list[RevokedGuardianBar]:
        """A correction of the birth date on a file with a revocation in force bars the revoked
        person under the new date too (FINDINGS2 #3): the bar follows the child's file, as its
        identity claims keep every identity it held."""
        self.ensure_backfilled()
        births = [child.birth_date.isoformat()]
        changed: list[RevokedGuardianBar] = []
        for revocation in child.revocations:
            if revocation["restored_on"] is not None:
                continue
            keys = self._revocation_keys(child, revocation, births)
            changed += self._bar_all(actor, str(child.id), str(revocation["petition_id"]), keys)
        return changed

    def _bar(self, key: BarKey) -> tuple[str, RevokedGuardianBar | None]:
        digest = bar_digest(self.store.sealer.derived_secret(BAR_SECRET_LABEL), key)
        try:
            return digest, self.store.load(RevokedGuardianBar, RevokedGuardianBar.create_id(digest))
        except errors.NotFound:
            return digest, None

    def check_people(
        self,
        child_id: str,
        people: list[dict[str, Any]],
        birth: str,
        field: str,
        by: Principal | None = None,
    ) -> list[RevokedGuardianBar]:
        """Refuse (409 ``guardian-revoked``) when one of ``people`` is barred by a revocation
        recorded on another file and not lifted; the refusal is recorded on the bar
        (``RefusalRecorded``, FINDINGS2 #6). A person matched by name and birth date only,
        who gives his own ID number other than every number recorded for the revoked person,
        is admitted: the bars flagging the file (``NamesakeFlagged``) are returned, to append
        with the file's events."""
        self.ensure_backfilled()
        flagged: list[RevokedGuardianBar] = []
        actor = by.actor_id if by is not None else SYSTEM_ACTOR
        secret = self.store.sealer.derived_secret(BAR_SECRET_LABEL)
        for person in people:
            keys = person_keys(person, birth)
            number = next((bar_digest(secret, k) for k in keys if k.kind == BarKind.ID_NUMBER), "")
            for key in keys:
                _, bar = self._bar(key)
                if bar is None or not bar.in_force_elsewhere(child_id):
                    continue
                if (
                    key.kind == BarKind.NAME_CHILD_BIRTH
                    and number
                    and bar.namesake_admissible(child_id, number)
                ):
                    bar.flag_namesake(actor=actor, child=child_id)
                    flagged.append(bar)
                    continue
                try:
                    bar.check_not_barred(child_id, field)
                except ce.GuardianRevoked:
                    area = by.jurisdiction if by is not None else ""
                    self._record_refusal(actor, area, key, child_id, field)
                    raise
        return flagged

    def _record_refusal(
        self, actor: str, area: str, key: BarKey, child_id: str, field: str
    ) -> None:
        """Record a refusal on the bar in its own transaction (the refused command stores
        nothing): who tried, from which area, for which file and field — no name, no
        number."""
        for _ in range(BACKFILL_ATTEMPTS):
            _, bar = self._bar(key)
            if bar is None:
                return
            bar.record_refusal(actor=actor, child=child_id, field=field, area=area)
            try:
                self.store.append(bar)
            except errors.ChainConflict:
                continue
            return

    def check_current(
        self, child: ChildRecord, field: str, by: Principal | None = None
    ) -> list[RevokedGuardianBar]:
        """The people of the file's arrangement in force are barred by no other file; the
        bars flagging an admitted namesake (:meth:`check_people`)."""
        return self.check_people(
            str(child.id),
            people_in(child.arrangements[-1]),
            child.birth_date.isoformat(),
            field,
            by,
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
            # Under every birth date the file ever held (FINDINGS2 #3).
            keys = self._revocation_keys(child, child.revocations[-1], self.births(child))
            changed = self._bar_all(actor, str(child.id), petition_id, keys)
        elif outcome == "restored":
            restored = child.arrangements[-1]["conditions"].get("revocation_petition_id")
            revocation = next((r for r in child.revocations if r["petition_id"] == restored), None)
            if revocation is None:
                return changed
            keys = self._revocation_keys(child, revocation, self.births(child))
            for key in keys:
                _, bar = self._bar(key)
                if bar is not None and bar.lift(
                    actor=actor, child=str(child.id), petition_id=str(restored)
                ):
                    changed.append(bar)
        return changed

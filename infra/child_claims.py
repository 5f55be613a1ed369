"""One file per child (一人一档案, R-CH-1): the identity claims of children's files (ADR 0005).

:class:`IdentityClaims` takes, releases and moves the claims that a registration, a
correction of identity or a move of household changes, for the children's service to append
in the same transaction as the file's own events; it answers a duplicate with a pointer the
caller may see (:meth:`IdentityClaims.pointer`); and it takes once per store the claims of
the files registered before claims existed (:meth:`IdentityClaims.ensure_backfilled`).
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

import domain.records.children.errors as ce
from domain.proof.chain import SYSTEM_ACTOR
from domain.records import errors
from domain.records.children import ChildRecord
from domain.records.children.claims import (
    BACKFILL_STREAM,
    ClaimKey,
    ClaimsBackfill,
    IdentityClaim,
    claim_digest,
    claim_keys,
)
from domain.records.jurisdiction import covers
from infra.principal import Principal
from infra.store import Appended, EventStore

CLAIM_SECRET_LABEL = b"identity-claims"
"""What the identity claims' keyed hash is derived for (``Sealer.derived_secret``, ADR 0005)."""

BACKFILL_ATTEMPTS = 4
"""The backfill decided again after a lost race (another process backfilling, a file
registered meanwhile)."""


class IdentityClaims:
    """The claims of children's files, over the event store."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._backfilled = False

    def _file(self, child_id: str) -> ChildRecord:
        return self.store.load(ChildRecord, UUID(child_id))

    def _secret(self) -> bytes:
        return self.store.sealer.derived_secret(CLAIM_SECRET_LABEL)

    @staticmethod
    def keys_of(child: ChildRecord) -> list[ClaimKey]:
        """The identities the file claims as it stands (``claims.claim_keys``)."""
        return claim_keys(
            child.personal, child.birth_date.isoformat(), str(child.location["village"])
        )

    def _claim(self, key: ClaimKey) -> tuple[str, IdentityClaim | None]:
        """The digest of ``key`` and its claim stream, or None when no file ever claimed it."""
        digest = claim_digest(self._secret(), key)
        try:
            return digest, self.store.load(IdentityClaim, IdentityClaim.create_id(digest))
        except errors.NotFound:
            return digest, None

    def take(
        self,
        by: Principal,
        child_id: str,
        keys: list[ClaimKey],
        *,
        confirmation: str | None = None,
    ) -> list[IdentityClaim]:
        """The claims ``child_id`` takes for ``keys``, with their new events (to append with
        the file's), or the refusal of a duplicate, pointing as :meth:`pointer` says."""
        taken: list[IdentityClaim] = []
        for key in keys:
            digest, claim = self._claim(key)
            if claim is None:
                claim = IdentityClaim.open(
                    actor=by.actor_id, claim=digest, key_kind=key.kind, child=child_id
                )
            else:
                beside = claim.only_corrected_away(child_id) and not self._covers_any(
                    by, [h for h in claim.holders if h != child_id]
                )
                try:
                    claim.take(
                        actor=by.actor_id,
                        child=child_id,
                        confirmation=confirmation,
                        beside_corrected_away=beside,
                    )
                except ce.DuplicateChildFile as refusal:
                    raise self.pointer(by, refusal) from None
            taken.append(claim)
        return taken

    def _covers_any(self, by: Principal, holders: list[str]) -> bool:
        """Whether the caller's area covers one of ``holders``' files."""
        for holder in holders:
            try:
                other = self._file(holder)
            except errors.NotFound:
                continue
            if covers(by.jurisdiction, str(other.location["village"])):
                return True
        return False

    def release(
        self, by: Principal, child_id: str, keys: list[ClaimKey], reason: str
    ) -> list[IdentityClaim]:
        """The claims ``child_id`` gives up for ``keys`` (a correction or a move changed them)."""
        released: list[IdentityClaim] = []
        for key in keys:
            _, claim = self._claim(key)
            if claim is not None and child_id in claim.holders:
                claim.release(actor=by.actor_id, child=child_id, reason=reason)
                released.append(claim)
        return released

    def moved(
        self, by: Principal, child_id: str, old: list[ClaimKey], new: list[ClaimKey], reason: str
    ) -> list[IdentityClaim]:
        """The claims a move of household moves (ADR 0005 §6): the old village's key is
        released and the new one taken — never refused: where another file holds it, both
        files hold it and are flagged ``possible_duplicate`` for civil affairs
        (:meth:`IdentityClaim.meet_on_move`), so that the mover learns nothing of the
        destination's files (FINDINGS #5)."""
        gone = [k for k in old if k not in new]
        came = [k for k in new if k not in old]
        taken: list[IdentityClaim] = []
        for key in came:
            digest, claim = self._claim(key)
            if claim is None:
                claim = IdentityClaim.open(
                    actor=by.actor_id, claim=digest, key_kind=key.kind, child=child_id
                )
            else:
                claim.meet_on_move(actor=by.actor_id, child=child_id, reason=reason)
            taken.append(claim)
        return [*self.release(by, child_id, gone, reason), *taken]

    def corrected(
        self, by: Principal, child_id: str, old: list[ClaimKey], new: list[ClaimKey]
    ) -> list[IdentityClaim]:
        """The claims a correction of identity changes (ADR 0005 §6): the new keys are taken
        (refused, like a registration, if another file holds one) and the file keeps every key
        it held before — a correction that blanks or changes the ID number or the name never
        frees the identity for a second file of the same child in the keeper's area (FINDINGS
        #3) — but each key corrected away is marked so (``CorrectedAway``): a registration by
        an area that covers none of its holders then takes it beside them, flagged for civil
        affairs, instead of being refused (FINDINGS2 #4: no squatting another area's child)."""
        changed = self.take(by, child_id, [k for k in new if k not in old])
        for key in old:
            if key in new:
                continue
            _, claim = self._claim(key)
            if claim is not None and child_id in claim.holders:
                claim.correct_away(actor=by.actor_id, child=child_id)
                changed.append(claim)
        return changed

    def pointer(self, by: Principal, refusal: ce.DuplicateChildFile) -> ce.DuplicateChildFile:
        """The refusal as the caller may see it (R-CH-1, R-CH-4): the existing file's id when
        the caller's area covers it; otherwise only that a file exists outside that area —
        no id, no area — so that the caller asks civil affairs instead of opening another."""
        holders = cast(list[str], refusal.extra.pop("holders", []))
        for holder in holders:
            try:
                other = self._file(str(holder))
            except errors.NotFound:
                continue
            if covers(by.jurisdiction, str(other.location["village"])):
                refusal.extra["child_id"] = str(holder)
                return refusal
        answer = type(refusal)(
            f"{refusal.detail}. The file lies outside your area: civil affairs (民政) can find "
            "it and keep it, or move it to your area",
            field=str(refusal.extra.get("field")),
        )
        answer.extra["outside_your_area"] = True
        return answer

    def ensure_backfilled(self) -> None:
        """Take the claims of the files registered before claims existed, once per store
        (ADR 0005 §5): the first registration, correction or move after the upgrade does it,
        once that command is decided valid, in one transaction
        with the store's backfill record, so no file is ever left unclaimed beside one that
        claims."""
        if self._backfilled or self.store.exists(BACKFILL_STREAM):
            self._backfilled = True
            return
        for _ in range(BACKFILL_ATTEMPTS):
            try:
                self._backfill()
            except errors.ChainConflict:
                if self.store.exists(BACKFILL_STREAM):
                    break
                continue
            break
        self._backfilled = self.store.exists(BACKFILL_STREAM)
        if not self._backfilled:
            raise errors.ChainConflict("the identity claims could not be taken; retry")

    def _backfill(self) -> list[Appended]:
        """One pass over the files on record: each file claims its identities; old files that
        share one are all recorded on its claim (``DuplicateFound``) and listed in the backfill
        record for civil affairs to merge or close — the backfill does not decide which file
        is the child's, but no further file may claim the identity meanwhile."""
        seen: dict[str, None] = {}
        for row in self.store.rows(topics=("children.Registered",)):
            seen.setdefault(row.stream, None)
        groups: dict[str, tuple[ClaimKey, list[str]]] = {}
        secret = self._secret()
        for child_id in seen:
            child = self._file(child_id)
            for key in self.keys_of(child):
                groups.setdefault(claim_digest(secret, key), (key, []))[1].append(child_id)
        claims: list[IdentityClaim] = []
        duplicates: set[str] = set()
        for digest, (key, holders) in groups.items():
            _, claim = self._claim(key)
            rest = holders
            if claim is None:
                claim = IdentityClaim.open(
                    actor=SYSTEM_ACTOR, claim=digest, key_kind=key.kind, child=holders[0]
                )
                rest = holders[1:]
            for child_id in rest:
                if child_id not in claim.holders:
                    claim.record_duplicate(actor=SYSTEM_ACTOR, child=child_id)
            if len(claim.holders) > 1:
                duplicates.update(claim.holders)
            claims.append(claim)
        record = ClaimsBackfill(
            actor=SYSTEM_ACTOR, files=len(seen), claims=len(groups), duplicates=sorted(duplicates)
        )
        return self.store.append(record, *claims)

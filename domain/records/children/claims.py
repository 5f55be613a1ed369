"""One file per child (一人一档案, R-CH-1): identity claims (ADR 0005).

A child's file claims the identities it is for. Each identity is a **claim key**, written as
the law reads it (:func:`claim_keys`):

=====================  ==========================================================  ==========
kind                   material                                                    on match
=====================  ==========================================================  ==========
``id_number``          the 居民身份证 number by its 17 information digits            refuse
                       (:func:`~.identity.id_number_key`: 15- and 18-digit forms
                       of one card are one key)
``name_birth_village`` the name (:func:`~.identity.identity_key`), the birth date   refuse unless
                       and the household's village code together                   confirmed
=====================  ==========================================================  ==========

Both keys are taken whenever the file has them, not the second "failing" the first: a
second file for the same child under a mistyped or invented ID number is exactly how a
court's revocation would be undone (R-GD-8), and the name, birth date and village still
find it. Two different children share a name, birth date and village only rarely (twins
are named apart); the staff say so in words, recorded on the claim
(:meth:`IdentityClaim.confirm_distinct`), and an ID number is never shared.

A key is never stored as such: its stream is named by HMAC-SHA-256 under the deployment's
secret (:func:`claim_digest`), so it identifies nothing outside this deployment, and its
events carry only the digest, the key's kind and the files that hold it (R-CH-4).

A claim is a stream (:class:`IdentityClaim`). The first file of an identity writes its first
event in the transaction that registers the file; a second registration of the same
identity, however simultaneous, conflicts on that stream's first event (the store's
unique ``(stream, seq)``) and nothing of it is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.aggregate import ChainedAggregate
from domain.records.children.fields import require_text
from domain.records.children.identity import id_number_key, identity_key

CLAIM_NAMESPACE = UUID("5f0c6a52-3b7e-4c1d-9a8f-2e6d4b1c0a97")
"""UUIDv5 namespace of claim streams (a claim's stream id is a UUIDv5 of its digest)."""

CLAIM_DIGEST_LABEL = b"jianzheng:identity-claim:v1\n"
"""Domain separation of the HMAC input: the secret is used for nothing else with this label."""


class ClaimKind(StrEnum):
    """What a claim key is made of (R-CH-1)."""

    ID_NUMBER = "id_number"  # 身份证号码
    NAME_BIRTH_VILLAGE = "name_birth_village"  # 姓名 + 出生日期 + 户籍村(居)


CONFIRMABLE_KINDS = frozenset({ClaimKind.NAME_BIRTH_VILLAGE})
"""Kinds a second child may share after the staff confirm in words that it is another child.
An ID number names one person: never shareable."""


@dataclass(frozen=True)
class ClaimKey:
    """One identity of a file, as compared (never stored: see :func:`claim_digest`)."""

    kind: ClaimKind
    material: str


def claim_keys(personal: dict[str, Any], birth_date: str, village: str) -> list[ClaimKey]:
    """The claim keys of a file: its ID number (when it has one) and its name, birth date and
    household village together (when it has a name)."""
    keys: list[ClaimKey] = []
    number = id_number_key(personal.get("id_number"))
    if number:
        keys.append(ClaimKey(ClaimKind.ID_NUMBER, number))
    name = identity_key(personal.get("name"))
    if name:
        keys.append(ClaimKey(ClaimKind.NAME_BIRTH_VILLAGE, f"{name}\n{birth_date}\n{village}"))
    return keys


def claim_digest(secret: bytes, key: ClaimKey) -> str:
    """HMAC-SHA-256 of the key under the deployment's secret, lower-case hex."""
    message = CLAIM_DIGEST_LABEL + key.kind.value.encode() + b"\n" + key.material.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class IdentityClaim(ChainedAggregate):
    """The files holding one identity (R-CH-1): normally exactly one.

    ``holders`` are the files that hold the claim now. A file registered before claims existed
    may share it with another old file of the same identity (:meth:`record_duplicate`, found by
    the upgrade's backfill): both stay holders until civil affairs closes one, and no further
    file may claim the identity meanwhile.
    """

    STREAM_KIND = "claims"

    @event("Claimed")
    def __init__(self, actor: str, claim: str, key_kind: str, child: str) -> None:
        self.claim = claim
        self.key_kind = key_kind
        self.holders: list[str] = [child]
        self.history: list[dict[str, str]] = [{"event": "claimed", "child": child}]
        self.corrected_away: list[str] = []

    @staticmethod
    def create_id(claim: str) -> UUID:
        """The claim's stream id: a UUIDv5 of its digest."""
        return uuid.uuid5(CLAIM_NAMESPACE, claim)

    @classmethod
    def open(cls, *, actor: str, claim: str, key_kind: ClaimKind, child: str) -> IdentityClaim:
        """The first file of an identity claims it."""
        return cls(actor=actor, claim=claim, key_kind=key_kind.value, child=child)

    def check_free_for(self, child: str, *, confirmation: str | None) -> None:
        """Refuse another file for an identity some file holds (R-CH-1).

        Raises :class:`~.errors.ChildAlreadyRegistered` for an ID number, and for a name,
        birth date and village without a confirmation in words that this is another child
        :class:`~.errors.ChildPossiblyRegistered`. ``extra["holders"]`` lists the files
        holding the claim, for the service to show only those the caller may see.
        """
        others = [h for h in self.holders if h != child]
        if not others:
            return
        if self.key_kind == ClaimKind.ID_NUMBER.value:
            refusal: ce.DuplicateChildFile = ce.ChildAlreadyRegistered(
                "personal.id_number: a file for a child with this ID number exists (R-CH-1 "
                "一人一档案); keep that file up to date instead of opening another",
                field="personal.id_number",
            )
        elif confirmation is None:
            refusal = ce.ChildPossiblyRegistered(
                "personal.name: a file for a child of this name, birth date and village exists "
                "(R-CH-1 一人一档案); if this is another child, say why in "
                "distinct_child_reason, which is recorded",
                field="personal.name",
            )
        else:
            return
        refusal.extra["holders"] = others
        raise refusal

    def take(
        self,
        *,
        actor: str,
        child: str,
        confirmation: str | None,
        beside_corrected_away: bool = False,
    ) -> None:
        """``child`` takes the claim: free again after a release, or shared by a child the
        staff confirmed to be another one (name, birth date and village only).

        A file that corrected the identity away and back holds it again (``CorrectedBack``).
        Where every other holder corrected the identity away (ADR 0005 §6, FINDINGS2 #4),
        ``beside_corrected_away`` — decided by the service when the caller's area covers none
        of those files — takes the claim beside them, flagged ``possible_duplicate`` for civil
        affairs, instead of refusing: a keeper cannot block another area's child by
        correcting a throwaway file to the child's number and away again."""
        if child in self.holders:
            if child in self.corrected_away:
                self._correct_back(actor=actor, child=child)
            return
        if beside_corrected_away and self.only_corrected_away(child):
            self._found_beside_corrected_away(actor=actor, child=child)
            return
        self.check_free_for(child, confirmation=confirmation)
        if not self.holders:
            self._retake(actor=actor, child=child)
            return
        reason = require_text(confirmation, "distinct_child_reason")
        self._share(actor=actor, child=child, reason=reason)

    def only_corrected_away(self, child: str) -> bool:
        """Whether the files other than ``child`` hold the identity only because a correction
        moved them away from it (and at least one does)."""
        others = [h for h in self.holders if h != child]
        return bool(others) and all(h in self.corrected_away for h in others)

    def correct_away(self, *, actor: str, child: str) -> None:
        """``child``'s file was corrected away from this identity (ADR 0005 §6): it keeps
        holding it — the same keeper is still pointed at it — but the claim is marked, so that
        another area's registration is flagged rather than refused (:meth:`take`)."""
        if child in self.holders and child not in self.corrected_away:
            self._correct_away(actor=actor, child=child)

    @event("CorrectedAway")
    def _correct_away(self, actor: str, child: str) -> None:
        self.corrected_away.append(child)
        self.history.append({"event": "corrected_away", "child": child})

    @event("CorrectedBack")
    def _correct_back(self, actor: str, child: str) -> None:
        self.corrected_away.remove(child)
        self.history.append({"event": "corrected_back", "child": child})

    @event("FoundBesideCorrectedAway")
    def _found_beside_corrected_away(self, actor: str, child: str) -> None:
        self.holders.append(child)
        self.history.append({"event": "found_beside_corrected_away", "child": child})

    def release(self, *, actor: str, child: str, reason: str) -> None:
        """``child`` no longer holds the identity (a correction or a move changed it)."""
        if child in self.holders:
            self._release(actor=actor, child=child, reason=reason)

    def record_duplicate(self, *, actor: str, child: str) -> None:
        """An old file found holding the same identity by the backfill (ADR 0005)."""
        if child not in self.holders:
            self._duplicate(actor=actor, child=child)

    def meet_on_move(self, *, actor: str, child: str, reason: str) -> None:
        """``child``'s household moved where this identity is claimed (ADR 0005 §6): the move
        is not refused — a refusal would tell the mover that a child of this name and birth
        date lives in the destination (FINDINGS #5) — but ``child`` holds the claim beside the
        other file and both are flagged for civil affairs (``FoundOnMove``). A claim free or
        released is taken as on registration."""
        if child in self.holders:
            return
        if not self.holders:
            self._retake(actor=actor, child=child)
            return
        self._found_on_move(actor=actor, child=child, reason=reason)

    @event("FoundOnMove")
    def _found_on_move(self, actor: str, child: str, reason: str) -> None:
        self.holders.append(child)
        self.history.append({"event": "found_on_move", "child": child})

    @event("Retaken")
    def _retake(self, actor: str, child: str) -> None:
        self.holders.append(child)
        self.history.append({"event": "retaken", "child": child})

    @event("SharedByDistinctChild")
    def _share(self, actor: str, child: str, reason: str) -> None:
        self.holders.append(child)
        self.history.append({"event": "shared", "child": child})

    @event("Released")
    def _release(self, actor: str, child: str, reason: str) -> None:
        self.holders.remove(child)
        if child in self.corrected_away:
            self.corrected_away.remove(child)
        self.history.append({"event": "released", "child": child})

    @event("DuplicateFound")
    def _duplicate(self, actor: str, child: str) -> None:
        self.holders.append(child)
        self.history.append({"event": "duplicate", "child": child})


BACKFILL_STREAM = UUID("0d7b2f8e-6a43-4b9c-8e1f-5c3a9d2b7e60")
"""The one stream that says the claims of files registered before claims existed were taken."""


class ClaimsBackfill(ChainedAggregate):
    """The upgrade's backfill, done once per store (ADR 0005): every file registered before
    this change claims its identities, and old files sharing one are recorded as duplicates."""

    STREAM_KIND = "claims_backfill"

    @event("Completed")
    def __init__(self, actor: str, files: int, claims: int, duplicates: list[str]) -> None:
        self.files = files
        self.claims = claims
        self.duplicates = list(duplicates)

    @staticmethod
    def create_id() -> UUID:
        """The store's one backfill stream."""
        return BACKFILL_STREAM

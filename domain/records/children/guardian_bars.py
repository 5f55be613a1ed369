"""A court's revocation follows the revoked person to every file (R-GD-8 with R-CH-1, ADR 0005 §8).

A file's own history keeps a revocation (``arrangements.check_not_revoked``). But the child's
identity claims (``claims.py``) cannot catch a second file opened under an invented identity
(another ID number, another village): the revoked father would be the guardian in force
there. So when a court revokes a guardian, the revocation is also recorded **on the person**:
a *bar* stream per key of that person, and any registration or change of guardianship, on any
file, that names a person with one of those keys is refused ``guardian-revoked`` — unless a
restoration ruling on the file that recorded the revocation lifted it.

=====================  ====================================================  ===================
kind                   material                                              matches a guardian
=====================  ====================================================  ===================
``id_number``          the revoked person's ID number                        of any child, by
                       (:func:`~.identity.id_number_key`), from the ruling   that ID number
                       and from every record of that person on the file
``name_child_birth``   the revoked person's name (:func:`~.identity.         of a child born on
                       identity_key`) and the child's birth date              that day, by name
=====================  ====================================================  ===================

Like a claim, a bar is never stored as its key: its stream is named by HMAC-SHA-256 under the
deployment's secret (:func:`bar_digest`) and its events carry the digest, the key's kind, the
file and the petition — no name, no number (R-CH-4). The refusal on another file names
neither the file nor the area that recorded the revocation, nor that a court revoked: it says
that the person cannot be recorded in charge and that civil affairs (民政) settles it; each
refusal is recorded on the bar (``RefusalRecorded``: actor, file, field) so that fishing shows.
A namesake who gives his own ID number, other than every number recorded for the revoked
person, is admitted and flagged for civil affairs (``NamesakeFlagged``), not refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

import domain.records.children.errors as ce
from domain.records.aggregate import ChainedAggregate
from domain.records.children.identity import (
    id_number_key,
    identity_key,
    relation_key,
    same_person,
)
from domain.records.children.vocabulary import PARENT_RELATIONS

BAR_NAMESPACE = UUID("b3a1c0de-7d42-4e6f-9c15-8a2f6e4d1b37")
"""UUIDv5 namespace of bar streams (a bar's stream id is a UUIDv5 of its digest)."""

BAR_DIGEST_LABEL = b"jianzheng:revoked-guardian:v1\n"
"""Domain separation of the HMAC input (not the identity claims' label)."""

JOINT_RELATION = "parents"
"""A record naming both parents at once (``王大山 李秀英``)."""

_NAME_SEPARATORS = re.compile(r"[\s、,;/&]+")


class BarKind(StrEnum):
    """What a revoked guardian's key is made of (R-GD-8)."""

    ID_NUMBER = "id_number"  # 被撤销监护人资格者的身份证号码
    NAME_CHILD_BIRTH = "name_child_birth"  # 被撤销者姓名 + 儿童出生日期


@dataclass(frozen=True)
class BarKey:
    """One key of a person, as compared (never stored: see :func:`bar_digest`)."""

    kind: BarKind
    material: str


def people_in(arrangement: dict[str, Any]) -> list[dict[str, Any]]:
    """The people an arrangement puts in charge of the child: its guardian and, for emergency
    care, the receiver. Never the revoked guardian a court appointment names."""
    found: list[dict[str, Any]] = []
    guardian = arrangement.get("guardian")
    if isinstance(guardian, dict):
        found.append(guardian)
    receiver = (arrangement.get("conditions") or {}).get("receiver")
    if isinstance(receiver, dict) and receiver is not guardian and receiver != guardian:
        found.append(receiver)
    return found


def _names(person: dict[str, Any]) -> set[str]:
    """The name keys of a record: each name of a joint ``parents`` record, or its name."""
    written = person.get("name")
    if not isinstance(written, str):
        return set()
    if relation_key(person) == JOINT_RELATION:
        parts = _NAME_SEPARATORS.split(unicodedata.normalize("NFKC", written))
        return {identity_key(part) for part in parts} - {""}
    return {identity_key(written)} - {""}


def person_keys(person: dict[str, Any], child_birth: str) -> list[BarKey]:
    """The keys a person named as guardian (or receiver) of a child born on ``child_birth``
    is looked up under."""
    keys: list[BarKey] = []
    number = id_number_key(person.get("id_number"))
    if number and relation_key(person) != JOINT_RELATION:
        keys.append(BarKey(BarKind.ID_NUMBER, number))
    for name in sorted(_names(person)):
        keys.append(BarKey(BarKind.NAME_CHILD_BIRTH, f"{name}\n{child_birth}"))
    return keys


def revoked_person_keys(
    concerned: dict[str, Any], recorded: Iterable[dict[str, Any]], child_birth: str
) -> list[BarKey]:
    """The keys of the person a ruling revoked (``concerned``), also as the file recorded that
    person before (``recorded``: the people of the file's arrangements): the ruling may name
    the father without the ID number the registration gave him. A joint ``parents``
    revocation bars both parents' records."""
    joint = relation_key(concerned) == JOINT_RELATION
    same = [
        person
        for person in recorded
        if relation_key(person) != JOINT_RELATION
        and (same_person(concerned, person) or (joint and relation_key(person) in PARENT_RELATIONS))
    ]
    keys: list[BarKey] = []
    for person in [concerned, *same]:
        for key in person_keys(person, child_birth):
            if key not in keys:
                keys.append(key)
    return keys


def bar_digest(secret: bytes, key: BarKey) -> str:
    """HMAC-SHA-256 of the key under the deployment's secret, lower-case hex."""
    message = BAR_DIGEST_LABEL + key.kind.value.encode() + b"\n" + key.material.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class RevokedGuardianBar(ChainedAggregate):
    """The revocations one key of a person is barred by (R-GD-8): each names the file and the
    petition whose ruling revoked, and whether a restoration ruling on that file lifted it."""

    STREAM_KIND = "guardian_bars"

    @event("Barred")
    def __init__(self, actor: str, bar: str, key_kind: str, child: str, petition_id: str) -> None:
        self.bar = bar
        self.key_kind = key_kind
        self.revocations: list[dict[str, Any]] = [
            {"child": child, "petition_id": petition_id, "lifted": False}
        ]
        self.namesakes: list[str] = []
        self.refusals = 0

    @staticmethod
    def create_id(bar: str) -> UUID:
        """The bar's stream id: a UUIDv5 of its digest."""
        return uuid.uuid5(BAR_NAMESPACE, bar)

    @classmethod
    def open(
        cls, *, actor: str, bar: str, key_kind: BarKind, child: str, petition_id: str
    ) -> RevokedGuardianBar:
        """The first revocation recorded under this key."""
        return cls(
            actor=actor, bar=bar, key_kind=key_kind.value, child=child, petition_id=petition_id
        )

    def add(self, *, actor: str, child: str, petition_id: str) -> None:
        """Another ruling revokes the person (another child, or again)."""
        if not any(r["petition_id"] == petition_id for r in self.revocations):
            self._add(actor=actor, child=child, petition_id=petition_id)

    def lift(self, *, actor: str, child: str, petition_id: str) -> bool:
        """A restoration ruling on ``child``'s file restored the revocation of ``petition_id``;
        whether this bar recorded it."""
        for revocation in self.revocations:
            if revocation["petition_id"] == petition_id and not revocation["lifted"]:
                self._lift(actor=actor, child=child, petition_id=petition_id)
                return True
        return False

    def in_force_elsewhere(self, child: str) -> bool:
        """Whether a revocation not lifted, recorded on a file other than ``child``'s, bars the
        person (the file's own revocations are its history's to decide)."""
        return any(not r["lifted"] and r["child"] != child for r in self.revocations)

    def namesake_admissible(self, child: str, number: str) -> bool:
        """Whether a person named like the barred one, who gives his own ID number (digest
        ``number``), is another person (FINDINGS2 #6): every revocation in force elsewhere
        recorded the revoked person's number (:meth:`know_numbers`) and none is his. A
        revocation that recorded no number cannot tell two people apart: it still bars."""
        live = [r for r in self.revocations if not r["lifted"] and r["child"] != child]
        return bool(live) and all(r.get("numbers") and number not in r["numbers"] for r in live)

    def know_numbers(self, *, actor: str, petition_id: str, numbers: list[str]) -> None:
        """The digests of the ID-number bars of the same revoked person, recorded on a name
        bar so that a namesake with another number is told apart (:meth:`namesake_admissible`)."""
        for revocation in self.revocations:
            if revocation["petition_id"] == petition_id:
                known = set(revocation.get("numbers") or [])
                if set(numbers) - known:
                    self._know_numbers(actor=actor, petition_id=petition_id,
                                       numbers=sorted(known | set(numbers)))  # fmt: skip
                return

    def flag_namesake(self, *, actor: str, child: str) -> None:
        """``child``'s file names, in charge, a namesake of the barred person with his own,
        other ID number: admitted, and flagged for civil affairs (``NamesakeFlagged``)."""
        self._flag_namesake(actor=actor, child=child)

    def record_refusal(self, *, actor: str, child: str, field: str, area: str) -> None:
        """A refusal by this bar, recorded (in its own transaction, the refused command
        stores nothing) so that fishing for revoked persons is visible to civil affairs and
        oversight of the caller's ``area`` (FINDINGS2 #6)."""
        self._record_refusal(actor=actor, child=child, field=field, area=area)

    def check_not_barred(self, child: str, field: str) -> None:
        """Refuse the person as guardian of ``child`` (R-GD-8): nothing said of the other file,
        nor that a court revoked (FINDINGS2 #6) — only that the person cannot be recorded in
        charge here and that civil affairs (民政) settles it."""
        if self.in_force_elsewhere(child):
            raise ce.GuardianRevoked(
                f"{field}: this person cannot be recorded in charge of the child (R-GD-8); "
                "give the person's own ID number, or ask civil affairs (民政) of your county, "
                "who can check and settle it",
                field=field,
            )

    @event("NumbersKnown")
    def _know_numbers(self, actor: str, petition_id: str, numbers: list[str]) -> None:
        for revocation in self.revocations:
            if revocation["petition_id"] == petition_id:
                revocation["numbers"] = list(numbers)

    @event("NamesakeFlagged")
    def _flag_namesake(self, actor: str, child: str) -> None:
        self.namesakes.append(child)

    @event("RefusalRecorded")
    def _record_refusal(self, actor: str, child: str, field: str, area: str) -> None:
        self.refusals += 1

    @event("AlsoBarred")
    def _add(self, actor: str, child: str, petition_id: str) -> None:
        self.revocations.append({"child": child, "petition_id": petition_id, "lifted": False})

    @event("Lifted")
    def _lift(self, actor: str, child: str, petition_id: str) -> None:
        for revocation in self.revocations:
            if revocation["petition_id"] == petition_id:
                revocation["lifted"] = True


BARS_BACKFILL_STREAM = UUID("6e2d9a41-0c7f-4b58-a3e6-1f8b5d2c9a70")
"""The one stream that says the revocations recorded before bars existed were barred."""


class GuardianBarsBackfill(ChainedAggregate):
    """The upgrade's backfill, done once per store (ADR 0005 §8): every revocation recorded
    before bars existed, and not restored, bars its revoked person as a new ruling would."""

    STREAM_KIND = "guardian_bars_backfill"

    @event("Completed")
    def __init__(self, actor: str, files: int, revocations: int, bars: int) -> None:
        self.files = files
        self.revocations = revocations
        self.bars = bars

    @staticmethod
    def create_id() -> UUID:
        """The store's one backfill stream."""
        return BARS_BACKFILL_STREAM

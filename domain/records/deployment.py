"""The deployment's own stream: created once, when a store is first initialised (DESIGN §7)."""

from __future__ import annotations

import uuid
from uuid import UUID

from eventsourcing.domain import event

from domain.proof.chain import SPEC_VERSION
from domain.records.aggregate import ChainedAggregate
from domain.records.errors import RuleViolation

DEPLOYMENT_STREAM = uuid.uuid5(UUID("0d6f7b1e-3f1f-4a8e-bb4e-2f5f3e1c7a90"), "deployment")
"""Fixed stream id, so two processes initialising one store race on the same stream."""


class Deployment(ChainedAggregate):
    """Records the log origin and public key a store was initialised with."""

    STREAM_KIND = "deployment"

    @event("Initialised")
    def __init__(self, actor: str, origin: str, log_vkey: str, spec: str = SPEC_VERSION) -> None:
        self.origin = origin
        self.log_vkey = log_vkey
        self.spec = spec
        self.witnesses: dict[str, str] = {}
        self.log_keys: list[dict[str, str | None]] = [
            {"vkey": log_vkey, "from": None, "until": None}
        ]
        """Every log key with its validity window (``from``/``until`` event times)."""

    def active_log_keys(self) -> list[str]:
        """Keys that sign new checkpoints (more than one during a rotation's overlap)."""
        return [str(k["vkey"]) for k in self.log_keys if k["until"] is None]

    def add_log_key(self, *, actor: str, vkey: str, at: str) -> None:
        """Introduce a new log key; until the old one is retired, both sign (key rotation)."""
        if any(k["vkey"] == vkey for k in self.log_keys):
            raise RuleViolation("that log key is already known")
        self._add_log_key(actor=actor, vkey=vkey, at=at)

    @event("LogKeyAdded")
    def _add_log_key(self, actor: str, vkey: str, at: str) -> None:
        self.log_keys.append({"vkey": vkey, "from": at, "until": None})

    def retire_log_key(self, *, actor: str, vkey: str, at: str) -> None:
        """Stop signing with a key; it stays published, with its window, for old checkpoints."""
        active = self.active_log_keys()
        if vkey not in active:
            raise RuleViolation("that log key is not an active log key")
        if len(active) == 1:
            raise RuleViolation("the last active log key cannot be retired; add its successor")
        self._retire_log_key(actor=actor, vkey=vkey, at=at)

    @event("LogKeyRetired")
    def _retire_log_key(self, actor: str, vkey: str, at: str) -> None:
        for key in self.log_keys:
            if key["vkey"] == vkey:
                key["until"] = at

    def add_witness(self, *, actor: str, vkey: str, name: str) -> None:
        """Accept cosignatures from a witness key (an oversight body's, DESIGN §3)."""
        if vkey in self.witnesses.values():
            raise RuleViolation("that witness key is already registered")
        if name in self.witnesses:
            raise RuleViolation(f"a witness named {name} is already registered")
        self._add_witness(actor=actor, vkey=vkey, name=name)

    @event("WitnessAdded")
    def _add_witness(self, actor: str, vkey: str, name: str) -> None:
        self.witnesses[name] = vkey

    @staticmethod
    def create_id() -> UUID:
        """Always :data:`DEPLOYMENT_STREAM`."""
        return DEPLOYMENT_STREAM

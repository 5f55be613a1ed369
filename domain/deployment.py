"""The deployment's own stream: created once, when a store is first initialised (DESIGN §7)."""

from __future__ import annotations

import uuid
from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import ChainedAggregate
from domain.chain import SPEC_VERSION
from domain.errors import RuleViolation

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

"""The deployment's baseline catalogue: one chained stream, published once and revised
as a whole, each revision a new version that drafts cite by event hash (R-LR-2)."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.records.aggregate import ChainedAggregate
from domain.records.catalogue.rules import judge, validate_catalogue
from domain.records.errors import ChainBroken, InvalidInput, NotFound

# -- the catalogue stream ---------------------------------------------------------------

CATALOGUE_STREAM = uuid.uuid5(UUID("0d6f7b1e-3f1f-4a8e-bb4e-2f5f3e1c7a90"), "catalogue")
"""Fixed stream id (the namespace of ``domain/records/deployment.py``): one catalogue per store."""


def _check_note(note: str) -> None:
    """Every version says why it was published or revised."""
    if not isinstance(note, str) or not note.strip():
        raise InvalidInput(
            "note must not be empty: say why the catalogue is published or revised", field="note"
        )


@dataclass(frozen=True)
class CatalogueJudgement:
    """A :class:`Judgement` and the exact catalogue version it was made by (for the draft)."""

    major: bool
    matched_rules: list[str]
    catalogue_version: int
    catalogue_event_hash: str
    catalogue_stream: str = str(CATALOGUE_STREAM)
    collective_rules: list[str] = field(default_factory=list)
    """The matched rules that need a collective discussion by the heads (R-EN-7)."""


class Catalogue(ChainedAggregate):
    """The catalogue's stream: ``Published`` once, then ``Revised``, each a new version.

    Every event of the stream is a catalogue version, so the catalogue version is
    the stream's ``seq`` (the aggregate's ``version``); each event also records it
    in ``data.version`` so that one event, read alone, says which version it is.
    """

    STREAM_KIND = "catalogue"

    class Event(ChainedAggregate.Event):
        """A catalogue event: remembers its own hash as the hash of its version."""

        def mutate(self, aggregate: Any) -> Any:
            """Apply, then record this event's hash as its version's hash."""
            claimed = getattr(self, "version", None)
            if claimed != self.originator_version:
                raise ChainBroken(
                    f"stream {self.originator_id} seq {self.originator_version}: "
                    f"catalogue version {claimed} does not match the seq"
                )
            result = super().mutate(aggregate)
            result.version_hashes[self.originator_version] = self.hash
            return result

    @event("Published")
    def __init__(self, actor: str, version: int, rules: dict[str, Any], note: str) -> None:
        self._data: dict[str, Any] = copy.deepcopy(rules)
        self.version_hashes: dict[int, str] = {}
        self._history: dict[int, dict[str, Any]] = {version: self._data}

    @staticmethod
    def create_id() -> UUID:
        """Always :data:`CATALOGUE_STREAM`."""
        return CATALOGUE_STREAM

    @classmethod
    def publish(cls, *, actor: str, data: dict[str, Any], note: str) -> Catalogue:
        """Publish version 1 after checking ``data`` (R-LR-2)."""
        _check_note(note)
        validate_catalogue(data)
        return cls(actor=actor, version=1, rules=copy.deepcopy(data), note=note)

    def revise(self, *, actor: str, data: dict[str, Any], note: str) -> None:
        """Record a new version holding the whole of ``data``."""
        _check_note(note)
        validate_catalogue(data)
        self._revise(actor=actor, version=self.version + 1, rules=copy.deepcopy(data), note=note)

    @event("Revised")
    def _revise(self, actor: str, version: int, rules: dict[str, Any], note: str) -> None:
        self._data = copy.deepcopy(rules)
        self._history[version] = self._data

    @property
    def data(self) -> dict[str, Any]:
        """The current version's catalogue data (a copy)."""
        return copy.deepcopy(self._data)

    @property
    def version_hash(self) -> str:
        """``event_hash`` of the event that made the current version."""
        return self.version_hashes[self.version]

    def data_of(self, version: int) -> dict[str, Any]:
        """The catalogue data of an earlier or the current ``version`` (a copy)."""
        try:
            return copy.deepcopy(self._history[version])
        except KeyError:
            raise NotFound(f"the catalogue has no version {version}") from None

    @property
    def current_version(self) -> int:
        """The version in force (every event of this stream is a version)."""
        return self.version

    def version_seqs(self) -> dict[int, int]:
        """Catalogue version → the seq of the event that put it in force."""
        return {version: version for version in self._history}

    def judge_draft(
        self,
        *,
        action_type: str,
        measures: list[str],
        fine_fen: int,
        confiscation_fen: int,
        party_kind: str,
        flags: list[str],
        simplified: bool,
    ) -> CatalogueJudgement:
        """Judge a draft by the current version, citing that version and its event hash."""
        judgement = judge(
            self._data,
            action_type=action_type,
            measures=measures,
            fine_fen=fine_fen,
            confiscation_fen=confiscation_fen,
            party_kind=party_kind,
            flags=flags,
            simplified=simplified,
        )
        return CatalogueJudgement(
            major=judgement.major,
            matched_rules=judgement.matched_rules,
            catalogue_version=self.version,
            catalogue_event_hash=self.version_hash,
            collective_rules=judgement.collective_rules,
        )

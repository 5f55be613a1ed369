"""What a projection is, and the document unit of work it writes to."""

from __future__ import annotations

from typing import Any, Protocol

from domain.chain import Envelope

Doc = dict[str, Any]


class Docs(Protocol):
    """Documents of one projection, keyed by (collection, key), read and written in a batch."""

    def get(self, collection: str, key: str) -> Doc | None:
        """The document, or None."""

    def put(self, collection: str, key: str, doc: Doc) -> None:
        """Create or replace a document."""

    def delete(self, collection: str, key: str) -> None:
        """Remove a document if present."""


class Projection(Protocol):
    """A read model: a name, the event types it reads, and how each changes its documents."""

    name: str
    types: frozenset[str]

    def apply(self, envelope: Envelope, position: int, docs: Docs) -> None:
        """Apply one event (stored at global ``position``)."""

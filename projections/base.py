"""What a projection is, and the document unit of work it writes to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from domain.proof.chain import Envelope

Doc = dict[str, Any]


class Docs(Protocol):
    """Documents of one projection, keyed by (collection, key), read and written in a batch.

    ``get`` may hand out the very object the batch holds, not a copy: a projection
    changes a document it read only in order to ``put`` it back.
    """

    def get(self, collection: str, key: str) -> Doc | None:
        """The document, or None."""

    def put(self, collection: str, key: str, doc: Doc) -> None:
        """Create or replace a document."""

    def delete(self, collection: str, key: str) -> None:
        """Remove a document if present."""


class Projection(Protocol):
    """A read model: a name, the event types it reads, and how each changes its documents.

    One decoded envelope is given to every projection that reads its type, so ``apply``
    must not change the envelope or its ``data``.
    """

    name: str
    types: frozenset[str]
    version: int
    """Which documents the projection writes: raised whenever a change to ``apply`` would
    write documents that the ones already stored are not (a new member, another meaning).
    The runner rebuilds a projection whose stored documents an older version wrote
    (``infra/views.py``)."""

    def reads(self, envelope: Envelope) -> Iterator[tuple[str, str]]:
        """The (collection, key) of the documents ``apply`` will read for this event.

        A hint that lets the runner load a whole batch's documents in a few queries; a
        document read but not listed here is still read, one query at a time.
        """

    def apply(self, envelope: Envelope, position: int, docs: Docs) -> None:
        """Apply one event (stored at global ``position``)."""

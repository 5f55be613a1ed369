"""What the application hands its services: the small interface below them.

``infra.application.Jianzheng`` composes the services (``infra.cases``,
``infra.catalogues``, ``infra.children``) and passes itself as their ``Context``; a
service knows the application only through this protocol, so no service imports the
application and the application imports its services at the top of its module (no
import circle: ``lint-imports``, contract "No import circle inside infra").
"""

from __future__ import annotations

from typing import Protocol

from domain.records.catalogue import Catalogue
from infra.log import TransparencyLog
from infra.principal import Principal
from infra.store import Appended, EventStore
from infra.views import Views


class Context(Protocol):
    """The store, the log, the projections, the baseline catalogue and the access records."""

    @property
    def store(self) -> EventStore:
        """The event store every command appends to."""
        ...

    @property
    def log(self) -> TransparencyLog:
        """The transparency log over the store (replaced when a log key rotates)."""
        ...

    @property
    def views(self) -> Views:
        """The projections (read models)."""
        ...

    def catalogue(self) -> Catalogue:
        """The deployment's baseline catalogue, at its latest version (R-LR-2)."""
        ...

    def record_read(
        self, by: Principal, subject_kind: str, subject_id: str, role: str, what: str, reason: str
    ) -> list[Appended]:
        """Record a read by a court or oversight actor in the subject's access stream."""
        ...

"""The screens each role works on, and the home page a role opens on (ADR 0006).

Every screen module declares its entries here when imported (``entry``); the navigation bar
shows the entries of the roles the person holds, and ``/`` opens the first of them in
``Role`` order — an officer lands on their cases, a reviewer on the review queue, a village
worker on the children's ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.records.actors import Role
from infra.principal import Principal


@dataclass(frozen=True)
class Entry:
    """One screen in the navigation bar."""

    path: str
    label: str
    roles: frozenset[Role]
    order: int


ENTRIES: list[Entry] = []
ROLE_ORDER = list(Role)


def entry(path: str, label: str, *roles: Role, order: int = 100) -> None:
    """Declare a screen for ``roles`` (once per path)."""
    if any(e.path == path for e in ENTRIES):
        raise ValueError(f"screen {path} declared twice")
    ENTRIES.append(Entry(path, label, frozenset(roles), order))
    ENTRIES.sort(key=lambda e: e.order)


def for_principal(principal: Principal) -> list[Entry]:
    """The screens of the roles ``principal`` holds, in order."""
    return [e for e in ENTRIES if not e.roles.isdisjoint(principal.roles)]


def home_of(principal: Principal) -> str:
    """Where ``/`` takes ``principal``: the first screen of its first role (``/me`` if none)."""
    for role in ROLE_ORDER:
        if role in principal.roles:
            for e in ENTRIES:
                if role in e.roles:
                    return e.path
    return "/me"

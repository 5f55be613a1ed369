"""``domain/`` stays pure: no web, database, CLI or persistence imports (DESIGN §1).

import-linter checks the top-level packages (``make lint``); this test also forbids the
I/O modules of ``eventsourcing`` itself, which import-linter cannot name.
"""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
FORBIDDEN = (
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "psycopg_pool",
    "sqlite3",
    "httpx",
    "typer",
    "tqdm",
    "pydantic_settings",
    "eventsourcing.application",
    "eventsourcing.persistence",
    "eventsourcing.postgres",
    "eventsourcing.sqlite",
    "infra",
    "api",
    "projections",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_no_io_library() -> None:
    """No module in domain/ imports a web, database, CLI or persistence module."""
    offenders = {
        f"{path.name}: {name}"
        for path in DOMAIN.rglob("*.py")
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert offenders == set()


def test_the_verifier_imports_nothing_from_the_aggregates() -> None:
    """domain/proof/verify.py (the offline verifier) needs only the envelope code."""
    names = imported_modules(DOMAIN / "proof" / "verify.py")
    assert not any(n.startswith("eventsourcing") or n == "domain.records.aggregate" for n in names)


def test_the_proof_room_imports_only_itself_the_standard_library_and_cryptography() -> None:
    """domain/proof could ship alone: no records, no eventsourcing, no third-party library
    but ``cryptography`` (import-linter checks the same in ``make lint``)."""
    import sys

    offenders = set()
    for path in (DOMAIN / "proof").rglob("*.py"):
        for name in imported_modules(path):
            top = name.split(".")[0]
            if name == "domain.proof" or name.startswith("domain.proof."):
                continue
            if top in sys.stdlib_module_names or top in {"__future__", "cryptography"}:
                continue
            offenders.add(f"{path.name}: {name}")
    assert offenders == set()

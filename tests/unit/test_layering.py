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


ROOT = DOMAIN.parent
LAYERS = ("api", "infra", "projections", "domain")
"""Top to bottom: a package imports only packages below it (DESIGN §1)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports, anywhere in it: at the top, inside a
    function, or under ``TYPE_CHECKING`` (a lazy or type-only import is still an arrow)."""
    paths = {module_name(p): p for layer in LAYERS for p in (ROOT / layer).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_ours_is_in_an_import_circle() -> None:
    """No two modules of domain/, projections/, infra/ or api/ import each other, even
    lazily or for types only: the application composes its services and hands them a
    ``Context`` (``infra/context.py``); they never import it back."""
    assert cycles(import_graph()) == []


def test_the_cycle_finder_names_a_circle_through_a_lazy_or_type_only_import() -> None:
    """The finder sees the circle the application and its services once made."""
    graph = {
        "infra.application": {"infra.cases", "infra.store"},
        "infra.cases": {"infra.application", "infra.store"},
        "infra.store": set(),
    }
    assert cycles(graph) == [["infra.application", "infra.cases"]]


def test_imports_point_only_down_the_layers() -> None:
    """api → infra → projections → domain: nothing imports a package above it."""
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    upward = {
        f"{importer} -> {imported}"
        for importer, targets in import_graph().items()
        for imported in targets
        if rank[imported.split(".")[0]] < rank[importer.split(".")[0]]
    }
    assert upward == set()

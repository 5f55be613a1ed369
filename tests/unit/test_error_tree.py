"""One error tree (issue 12): every error the domain raises descends from JianzhengError,
has its own stable ``code``, and the trees drawn in the docstrings of
``domain/records/errors.py`` and ``domain/records/children/errors.py`` are the classes as
they are.

When a class is added, the failing test prints the tree to paste into the docstring.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import pkgutil
import re

import domain
from api.problems import STATUS_BY_ERROR
from domain.proof.errors import JianzhengError
from domain.records import errors
from domain.records.children import errors as children_errors

ROOT = pathlib.Path(__file__).resolve().parents[2]

VERIFIER_STEP_ERRORS = {
    "domain.proof.chain.EnvelopeError",
    "domain.proof.checkpoint.NoteError",
    "domain.proof.merkle.ProofError",
    "domain.proof.note.KeyFormatError",
}
"""The offline verifier's own ``ValueError``s (the proof room, which may be lifted out alone,
names the failing step with them); the records room turns them into tree errors."""

SHARED_CODES = {"legal-review-required": {"DecisionRefused", "LegalReviewRequired"}}
"""A code two classes carry: ``DecisionRefused`` is the base of the gate's refusals and is
never raised itself (checked below); its default refusal ``LegalReviewRequired`` carries the
code the base had before it had subclasses. Codes never change, so both keep it."""


def _modules() -> list[object]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(domain.__path__, "domain.")
    ]


def error_classes() -> list[type[JianzhengError]]:
    """Every class of the tree the domain defines, each once."""
    found: dict[type[JianzhengError], None] = {}
    for module in _modules():
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, JianzhengError):
                found[value] = None
    return list(found)


def test_every_exception_the_domain_defines_descends_from_jianzheng_error() -> None:
    """Besides the verifier's step errors, every exception class in domain/ is in the tree."""
    outside = set()
    for module in _modules():
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == getattr(module, "__name__", None)
                and not issubclass(value, JianzhengError)
            ):
                outside.add(f"{value.__module__}.{value.__qualname__}")
    assert outside == VERIFIER_STEP_ERRORS


def test_every_error_class_has_its_own_code() -> None:
    """No two classes share a code but the one documented pair, whose base is never raised."""
    by_code: dict[str, set[str]] = {}
    for cls in error_classes():
        assert "code" in vars(cls), f"{cls.__name__} inherits its code"
        by_code.setdefault(cls.code, set()).add(cls.__name__)
    shared = {code: names for code, names in by_code.items() if len(names) > 1}
    assert shared == SHARED_CODES
    for path in (ROOT / "domain").rglob("*.py"):
        raised = [
            line
            for line in path.read_text("utf-8").splitlines()
            if "DecisionRefused(" in line and not line.startswith("class ")
        ]
        assert not raised, path


def _parent(cls: type[JianzhengError]) -> type[JianzhengError] | None:
    for base in cls.__bases__:
        if issubclass(base, JianzhengError):
            return base
    return None


def draw(shown: list[type[JianzhengError]]) -> str:
    """The tree of ``shown`` (with their ancestors), children in alphabetical order: name,
    code, and the HTTP status where ``api/problems.py`` sets one."""
    nodes = set(shown)
    for cls in shown:
        parent = _parent(cls)
        while parent is not None:
            nodes.add(parent)
            parent = _parent(parent)
    status = dict(STATUS_BY_ERROR)
    rows: list[tuple[str, type[JianzhengError]]] = []

    def walk(cls: type[JianzhengError], prefix: str, lead: str) -> None:
        rows.append((lead + cls.__name__, cls))
        kids = sorted((c for c in nodes if _parent(c) is cls), key=lambda c: c.__name__)
        for n, kid in enumerate(kids):
            last = n == len(kids) - 1
            walk(kid, prefix + ("    " if last else "│   "), prefix + ("└── " if last else "├── "))

    walk(JianzhengError, "", "")
    width = max(len(text) for text, _ in rows) + 2
    code_width = max(len(cls.code) for _, cls in rows) + 2
    lines = []
    for text, cls in rows:
        line = f"{text:<{width}}{cls.code}"
        if cls in status:
            line = f"{line:<{width + code_width}}({status[cls]})"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _drawn_in(doc: str) -> str:
    """The tree block of a docstring: the indented lines after its ``::`` line."""
    block = doc.split("::\n", 1)[1]
    lines = []
    for line in block.split("\n")[1:]:
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).strip("\n")


def test_the_tree_drawn_in_records_errors_is_the_tree() -> None:
    """domain/records/errors.py draws every class of the tree but the children's."""
    shown = [c for c in error_classes() if c.__module__ != children_errors.__name__]
    expected = draw(shown)
    assert _drawn_in(errors.__doc__ or "") == expected, "\n" + expected


def test_the_tree_drawn_in_children_errors_is_its_branch() -> None:
    """domain/records/children/errors.py draws its classes where they grow on the tree."""
    shown = [c for c in error_classes() if c.__module__ == children_errors.__name__]
    expected = draw(shown)
    assert _drawn_in(children_errors.__doc__ or "") == expected, "\n" + expected
    assert re.search(r"children/errors\.py", errors.__doc__ or "")

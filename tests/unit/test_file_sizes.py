"""No source file grows past 600 lines without saying why at its top.

A long module is one a newcomer cannot read by its name. A file under ``domain/``,
``infra/``, ``api/`` or ``projections/`` longer than :data:`LIMIT` lines carries, within
its first :data:`HEAD_LINES` lines, a comment that starts with :data:`MARKER` and gives
the reason — for instance that it is one algorithm read top to bottom, naming the RFC or
spec sections it follows (``domain/proof/merkle.py``), or one SQL protocol
(``infra/ledger.py``). Anything else is split into modules named for what they hold.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "infra", "api", "projections")
LIMIT = 600
HEAD_LINES = 15
MARKER = "# Long because:"


def long_files_without_a_reason(root: Path) -> list[str]:
    """Files over ``LIMIT`` lines under ``root``'s packages with no ``MARKER`` at the top."""
    offenders = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            if len(lines) <= LIMIT:
                continue
            head = lines[:HEAD_LINES]
            reason = next((line for line in head if line.startswith(MARKER)), None)
            if reason is None or not reason[len(MARKER) :].strip():
                offenders.append(f"{path.relative_to(root).as_posix()} ({len(lines)} lines)")
    return offenders


def test_every_source_file_over_600_lines_says_why_at_its_top() -> None:
    """A file over 600 lines carries ``# Long because: …`` in its first 15 lines."""
    assert long_files_without_a_reason(ROOT) == []


def test_a_long_file_without_a_reason_is_named_and_one_with_a_reason_is_not(
    tmp_path: Path,
) -> None:
    """The check fails on a long file lacking the marker, an empty reason or a late one."""
    (tmp_path / "infra").mkdir()
    body = ["x = 1"] * (LIMIT + 1)
    (tmp_path / "infra" / "short.py").write_text("\n".join(body[:LIMIT]))
    (tmp_path / "infra" / "bare.py").write_text("\n".join(body))
    (tmp_path / "infra" / "empty.py").write_text("\n".join([MARKER, *body]))
    (tmp_path / "infra" / "late.py").write_text(
        "\n".join([*body[:HEAD_LINES], f"{MARKER} x", *body])
    )
    (tmp_path / "infra" / "said.py").write_text("\n".join([f"{MARKER} one RFC", *body]))
    assert long_files_without_a_reason(tmp_path) == [
        f"infra/bare.py ({LIMIT + 1} lines)",
        f"infra/empty.py ({LIMIT + 2} lines)",
        f"infra/late.py ({LIMIT + HEAD_LINES + 2} lines)",
    ]

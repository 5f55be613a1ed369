"""Where the time goes: a short cProfile of a workload whose target was missed."""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("domain/", "infra/", "projections/", "api/")
"""Where Jianzheng's own code lives (relative to the repository)."""

_ROOTS = sorted(
    {str(Path(p).resolve()) + "/" for p in [str(REPO), *sys.path] if p and Path(p).is_dir()},
    key=len,
    reverse=True,
)

Entry = tuple[str, int, float, float]
"""(function, calls, own seconds, inclusive seconds)."""


def _short(filename: str) -> str:
    """A file name relative to the import path it was found on."""
    for root in _ROOTS:
        if filename.startswith(root):
            return filename[len(root) :]
    return filename


def _entries(profiler: cProfile.Profile) -> list[Entry]:
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    out = []
    for (filename, line, name), (_, calls, own, inclusive, _) in raw.items():
        where = name if filename == "~" else f"{_short(filename)}:{line}({name})"
        out.append((where, calls, own, inclusive))
    return out


def profile(fn: Callable[[], object], limit: int = 12) -> str:
    """Run ``fn`` under cProfile (this thread only) and summarise it as text.

    Two lists: Jianzheng's own functions by inclusive time (which step of ours costs
    what), then every function by own time (what the time is finally spent on).
    Columns: share of the profiled time spent in the function itself, share including
    what it calls, and the number of calls.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    entries = _entries(profiler)
    # Own times add up to the profiled time; an outer call's inclusive time can exceed
    # that sum by the profiler's own overhead, so take the larger as 100 %.
    total = max([sum(e[2] for e in entries), *(e[3] for e in entries)]) or 1.0

    def table(title: str, chosen: list[Entry]) -> list[str]:
        lines = [title, f"{'own':>6} {'incl.':>6} {'calls':>9}  function"]
        for where, calls, own, inclusive in chosen[:limit]:
            lines.append(
                f"{100 * own / total:5.1f}% {100 * inclusive / total:5.1f}% {calls:>9}  {where}"
            )
        return lines

    ours = [e for e in entries if e[0].startswith(PROJECT_PACKAGES)]
    return "\n".join(
        [
            f"profiled time: {total:.2f} s",
            "",
            *table("Jianzheng's functions, by inclusive time:", sorted(ours, key=lambda e: -e[3])),
            "",
            *table("All functions, by own time:", sorted(entries, key=lambda e: -e[2])),
        ]
    )

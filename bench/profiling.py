"""Where the time goes: a short cProfile of a workload whose target was missed."""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path

_ROOTS = sorted(
    {str(Path(p).resolve()) + "/" for p in sys.path if p and Path(p).is_dir()},
    key=len,
    reverse=True,
)


def _short(filename: str) -> str:
    """A file name relative to the import path it was found on."""
    for root in _ROOTS:
        if filename.startswith(root):
            return filename[len(root) :]
    return filename


def profile(fn: Callable[[], object], limit: int = 14) -> str:
    """Run ``fn`` under cProfile (this thread only); the top functions by own time.

    Columns: share of the profiled time spent in the function itself, share including
    what it calls, number of calls, and the function.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in entries.values()) or 1.0
    ranked = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    lines = [f"{'own':>6} {'incl.':>6} {'calls':>9}  function", f"total {total:.2f} s (profiled)"]
    for (filename, line, name), (_, calls, own, cumulative, _) in ranked:
        where = name if filename == "~" else f"{_short(filename)}:{line}({name})"
        lines.append(
            f"{100 * own / total:5.1f}% {100 * cumulative / total:5.1f}% {calls:>9}  {where}"
        )
    return "\n".join(lines)

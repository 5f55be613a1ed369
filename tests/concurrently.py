"""Run pieces of work in threads released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def run_together(works: list[Callable[[], Any]]) -> list[Any]:
    """Run each work in its own thread, released at once; results (or errors) in order."""
    barrier = threading.Barrier(len(works))
    results: list[Any] = [None] * len(works)

    def body(i: int) -> None:
        barrier.wait()
        try:
            results[i] = works[i]()
        except Exception as exc:  # the caller inspects what each work got
            results[i] = exc

    threads = [threading.Thread(target=body, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results

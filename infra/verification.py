"""Verifying a whole store: every hash and link of every stream, the transparency log
over them, and every registered evidence blob (spec §1.5 and §9, R-AV-4).

The offline verifier of a bundle is ``domain.proof.verify``; this is the same check run
over the live store, in one pass in commit order.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

from domain.proof.verify import PAGE_ROWS, ChainScanner, Report, StoredRow, pages
from infra.blobs import BlobStore
from infra.log import TransparencyLog
from infra.store import EventStore


def verify_store(
    store: EventStore,
    log: TransparencyLog,
    blob_store: BlobStore,
    progress: Callable[[int], None] | None = None,
    *,
    deep: bool = False,
    blobs: bool = True,
) -> Report:
    """Recompute every hash and link of every stream; re-hash every registered blob.

    One pass over the stored rows, in commit order, feeds the chain scanner (spec
    §1.5), the log scanner (spec §9, which reads the leaves beside the rows) and the
    blob check; only the rows of broken streams are read again, to name each break.
    """
    report = Report()
    chains = ChainScanner(store.open_body, deep=deep)
    scanner = log.scanner(report)

    def feed(rows: Iterator[StoredRow]) -> int | None:
        last = None
        for page in pages(rows):
            chains.feed_page(page)
            scanner.feed(page)
            if blobs:
                _verify_blobs(store, blob_store, page, report)
            if progress is not None:
                progress(len(page))
            last = page[-1].position
        return last

    with _long_lived_objects_frozen():
        last = feed(store.rows(batch=PAGE_ROWS))
        # On a live store the leaves read last may belong to rows committed after the
        # pass read its last page: read those rows too before calling a leaf unmatched.
        while scanner.leaves_left() and last is not None:
            more = feed(store.rows(batch=PAGE_ROWS, after=last))
            if more is None:
                break
            last = more
        scanner.finish()
        if chains.broken:
            report.breaks = chains.breaks(store.rows())
    report.events, report.streams, report.bytes = chains.events, chains.streams, chains.bytes
    if report.ok:
        # The log vouches for every stream again: checkpoints may be signed (DESIGN §9).
        log.clear_alarms()
    return report


def _verify_blobs(
    store: EventStore, blob_store: BlobStore, rows: list[StoredRow], report: Report
) -> None:
    """Every registered evidence blob is present and hashes to its name (R-AV-4)."""
    for row in [row for row in rows if row.topic == "evidence.Registered"]:
        try:
            data = store.envelope(row).data
        except ValueError:
            continue  # an undecodable row is already a chain break
        report.blobs_checked += 1
        problem = blob_store.check(str(data["sha256"]), int(data["size"]))
        if problem is not None:
            report.blob_problems.append(
                {
                    "sha256": data["sha256"],
                    "problem": problem,
                    "stream": row.stream,
                    "position": row.position,
                }
            )


@contextlib.contextmanager
def _long_lived_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector's full passes off the objects that existed before.

    A verify allocates millions of short-lived rows; the collector promotes some of
    each page, and every few pages walks the whole heap — the application's tens of
    thousands of long-lived objects — which cost verify about a sixth of its time.
    Frozen (``gc.freeze``), those objects are skipped until the verify ends. Nothing
    is done if something else in the process froze objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

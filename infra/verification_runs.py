"""Runs of the whole-store verification: who started one, how far it got, what it found.

Oversight bodies and admins see the last run on their screens and start a new one there
(``api/web/log_health.py``); ``GET /v1/verification`` and ``jianzheng verify`` record their
runs here too, so "the last verification" is the last one however it was started. The check
itself is ``infra.verification.verify_store`` (``Jianzheng.verify``), unchanged.

A run started from a screen works in a background thread, since a large store takes minutes:
its row is written when it starts, its count of events checked about once a second while it
works (the beat), and its report when it ends. A run whose process died stops beating; after
:data:`STALE_SECONDS` without a beat it is shown as interrupted and a new run may start.

Runs are kept in a table beside the events, not as events: a run changes nothing in the
record, and a verification that appended to the log it checks would never see a still log.
Only oversight and admin start one (as the API's route allows), and the console operator.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.proof.verify import Report
from domain.records.actors import Role
from domain.records.errors import NotFound
from infra.principal import Principal, require_role
from infra.sql import Database

RUNS_TABLE = "jz_verification_runs"

VERIFIERS = (Role.OVERSIGHT, Role.ADMIN)
"""Who may verify the whole store (as ``GET /v1/verification``)."""

STALE_SECONDS = 120
"""A run that has not beaten for this long is taken as interrupted (its process ended)."""

BEAT_SECONDS = 1.0
"""How often a working run writes how far it got."""

SHOWN_PROBLEMS = 20
"""How many breaks and problems of each kind a run's stored report keeps (the counts are
complete; ``jianzheng verify`` lists every one)."""

Verify = Callable[..., Report]


@dataclass(frozen=True)
class VerificationRun:
    """One run: who started it and how (``screen``, ``api``, ``cli``), how far it got, and —
    once finished — whether everything held and the report's summary. Times in seconds
    since the epoch."""

    run_id: str
    started_by: str
    via: str
    started_at: float
    beat_at: float
    finished_at: float | None
    checked: int
    total: int
    ok: bool | None
    report: dict[str, Any] | None
    error: str | None

    def state(self, now: float | None = None) -> str:
        """``running``, ``finished`` (with a report), ``failed`` (the check itself could not
        run to its end) or ``interrupted`` (its process stopped beating)."""
        if self.finished_at is not None:
            return "failed" if self.error is not None else "finished"
        moment = time.time() if now is None else now
        return "interrupted" if moment - self.beat_at > STALE_SECONDS else "running"


def _now_us() -> int:
    """Now, in microseconds since the epoch (runs started in one second stay in order)."""
    return time.time_ns() // 1000


def summary(report: Report) -> dict[str, Any]:
    """What a run keeps of a report: every count, and the first problems of each kind."""
    whole = report.as_dict()
    kept = {k: whole[k] for k in ("ok", "events", "streams", "bytes", "blobs_checked",
                                  "leaves_checked", "checkpoints_checked")}  # fmt: skip
    for member in ("breaks", "blob_problems", "log_problems"):
        kept[member] = whole[member][:SHOWN_PROBLEMS]
        kept[f"{member}_count"] = len(whole[member])
    return kept


class VerificationRuns:
    """See the module docstring."""

    def __init__(self, db: Database, verify: Verify, total: Callable[[], int]) -> None:
        self.db = db
        self._verify = verify
        self._total = total
        self._starting = threading.Lock()
        with self.db.transaction() as cur:
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {RUNS_TABLE} ("
                " run_id TEXT PRIMARY KEY, started_by TEXT NOT NULL, via TEXT NOT NULL,"
                " started_us BIGINT NOT NULL, beat_us BIGINT NOT NULL, finished_us BIGINT,"
                " checked BIGINT NOT NULL, total BIGINT NOT NULL, ok INTEGER, report TEXT,"
                " error TEXT)"
            )

    # -- running ------------------------------------------------------------------------

    def run(
        self,
        by: Principal,
        *,
        via: str,
        progress: Callable[[int], None] | None = None,
        deep: bool = False,
    ) -> Report:
        """Verify the whole store now, in this thread, recording the run (oversight, admin,
        or the console operator)."""
        require_role(by, *VERIFIERS)
        run_id = self._insert(by.actor_id, via)
        return self._work(run_id, progress, deep=deep)

    def start(self, by: Principal, *, via: str = "screen") -> VerificationRun:
        """Start a run in a background thread and return it at once; while another run is
        still working, return that one instead of starting a second."""
        require_role(by, *VERIFIERS)
        with self._starting:
            live = self.live()
            if live is not None:
                return live
            run_id = self._insert(by.actor_id, via)
        worker = threading.Thread(
            target=self._work_quietly, args=(run_id,), name=f"verify-{run_id[:8]}", daemon=True
        )
        worker.start()
        return self.get(run_id)

    def _work_quietly(self, run_id: str) -> None:
        # The failure is kept in the run's row (``error``), where the screen shows it.
        with contextlib.suppress(Exception):
            self._work(run_id, None)

    def _work(
        self, run_id: str, progress: Callable[[int], None] | None, *, deep: bool = False
    ) -> Report:
        checked = 0
        last_beat = time.monotonic()

        def advance(rows: int) -> None:
            nonlocal checked, last_beat
            checked += rows
            if progress is not None:
                progress(rows)
            if time.monotonic() - last_beat >= BEAT_SECONDS:
                last_beat = time.monotonic()
                self._beat(run_id, checked)

        try:
            report = self._verify(progress=advance, deep=deep)
        except Exception as exc:
            self._finish(run_id, checked, None, f"{type(exc).__name__}: {exc}")
            raise
        self._finish(run_id, report.events, report, None)
        return report

    def shown_to(self, by: Principal) -> tuple[VerificationRun | None, VerificationRun | None]:
        """What ``by`` (oversight, admin) is shown: the last run started, and the last run
        that ended with a report (the same one once it finished)."""
        require_role(by, *VERIFIERS)
        return self.latest(), self.latest(finished=True)

    # -- the table ------------------------------------------------------------------------

    def _insert(self, started_by: str, via: str) -> str:
        run_id = str(uuid.uuid4())
        now = _now_us()
        total = self._total()
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"INSERT INTO {RUNS_TABLE} (run_id, started_by, via, started_us, beat_us,"  # noqa: S608
                    " checked, total) VALUES (?, ?, ?, ?, ?, 0, ?)"
                ),
                (run_id, started_by, via, now, now, total),
            )
        return run_id

    def _beat(self, run_id: str, checked: int) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"UPDATE {RUNS_TABLE} SET beat_us = ?, checked = ? WHERE run_id = ?"  # noqa: S608
                ),
                (_now_us(), checked, run_id),
            )

    def _finish(self, run_id: str, checked: int, report: Report | None, error: str | None) -> None:
        now = _now_us()
        kept = None if report is None else json.dumps(summary(report), ensure_ascii=False)
        ok = None if report is None else int(report.ok)
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"UPDATE {RUNS_TABLE} SET beat_us = ?, finished_us = ?, checked = ?,"  # noqa: S608
                    " ok = ?, report = ?, error = ? WHERE run_id = ?"
                ),
                (now, now, checked, ok, kept, error, run_id),
            )

    _COLUMNS = (
        "run_id, started_by, via, started_us, beat_us, finished_us, checked, total, ok,"
        " report, error"
    )

    @staticmethod
    def _run(row: Any) -> VerificationRun:
        run_id, by, via, started, beat, finished, checked, total, ok, report, error = row
        return VerificationRun(
            run_id=str(run_id),
            started_by=str(by),
            via=str(via),
            started_at=int(started) / 1e6,
            beat_at=int(beat) / 1e6,
            finished_at=None if finished is None else int(finished) / 1e6,
            checked=int(checked),
            total=int(total),
            ok=None if ok is None else bool(ok),
            report=None if report is None else json.loads(report),
            error=error,
        )

    def get(self, run_id: str) -> VerificationRun:
        """One run by its id."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(f"SELECT {self._COLUMNS} FROM {RUNS_TABLE} WHERE run_id = ?"),  # noqa: S608
                (run_id,),
            )
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"no verification run {run_id}")
        return self._run(row)

    def latest(self, *, finished: bool = False) -> VerificationRun | None:
        """The run started last (``finished``: the last one that ended with a report)."""
        where = " WHERE report IS NOT NULL" if finished else ""
        with self.db.transaction() as cur:
            cur.execute(
                f"SELECT {self._COLUMNS} FROM {RUNS_TABLE}{where}"  # noqa: S608
                " ORDER BY started_us DESC, run_id DESC LIMIT 1"
            )
            row = cur.fetchone()
        return None if row is None else self._run(row)

    def live(self) -> VerificationRun | None:
        """The run working now, if one is (started and beating, not finished)."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    f"SELECT {self._COLUMNS} FROM {RUNS_TABLE}"  # noqa: S608
                    " WHERE finished_us IS NULL AND beat_us >= ?"
                    " ORDER BY started_us DESC, run_id DESC LIMIT 1"
                ),
                (_now_us() - STALE_SECONDS * 1_000_000,),
            )
            row = cur.fetchone()
        return None if row is None else self._run(row)

"""``python -m bench [--quick] …``: run the benchmarks, print the table, write the report."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType

from bench import append, http, proofs, rebuild, screens, verify
from bench.core import FULL, QUICK, Mode, Recorder, Results, say, timed
from bench.dataset import CaseRows, bulk_load
from bench.report import SECTIONS, Environment, machine_facts, markdown, text_table
from bench.stores import BACKENDS, DEFAULT_POSTGRES_URL, Workspace, check_postgres
from infra.application import Jianzheng

DEFAULT_REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
NAMES = [name for _, name, _, _ in SECTIONS]


def _choices(text: str, allowed: Sequence[str], what: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(chosen) - set(allowed))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"{what}: choose from {', '.join(allowed)}")
    return [a for a in allowed if a in chosen]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Jianzheng benchmarks, each beside a baseline measured in the same run.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller data sets: under two minutes on 2 cores"
    )
    parser.add_argument(
        "--backends",
        type=lambda t: _choices(t, BACKENDS, "--backends"),
        default=list(BACKENDS),
        help="comma-separated: sqlite,postgres (default both)",
    )
    parser.add_argument(
        "--only",
        type=lambda t: _choices(t, NAMES, "--only"),
        default=NAMES,
        help=f"comma-separated benchmarks: {','.join(NAMES)} (default all)",
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="maintenance URL of a server where jz_bench_* databases may be created "
        "(default: $JIANZHENG_TEST_POSTGRES_URL or the local server)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="Markdown report to write (default: docs/benchmarks.md, when every benchmark "
        "ran on every backend)",
    )
    parser.add_argument("--json", type=Path, help="also write every value as a pyperf suite")
    parser.add_argument(
        "--no-profile", action="store_true", help="do not profile benchmarks that miss a target"
    )
    return parser.parse_args(argv)


class DataStores:
    """The bulk-loaded case-event stores, one per backend, grown through the data sizes."""

    def __init__(self, workspace: Workspace, backends: list[str], mode: Mode) -> None:
        self.workspace = workspace
        self.backends = backends
        self.mode = mode
        self.apps = {b: workspace.app(b, "data") for b in backends}
        self._rows = CaseRows(self.apps[backends[0]].store.mapper)
        self._small: dict[str, Jianzheng] = {}

    def grow_to(self, size: int) -> None:
        """Generate the missing events once and load them into every backend's store."""
        sizes = {b: app.log.size() for b, app in self.apps.items()}
        current = sizes[self.backends[0]]
        if set(sizes.values()) != {current}:
            raise RuntimeError(f"the data stores differ in size: {sizes}")
        seconds, rows = timed(lambda: self._rows.take(size - current))
        say(f"data: generated {len(rows):,} chained case events in {seconds:.1f} s")
        for backend, app in self.apps.items():
            seconds, _ = timed(partial(bulk_load, app, rows))
            say(f"data: loaded them into {backend} in {seconds:.1f} s")

    def small(self, backend: str) -> Callable[[], Jianzheng]:
        """A getter for a small store of ``mode.profile_events`` events (made on first use)."""

        def get() -> Jianzheng:
            if backend not in self._small:
                app = self.workspace.app(backend, "profile")
                bulk_load(
                    app, CaseRows(app.store.mapper).take(self.mode.profile_events - app.log.size())
                )
                self._small[backend] = app
            return self._small[backend]

        return get

    def close(self) -> None:
        """Close every application."""
        for app in [*self.apps.values(), *self._small.values()]:
            app.close()


def run_data_benchmarks(
    workspace: Workspace,
    backends: list[str],
    only: list[str],
    mode: Mode,
    recorder: Recorder,
    results: Results,
) -> None:
    """Verify, rebuild and proofs, on stores grown through the sizes they need."""
    wanted: dict[int, set[str]] = {}
    if "verify" in only:
        for size in mode.verify_sizes:
            wanted.setdefault(size, set()).add("verify")
    if "rebuild" in only:
        wanted.setdefault(mode.rebuild_size, set()).add("rebuild")
    if "proofs" in only:
        wanted.setdefault(mode.proof_leaves, set()).add("proofs")
    stores = DataStores(workspace, backends, mode)
    try:
        for size in sorted(wanted):
            stores.grow_to(size)
            for backend, app in stores.apps.items():
                small = stores.small(backend)
                if "verify" in wanted[size]:
                    verify.run(app, backend, size, mode, recorder, results, small)
                if "rebuild" in wanted[size]:
                    rebuild.run(app, backend, size, mode, recorder, results, small)
                if "proofs" in wanted[size]:  # last: signing appends events
                    proofs.run(app, backend, mode, recorder, results)
    finally:
        stores.close()


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; 0 when they ran (targets missed or not), 2 when they could not."""
    args = parse_args(argv)
    # A plain `kill` should still drop the temporary databases and directory.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    mode = QUICK if args.quick else FULL
    postgres = "postgres" in args.backends
    if postgres and (problem := check_postgres(args.postgres_url)):
        print(problem, file=sys.stderr)
        return 2
    started = time.perf_counter()
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    workspace = Workspace(args.postgres_url if postgres else None)
    facts = machine_facts(workspace.postgres_version() if postgres else None)
    recorder = Recorder({f"bench_{k.lower()}": v for k, v in facts} | {"bench_mode": mode.name})
    results = Results(profiling=not args.no_profile)
    say(f"Jianzheng benchmarks, {mode.name} mode, backends {', '.join(args.backends)}")
    try:
        if "append" in args.only:
            say("append throughput …")
            append.run(workspace, args.backends, mode, recorder, results)
        if "http" in args.only:
            say("HTTP load …")
            http.run(workspace, args.backends, mode, recorder, results)
        if "screens" in args.only:
            say("screens beside the JSON API …")
            screens.run(workspace, args.backends, mode, recorder, results)
        if set(args.only) - {"append", "http", "screens"}:
            run_data_benchmarks(workspace, args.backends, args.only, mode, recorder, results)
    finally:
        workspace.close()
    seconds = time.perf_counter() - started
    print(text_table(results.rows))
    print(f"\n{mode.name} run: {seconds:.0f} s")
    command = "python -m bench" + (" --quick" if args.quick else "")
    env = Environment(date, mode, seconds, command, facts)
    report = args.report
    if report is None and set(args.only) == set(NAMES) and set(args.backends) == set(BACKENDS):
        report = DEFAULT_REPORT
    if report is not None:
        report.write_text(markdown(env, results), encoding="utf-8")
        say(f"report written to {report}")
    if args.json is not None:
        recorder.dump(args.json)
        say(f"pyperf suite written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

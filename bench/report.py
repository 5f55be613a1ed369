"""The results as a plain-text table (standard output) and as ``docs/benchmarks.md``.

Each benchmark section of the Markdown report is introduced by its module's docstring,
so the description of what is measured cannot drift from the code that measures it.
"""

from __future__ import annotations

import os
import platform
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType

from bench import append, http, proofs, rebuild, screens, verify
from bench.core import FULL, QUICK, Mode, Results, Row, Table

SECTIONS: tuple[tuple[str, str, ModuleType, tuple[str, ...]], ...] = (
    ("1. Append throughput", "append", append, ("append",)),
    ("2. Verify throughput", "verify", verify, ("verify",)),
    ("3. Projection rebuild", "rebuild", rebuild, ("rebuild",)),
    ("4. Proofs and checkpoints", "proofs", proofs,
     ("proof inclusion", "proof consistency", "checkpoint")),
    ("5. HTTP load", "http", http, ("http",)),
    ("6. Screens beside the JSON API", "screens", screens, ("screens",)),
)  # fmt: skip
"""(title, command-line name, module, row sections)."""


@dataclass(frozen=True)
class Environment:
    """Where and with what a run was made."""

    date: str
    mode: Mode
    seconds: float
    command: str
    facts: list[tuple[str, str]]


def _first_line_with(path: str, prefix: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return "unknown"
    return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(prefix)), "unknown")


def machine_facts(postgres_version: str | None) -> list[tuple[str, str]]:
    """nproc, CPU model, memory, and the versions of everything measured."""
    memory_kb = _first_line_with("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(memory_kb) / 1024**2:.1f} GiB" if memory_kb.isdigit() else "unknown"
    return [
        ("nproc", str(len(os.sched_getaffinity(0)))),
        ("CPU", _first_line_with("/proc/cpuinfo", "model name")),
        ("memory", memory),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("eventsourcing", metadata.version("eventsourcing")),
        ("psycopg", metadata.version("psycopg")),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", postgres_version or "not measured"),
        ("pyperf", metadata.version("pyperf")),
    ]


def _number(value: float, unit: str) -> str:
    if unit == "ms":
        if value >= 100:
            return f"{value:,.0f} ms"
        return f"{value:.2f} ms" if value >= 1 else f"{value:.3f} ms"
    return f"{value:,.0f}/s"


def _cells(row: Row) -> list[str]:
    return [
        row.what,
        row.backend,
        row.scale,
        _number(row.ours, row.unit),
        _number(row.baseline, row.unit),
        f"{row.relative:.2f}×",
        "; ".join(f"{t.text}: {t.verdict}" for t in row.targets) or "—",
    ]


HEADER = ["benchmark", "backend", "scale", "Jianzheng", "baseline", "× baseline", "target"]


def text_table(rows: Sequence[Row]) -> str:
    """An aligned plain-text table (``×`` baseline: below 1, Jianzheng is slower)."""
    table = [HEADER] + [[c.replace("**", "") for c in _cells(r)] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    numeric = {3, 4, 5}
    lines = []
    for n, line in enumerate(table):
        lines.append("  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip())  # fmt: skip
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown_table(rows: Sequence[Row]) -> list[str]:
    out = [
        "| " + " | ".join(HEADER) + " | details |",
        "|---|---|---|--:|--:|--:|---|---|",
    ]
    for row in rows:
        out.append("| " + " | ".join([*_cells(row), row.detail]) + " |")
    return out


def _markdown_grid(table: Table) -> list[str]:
    align = ["--:" if i in table.numeric else "---" for i in range(len(table.header))]
    return [
        "| " + " | ".join(table.header) + " |",
        "|" + "|".join(align) + "|",
        *("| " + " | ".join(row) + " |" for row in table.rows),
    ]


def _docstring(module: ModuleType) -> str:
    """A module's docstring without its summary line (the heading says it), as Markdown."""
    _, _, body = (module.__doc__ or "").strip().partition("\n\n")
    return body.replace("``", "`")


def markdown(env: Environment, results: Results) -> str:
    """The whole of ``docs/benchmarks.md``."""
    minutes, seconds = divmod(round(env.seconds), 60)
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`, suite in `bench/`); do not edit by hand.",
        "Every number stands beside a baseline measured in the same run, on the same machine and",
        "backend; **× baseline** is Jianzheng's speed as a multiple of the baseline's (below 1:",
        "slower). Data sets are generated by the suite in a temporary directory and temporary",
        "PostgreSQL databases, all removed at the end.",
        "",
        "| | |",
        "|---|---|",
        f"| date | {env.date} |",
        f"| mode | `{env.mode.name}` (`{env.command}`) |",
        f"| whole run | {minutes} min {seconds:02d} s |",
        *(f"| {name} | {value} |" for name, value in env.facts),
        "",
    ]
    for title, name, module, sections in SECTIONS:
        rows = [r for r in results.rows if r.section in sections]
        out += [f"## {title}", "", _docstring(module), ""]
        if rows:
            out += [*_markdown_table(rows), ""]
        else:
            out += ["Not measured in this run.", ""]
        for table in results.tables.get(name, []):
            out += [table.caption, "", *_markdown_grid(table), ""]
    out += ["## Targets", "", *_targets(results.rows), ""]
    out += ["## Where the time goes", ""]
    if results.profiles:
        out += [
            "For each benchmark that missed a target, a short workload of the same kind was",
            "run under cProfile (which slows Python code down, so only the shares matter).",
            "`own`: time in the function itself; `incl.`: including what it calls.",
            "",
        ]
        for title, text in results.profiles.items():
            out += [f"### {title}", "", "```", text, "```", ""]
    else:
        out += ["Every target measured in this run was met; nothing was profiled.", ""]
    out += ["## Checks made by this run", "", *(f"- {note}" for note in results.notes), ""]
    out += [
        "## Running it",
        "",
        "```sh",
        "make bench                          # full run (default)",
        "make bench BENCH_ARGS=--quick       # quick run: under two minutes on 2 cores",
        ".venv/bin/python -m bench --help    # --backends, --only, --json FILE, --no-profile …",
        "```",
        "",
        "The quick run measures verify and rebuild at 20,000 events and proofs at 100,000",
        "leaves; the full run verifies 100,000 and 1,000,000 events, rebuilds and proves at",
        "1,000,000, and takes about a quarter of an hour on this machine. The HTTP load runs",
        f"{_levels(QUICK)} clients ({QUICK.http_requests:,} timed requests per load) in the "
        "quick run and",
        f"{_levels(FULL)} clients ({FULL.http_requests:,}) in the full run. A run that measures",
        "only some benchmarks or backends prints its table but leaves this file alone unless",
        "`--report PATH` is given. `--json FILE` also writes every measured value as a",
        "pyperf suite (`python -m pyperf stats FILE`, `python -m pyperf compare_to A B`).",
        "",
    ]
    return "\n".join(out)


def _levels(mode: Mode) -> str:
    *most, last = (str(n) for n in mode.http_clients)
    return f"{', '.join(most)} and {last}" if most else last


def _targets(rows: Sequence[Row]) -> list[str]:
    by_target: dict[str, list[str]] = {}
    for row in rows:
        for target in row.targets:
            by_target.setdefault(target.text, []).append(
                f"{row.what}, {row.backend}, {row.scale}: {target.verdict}"
            )
    if not by_target:
        return ["No target was measured in this run."]
    out = []
    for text, verdicts in by_target.items():
        out.append(f"- **{text}**")
        out += [f"  - {v}" for v in verdicts]
    return out

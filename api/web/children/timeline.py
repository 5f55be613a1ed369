"""A child's file as one timeline: the file's own events, the reports about the child with the
police's and the town's steps, and who of another department read the file (R-GD-9, R-EN-2,
R-EM-1, R-EM-2, R-AC-3).

The file's events come from the shared timeline (``api/web/timeline.py``:
``read_child_timeline`` reads the file through ``ChildService.read_child`` — the same
authority, another department's read recorded with its reason — every event labelled in
Chinese, the actor named with the role they acted in, the recording in Beijing time and the
claimed date beside it, flagged 补录 when entered after the fact). To these the child's screen
adds the reports of the reader's area about the child, from the pipeline ``GET /v1/reports``
lists (never who reported, R-RP-3), and, for the file's keepers, each recorded read of the
file by another department (R-CH-4, R-AC-3) — all in one list, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from api.web.children.words import ALERTS, READ_WHAT, STAGES, TIMELINE, term
from api.web.directory import Directory, beijing
from api.web.labels import role_label
from api.web.timeline import TimelineEntry
from domain.records.actors import Role
from domain.records.reports import is_late

Doc = dict[str, Any]

EMERGENCY_EVENTS = frozenset(
    {"children.TemporaryGuardianshipStarted", "children.GuardianAbsenceRecorded"}
)
"""The file's events that mark an emergency (R-GD-2, R-GD-7), set apart on the timeline."""


@dataclass
class Entry:
    """One line of the child's timeline."""

    at: str
    """When it was recorded (UTC), or for a report's step the time it claims."""
    title: str
    who: str = ""
    day: str | None = None
    """The day or time it took effect or claims, as people read it."""
    lines: list[str] = field(default_factory=list)
    css: str = ""
    late: bool = False
    """Entered after the fact (R-EN-2), by the domain's check."""

    @property
    def shown_at(self) -> str:
        """When, in Beijing time."""
        return beijing(self.at) if self.at else "—"


def from_file(entries: Iterable[TimelineEntry]) -> list[Entry]:
    """The file's own events, as the shared timeline reads them."""
    return [
        Entry(
            at=e.at,
            title=e.label,
            who=e.actor.shown,
            day=e.claimed.shown if e.claimed else None,
            lines=list(e.details),
            css="emergency" if e.event_type in EMERGENCY_EVENTS else "file",
            late=e.late,
        )
        for e in entries
    ]


def _utc(moment: str) -> datetime:
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


STEPS = (
    ("responded_at", "police_responded", Role.POLICE),
    ("town_informed_at", "town_informed", Role.POLICE),
    ("closed_at", "report_closed", None),
)
"""A report's steps with a time, as the pipeline lists them, and who takes each."""


def from_reports(reports: list[Doc]) -> list[Entry]:
    """The reports about the child and the steps taken on them, at the times they claim."""
    entries: list[Entry] = []
    for r in reports:
        number = str(r["report_id"])[:8]
        situations = "、".join(term("situation", s) for s in r.get("situations", []))
        noticed = f"发现时间：{beijing(str(r['noticed_at']))}"
        if is_late(_utc(str(r["noticed_at"])), _utc(str(r["reported_at"]))):
            noticed += f"（{ALERTS['late_report']}）"
        stage = STAGES.get(str(r.get("stage")), str(r.get("stage")))
        entries.append(
            Entry(
                at=str(r["reported_at"]),
                title=f"{TIMELINE['report_filed']}（报告 {number}）",
                who=term("institution_kind", r.get("institution_kind")),
                lines=[f"情形：{situations}", noticed, f"当前阶段：{stage}"],
                css="report",
            )
        )
        for key, kind, role in STEPS:
            if r.get(key):
                entries.append(
                    Entry(
                        at=str(r[key]),
                        title=f"{TIMELINE[kind]}（报告 {number}）",
                        who=role_label(role) if role else "",
                        css="report",
                    )
                )
        if r.get("arranged_on"):
            entries.append(
                Entry(
                    at=f"{r['arranged_on']}T00:00:00+08:00",
                    title=f"{TIMELINE['town_arranged']}（报告 {number}）",
                    who=role_label(Role.TOWN_OFFICE),
                    day=str(r["arranged_on"]),
                    css="report",
                )
            )
    return entries


def from_reads(reads: list[Doc] | None, directory: Directory) -> list[Entry]:
    """Who of another department read the file, in which role and why (R-CH-4, R-AC-3)."""
    return [
        Entry(
            at=str(r.get("at") or ""),
            title=f"{TIMELINE['read']}：{READ_WHAT.get(str(r.get('what')), str(r.get('what')))}",
            who=directory.person(str(r.get("actor")), recorded_role=r.get("role")).shown,
            lines=[f"理由：{r.get('reason', '')}"],
            css="read",
        )
        for r in reads or []
    ]


def _sort_key(at: str) -> str:
    """A time as a UTC string that sorts; an unknown time (a read recorded by an early
    version) sorts first."""
    if not at:
        return ""
    return _utc(at).astimezone(UTC).isoformat()


def timeline(
    file: Doc, entries: Iterable[TimelineEntry], reports: list[Doc], directory: Directory
) -> list[Entry]:
    """Everything, newest first."""
    merged = from_file(entries) + from_reports(reports) + from_reads(file.get("reads"), directory)
    return sorted(merged, key=lambda e: _sort_key(e.at), reverse=True)

"""A child's file as a timeline: every change of guardian, assessment, left-behind entry and
exit, move, visit, the reports about the child and the police's response, and who read the
file — each with when it was recorded (Beijing time), the day it took effect, who recorded it
and in which role (R-GD-9, R-EN-2, R-AS-1, R-EM-1, R-AC-3).

Built from the file the service handed the page (``ChildService.read_child_with_moments``:
the file as it stands, and when and by whom each of its events was recorded), the report
pipeline of the reader's area, and the file's recorded reads. The i-th event of a kind is the
i-th entry of the file's list of that kind (arrangements, assessments …): the file is the
fold of its events in order, so the two line up one to one. No event's data is read: a
corrected personal value is never shown again (R-CH-4).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from api.web.children.words import ALERTS, ARRANGEMENT_KINDS, READ_WHAT, STAGES, TIMELINE, term
from api.web.labels import beijing, role_label
from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import Role
from domain.records.errors import JianzhengError
from domain.records.reports import is_late
from infra.application import Jianzheng

Doc = dict[str, Any]

INSTALLS = frozenset(
    {
        "children.Registered",
        "children.ParentalGuardianshipRecorded",
        "children.GuardianEntrusted",
        "children.GuardianAppointed",
        "children.InstitutionalGuardianshipAssumed",
        "children.TemporaryGuardianshipStarted",
        "children.GuardianAbsenceRecorded",
        "children.ReturnedToGuardian",
        "children.CourtGuardianAppointed",
        "children.GuardianshipRestored",
    }
)
"""The events that install a guardianship arrangement (registration installs the first)."""

RELATION_VOCABULARIES = ("parent_relation", "direct_relative_relation", "temporary_receiver")
"""Where a guardian's relation code finds its Chinese name (free words are shown as given)."""


class Names:
    """Actors' names and roles for a page, each looked up once (actors are public servants
    acting in office: their names are not the children's sealed data)."""

    def __init__(self, jz: Jianzheng) -> None:
        self.jz = jz
        self.found: dict[str, tuple[str, str]] = {}

    def _of(self, actor_id: str | None) -> tuple[str, str]:
        if not actor_id:
            return "—", ""
        if actor_id == SYSTEM_ACTOR:
            return "系统（控制台操作员）", ""
        if actor_id not in self.found:
            try:
                actor = self.jz.get_actor(UUID(actor_id))
                roles = [r for r in Role if r in actor.roles]
                self.found[actor_id] = (actor.name, role_label(roles[0]) if roles else "")
            except (ValueError, JianzhengError):
                self.found[actor_id] = ("未知人员", "")
        return self.found[actor_id]

    def name(self, actor_id: str | None) -> str:
        """The actor's name."""
        return self._of(actor_id)[0]

    def who(self, actor_id: str | None, role: str | None = None) -> str:
        """``name（role）``: the recorded role when known, else the actor's first role."""
        name, first = self._of(actor_id)
        shown = role_label(role) if role else first
        return f"{name}（{shown}）" if shown else name


@dataclass
class Entry:
    """One line of the timeline."""

    at: str
    """When it was recorded (UTC), or for a report's step the time it claims."""
    kind: str
    title: str
    who: str = ""
    day: str | None = None
    """The day it took effect, as recorded (a date has no time zone)."""
    lines: list[str] = field(default_factory=list)
    css: str = ""

    @property
    def shown_at(self) -> str:
        """When, in Beijing time."""
        return beijing(self.at)

    @property
    def late(self) -> bool:
        """Recorded on a later day than it took effect (R-EN-2: late entry stays visible)."""
        return bool(self.day) and bool(self.at) and beijing(self.at)[:10] > str(self.day)


def relation_words(relation: object) -> str:
    """A guardian's relation in Chinese: a code of the law's lists, or the words given."""
    for name in RELATION_VOCABULARIES:
        found = term(name, relation)
        if found != str(relation):
            return found
    return str(relation)


def _arrangement_lines(a: Doc) -> list[str]:
    lines: list[str] = []
    guardian = a.get("guardian") or {}
    if guardian.get("name"):
        lines.append(f"监护人：{guardian['name']}（{relation_words(guardian.get('relation'))}）")
    if a.get("legal_basis"):
        lines.append(f"法律依据：{a['legal_basis']}")
    conditions = a.get("conditions") or {}
    if conditions.get("reason"):
        lines.append(f"原因：{conditions['reason']}")
    if conditions.get("revoked_guardian"):
        lines.append(f"撤销监护人资格：{conditions['revoked_guardian'].get('name', '')}")
    if conditions.get("claimed_effective_on"):
        claimed = conditions["claimed_effective_on"]
        lines.append(f"所填生效日期：{claimed}（早于当前安排，按当前安排生效日记录）")
    for document in a.get("documents") or []:
        digest = str(document.get("sha256", ""))[:12]
        lines.append(f"文书：{document.get('title', '')}（SHA-256 {digest}…）")
    return lines


def _paired(
    moments: list[Doc], types: Iterable[str], items: list[Doc]
) -> Iterator[tuple[str, str, Doc]]:
    """Each item of a list of the file, with when and by whom its event was recorded."""
    wanted = set(types)
    found = [m for m in moments if m["type"] in wanted]
    for index, item in enumerate(items):
        moment = found[index] if index < len(found) else {}
        yield str(moment.get("at", "")), str(moment.get("actor", "")), item


def file_entries(file: Doc, moments: list[Doc], names: Names) -> list[Entry]:
    """The file's own entries."""
    entries: list[Entry] = []
    for at, _, a in _paired(moments, INSTALLS, file["guardianship"]):
        what = TIMELINE["registered" if a.get("previous_no") is None else "arrangement"]
        emergency = a["kind"] in {"temporary", "none_emergency"}
        entries.append(
            Entry(
                at,
                "arrangement",
                f"{what}：{ARRANGEMENT_KINDS.get(a['kind'], a['kind'])}",
                names.who(a.get("recorded_by"), a.get("recorded_role")),
                a.get("effective_on"),
                _arrangement_lines(a),
                "emergency" if emergency else "arrangement",
            )
        )
    for at, _, s in _paired(moments, {"children.AssessmentRecorded"}, file["assessments"]):
        criteria = "、".join(term("assessment_criterion", c) for c in s.get("criteria", []))
        entries.append(
            Entry(
                at,
                "assessment",
                f"{TIMELINE['assessment']}：{term('assessment_result', s['result'])}",
                names.who(s.get("assessed_by")),
                s.get("assessed_on"),
                [
                    f"帮扶方式：{term('help_level', s.get('help_level'))}",
                    f"依据：{criteria}",
                    f"帮扶计划：{s.get('help_plan', '')}",
                ],
            )
        )
    periods: list[Doc] = file.get("left_behind") or []
    for at, actor, p in _paired(moments, {"children.LeftBehindEntered"}, periods):
        parents = p.get("parents") or {}
        line = (
            f"父亲：{term('parent_situation', parents.get('father'))}；"
            f"母亲：{term('parent_situation', parents.get('mother'))}"
        )
        entries.append(
            Entry(
                at,
                "left_behind",
                TIMELINE["left_behind_entered"],
                names.who(actor),
                p.get("entered_on"),
                [line],
            )
        )
    exited = [p for p in periods if p.get("exited_on")]
    for at, actor, p in _paired(moments, {"children.LeftBehindExited"}, exited):
        reason = term("left_behind_exit", p.get("exit_reason"))
        entries.append(
            Entry(
                at,
                "left_behind",
                TIMELINE["left_behind_exited"],
                names.who(actor),
                p.get("exited_on"),
                [f"原因：{reason}"],
            )
        )
    for at, actor, v in _paired(moments, {"children.VisitRecorded"}, file.get("visits") or []):
        entries.append(
            Entry(
                at,
                "visit",
                f"{TIMELINE['visit']}：{term('visit_kind', v.get('visit_kind'))}",
                names.who(actor),
                v.get("visited_on"),
                [str(v.get("summary", ""))],
            )
        )
    for at, actor, h in _paired(moments, {"children.HelperAssigned"}, file.get("helpers") or []):
        helper = h.get("helper") or {}
        line = f"{helper.get('name', '')}（{term('helper_kind', helper.get('kind'))}）"
        entries.append(
            Entry(at, "helper", TIMELINE["helper"], names.who(actor), h.get("assigned_on"), [line])
        )
    moved = {"children.LocationChanged", "children.HouseholdMoved"}
    for at, _, mv in _paired(moments, moved, file.get("moves") or []):
        lines = [
            f"由村(居) {mv['from']['village']} 迁往 {mv['to']['village']}",
            f"原因：{mv.get('reason') or '—'}",
        ]
        entries.append(
            Entry(
                at,
                "move",
                TIMELINE["move"],
                names.who(mv.get("recorded_by")),
                mv.get("moved_on"),
                lines,
            )
        )
    corrections = file.get("corrections") or []
    for at, _, c in _paired(moments, {"children.PersonalDataCorrected"}, corrections):
        entries.append(
            Entry(
                at,
                "correction",
                f"{TIMELINE['correction']}：{term('correctable_field', c.get('field'))}",
                names.who(c.get("corrected_by")),
                c.get("corrected_on"),
                [f"原因：{c.get('reason', '')}（原内容不再显示）"],
            )
        )
    changes = (file.get("category_history") or [])[1:]
    for at, actor, h in _paired(moments, {"children.CategoriesChanged"}, changes):
        line = "、".join(term("category", c) for c in h.get("categories", []))
        entries.append(
            Entry(at, "category", TIMELINE["category"], names.who(actor), h.get("on"), [line])
        )
    return entries


def report_entries(reports: list[Doc]) -> list[Entry]:
    """The reports about the child and the steps taken on them (R-RP-2, R-EM-1, R-EM-2):
    their claimed times, never who reported (R-RP-3)."""
    entries: list[Entry] = []
    for r in reports:
        number = str(r["report_id"])[:8]
        situations = "、".join(term("situation", s) for s in r.get("situations", []))
        noticed = f"发现时间：{beijing(r.get('noticed_at'))}"
        if is_late(_utc(str(r["noticed_at"])), _utc(str(r["reported_at"]))):
            noticed += f"（{ALERTS['late_report']}）"
        stage = STAGES.get(str(r.get("stage")), str(r.get("stage")))
        entries.append(
            Entry(
                str(r["reported_at"]),
                "report",
                f"{TIMELINE['report_filed']}（报告 {number}）",
                term("institution_kind", r.get("institution_kind")),
                None,
                [f"情形：{situations}", noticed, f"当前阶段：{stage}"],
                "report",
            )
        )
        steps = (
            ("responded_at", "police_responded", "公安机关"),
            ("town_informed_at", "town_informed", "公安机关"),
            ("closed_at", "report_closed", ""),
        )
        for key, kind, by in steps:
            if r.get(key):
                entries.append(
                    Entry(
                        str(r[key]),
                        "report",
                        f"{TIMELINE[kind]}（报告 {number}）",
                        by,
                        css="report",
                    )
                )
        if r.get("arranged_on"):
            entries.append(
                Entry(
                    f"{r['arranged_on']}T00:00:00+08:00",
                    "report",
                    f"{TIMELINE['town_arranged']}（报告 {number}）",
                    role_label(Role.TOWN_OFFICE),
                    r["arranged_on"],
                    css="report",
                )
            )
    return entries


def read_entries(reads: list[Doc] | None, names: Names) -> list[Entry]:
    """Who of another department read the file, in which role and why (R-CH-4, R-AC-3)."""
    return [
        Entry(
            str(r.get("at") or ""),
            "read",
            f"{TIMELINE['read']}：{READ_WHAT.get(str(r.get('what')), str(r.get('what')))}",
            names.who(r.get("actor"), r.get("role")),
            None,
            [f"理由：{r.get('reason', '')}"],
            "read",
        )
        for r in reads or []
    ]


def timeline(file: Doc, moments: list[Doc], reports: list[Doc], names: Names) -> list[Entry]:
    """Every entry, newest first."""
    entries = file_entries(file, moments, names) + report_entries(reports)
    entries += read_entries(file.get("reads"), names)
    return sorted(entries, key=lambda e: _sort_key(e.at), reverse=True)


def _utc(moment: str) -> datetime:
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sort_key(at: str) -> str:
    """A time as a UTC string that sorts (event times are UTC ``Z``; claimed ones carry an
    offset); an unknown time sorts first."""
    if not at:
        return ""
    try:
        return _utc(at).astimezone(UTC).isoformat()
    except ValueError:
        return at

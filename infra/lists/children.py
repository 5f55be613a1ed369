"""The children's ledger (台账, R-CH-1) and the report pipeline as lists: filters, sort keys
and rows, read from the ledger projection (``projections/children.py``).

**No personal data, ever** (R-CH-4). The ledger's documents hold no name, ID number, address
or contact — the projection never copies them out of the sealed events — and the members it
keeps only to compute the allowance outlook (the birth date, schooling, capacity:
:data:`projections.children.PRIVATE_MEMBERS`) are dropped from every row. So no search can
match a child's name or ID number, whoever asks: ``q`` matches the file's number (its id) and
nothing else. Who sees which child: the child-protection staff of the child's area (civil
affairs, town, village committee), the police and oversight of the area (:func:`in_area`); a
village committee sees its village only.

The ledger's alerts (:data:`domain.records.children.alerts.FILE_ALERTS`) are read as
``GET /v1/children/alerts`` reads them: a child under 18 without a guardian present, by the
file's own history (loaded only for the few files whose ledger entry shows no guardian
present), and an assessment more than six months old (R-AS-1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.records.actors import Role
from domain.records.children import ASSESSMENT_INTERVAL_MONTHS, ChildRecord, add_months
from domain.records.children.alerts import FILE_ALERTS
from domain.records.enforcement.vocabulary import CHINA_STANDARD_TIME
from domain.records.errors import PermissionDenied
from domain.records.jurisdiction import check_division_code, covers
from domain.records.reports import is_late
from domain.records.vocabulary import vocabulary
from infra.listing import Listing, Sort, check_choice, check_query
from infra.lists.cases import check_range
from infra.principal import Principal
from infra.staff import StaffService
from infra.store import EventStore
from infra.views import Views
from projections.children import CHILDREN, PRIVATE_MEMBERS, REPORTS

Doc = dict[str, Any]

LEDGER_READERS = (
    Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE, Role.OVERSIGHT,
)  # fmt: skip
"""Who reads the ledger, the alerts and the report pipeline of their area."""


def in_area(by: Principal, docs: Iterable[Doc], area_key: str) -> list[Doc]:
    """The documents in the caller's area (child-protection roles, police, oversight)."""
    if not by.has(*LEDGER_READERS):
        raise PermissionDenied(
            "the ledger is for civil affairs, towns, villages, police, oversight"
        )
    return [d for d in docs if covers(by.jurisdiction, str(d.get(area_key) or ""))]


def listed_doc(doc: Doc) -> Doc:
    """A ledger document as listed: without the facts kept to compute the allowance (R-CH-4)."""
    return {k: v for k, v in doc.items() if k not in PRIVATE_MEMBERS}


def adult_on(doc: Doc) -> str:
    """The first day of full age (``dates.age_reached_on``, kept by the ledger); a document
    written before the ledger kept it answers with its 18th birthday until rebuilt."""
    return str(doc.get("adult_on") or doc["turns_18_on"])


def child_overdue(doc: Doc, on: date) -> bool:
    """Twice a year (R-AS-1): overdue more than six calendar months after the last one."""
    last = date.fromisoformat(doc["last_assessed_on"] or doc["registered_on"])
    adult = on.isoformat() >= adult_on(doc)
    return not adult and on > add_months(last, ASSESSMENT_INTERVAL_MONTHS)


def no_guardian_present(doc: Doc, on: date) -> bool:
    """Whether the ledger entry may show a minor without a guardian present (R-GD-1, R-GD-2):
    the file's own history then says whether an alert is open (:func:`file_alerts`)."""
    return on.isoformat() < adult_on(doc) and (
        doc["guardianship"] == "none_emergency" or bool(doc["left_behind"])
    )


def guardian_alerts(store: EventStore, doc: Doc, on: date) -> list[Doc]:
    """The open alerts of a minor without a guardian present, from the file's history."""
    if not no_guardian_present(doc, on):
        return []
    return store.load(ChildRecord, UUID(doc["child_id"])).alerts(on)


def file_alerts(store: EventStore, doc: Doc, on: date) -> list[str]:
    """The codes of the alerts the file raises on ``on`` (module docstring)."""
    kinds = [str(a["alert"]) for a in guardian_alerts(store, doc, on)]
    if child_overdue(doc, on):
        kinds.append("assessment_overdue")
    return kinds


@dataclass(frozen=True)
class ChildFilters:
    """Filters of the ledger (None filters nothing). ``county``, ``town``, ``village``: the
    division code of that level, exactly; ``area``: any division code covering the child's
    village; ``alert``: the file raises that alert today; ``q``: part of the file's number."""

    county: str | None = None
    town: str | None = None
    village: str | None = None
    area: str | None = None
    category: str | None = None
    left_behind: bool | None = None
    help_level: str | None = None
    key_child: bool | None = None
    possible_duplicate: bool | None = None
    alert: str | None = None
    q: str | None = None


CHILD_LIST: Listing[Doc] = Listing(
    "children",
    [
        Sort("village", "所在村(居)", lambda r: (str(r["village"]),), (str,), "asc"),
        Sort("registered", "建档日期", lambda r: (str(r["registered_on"]),), (str,), "desc"),
        Sort(
            "assessed",
            "最近评估日期",
            lambda r: (str(r.get("last_assessed_on") or ""),),
            (str,),
            "asc",
        ),
        Sort("adult", "成年日期", lambda r: (adult_on(r),), (str,), "asc"),
    ],
    id_of=lambda r: str(r["child_id"]),
    default_sort="village",
)
"""The ledger by village (the 台账's order), by registration, by last assessment (the
never-assessed first) or by the day of full age; the file's id breaks ties."""


def child_rows(
    views: Views, store: EventStore, by: Principal, f: ChildFilters, on: date
) -> list[Doc]:
    """Every ledger entry of the caller's area that passes ``f`` (unpaged, no personal data).
    The alerts are read only when ``f.alert`` asks for them (:func:`decorated` adds them to
    the rows of a page)."""
    if f.area is not None:
        check_division_code(f.area, "area")
    for name in ("category", "help_level"):
        check_choice(getattr(f, name), vocabulary(name).codes, name)
    check_choice(f.alert, FILE_ALERTS, "alert")
    query = check_query(f.q)
    exact = {"county": f.county, "town": f.town, "village": f.village,
             "help_level": f.help_level, "left_behind": f.left_behind,
             "key_child": f.key_child}  # fmt: skip
    rows = []
    for d in in_area(by, views.documents("children_ledger", CHILDREN), "village"):
        if (
            all(v is None or d.get(k) == v for k, v in exact.items())
            and (f.area is None or covers(f.area, str(d["village"])))
            and (f.category is None or f.category in d["categories"])
            and (f.possible_duplicate is None
                 or bool(d.get("possible_duplicate")) == f.possible_duplicate)
            and (query is None or query in str(d["child_id"]).replace("-", ""))
            and (f.alert is None or _raises(store, d, f.alert, on))
        ):  # fmt: skip
            rows.append(listed_doc(d))
    return rows


def _raises(store: EventStore, doc: Doc, alert: str, on: date) -> bool:
    """Whether the file raises ``alert`` on ``on``; the file's history is read only when its
    ledger entry shows no guardian present."""
    if alert == "assessment_overdue":
        return child_overdue(doc, on)
    return any(a["alert"] == alert for a in guardian_alerts(store, doc, on))


def alert_counts(views: Views, store: EventStore, by: Principal, on: date) -> dict[str, int]:
    """How many files of the caller's area raise each alert on ``on``, in one reading of the
    ledger (what filtering the ledger by each alert in turn would count)."""
    counts = dict.fromkeys(FILE_ALERTS, 0)
    for d in in_area(by, views.documents("children_ledger", CHILDREN), "village"):
        for code in set(file_alerts(store, d, on)):
            counts[code] = counts.get(code, 0) + 1
    return counts


def decorated(staff: StaffService, store: EventStore, rows: list[Doc], on: date) -> list[Doc]:
    """The rows of a page with the alerts each file raises today and who is responsible for
    the child: the town's and the village's named staff in force (R-AC-2, ``infra/staff.py``)."""
    rosters = staff.rosters()
    return [
        {**r, "alerts": file_alerts(store, r, on),
         "responsible": staff.responsible(rosters, r["village"], on)}
        for r in rows
    ]  # fmt: skip


# -- the report pipeline --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """Filters of the report pipeline. ``area`` covers the report's village; ``situation``
    and ``institution_kind`` as reported; ``reported_from``/``_to`` China Standard Time
    dates; ``alert``: ``no_police_response`` (none after the configured minutes) or
    ``late_report`` (reported late, R-RP-2); ``q``: part of the report's number."""

    stage: str | None = None
    area: str | None = None
    situation: str | None = None
    institution_kind: str | None = None
    child_id: str | None = None
    reported_from: date | None = None
    reported_to: date | None = None
    alert: str | None = None
    q: str | None = None


REPORT_ALERTS = {"no_police_response": "公安机关未及时处置", "late_report": "迟报"}
"""A report's alerts (R-EM-1, R-RP-2), with their Chinese labels."""


def _utc(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def report_alerts(doc: Doc, now: datetime, response_minutes: int) -> list[str]:
    """A report's alerts as ``GET /v1/children/alerts`` raises them: no police response
    within the limit, and a late report not yet closed (R-RP-2)."""
    reported = _utc(doc["reported_at"])
    found = []
    if doc["stage"] == "reported" and now - reported > timedelta(minutes=response_minutes):
        found.append("no_police_response")
    if doc["stage"] != "closed" and is_late(_utc(doc["noticed_at"]), reported):
        found.append("late_report")
    return found


REPORT_LIST: Listing[Doc] = Listing(
    "reports",
    [
        Sort("reported", "报告时间", lambda r: (str(r["reported_at"]),), (str,), "asc"),
        Sort("noticed", "发现时间", lambda r: (str(r["noticed_at"]),), (str,), "asc"),
    ],
    id_of=lambda r: str(r["report_id"]),
    default_sort="reported",
)
"""Reports by when they were made (oldest first, as the pipeline was), or by when the
situation was noticed."""


def report_rows(views: Views, by: Principal, f: ReportFilters, response_minutes: int) -> list[Doc]:
    """The reports of the caller's area that pass ``f``, without reporters or personal data,
    each with its alerts."""
    if f.area is not None:
        check_division_code(f.area, "area")
    for name, vocab in (("stage", "report_stage"), ("situation", "situation"),
                        ("institution_kind", "institution_kind")):  # fmt: skip
        check_choice(getattr(f, name), vocabulary(vocab).codes, name)
    check_choice(f.alert, REPORT_ALERTS, "alert")
    check_range(f.reported_from, f.reported_to, "reported_to")
    query = check_query(f.q)
    now = datetime.now(UTC)
    rows = []
    for d in in_area(by, views.documents("children_ledger", REPORTS), "area"):
        day = _china_day(d["reported_at"])
        alerts = report_alerts(d, now, response_minutes)
        if (
            (f.stage is None or d["stage"] == f.stage)
            and (f.area is None or covers(f.area, str(d["area"])))
            and (f.situation is None or f.situation in d["situations"])
            and (f.institution_kind is None or d["institution_kind"] == f.institution_kind)
            and (f.child_id is None or d.get("child_id") == f.child_id)
            and (f.reported_from is None or day >= f.reported_from)
            and (f.reported_to is None or day <= f.reported_to)
            and (f.alert is None or f.alert in alerts)
            and (query is None or query in str(d["report_id"]).replace("-", ""))
        ):
            rows.append({**d, "alerts": alerts})
    return rows


def _china_day(moment: str) -> date:
    return _utc(moment).astimezone(CHINA_STANDARD_TIME).date()

"""Children's files and guardianship (R-CH, R-GD, R-AS), pure and fast.

The refusal table has one row per missing guardianship precondition, each with its own
error code; a property test drives random sequences of guardianship changes, reports and
court rulings and checks the R-GD-9 invariants and the R-GD-2 alert after every step.

Ages: a child reaches an age on the day *after* the birthday (周岁从生日的第二天起算), so a
child born 2014-05-17 is still under 16 on 2030-05-17 and is 16 from 2030-05-18.
"""

from __future__ import annotations

import copy
import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.proof.chain import decode_envelope
from domain.records import children_errors as ce
from domain.records import errors
from domain.records.aggregate import EVENT_TYPES, event_from_envelope
from domain.records.children import ChildRecord, add_months
from domain.records.errors import JianzhengError
from domain.records.reports import GuardianshipPetition, Report

# -- fixtures: distinctive personal values, so that a leak into a message is caught ---------

CHILD = {
    "name": "王小明",
    "id_number": "370303201405170017",
    "address": "张店区某某村幸福路8号",
    "contacts": [{"relation": "father", "phone": "13800138000"}],
}
FATHER = {"name": "王大山", "relation": "father", "id_number": "370303198001011234"}
MOTHER = {"name": "李秀英", "relation": "mother", "id_number": "370303198202025678"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}
FRIEND = {"name": "孙有福", "relation": "family_friend"}
NEIGHBOUR = {"name": "周热心", "relation": "neighbour"}
RECEIVER = {"name": "钱近亲", "relation": "relative"}
INSTITUTION = {"name": "淄博市儿童福利院"}
PERSONAL_VALUES = [
    CHILD["name"],
    CHILD["id_number"],
    CHILD["address"],
    "13800138000",
    "2014-05-17",
    *(p["name"] for p in (FATHER, MOTHER, GRANDMOTHER, FRIEND, NEIGHBOUR, RECEIVER)),
    FATHER["id_number"],
    MOTHER["id_number"],
]
LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
BORN = "2014-05-17"
REGISTERED = "2026-01-10"
LATER = "2026-03-01"
NOW = datetime(2040, 1, 1, tzinfo=UTC)
"""The server's clock for these tests: every date they use lies before it."""


def sha(n: int) -> str:
    """A well-formed document hash."""
    return f"{n:064x}"


def register(
    guardian: dict[str, Any] | None = FATHER, born: str = BORN, **extra: Any
) -> ChildRecord:
    """A child's file registered by the village committee."""
    return ChildRecord.register(
        now=NOW,
        actor="committee-1",
        actor_role=extra.pop("actor_role", "village_committee"),
        personal=extra.pop("personal", copy.deepcopy(CHILD)),
        birth_date=born,
        sex=extra.pop("sex", "male"),
        location=extra.pop("location", copy.deepcopy(LOCATION)),
        categories=extra.pop("categories", ["poverty_life"]),
        registered_on=extra.pop("registered_on", REGISTERED),
        guardian=copy.deepcopy(guardian),
        **extra,
    )


def dated(on: str = "2026-02-20", **more: Any) -> dict[str, Any]:
    return {"by": "committee-1", "on": on, **more}


def ruling(
    record: ChildRecord,
    outcome: str = "revoked",
    *,
    petition_id: str = "petition-1",
    ruled_on: str = "2026-02-01",
    concerned: dict[str, Any] = FATHER,
    crime: bool = False,
    applied_on: str = "2026-06-01",
) -> dict[str, Any]:
    """A ruling as ``GuardianshipPetition.ruling_for_child`` gives it."""
    return {
        "petition_id": petition_id,
        "child_id": str(record.id),
        "kind": "revoke" if outcome == "revoked" else "restore",
        "outcome": outcome,
        "ruled_on": ruled_on,
        "ruling_sha256": sha(99),
        "legal_basis": "民法典 第36条" if outcome == "revoked" else "民法典 第38条",
        "intentional_crime_against_child": crime,
        "new_guardian": copy.deepcopy(GRANDMOTHER) if outcome == "revoked" else None,
        "guardian_concerned": copy.deepcopy(concerned),
        "grounds": ["serious_harm"] if outcome == "revoked" else [],
        "applied_on": applied_on,
    }


# -- complete arguments for each kind of change ---------------------------------------------


def complete(kind: str, record: ChildRecord, day: str = LATER) -> tuple[str, dict[str, Any]]:
    """The command and a complete set of arguments for one kind of guardianship change."""
    if kind == "parent":
        return "record_parental_guardianship", {
            "actor_role": "village_committee",
            "guardian": copy.deepcopy(MOTHER),
            "legal_basis": "民法典 第27条",
            "effective_on": day,
            "home_assessment": {"by": "civil-1", "on": day, "suitable": True},
        }
    if kind == "entrusted_relative":
        return "entrust_to_relative", {
            "actor_role": "village_committee",
            "guardian": copy.deepcopy(GRANDMOTHER),
            "legal_basis": "C5 委托监护",
            "effective_on": day,
            "capacity_assessment": dated(capable=True),
            "exclusion_check": dated(found=[]),
        }
    if kind == "entrusted_other":
        return "entrust_to_other", {
            "actor_role": "town_office",
            "guardian": copy.deepcopy(FRIEND),
            "legal_basis": "C5 委托监护",
            "effective_on": day,
            "committee_consent": dated(),
            "agreement_sha256": sha(1),
            "signatures": {
                "guardian": {"on": "2026-02-21"},
                "entrusted_guardian": {"on": "2026-02-21"},
                "supervisor": {"on": "2026-02-21"},
            },
            "filings": {"town": {"on": "2026-02-22"}, "committee": {"on": "2026-02-22"}},
            "exclusion_check": dated(found=[]),
        }
    if kind == "appointed":
        return "appoint_guardian", {
            "actor_role": "town_office",
            "guardian": copy.deepcopy(NEIGHBOUR),
            "legal_basis": "C5 指定监护",
            "effective_on": day,
            "parents_unable_to_entrust": True,
            "capacity_assessment": dated(capable=True),
            "acceptance": dated(),
            "fee": {
                "amount_fen": 60000,
                "period": "month",
                "paid_by": "parents",
                "minimum_living_support": False,
            },
            "appointment_sha256": sha(2),
            "exclusion_check": dated(found=[]),
        }
    if kind == "institutional":
        return "place_in_institution", {
            "actor_role": "civil_affairs",
            "institution": copy.deepcopy(INSTITUTION),
            "legal_basis": "民法典 第32条",
            "effective_on": day,
            "ground": "no_guardian_available",
            "admission_sha256": sha(3),
        }
    if kind == "temporary":
        return "place_in_temporary_care", {
            "actor_role": "police",
            "receiver": copy.deepcopy(RECEIVER),
            "legal_basis": "C4 临时监护",
            "effective_on": day,
            "handover_sha256": sha(4),
        }
    if kind == "court_appointed":
        return "appoint_by_court", {"actor_role": "court", "ruling": ruling(record)}
    if kind == "restoration":
        return "restore_guardianship", {
            "actor_role": "court",
            "ruling": ruling(
                record,
                "restored",
                petition_id="petition-2",
                ruled_on="2026-07-01",
                applied_on="2026-06-01",
            ),
        }
    if kind == "none_emergency":
        return "record_guardian_absent", {
            "actor_role": "police",
            "effective_on": day,
            "reason": "parents left; child found alone",
        }
    raise AssertionError(kind)


def setup(scenario: str) -> ChildRecord:
    """A file in the state a row needs."""
    if scenario == "absent":
        return register(guardian=None)
    record = register()
    if scenario == "temporary":
        record.place_in_temporary_care(
            now=NOW,
            actor="police-1",
            actor_role="police",
            receiver=copy.deepcopy(RECEIVER),
            legal_basis="C4",
            effective_on="2026-02-01",
            handover_sha256=sha(5),
        )
    elif scenario == "revoked":
        record.appoint_by_court(now=NOW, actor="court-1", actor_role="court", ruling=ruling(record))
    return record


def attempt(record: ChildRecord, command: str, kwargs: dict[str, Any]) -> None:
    getattr(record, command)(actor="actor-1", now=NOW, **kwargs)


# -- the refusal table: one row per missing precondition ------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str
    missing: str
    change: Callable[[dict[str, Any]], None]
    error: type[JianzhengError]
    scenario: str = "parents"


def drop(*path: str) -> Callable[[dict[str, Any]], None]:
    """Remove a (nested) argument: the top level becomes None, nested members disappear."""

    def change(kwargs: dict[str, Any]) -> None:
        target = kwargs
        for key in path[:-1]:
            target = target[key]
        if target is kwargs:
            kwargs[path[-1]] = None
        else:
            del target[path[-1]]

    return change


def put(value: Any, *path: str) -> Callable[[dict[str, Any]], None]:
    """Set a (nested) argument."""

    def change(kwargs: dict[str, Any]) -> None:
        target = kwargs
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)

    return change


ROWS = [
    # parent (R-GD-1, R-GD-8, R-EM-1)
    Row(
        "parent", "a parent", put({"name": "某人", "relation": "uncle"}, "guardian"), ce.NotAParent
    ),
    Row(
        "parent", "home assessment", drop("home_assessment"), ce.HomeAssessmentRequired, "temporary"
    ),
    Row(
        "parent",
        "home found suitable",
        put(False, "home_assessment", "suitable"),
        ce.GuardianNotCapable,
        "temporary",
    ),
    Row(
        "parent",
        "restoration of a revoked parent",
        put(FATHER, "guardian"),
        ce.GuardianRevoked,
        "revoked",
    ),
    Row("parent", "an allowed role", put("reporter", "actor_role"), ce.RoleNotAllowed),
    # entrusted to a relative (R-GD-3, R-GD-4)
    Row(
        "entrusted_relative",
        "capacity assessment",
        drop("capacity_assessment"),
        ce.GuardianCapacityAssessmentRequired,
    ),
    Row(
        "entrusted_relative",
        "capacity",
        put(False, "capacity_assessment", "capable"),
        ce.GuardianNotCapable,
    ),
    Row(
        "entrusted_relative", "exclusion check", drop("exclusion_check"), ce.ExclusionCheckRequired
    ),
    Row(
        "entrusted_relative",
        "no exclusion",
        put(["addiction"], "exclusion_check", "found"),
        ce.GuardianExcluded,
    ),
    Row("entrusted_relative", "a direct relative", put(FRIEND, "guardian"), ce.NotADirectRelative),
    Row("entrusted_relative", "an allowed role", put("police", "actor_role"), ce.RoleNotAllowed),
    # entrusted to a non-direct relative or friend (R-GD-4)
    Row(
        "entrusted_other",
        "committee consent",
        drop("committee_consent"),
        ce.CommitteeConsentRequired,
    ),
    Row("entrusted_other", "agreement", drop("agreement_sha256"), ce.AgreementDocumentRequired),
    Row(
        "entrusted_other",
        "guardian signature",
        drop("signatures", "guardian"),
        ce.GuardianSignatureRequired,
    ),
    Row(
        "entrusted_other",
        "entrusted guardian signature",
        drop("signatures", "entrusted_guardian"),
        ce.EntrustedGuardianSignatureRequired,
    ),
    Row(
        "entrusted_other",
        "supervisor signature",
        drop("signatures", "supervisor"),
        ce.SupervisorSignatureRequired,
    ),
    Row("entrusted_other", "town filing", drop("filings", "town"), ce.TownFilingRequired),
    Row(
        "entrusted_other",
        "committee filing",
        drop("filings", "committee"),
        ce.CommitteeFilingRequired,
    ),
    Row("entrusted_other", "exclusion check", drop("exclusion_check"), ce.ExclusionCheckRequired),
    Row(
        "entrusted_other",
        "no exclusion",
        put(["prior_offence"], "exclusion_check", "found"),
        ce.GuardianExcluded,
    ),
    Row(
        "entrusted_other", "an allowed role", put("civil_affairs", "actor_role"), ce.RoleNotAllowed
    ),
    # appointed by the town (R-GD-5)
    Row(
        "appointed", "ground", put(False, "parents_unable_to_entrust"), ce.AppointmentGroundRequired
    ),
    Row(
        "appointed",
        "capacity assessment",
        drop("capacity_assessment"),
        ce.GuardianCapacityAssessmentRequired,
    ),
    Row("appointed", "acceptance", drop("acceptance"), ce.GuardianAcceptanceRequired),
    Row("appointed", "fee", drop("fee"), ce.GuardianshipFeeRequired),
    Row(
        "appointed", "subsidy eligibility", put("subsidy", "fee", "paid_by"), ce.SubsidyNotEligible
    ),
    Row(
        "appointed",
        "appointment document",
        drop("appointment_sha256"),
        ce.AppointmentDocumentRequired,
    ),
    Row("appointed", "exclusion check", drop("exclusion_check"), ce.ExclusionCheckRequired),
    Row("appointed", "an allowed role", put("village_committee", "actor_role"), ce.RoleNotAllowed),
    # institutional (R-GD-6): nobody guards the child (民法典 第32条)
    Row("institutional", "ground", drop("ground"), ce.InstitutionalGroundRequired, "absent"),
    Row(
        "institutional",
        "admission record",
        drop("admission_sha256"),
        ce.AdmissionDocumentRequired,
        "absent",
    ),
    Row(
        "institutional",
        "court ruling",
        put("court_appointed_civil_affairs", "ground"),
        ce.CourtRulingRequired,
        "absent",
    ),
    Row(
        "institutional",
        "an allowed role",
        put("town_office", "actor_role"),
        ce.RoleNotAllowed,
        "absent",
    ),
    # temporary (R-GD-7)
    Row("temporary", "written hand-over", drop("handover_sha256"), ce.WrittenHandoverRequired),
    Row("temporary", "an allowed role", put("village_committee", "actor_role"), ce.RoleNotAllowed),
    # court-appointed (R-GD-8)
    Row("court_appointed", "ruling", drop("ruling"), ce.CourtRulingRequired),
    Row(
        "court_appointed",
        "ruling document",
        put(None, "ruling", "ruling_sha256"),
        ce.CourtRulingRequired,
    ),
    Row(
        "court_appointed",
        "new guardian",
        put(None, "ruling", "new_guardian"),
        ce.NewGuardianRequired,
    ),
    Row(
        "court_appointed",
        "this child",
        put("00000000-0000-4000-8000-000000000000", "ruling", "child_id"),
        ce.RulingForAnotherChild,
    ),
    Row("court_appointed", "a court", put("civil_affairs", "actor_role"), ce.RoleNotAllowed),
    # restoration (R-GD-8)
    Row("restoration", "ruling", drop("ruling"), ce.CourtRulingRequired, "revoked"),
    Row(
        "restoration",
        "a parent",
        put(GRANDMOTHER, "ruling", "guardian_concerned"),
        ce.NotAParent,
        "revoked",
    ),
    Row(
        "restoration",
        "a revocation",
        put(MOTHER, "ruling", "guardian_concerned"),
        ce.NoRevocationToRestore,
        "revoked",
    ),
    Row(
        "restoration",
        "no intentional crime",
        put(True, "ruling", "intentional_crime_against_child"),
        ce.RestorationNotAllowed,
        "revoked",
    ),
    Row(
        "restoration",
        "three months passed",
        put("2026-04-30", "ruling", "applied_on"),
        ce.RestorationOutsideWindow,
        "revoked",
    ),
    Row(
        "restoration",
        "within a year",
        put("2027-02-02", "ruling", "applied_on"),
        ce.RestorationOutsideWindow,
        "revoked",
    ),
    Row("restoration", "a court", put("town_office", "actor_role"), ce.RoleNotAllowed, "revoked"),
    # none — emergency (R-GD-2)
    Row(
        "none_emergency",
        "a present guardian",
        lambda _kwargs: None,
        ce.GuardianAlreadyAbsent,
        "absent",
    ),
    Row("none_emergency", "an allowed role", put("reporter", "actor_role"), ce.RoleNotAllowed),
]

COMPLETE = {
    "parent": "temporary",
    "entrusted_relative": "parents",
    "entrusted_other": "parents",
    "appointed": "parents",
    "institutional": "absent",
    "temporary": "parents",
    "court_appointed": "parents",
    "restoration": "revoked",
    "none_emergency": "parents",
}
"""Each kind, and the state in which its complete row is accepted."""


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.kind}-without-{r.missing}" for r in ROWS])
def test_each_missing_precondition_is_refused_with_its_own_code(row: Row) -> None:
    """A change lacking one precondition raises its own error and records nothing (R-GD-3…8)
    (and R-EM-1: a return to a parent needs the home assessed)."""
    record = setup(row.scenario)
    command, kwargs = complete(row.kind, record)
    row.change(kwargs)
    before = record.state()
    with pytest.raises(JianzhengError) as caught:
        attempt(record, command, kwargs)
    assert type(caught.value) is row.error
    assert caught.value.code == row.error.code
    assert record.state() == before
    for value in PERSONAL_VALUES:
        assert value not in str(caught.value)


@pytest.mark.parametrize("kind", sorted(COMPLETE))
def test_each_kind_of_change_is_accepted_when_complete(kind: str) -> None:
    """With every precondition present the change becomes the one current arrangement (R-GD-9)."""
    record = setup(COMPLETE[kind])
    previous = record.current_arrangement
    command, kwargs = complete(kind, record)
    attempt(record, command, kwargs)
    current = record.current_arrangement
    assert current["kind"] == ("parent" if kind == "restoration" else kind)
    assert current["previous_no"] == previous["no"]
    assert current["previous_kind"] == previous["kind"]
    assert [a["current"] for a in record.arrangements].count(True) == 1


def test_error_codes_are_unique_and_do_not_clash_with_the_core_errors() -> None:
    """Every class in children_errors has its own code, none reused from domain.records.errors."""
    ours = [
        c
        for c in vars(ce).values()
        if inspect.isclass(c) and issubclass(c, JianzhengError) and c.__module__ == ce.__name__
    ]
    core = {
        c.code
        for c in vars(errors).values()
        if inspect.isclass(c) and issubclass(c, JianzhengError)
    }
    codes = [c.code for c in ours]
    assert len(codes) == len(set(codes))
    assert not set(codes) & core
    assert all(c.__doc__ for c in ours)


def test_court_appointment_records_the_revocation_and_ruling_applies_once() -> None:
    """A ruling revokes, appoints, is remembered, and cannot be applied twice (R-GD-8)."""
    record = register()
    record.appoint_by_court(now=NOW, actor="court-1", actor_role="court", ruling=ruling(record))
    assert record.revocations[0]["guardian"] == FATHER
    assert record.current_arrangement["guardian"] == GRANDMOTHER
    with pytest.raises(ce.RulingAlreadyApplied):
        record.appoint_by_court(now=NOW, actor="court-1", actor_role="court", ruling=ruling(record))


def test_restoration_window_is_three_months_to_a_year_both_ends_included() -> None:
    """Revoked 2026-02-01: applying 2026-05-01 and 2027-02-01 are inside; a day out is not
    (R-GD-8)."""
    for applied_on, allowed in [
        ("2026-04-30", False),
        ("2026-05-01", True),
        ("2027-02-01", True),
        ("2027-02-02", False),
    ]:
        record = setup("revoked")
        restore = ruling(
            record, "restored", petition_id="p2", ruled_on="2027-03-01", applied_on=applied_on
        )
        if allowed:
            record.restore_guardianship(
                now=NOW, actor="court-1", actor_role="court", ruling=restore
            )
            assert record.current_arrangement["conditions"]["restored"] is True
        else:
            with pytest.raises(ce.RestorationOutsideWindow):
                record.restore_guardianship(
                    now=NOW, actor="court-1", actor_role="court", ruling=restore
                )


def test_a_restored_parent_guards_again_and_an_intentional_crime_bars_restoration() -> None:
    """A restored parent guards under the ruling (R-GD-10); a crime at revocation bars it."""
    record = setup("revoked")
    record.restore_guardianship(
        now=NOW,
        actor="court-1",
        actor_role="court",
        ruling=ruling(record, "restored", petition_id="p2", ruled_on="2026-07-01"),
    )
    assert record.revocations[0]["restored_on"] == "2026-07-01"
    assert record.current_arrangement["guardian"] == FATHER
    record.check_not_revoked(copy.deepcopy(FATHER))
    with pytest.raises(ce.CourtAppointmentInForce):
        record.record_parental_guardianship(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            guardian=copy.deepcopy(MOTHER),
            legal_basis="民法典 第27条",
            effective_on="2026-08-01",
        )
    criminal = register()
    criminal.appoint_by_court(
        now=NOW, actor="court-1", actor_role="court", ruling=ruling(criminal, crime=True)
    )
    with pytest.raises(ce.RestorationNotAllowed):
        criminal.restore_guardianship(
            now=NOW,
            actor="court-1",
            actor_role="court",
            ruling=ruling(criminal, "restored", petition_id="p2", ruled_on="2026-07-01"),
        )


def test_a_change_cannot_take_effect_before_the_current_arrangement() -> None:
    """History stays in effective-date order (R-GD-9) for ordinary changes."""
    record = register()
    command, kwargs = complete("entrusted_relative", record, day="2026-01-09")
    with pytest.raises(ce.EffectiveDateBeforeCurrent):
        attempt(record, command, kwargs)


def test_a_dismissed_ruling_changes_nothing() -> None:
    """apply_court_ruling returns False for a dismissal and records no event (R-GD-8)."""
    record = register()
    dismissed = {**ruling(record), "outcome": "dismissed", "new_guardian": None}
    version = record.version
    assert (
        record.apply_court_ruling(now=NOW, actor="court-1", actor_role="court", ruling=dismissed)
        is False
    )
    assert record.version == version


# -- the R-GD-2 alert -----------------------------------------------------------------------


def test_a_child_registered_without_a_guardian_has_an_alert_until_one_is_recorded() -> None:
    """The alert opens on registration day and closes when the guardian takes effect (R-GD-2)."""
    record = register(guardian=None)
    assert record.alerts(date(2026, 1, 9)) == []
    [alert] = record.alerts(date(2026, 1, 10))
    assert (alert["alert"], alert["rule"], alert["reason"]) == (
        "under_16_without_guardian",
        "R-GD-2",
        "no_guardian",
    )
    command, kwargs = complete("entrusted_relative", record)
    attempt(record, command, kwargs)
    assert record.alerts(date(2026, 2, 28)) != []
    assert record.alerts(date(2026, 3, 1)) == []
    assert record.alert_history(date(2027, 1, 1)) == [
        {
            "alert": "under_16_without_guardian",
            "rule": "R-GD-2",
            "reason": "no_guardian",
            "opened_on": "2026-01-10",
            "closed_on": "2026-03-01",
            "arrangement_no": 1,
        }
    ]


def test_recording_a_guardian_absent_opens_the_alert_again() -> None:
    """A guardian who leaves (none — emergency) reopens the alert on that day (R-GD-2)."""
    record = register()
    assert record.alerts(date(2026, 2, 1)) == []
    record.record_guardian_absent(
        now=NOW,
        actor="police-1",
        actor_role="police",
        effective_on="2026-02-01",
        reason="found alone",
    )
    assert record.alerts(date(2026, 1, 31)) == []
    assert record.alerts(date(2026, 2, 1))[0]["opened_on"] == "2026-02-01"


def test_the_under_16_alert_ends_after_the_16th_birthday_and_a_minor_alert_follows() -> None:
    """Born 2014-05-17: the R-GD-2 alert is open on 2030-05-17 and closed from 2030-05-18."""
    record = register(guardian=None)
    assert record.alerts(date(2030, 5, 17))[0]["rule"] == "R-GD-2"
    [later] = record.alerts(date(2030, 5, 18))
    assert (later["alert"], later["rule"]) == ("minor_without_guardian", "R-GD-1")
    assert record.alerts(date(2032, 5, 18)) == []
    history = record.alert_history(date(2033, 1, 1))
    assert [(a["rule"], a["opened_on"], a["closed_on"]) for a in history] == [
        ("R-GD-2", "2026-01-10", "2030-05-18"),
        ("R-GD-1", "2030-05-18", "2032-05-18"),
    ]


def test_parents_away_with_nobody_entrusted_is_an_alert() -> None:
    """A left-behind child still under the parents' arrangement has no guardian present
    (R-GD-1, R-GD-2)."""
    record = register()
    record.enter_left_behind(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        entered_on="2026-02-01",
        parents={"father": "away", "mother": "away"},
    )
    [alert] = record.alerts(date(2026, 2, 1))
    assert alert["reason"] == "parents_away"
    command, kwargs = complete("entrusted_relative", record)
    attempt(record, command, kwargs)
    assert record.alerts(date(2026, 3, 1)) == []
    assert record.alert_history(date(2026, 12, 31))[0]["closed_on"] == "2026-03-01"


def test_exit_from_the_left_behind_ledger_closes_the_parents_away_alert() -> None:
    """When the parents return, the alert closes on the exit day (R-CH-3, R-GD-2)."""
    record = register()
    record.enter_left_behind(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        entered_on="2026-02-01",
        parents={"father": "away", "mother": "incapable"},
    )
    record.exit_left_behind(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        exited_on="2026-04-01",
        reason="parents_returned",
        parents={"father": "at_home", "mother": "incapable"},
    )
    assert record.alerts(date(2026, 3, 31)) != []
    assert record.alerts(date(2026, 4, 1)) == []


# -- left-behind status and categories (R-CH-2, R-CH-3) ---------------------------------------


@pytest.mark.parametrize(
    ("father", "mother", "accepted"),
    [
        ("away", "away", True),
        ("away", "incapable", True),
        ("incapable", "away", True),
        ("away", "at_home", False),
        ("incapable", "incapable", False),
        ("at_home", "at_home", False),
    ],
)
def test_left_behind_entry_needs_both_parents_away_or_one_away_and_the_other_incapable(
    father: str, mother: str, accepted: bool
) -> None:
    """R-CH-3: both parents away, or one away and the other without capacity."""
    record = register()
    enter = {
        "actor": "c",
        "actor_role": "village_committee",
        "entered_on": "2026-02-01",
        "parents": {"father": father, "mother": mother},
    }
    if accepted:
        record.enter_left_behind(now=NOW, **enter)
        assert record.categories_on(date(2026, 2, 1)) == ["left_behind", "poverty_life"]
    else:
        with pytest.raises(ce.LeftBehindCriteriaNotMet):
            record.enter_left_behind(now=NOW, **enter)


def test_left_behind_entry_is_for_children_under_16_on_the_entry_day() -> None:
    """Born 2014-05-17: entry on 2030-05-17 is accepted, on 2030-05-18 refused (R-CH-3)."""
    parents = {"father": "away", "mother": "away"}
    ok = register()
    ok.enter_left_behind(
        now=NOW, actor="c", actor_role="village_committee", entered_on="2030-05-17", parents=parents
    )
    assert ok.is_left_behind(date(2030, 5, 17))
    assert not ok.is_left_behind(date(2030, 5, 18))
    with pytest.raises(ce.LeftBehindCriteriaNotMet):
        register().enter_left_behind(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            entered_on="2030-05-18",
            parents=parents,
        )


def test_left_behind_exit_needs_an_entry_and_parents_who_really_returned() -> None:
    """Exit without entry, entry twice, and "returned" parents still away are refused (R-CH-3)."""
    record = register()
    away = {"father": "away", "mother": "away"}
    with pytest.raises(ce.LeftBehindStatusConflict):
        record.exit_left_behind(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            exited_on="2026-02-01",
            reason="parents_returned",
            parents=away,
        )
    record.enter_left_behind(
        now=NOW, actor="c", actor_role="village_committee", entered_on="2026-02-01", parents=away
    )
    with pytest.raises(ce.LeftBehindStatusConflict):
        record.enter_left_behind(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            entered_on="2026-02-02",
            parents=away,
        )
    with pytest.raises(ce.LeftBehindStatusConflict):
        record.exit_left_behind(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            exited_on="2026-03-01",
            reason="parents_returned",
            parents=away,
        )


def test_categories_change_over_time_and_left_behind_is_not_set_directly() -> None:
    """Several categories at once, history kept; left_behind only through entry and exit
    (R-CH-2)."""
    record = register()
    record.change_categories(
        now=NOW,
        actor="c",
        actor_role="town_office",
        categories=["disability", "poverty_medical"],
        changed_on="2026-03-01",
        reason="new diagnosis",
    )
    assert record.categories_on(date(2026, 2, 28)) == ["poverty_life"]
    assert record.categories_on(date(2026, 3, 1)) == ["disability", "poverty_medical"]
    with pytest.raises(ce.LeftBehindByEntryAndExit):
        record.change_categories(
            now=NOW,
            actor="c",
            actor_role="town_office",
            categories=["left_behind"],
            changed_on="2026-04-01",
            reason="x",
        )
    with pytest.raises(ce.UnknownTerm):
        register(categories=["rich"])


def test_registration_is_by_civil_affairs_town_or_committee_only() -> None:
    """A police or reporter actor cannot open a child's file (R-CH-1)."""
    for role in ("civil_affairs", "town_office", "village_committee"):
        assert register(actor_role=role).registered_role == role
    with pytest.raises(ce.RoleNotAllowed):
        register(actor_role="police")


def test_the_jurisdiction_check_uses_the_childs_village() -> None:
    """A town actor covers its villages and no others (DESIGN §5)."""
    record = register()
    record.check_jurisdiction("370303001")
    with pytest.raises(errors.WrongAgency):
        record.check_jurisdiction("370304")


# -- assessments (R-AS-1…3) ---------------------------------------------------------------------


def assess(record: ChildRecord, on: str, result: str = "good", **extra: Any) -> None:
    record.record_assessment(
        now=NOW,
        actor="town-1",
        actor_role=extra.pop("actor_role", "town_office"),
        result=result,
        criteria=extra.pop("criteria", ["guardian_fulfils_duties"]),
        help_plan="monthly visits",
        assessed_on=on,
    )


def test_without_an_assessment_the_first_is_due_six_months_after_registration() -> None:
    """Registered 2026-01-10: due 2026-07-10, overdue from 2026-07-11 (R-AS-1)."""
    record = register()
    assert record.assessment_due(date(2026, 1, 10)) == date(2026, 7, 10)
    assert not record.assessment_overdue(date(2026, 7, 10))
    assert record.assessment_overdue(date(2026, 7, 11))


def test_an_assessment_resets_the_six_month_clock() -> None:
    """Assessed 2026-03-15: due 2026-09-15, overdue from 2026-09-16 (R-AS-1)."""
    record = register()
    assess(record, "2026-03-15")
    assert record.assessment_due(date(2026, 9, 15)) == date(2026, 9, 15)
    assert not record.assessment_overdue(date(2026, 9, 15))
    assert record.assessment_overdue(date(2026, 9, 16))
    # As known before it was made, the assessment does not count yet.
    assert record.assessment_due(date(2026, 3, 14)) == date(2026, 7, 10)


def test_six_calendar_months_from_a_month_end_ends_on_the_last_day_of_the_month() -> None:
    """Assessed 2026-08-31: due 2027-02-28, overdue from 2027-03-01."""
    record = register()
    assess(record, "2026-08-31")
    assert record.assessment_due(date(2027, 1, 1)) == date(2027, 2, 28)
    assert not record.assessment_overdue(date(2027, 2, 28))
    assert record.assessment_overdue(date(2027, 3, 1))
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_an_adults_file_is_never_overdue() -> None:
    """From the day after the 18th birthday (2032-05-18) no assessment is due (R-AS-1)."""
    record = register()
    assert record.assessment_overdue(date(2032, 5, 17))
    assert not record.assessment_overdue(date(2032, 5, 18))


@pytest.mark.parametrize(
    ("result", "criterion", "level"),
    [
        ("good", "needs_well_secured", "regular_contact"),
        ("fair", "risk_psychological", "focused_care"),
        ("poor", "dropped_out", "protective"),
    ],
)
def test_each_result_maps_to_its_help_level(result: str, criterion: str, level: str) -> None:
    """较好 → 关心式, 一般 → 关爱式, 差 → 保护式 (R-AS-2)."""
    record = register()
    assess(record, "2026-02-01", result, criteria=[criterion])
    assert record.assessments[-1]["help_level"] == level


def test_criteria_must_fit_the_result_and_only_the_town_assesses() -> None:
    """A poor-result criterion on a good result is refused; a committee cannot assess (R-AS-2)."""
    record = register()
    with pytest.raises(ce.AssessmentCriteriaMismatch):
        assess(record, "2026-02-01", "good", criteria=["dropped_out"])
    with pytest.raises(ce.AssessmentCriteriaMismatch):
        assess(record, "2026-02-01", "good", criteria=[])
    with pytest.raises(ce.RoleNotAllowed):
        assess(record, "2026-02-01", actor_role="village_committee")


def test_helpers_and_visits_are_recorded() -> None:
    """One-to-one helpers are assigned and released; visits may name the helper (R-AS-3)."""
    record = register()
    number = record.assign_helper(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        helper={"name": "党员刘", "kind": "party_cadre"},
        assigned_on="2026-02-01",
    )
    record.record_visit(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        visit_kind="home_visit",
        visited_on="2026-02-15",
        summary="well",
        helper_no=number,
    )
    record.release_helper(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        helper_no=number,
        released_on="2026-06-01",
        reason="moved",
    )
    assert record.helpers[0]["released_on"] == "2026-06-01"
    assert record.visits[0]["helper_no"] == 1
    with pytest.raises(ce.HelperNotFound):
        record.record_visit(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            visit_kind="home_visit",
            visited_on="2026-02-15",
            summary="x",
            helper_no=7,
        )


# -- turning 18 (R-CH-5) ----------------------------------------------------------------------


def test_the_allowance_stops_from_the_month_after_six_months_past_18() -> None:
    """Born 2008-03-10: 18 from 2026-03-11, six months to 2026-09-11, stops 2026-10-01 (R-CH-5)."""
    record = register(born="2008-03-10")
    assert record.allowance_end(
        able_to_work=True, full_capacity=True, in_full_time_school=False
    ) == date(2026, 10, 1)
    assert (
        record.allowance_end(able_to_work=True, full_capacity=True, in_full_time_school=True)
        is None
    )
    assert (
        record.allowance_end(able_to_work=False, full_capacity=True, in_full_time_school=False)
        is None
    )


# -- personal data stays out of messages (R-CH-4) ----------------------------------------------


def test_no_personal_value_appears_in_any_error_message() -> None:
    """Malformed and refused commands name fields, never the child's or family's data (R-CH-4)."""
    record = register()
    failures: list[Callable[[], Any]] = [
        lambda: register(born="王小明"),
        lambda: register(born="2014-02-30"),
        lambda: register(born=CHILD["id_number"]),
        lambda: register(born="2000-05-17"),
        lambda: register(personal={"name": "", "id_number": CHILD["id_number"]}),
        lambda: register(personal={"name": CHILD["name"], "id_number": 370303201405170017}),
        lambda: register(location={**LOCATION, "village": CHILD["address"]}),
        lambda: register(sex=CHILD["name"]),
        lambda: register(guardian={"name": FATHER["name"], "relation": CHILD["address"]}),
        lambda: register(categories=[CHILD["name"]]),
        lambda: record.update_personal(
            actor="c", actor_role="village_committee", personal={"name": 7}
        ),
        lambda: record.entrust_to_relative(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            guardian={"name": GRANDMOTHER["name"], "relation": FATHER["id_number"]},
            legal_basis="C5",
            effective_on=LATER,
            capacity_assessment=None,
            exclusion_check=None,
        ),
        lambda: record.enter_left_behind(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            entered_on="2026-02-01",
            parents={"father": FATHER["name"], "mother": "away"},
        ),
        lambda: record.record_parental_guardianship(
            now=NOW,
            actor="c",
            actor_role="village_committee",
            guardian=copy.deepcopy(MOTHER),
            legal_basis="x",
            effective_on=CHILD["id_number"],
        ),
        lambda: assess(record, "2026-02-01", criteria=[CHILD["name"]]),
        lambda: record.place_in_temporary_care(
            now=NOW,
            actor="p",
            actor_role="police",
            receiver=copy.deepcopy(RECEIVER),
            legal_basis="x",
            effective_on=LATER,
            handover_sha256=CHILD["id_number"],
        ),
    ]
    for failure in failures:
        with pytest.raises(JianzhengError) as caught:
            failure()
        for value in PERSONAL_VALUES:
            assert value not in str(caught.value), (caught.value.code, value)


# -- replay -------------------------------------------------------------------------------------


def replay(events: list[Any]) -> Any:
    aggregate = None
    for e in events:
        aggregate = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(aggregate)
    return aggregate


def test_replaying_the_stored_events_rebuilds_the_same_file() -> None:
    """Every event type of the file decodes from its canonical bytes to the same state."""
    record = setup("temporary")
    for kind in ("parent", "entrusted_relative", "entrusted_other", "appointed"):
        command, kwargs = complete(kind, record, day=LATER)
        attempt(record, command, kwargs)
    record.enter_left_behind(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        entered_on="2026-03-02",
        parents={"father": "away", "mother": "away"},
    )
    record.record_guardian_absent(
        now=NOW, actor="p", actor_role="police", effective_on="2026-03-03", reason="alone"
    )
    command, kwargs = complete("institutional", record, day="2026-03-04")
    attempt(record, command, kwargs)
    record.appoint_by_court(
        now=NOW, actor="court-1", actor_role="court", ruling=ruling(record, ruled_on="2026-03-05")
    )
    record.restore_guardianship(
        now=NOW,
        actor="court-1",
        actor_role="court",
        ruling=ruling(
            record, "restored", petition_id="p2", ruled_on="2026-07-01", applied_on="2026-06-10"
        ),
    )
    command, kwargs = complete("temporary", record, day="2026-07-02")
    attempt(record, command, kwargs)
    record.return_to_guardian(
        now=NOW,
        actor="civil-1",
        actor_role="civil_affairs",
        legal_basis="未成年人保护法 第93条",
        effective_on="2026-07-03",
        home_assessment={"by": "civil-1", "on": "2026-07-03", "suitable": True},
    )
    record.assign_helper(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        helper={"name": "教师陈", "kind": "teacher"},
        assigned_on="2026-07-01",
    )
    record.record_visit(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        visit_kind="committee_visit",
        visited_on="2026-07-01",
        summary="fine",
        helper_no=1,
    )
    record.release_helper(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        helper_no=1,
        released_on="2026-07-02",
        reason="x",
    )
    record.exit_left_behind(
        now=NOW,
        actor="c",
        actor_role="village_committee",
        exited_on="2026-07-02",
        reason="parents_returned",
        parents={"father": "at_home", "mother": "away"},
    )
    record.change_categories(
        now=NOW,
        actor="c",
        actor_role="town_office",
        categories=["orphan"],
        changed_on="2026-07-03",
        reason="x",
    )
    record.mark_key_child(
        now=NOW, actor="c", actor_role="town_office", marked_on="2026-07-03", reason="x"
    )
    record.unmark_key_child(
        now=NOW, actor="c", actor_role="town_office", unmarked_on="2026-07-04", reason="x"
    )
    assess(record, "2026-07-05", "poor", criteria=["no_guardian", "dropped_out"])
    record.update_personal(actor="c", actor_role="village_committee", personal={"name": "王小明"})
    record.change_location(
        now=NOW,
        actor="c",
        actor_role="town_office",
        location=copy.deepcopy(LOCATION),
        moved_on="2026-08-01",
    )
    record.move_household(
        now=NOW, actor="c", actor_role="town_office", moved_on="2026-08-02", reason="迁居",
        location={"county": "370303", "town": "370303001", "village": "370303001002"},
    )  # fmt: skip
    record.correct_personal(
        now=NOW, actor="c", actor_role="town_office", field="name", value="王晓明",
        reason="户口簿为准", corrected_on="2026-08-03",
    )  # fmt: skip
    record.record_schooling(
        now=NOW, actor="c", actor_role="town_office", level="junior_secondary",
        from_on="2025-09-01", until_on=None,
    )  # fmt: skip
    record.record_adult_capacity(
        now=NOW, actor="c", actor_role="civil_affairs", able_to_work=True,
        full_civil_capacity=True, assessed_on="2026-08-04", basis="体检及村委会证明",
    )  # fmt: skip
    record.record_read(actor="court-1", actor_role="court", purpose="case 2026-1")
    events = record.collect_events()
    rebuilt = replay(events)
    assert rebuilt.state() == record.state()
    assert rebuilt.alert_history(date(2031, 1, 1)) == record.alert_history(date(2031, 1, 1))
    assert {e.TYPE for e in events} == {
        t for t in EVENT_TYPES if t.startswith("children.") and t != "children.Created"
    }


# -- the property: random sequences of changes, reports and rulings ----------------------------


def sixteenth_birthday(born: date) -> date:
    """Computed here independently of the module (29 February → 28 February)."""
    try:
        return born.replace(year=born.year + 16)
    except ValueError:
        return date(born.year + 16, 2, 28)


def under_16(born: date, on: date) -> bool:
    """Under 16 through the 16th birthday itself (周岁从生日的第二天起算)."""
    return on <= sixteenth_birthday(born)


@dataclass
class Model:
    """What the file should hold, kept by the test alone."""

    born: date
    registered: date
    arrangements: list[tuple[date, str]]
    left_behind: list[list[date | None]] = field(default_factory=list)
    revoked: dict[str, tuple[date, bool]] = field(default_factory=dict)
    court_made: list[bool] = field(default_factory=list)

    def standing(self) -> tuple[str, bool] | None:
        """Kind and court origin of the arrangement an emergency stands in for (R-GD-10)."""
        for (_, kind), by_court in zip(
            reversed(self.arrangements), reversed(self.court_made), strict=True
        ):
            if kind not in {"temporary", "none_emergency"}:
                return kind, by_court
        return None

    def protected(self) -> bool:
        standing = self.standing()
        return standing is not None and standing[1]

    def kind_on(self, day: date) -> str | None:
        found = None
        for start, kind in self.arrangements:
            if start <= day:
                found = kind
        return found

    def left_behind_on(self, day: date) -> bool:
        return under_16(self.born, day) and any(
            start is not None and start <= day and (end is None or day < end)
            for start, end in self.left_behind
        )

    def alert_expected(self, day: date) -> bool:
        kind = self.kind_on(day)
        no_guardian = kind == "none_emergency" or (kind == "parent" and self.left_behind_on(day))
        return under_16(self.born, day) and no_guardian


PARENTS = {"father": FATHER, "mother": MOTHER}
SIMPLE_KINDS = ["entrusted_relative", "entrusted_other", "appointed", "institutional", "temporary"]
PARENTAL = {"parent", "entrusted_relative", "entrusted_other", "appointed"}
"""A parent's guardianship stands: civil affairs take no child in on ``no_guardian_available``."""
INCOMPLETE_ROWS = [r for r in ROWS if r.kind in SIMPLE_KINDS and r.scenario == "parents"]
OPS = [
    "parent",
    *SIMPLE_KINDS,
    "absent",
    "enter_left_behind",
    "exit_left_behind",
    "report_escort",
    "revoke",
    "dismiss",
    "restore",
    "incomplete",
    "backdated",
    "backdated_emergency",
    "return",
]
REFUSED_BEFORE_R_GD_10 = (ce.RoleNotAllowed, ce.NotADirectRelative)
"""Errors an incomplete change meets before the R-GD-10 check."""


def file_petition(record: ChildRecord, day: date, kind: str, parent: str) -> GuardianshipPetition:
    if kind == "revoke":
        return GuardianshipPetition.file(
            now=NOW,
            actor="civil-1",
            actor_role="civil_affairs",
            kind="revoke",
            child_id=str(record.id),
            applicant={"kind": "civil_affairs"},
            guardian_concerned=copy.deepcopy(PARENTS[parent]),
            grounds=["serious_harm"],
            filed_on=day.isoformat(),
        )
    return GuardianshipPetition.file(
        now=NOW,
        actor="court-1",
        actor_role="court",
        kind="restore",
        child_id=str(record.id),
        applicant={"kind": "revoked_parent"},
        guardian_concerned=copy.deepcopy(PARENTS[parent]),
        filed_on=day.isoformat(),
    )


def escort_report(record: ChildRecord, day: date) -> Report:
    """A report of a child living alone, parents unreachable, child escorted to a relative."""
    at = f"{day.isoformat()}T09:00:00+08:00"
    report = Report.file(
        now=NOW,
        actor="teacher-1",
        actor_role="reporter",
        reporter={"name": "张老师", "unit": "某小学"},
        institution_kind="school",
        situations=["living_alone"],
        noticed_at=at,
        reported_at=at,
        area="370303001001",
        summary="child alone at home",
        child_id=str(record.id),
    )
    report.record_police_response(
        now=NOW,
        actor="police-1",
        actor_role="police",
        responded_at=at,
        actions=["escort_to_relatives", "notify_parents", "investigate"],
        parents_reached=False,
        handover_sha256=sha(7),
    )
    report.record_town_informed(
        now=NOW, actor="police-1", actor_role="police", town="370303001", informed_at=at
    )
    report.record_town_arrangement(
        now=NOW,
        actor="town-1",
        actor_role="town_office",
        departments=["police", "civil_affairs"],
        assessment={"safety": "safe now", "guardianship": "none", "health": "good"},
        measures=["guardianship_guidance"],
        arranged_on=day.isoformat(),
    )
    report.close(now=NOW, actor="town-1", actor_role="town_office", reason="placed", closed_at=at)
    return report


def check_structure(record: ChildRecord, model: Model) -> None:
    """Exactly one current arrangement; the history is complete and each names its predecessor."""
    arrangements = record.state()["guardianship"]
    assert [a["current"] for a in arrangements].count(True) == 1
    assert arrangements[-1]["current"]
    assert [a["no"] for a in arrangements] == list(range(1, len(arrangements) + 1))
    for before, after in itertools.pairwise(arrangements):
        assert after["previous_no"] == before["no"]
        assert after["previous_kind"] == before["kind"]
        assert before["ended_on"] == after["effective_on"]
        assert before["superseded_by"] == after["no"]
    assert [(a["effective_on"], a["kind"]) for a in arrangements] == [
        (d.isoformat(), k) for d, k in model.arrangements
    ]


def check_alerts(record: ChildRecord, model: Model, days: list[date]) -> None:
    """The R-GD-2 alert is open on exactly the days a child under 16 has no guardian present."""
    until = max(days)
    history = [a for a in record.alert_history(until) if a["rule"] == "R-GD-2"]
    for day in days:
        expected = model.alert_expected(day)
        assert bool([a for a in record.alerts(day) if a["rule"] == "R-GD-2"]) == expected, day
        in_history = any(
            date.fromisoformat(a["opened_on"]) <= day
            and (a["closed_on"] is None or day < date.fromisoformat(a["closed_on"]))
            for a in history
        )
        assert in_history == expected, day


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_no_sequence_of_changes_reports_and_rulings_leaves_two_guardians_or_a_silent_gap(
    data: st.DataObject,
) -> None:
    """Random sequences keep one current arrangement, a complete history and an exact alert
    (R-GD-9)."""
    born = data.draw(st.dates(date(2008, 2, 1), date(2025, 12, 31)), label="born")
    registered = date(2026, 1, 10)
    with_parent = data.draw(st.booleans(), label="registered with a parent")
    record = register(guardian=FATHER if with_parent else None, born=born.isoformat())
    model = Model(
        born,
        registered,
        [(registered, "parent" if with_parent else "none_emergency")],
        court_made=[False],
    )
    day = registered
    change_days = {registered}
    petitions = 0
    for _ in range(data.draw(st.integers(1, 24), label="steps")):
        day += timedelta(days=data.draw(st.integers(0, 150), label="days later"))
        op = data.draw(st.sampled_from(OPS), label="op")
        current = model.arrangements[-1][1]
        expected: type[JianzhengError] | None = None
        new_kind: str | None = None
        by_court = False
        effective = day
        action: Callable[[], Any]
        standing = model.standing()
        town_appointed = standing is not None and standing[0] == "appointed"

        if op == "parent":
            who = data.draw(st.sampled_from(["father", "mother", "parents"]))
            guardian = (
                {"name": "王大山 李秀英", "relation": "parents"}
                if who == "parents"
                else PARENTS[who]
            )
            if (who == "parents" and model.revoked) or who in model.revoked:
                expected = ce.GuardianRevoked
            elif model.protected():
                expected = ce.CourtAppointmentInForce
            command, kwargs = complete("parent", record, day.isoformat())
            kwargs["guardian"] = copy.deepcopy(guardian)
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            new_kind = "parent"
        elif op in SIMPLE_KINDS:
            command, kwargs = complete(op, record, day.isoformat())
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            if op != "temporary" and model.protected():
                expected = ce.CourtAppointmentInForce
            elif op == "entrusted_relative" and town_appointed:  # by the committee
                expected = ce.TownAppointmentInForce
            elif op == "institutional" and current in PARENTAL:  # 民法典 第32条
                expected = ce.ParentalGuardianshipInForce
            new_kind = op
        elif op == "absent":
            command, kwargs = complete("none_emergency", record, day.isoformat())
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            if current == "none_emergency":
                expected = ce.GuardianAlreadyAbsent
            new_kind = "none_emergency"
        elif op == "enter_left_behind":
            action = lambda d=day: record.enter_left_behind(  # noqa: E731
                now=NOW,
                actor="c",
                actor_role="village_committee",
                entered_on=d.isoformat(),
                parents={"father": "away", "mother": "away"},
            )
            if model.left_behind and model.left_behind[-1][1] is None:
                expected = ce.LeftBehindStatusConflict
            elif not under_16(born, day):
                expected = ce.LeftBehindCriteriaNotMet
        elif op == "exit_left_behind":
            action = lambda d=day: record.exit_left_behind(  # noqa: E731
                now=NOW,
                actor="c",
                actor_role="village_committee",
                exited_on=d.isoformat(),
                reason="parents_returned",
                parents={"father": "at_home", "mother": "away"},
            )
            if not model.left_behind or model.left_behind[-1][1] is not None:
                expected = ce.LeftBehindStatusConflict
        elif op == "report_escort":
            report = escort_report(record, day)
            assert report.stage.value == "closed"
            action = lambda d=day, r=report: record.place_in_temporary_care(  # noqa: E731
                now=NOW,
                actor="police-1",
                actor_role="police",
                receiver=copy.deepcopy(RECEIVER),
                legal_basis="C5 应急处置",
                effective_on=d.isoformat(),
                handover_sha256=r.responses[0]["handover_sha256"],
                report_id=str(r.id),
                recorded_report={"report_id": str(r.id), "child_id": r.child_id},
            )
            new_kind = "temporary"
        elif op in {"revoke", "dismiss"}:
            parent = data.draw(st.sampled_from(["father", "mother"]))
            petition = file_petition(record, day, "revoke", parent)
            petitions += 1
            crime = data.draw(st.sampled_from([False, False, False, True]), label="crime")
            petition.rule(
                now=NOW,
                actor="court-1",
                actor_role="court",
                outcome="revoked" if op == "revoke" else "dismissed",
                ruled_on=day.isoformat(),
                ruling_sha256=sha(100 + petitions),
                legal_basis="民法典 第36条",
                intentional_crime_against_child=crime,
                new_guardian=copy.deepcopy(GRANDMOTHER) if op == "revoke" else None,
            )
            action = lambda p=petition: record.apply_court_ruling(  # noqa: E731
                now=NOW,
                actor="court-1",
                actor_role="court",
                ruling=p.ruling_for_child(),
            )
            if op == "revoke":
                if parent in model.revoked:
                    expected = ce.GuardianRevoked
                else:
                    new_kind = "court_appointed"
                    by_court = True
        elif op == "restore":
            # Mostly a revoked parent, so that restorations are also accepted.
            likely = sorted(model.revoked) * 3 + ["father", "mother"]
            parent = data.draw(st.sampled_from(likely), label="parent to restore")
            petition = file_petition(record, day, "restore", parent)
            petitions += 1
            crime = data.draw(st.sampled_from([False, False, False, True]), label="crime")
            petition.rule(
                now=NOW,
                actor="court-1",
                actor_role="court",
                outcome="restored",
                ruled_on=day.isoformat(),
                ruling_sha256=sha(100 + petitions),
                legal_basis="民法典 第38条",
                intentional_crime_against_child=crime,
            )
            action = lambda p=petition: record.apply_court_ruling(  # noqa: E731
                now=NOW,
                actor="court-1",
                actor_role="court",
                ruling=p.ruling_for_child(),
            )
            if parent not in model.revoked:
                expected = ce.NoRevocationToRestore
            elif crime or model.revoked[parent][1]:
                expected = ce.RestorationNotAllowed
            elif not (
                add_months(model.revoked[parent][0], 3)
                <= day
                <= add_months(model.revoked[parent][0], 12)
            ):
                expected = ce.RestorationOutsideWindow
            else:
                new_kind = "parent"
                by_court = True
        elif op == "incomplete":
            row = data.draw(st.sampled_from(INCOMPLETE_ROWS), label="missing")
            command, kwargs = complete(row.kind, record, day.isoformat())
            row.change(kwargs)
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            expected = row.error
            if row.error not in REFUSED_BEFORE_R_GD_10 and row.kind != "temporary":
                if model.protected():
                    expected = ce.CourtAppointmentInForce
                elif row.kind == "entrusted_relative" and town_appointed:
                    expected = ce.TownAppointmentInForce
        elif op == "backdated":
            before = model.arrangements[-1][0] - timedelta(days=1)
            command, kwargs = complete("entrusted_other", record, before.isoformat())
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            expected = ce.EffectiveDateBeforeCurrent
        elif op == "backdated_emergency":
            # An emergency claimed before the current arrangement is still recorded; it takes
            # effect in the file when the current arrangement did (R-GD-7, never frozen).
            before = model.arrangements[-1][0] - timedelta(days=1)
            command, kwargs = complete("temporary", record, before.isoformat())
            action = lambda c=command, k=kwargs: attempt(record, c, k)  # noqa: E731
            new_kind = "temporary"
            effective = model.arrangements[-1][0]
        else:  # return from emergency care to the guardian in force (R-GD-7, R-GD-10)
            action = lambda d=day: record.return_to_guardian(  # noqa: E731
                now=NOW,
                actor="civil-1",
                actor_role="civil_affairs",
                legal_basis="未成年人保护法 第93条",
                effective_on=d.isoformat(),
                home_assessment={"by": "civil-1", "on": d.isoformat(), "suitable": True},
            )
            if current not in {"temporary", "none_emergency"}:
                expected = ce.NotInEmergencyCare
            elif standing is None:
                expected = ce.NoGuardianToReturnTo
            else:
                new_kind, by_court = standing

        event(f"{op}: {expected.code if expected else 'accepted'}")
        version = record.version
        if expected is not None:
            with pytest.raises(JianzhengError) as caught:
                action()
            assert type(caught.value) is expected
            assert record.version == version
            new_kind = None
        else:
            action()
            if op == "enter_left_behind":
                model.left_behind.append([day, None])
            elif op == "exit_left_behind":
                model.left_behind[-1][1] = day
            elif op == "dismiss":
                assert record.version == version
            elif op == "revoke":
                model.revoked[parent] = (day, crime)
            elif op == "restore":
                del model.revoked[parent]
        if new_kind is not None:
            model.arrangements.append((effective, new_kind))
            model.court_made.append(by_court)
        change_days.add(day)
        check_structure(record, model)
        check_alerts(record, model, [day - timedelta(days=1), day])

    probe = {day + timedelta(days=400)}
    for d in change_days:
        probe.update({d - timedelta(days=1), d, d + timedelta(days=1)})
    probe.update({sixteenth_birthday(born), sixteenth_birthday(born) + timedelta(days=1)})
    check_alerts(record, model, sorted(probe))
    rebuilt = replay(record.collect_events())
    assert rebuilt.state() == record.state()

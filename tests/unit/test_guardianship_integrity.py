"""Guardianship integrity: who may replace a court's guardian (R-GD-10), whom a ruling may
revoke (R-GD-8), claimed dates (never in the future, R-EN-2), files that no change can
freeze, and a revoked guardian who comes back under another identity (R-GD-8).

The domain reads no clock: every dated command takes ``now`` from the service. Here the
clock is fixed at :data:`NOW` (10:00 China Standard Time on :data:`TODAY`).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.proof.chain import decode_envelope
from domain.records import children_errors as ce
from domain.records.actors import Role
from domain.records.aggregate import event_from_envelope
from domain.records.children import (
    ChildRecord,
    GuardianshipKind,
    may_be_revoked_person,
    same_person,
)
from domain.records.errors import DateInFuture, JianzhengError
from domain.records.reports import GuardianshipPetition, Report

TODAY = date(2027, 6, 15)
NOW = datetime(2027, 6, 15, 2, 0, tzinfo=UTC)
"""The server's clock: 2027-06-15 10:00 China Standard Time."""

LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
FATHER = {"name": "王大山", "relation": "father", "id_number": "370303198001011234"}
MOTHER = {"name": "李秀英", "relation": "mother", "id_number": "370303198202025678"}
FATHER_NEW_ID = {"name": "王大山", "relation": "father", "id_number": "370303198001019999"}
FATHER_AS_UNCLE = {"name": "王大山", "relation": "uncle", "id_number": "370303198001019999"}
FATHER_AS_RELATIVE = {"name": "王 大山", "relation": "relative"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}
GRANDFATHER = {"name": "李老汉", "relation": "maternal_grandfather"}
FRIEND = {"name": "孙有福", "relation": "family_friend"}
AUNT = {"name": "王小芳", "relation": "aunt"}
NEIGHBOUR = {"name": "周热心", "relation": "neighbour"}
RECEIVER = {"name": "钱近亲", "relation": "relative"}
INSTITUTION = {"name": "淄博市儿童福利院"}


def sha(n: int) -> str:
    return f"{n:064x}"


def day(offset: int) -> str:
    """The date ``offset`` days from :data:`TODAY`."""
    return (TODAY + timedelta(days=offset)).isoformat()


def register(guardian: dict[str, Any] | None = FATHER, registered_on: str = "2026-01-10") -> Any:
    return ChildRecord.register(
        actor="committee-1",
        actor_role="village_committee",
        personal={"name": "王小明"},
        birth_date="2016-05-17",
        sex="male",
        location=copy.deepcopy(LOCATION),
        categories=["poverty_life"],
        registered_on=registered_on,
        guardian=copy.deepcopy(guardian),
        now=NOW,
    )


def dated(on: str, **more: Any) -> dict[str, Any]:
    return {"by": "committee-1", "on": on, **more}


def change(kind: str, on: str, *, nested: str | None = None, **override: Any) -> tuple[str, dict]:
    """The command and complete arguments for one kind of change on ``on``; nested dates
    (assessments, signatures, filings…) are ``nested`` or ``on``."""
    inner = nested or on
    if kind == "parent":
        args = {
            "actor_role": "village_committee",
            "guardian": copy.deepcopy(MOTHER),
            "legal_basis": "民法典 第27条",
            "effective_on": on,
            "home_assessment": {"by": "civil-1", "on": inner, "suitable": True},
        }
        command = "record_parental_guardianship"
    elif kind == "entrusted_relative":
        args = {
            "actor_role": "village_committee",
            "guardian": copy.deepcopy(GRANDMOTHER),
            "legal_basis": "C5 委托监护",
            "effective_on": on,
            "capacity_assessment": dated(inner, capable=True),
            "exclusion_check": dated(inner, found=[]),
        }
        command = "entrust_to_relative"
    elif kind == "entrusted_other":
        args = {
            "actor_role": "town_office",
            "guardian": copy.deepcopy(FRIEND),
            "legal_basis": "C5 委托监护",
            "effective_on": on,
            "committee_consent": dated(inner),
            "agreement_sha256": sha(1),
            "signatures": {
                p: {"on": inner} for p in ("guardian", "entrusted_guardian", "supervisor")
            },
            "filings": {"town": {"on": inner}, "committee": {"on": inner}},
            "exclusion_check": dated(inner, found=[]),
        }
        command = "entrust_to_other"
    elif kind == "appointed":
        args = {
            "actor_role": "town_office",
            "guardian": copy.deepcopy(NEIGHBOUR),
            "legal_basis": "C5 指定监护",
            "effective_on": on,
            "parents_unable_to_entrust": True,
            "capacity_assessment": dated(inner, capable=True),
            "acceptance": dated(inner),
            "fee": {
                "amount_fen": 60000,
                "period": "month",
                "paid_by": "parents",
                "minimum_living_support": False,
            },
            "appointment_sha256": sha(2),
            "exclusion_check": dated(inner, found=[]),
        }
        command = "appoint_guardian"
    elif kind == "institutional":
        args = {
            "actor_role": "civil_affairs",
            "institution": copy.deepcopy(INSTITUTION),
            "legal_basis": "民法典 第32条",
            "effective_on": on,
            "ground": "no_guardian_available",
            "admission_sha256": sha(3),
        }
        command = "place_in_institution"
    elif kind == "temporary":
        args = {
            "actor_role": "police",
            "receiver": copy.deepcopy(RECEIVER),
            "legal_basis": "C4 临时监护",
            "effective_on": on,
            "handover_sha256": sha(4),
        }
        command = "place_in_temporary_care"
    elif kind == "absent":
        args = {"actor_role": "police", "effective_on": on, "reason": "child found alone"}
        command = "record_guardian_absent"
    elif kind == "return":
        args = {
            "actor_role": "civil_affairs",
            "legal_basis": "未成年人保护法 第93条",
            "effective_on": on,
            "home_assessment": {"by": "civil-1", "on": inner, "suitable": True},
        }
        command = "return_to_guardian"
    else:
        raise AssertionError(kind)
    args.update(copy.deepcopy(override))
    return command, args


def do(record: Any, kind: str, on: str, now: datetime = NOW, **override: Any) -> None:
    command, args = change(kind, on, **override)
    getattr(record, command)(actor="actor-1", now=now, **args)


def petition_and_ruling(
    record: Any,
    concerned: dict[str, Any],
    *,
    outcome: str = "revoked",
    filed_on: str = "2026-02-01",
    ruled_on: str = "2026-02-01",
    new_guardian: dict[str, Any] | None = GRANDMOTHER,
    crime: bool = False,
    now: datetime = NOW,
) -> GuardianshipPetition:
    """A petition filed and ruled on; the ruling is not yet applied to the file."""
    restore = outcome == "restored"
    petition = GuardianshipPetition.file(
        actor="civil-1",
        actor_role="court" if restore else "civil_affairs",
        kind="restore" if restore else "revoke",
        child_id=str(record.id),
        applicant={"kind": "revoked_parent" if restore else "civil_affairs"},
        guardian_concerned=copy.deepcopy(concerned),
        grounds=None if restore else ["serious_harm"],
        filed_on=filed_on,
        now=now,
    )
    petition.rule(
        actor="court-1",
        actor_role="court",
        outcome=outcome,
        ruled_on=ruled_on,
        ruling_sha256=sha(90),
        legal_basis="民法典 第38条" if restore else "民法典 第36条",
        intentional_crime_against_child=crime,
        new_guardian=copy.deepcopy(new_guardian) if outcome == "revoked" else None,
        now=now,
    )
    return petition


def apply(record: Any, petition: GuardianshipPetition, now: datetime = NOW) -> bool:
    changed: bool = record.apply_court_ruling(
        actor="court-1", actor_role="court", ruling=petition.ruling_for_child(), now=now
    )
    return changed


def court_appointed(ruled_on: str = "2026-02-01") -> Any:
    """A file whose father was revoked and whose grandmother the court appointed."""
    record = register()
    apply(record, petition_and_ruling(record, FATHER, filed_on=ruled_on, ruled_on=ruled_on))
    return record


def refused(error: type[JianzhengError], action: Callable[[], Any], record: Any) -> JianzhengError:
    """``action`` raises exactly ``error`` and leaves ``record`` (if any) as it was."""
    before = None if record is None else (record.version, record.state())
    with pytest.raises(JianzhengError) as caught:
        action()
    assert type(caught.value) is error, caught.value
    if record is not None:
        assert (record.version, record.state()) == before
    return caught.value


# -- 6. only a court replaces a court-appointed guardian (R-GD-10) ---------------------------

ORDINARY = [
    ("parent", "village_committee"),
    ("parent", "town_office"),
    ("parent", "civil_affairs"),
    ("entrusted_relative", "village_committee"),
    ("entrusted_relative", "town_office"),
    ("entrusted_other", "village_committee"),
    ("entrusted_other", "town_office"),
    ("appointed", "town_office"),
    ("institutional", "civil_affairs"),
]


def restored() -> Any:
    """A file whose father's guardianship a court revoked and later restored."""
    record = court_appointed()
    ruling = petition_and_ruling(
        record, FATHER, outcome="restored", filed_on="2026-06-01", ruled_on="2026-07-01"
    )
    apply(record, ruling)
    return record


CIVIL_AFFAIRS = {"name": "张店区民政局", "relation": "civil_affairs"}


def court_instituted() -> Any:
    """A file where civil affairs took the child in on a court's appointment (R-GD-6): the
    ruling appointed civil affairs, and its institution carries the appointment out."""
    record = register()
    ruling = petition_and_ruling(record, FATHER, new_guardian=CIVIL_AFFAIRS)
    apply(record, ruling)
    do(
        record,
        "institutional",
        "2026-02-01",
        ground="court_appointed_civil_affairs",
        court_ruling={"petition_id": str(ruling.id), "ruling_sha256": sha(90)},
        recorded_ruling=ruling.ruling_for_child(),
    )
    return record


@pytest.mark.parametrize("made_by", [court_appointed, restored, court_instituted])
@pytest.mark.parametrize(("kind", "role"), ORDINARY)
def test_after_a_ruling_appoints_a_guardian_no_ordinary_change_replaces_them(
    made_by: Callable[[], Any], kind: str, role: str
) -> None:
    """Committee, town and civil affairs record no new guardian over a court's (R-GD-10)."""
    record = made_by()
    refused(
        ce.CourtAppointmentInForce,
        lambda: do(record, kind, "2026-08-01", actor_role=role),
        record,
    )


@pytest.mark.parametrize("made_by", [court_appointed, restored, court_instituted])
def test_over_a_courts_guardian_emergency_care_is_recorded_and_the_child_returns_to_them(
    made_by: Callable[[], Any],
) -> None:
    """Police and civil affairs hand the child over; the return goes to the same guardian."""
    record = made_by()
    guardian = record.current_arrangement["guardian"]
    do(record, "temporary", "2026-08-01")
    refused(
        ce.CourtAppointmentInForce,
        lambda: do(record, "entrusted_relative", "2026-08-02"),
        record,
    )
    do(record, "return", "2026-08-03")
    current = record.current_arrangement
    assert current["guardian"] == guardian
    assert current["conditions"]["reinstates_no"] == record.arrangements[-3]["no"]
    do(record, "temporary", "2026-08-04", actor_role="civil_affairs")
    do(record, "absent", "2026-08-05", actor_role="village_committee")
    do(record, "return", "2026-08-06", actor_role="village_committee", home_assessment=None)
    assert record.current_arrangement["guardian"] == guardian
    refused(ce.CourtAppointmentInForce, lambda: do(record, "appointed", "2026-08-07"), record)


def test_a_later_ruling_replaces_the_courts_guardian() -> None:
    """Only a ruling ends a court's appointment: another appointment, or a restoration."""
    record = court_appointed()
    do(record, "temporary", "2026-03-01")
    apply(
        record,
        petition_and_ruling(
            record, GRANDMOTHER, filed_on="2026-03-02", ruled_on="2026-03-02", new_guardian=AUNT
        ),
    )
    assert record.current_arrangement["guardian"] == AUNT
    assert record.current_arrangement["kind"] == "court_appointed"


def test_a_return_needs_emergency_care_and_a_guardian_to_return_to() -> None:
    """No return without an emergency, nor to a file that never had a guardian (R-GD-7)."""
    record = register()
    refused(ce.NotInEmergencyCare, lambda: do(record, "return", "2026-02-01"), record)
    alone = register(guardian=None)
    do(alone, "temporary", "2026-02-01")
    refused(ce.NoGuardianToReturnTo, lambda: do(alone, "return", "2026-02-02"), alone)
    in_care = record_in_care()
    refused(
        ce.HomeAssessmentRequired,
        lambda: do(in_care, "return", "2026-02-02", home_assessment=None),
        in_care,
    )


def record_in_care() -> Any:
    record = register()
    do(record, "temporary", "2026-02-01")
    return record


def test_the_committee_does_not_replace_the_towns_appointment_but_the_town_and_parents_do() -> None:
    """R-GD-5 appointments are not 第31条 designations; only the committee is held back."""
    record = register()
    do(record, "appointed", "2026-02-01")
    refused(
        ce.TownAppointmentInForce,
        lambda: do(record, "entrusted_relative", "2026-02-02"),
        record,
    )
    refused(
        ce.TownAppointmentInForce,
        lambda: do(record, "entrusted_other", "2026-02-02", actor_role="village_committee"),
        record,
    )
    do(record, "entrusted_relative", "2026-02-03", actor_role="town_office")
    do(record, "appointed", "2026-02-04")
    do(record, "parent", "2026-02-05", home_assessment=None)
    assert record.current_arrangement["kind"] == "parent"


def test_a_ruling_revokes_only_a_current_guardian() -> None:
    """Not someone who never guarded the child, a former guardian or a temporary carer."""
    record = register()
    do(record, "entrusted_other", "2026-02-01")  # FRIEND
    do(record, "entrusted_relative", "2026-02-02")  # GRANDMOTHER
    do(record, "temporary", "2026-02-03")  # RECEIVER stands in for GRANDMOTHER
    for stranger in (FRIEND, RECEIVER, NEIGHBOUR, {"name": "某人", "relation": "uncle"}):
        ruling = petition_and_ruling(record, stranger, filed_on="2026-02-04", ruled_on="2026-02-04")
        error = refused(ce.NotCurrentGuardian, lambda r=ruling: apply(record, r), record)
        assert error.code == "not-current-guardian"
    # The guardian in force, and a parent (a guardian by law while the child is entrusted).
    for concerned, petition_no in ((GRANDMOTHER, 1), (MOTHER, 2)):
        copy_of = replay(record)
        ruling = petition_and_ruling(
            copy_of, concerned, filed_on="2026-02-04", ruled_on="2026-02-04", new_guardian=AUNT
        )
        assert apply(copy_of, ruling), petition_no
        assert copy_of.revocations[-1]["guardian"] == concerned


# -- 7. dates ----------------------------------------------------------------------------------


def in_future(record_factory: Callable[[], Any], action: Callable[[Any], Any], field: str) -> None:
    record = record_factory()
    error = refused(DateInFuture, lambda: action(record), record)
    assert error.code == "date-in-future"
    assert error.extra["field"] == field
    assert field in error.detail


def left_behind(record: Any) -> Any:
    record.enter_left_behind(
        actor="c",
        actor_role="village_committee",
        entered_on="2026-02-01",
        parents={"father": "away", "mother": "away"},
        now=NOW,
    )
    return record


def with_helper(record: Any) -> Any:
    record.assign_helper(
        actor="c",
        actor_role="village_committee",
        helper={"name": "教师陈", "kind": "teacher"},
        assigned_on="2026-02-01",
        now=NOW,
    )
    return record


def file_kwargs(on: str) -> dict[str, Any]:
    return {
        "actor": "c",
        "actor_role": "village_committee",
        "personal": {"name": "王小明"},
        "birth_date": "2016-05-17",
        "sex": "male",
        "location": copy.deepcopy(LOCATION),
        "categories": ["poverty_life"],
        "registered_on": on,
        "guardian": None,
        "now": NOW,
    }


def guardianship_case(kind: str, field: str) -> tuple[Callable[[Any], Any], str]:
    """Change ``kind`` with ``field`` one day in the future and every other date today."""
    if field == "effective_on":
        return (lambda r: do(r, kind, day(1), nested=day(0))), field
    return (lambda r: do(r, kind, day(0), nested=day(1))), field


LATER = day(1)
FUTURE_DATE_CASES: list[tuple[str, Callable[[], Any], Callable[[Any], Any], str]] = [
    (
        "registered_on",
        lambda: None,
        lambda _: ChildRecord.register(**file_kwargs(LATER)),
        "registered_on",
    ),
    (
        "birth_date",
        lambda: None,
        lambda _: ChildRecord.register(**{**file_kwargs(day(0)), "birth_date": LATER}),
        "birth_date",
    ),
    (
        "moved_on",
        register,
        lambda r: r.change_location(
            actor="c",
            actor_role="town_office",
            location=copy.deepcopy(LOCATION),
            moved_on=LATER,
            now=NOW,
        ),
        "moved_on",
    ),
    (
        "changed_on",
        register,
        lambda r: r.change_categories(
            actor="c",
            actor_role="town_office",
            categories=["orphan"],
            changed_on=LATER,
            reason="x",
            now=NOW,
        ),
        "changed_on",
    ),
    (
        "marked_on",
        register,
        lambda r: r.mark_key_child(
            actor="c", actor_role="town_office", marked_on=LATER, reason="x", now=NOW
        ),
        "marked_on",
    ),
    (
        "entered_on",
        register,
        lambda r: r.enter_left_behind(
            actor="c",
            actor_role="town_office",
            entered_on=LATER,
            parents={"father": "away", "mother": "away"},
            now=NOW,
        ),
        "entered_on",
    ),
    (
        "exited_on",
        lambda: left_behind(register()),
        lambda r: r.exit_left_behind(
            actor="c",
            actor_role="town_office",
            exited_on=LATER,
            reason="parents_returned",
            parents={"father": "at_home", "mother": "at_home"},
            now=NOW,
        ),
        "exited_on",
    ),
    (
        "assessed_on",
        register,
        lambda r: r.record_assessment(
            actor="t",
            actor_role="town_office",
            result="good",
            criteria=["needs_well_secured"],
            help_plan="x",
            assessed_on=LATER,
            now=NOW,
        ),
        "assessed_on",
    ),
    (
        "assigned_on",
        register,
        lambda r: r.assign_helper(
            actor="c",
            actor_role="town_office",
            helper={"name": "陈", "kind": "teacher"},
            assigned_on=LATER,
            now=NOW,
        ),
        "assigned_on",
    ),
    (
        "released_on",
        lambda: with_helper(register()),
        lambda r: r.release_helper(
            actor="c", actor_role="town_office", helper_no=1, released_on=LATER, reason="x", now=NOW
        ),
        "released_on",
    ),
    (
        "visited_on",
        register,
        lambda r: r.record_visit(
            actor="c",
            actor_role="town_office",
            visit_kind="home_visit",
            visited_on=LATER,
            summary="x",
            now=NOW,
        ),
        "visited_on",
    ),
    (
        "parent.home_assessment.on",
        record_in_care,
        *guardianship_case("parent", "home_assessment.on"),
    ),
    (
        "entrusted_relative.effective_on",
        register,
        *guardianship_case("entrusted_relative", "effective_on"),
    ),
    (
        "entrusted_relative.capacity_assessment.on",
        register,
        *guardianship_case("entrusted_relative", "capacity_assessment.on"),
    ),
    (
        "entrusted_other.committee_consent.on",
        register,
        *guardianship_case("entrusted_other", "committee_consent.on"),
    ),
    (
        "appointed.acceptance.on",
        register,
        lambda r: do(r, "appointed", day(0), acceptance=dated(LATER)),
        "acceptance.on",
    ),
    (
        "entrusted_other.signatures",
        register,
        lambda r: do(
            r,
            "entrusted_other",
            day(0),
            signatures={
                "guardian": {"on": day(0)},
                "entrusted_guardian": {"on": LATER},
                "supervisor": {"on": day(0)},
            },
        ),
        "signatures.entrusted_guardian.on",
    ),
    (
        "entrusted_other.filings",
        register,
        lambda r: do(
            r,
            "entrusted_other",
            day(0),
            filings={"town": {"on": LATER}, "committee": {"on": day(0)}},
        ),
        "filings.town.on",
    ),
    (
        "appointed.exclusion_check.on",
        register,
        lambda r: do(r, "appointed", day(0), exclusion_check=dated(LATER, found=[])),
        "exclusion_check.on",
    ),
    ("institutional.effective_on", register, *guardianship_case("institutional", "effective_on")),
    ("temporary.effective_on", register, *guardianship_case("temporary", "effective_on")),
    ("absent.effective_on", register, *guardianship_case("absent", "effective_on")),
    ("return.effective_on", record_in_care, *guardianship_case("return", "effective_on")),
    (
        "ruling.ruled_on",
        register,
        lambda r: r.apply_court_ruling(
            actor="court-1",
            actor_role="court",
            ruling={
                **petition_and_ruling(
                    r, FATHER, filed_on=day(0), ruled_on=day(0)
                ).ruling_for_child(),
                "ruled_on": LATER,
            },
            now=NOW,
        ),
        "ruling.ruled_on",
    ),
]


@pytest.mark.parametrize(
    ("name", "factory", "action", "field"),
    FUTURE_DATE_CASES,
    ids=[c[0] for c in FUTURE_DATE_CASES],
)
def test_every_claimed_date_of_a_file_in_the_future_is_refused_naming_the_field(
    name: str, factory: Callable[[], Any], action: Callable[[Any], Any], field: str
) -> None:
    """A date one day after today (China Standard Time) is refused as date-in-future."""
    in_future(factory, action, field)


def report_kwargs(**override: Any) -> dict[str, Any]:
    at = "2027-06-15T09:00:00+08:00"
    return {
        "actor": "teacher-1",
        "actor_role": "reporter",
        "reporter": {"name": "张老师"},
        "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": at,
        "reported_at": at,
        "area": "370303001001",
        "summary": "alone",
        "child_id": "4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
        "now": NOW,
        **override,
    }


def responded(report: Report) -> Report:
    report.record_police_response(
        actor="p",
        actor_role="police",
        responded_at="2027-06-15T09:30:00+08:00",
        actions=["admonish_parents", "order_parents_return"],
        parents_reached=True,
        now=NOW,
    )
    return report


def informed(report: Report) -> Report:
    report.record_town_informed(
        actor="p",
        actor_role="police",
        town="370303001",
        informed_at="2027-06-15T09:40:00+08:00",
        now=NOW,
    )
    return report


def arranged(report: Report) -> Report:
    report.record_town_arrangement(
        actor="t",
        actor_role="town_office",
        departments=["police"],
        assessment={"safety": "ok", "guardianship": "ok", "health": "ok"},
        measures=[],
        arranged_on=day(0),
        now=NOW,
    )
    return report


AHEAD = (NOW + timedelta(minutes=6)).isoformat()
"""Six minutes ahead of the server's clock: beyond the allowed skew."""

REPORT_CASES: list[tuple[str, Callable[[], Any], Callable[[Any], Any], str]] = [
    (
        "noticed_at",
        lambda: None,
        lambda _: Report.file(**report_kwargs(noticed_at=AHEAD, reported_at=AHEAD)),
        "noticed_at",
    ),
    (
        "reported_at",
        lambda: None,
        lambda _: Report.file(**report_kwargs(reported_at=AHEAD)),
        "reported_at",
    ),
    (
        "responded_at",
        lambda: Report.file(**report_kwargs()),
        lambda r: r.record_police_response(
            actor="p",
            actor_role="police",
            responded_at=AHEAD,
            actions=["admonish_parents", "order_parents_return"],
            parents_reached=True,
            now=NOW,
        ),
        "responded_at",
    ),
    (
        "informed_at",
        lambda: responded(Report.file(**report_kwargs())),
        lambda r: r.record_town_informed(
            actor="p", actor_role="police", town="370303001", informed_at=AHEAD, now=NOW
        ),
        "informed_at",
    ),
    (
        "arranged_on",
        lambda: informed(responded(Report.file(**report_kwargs()))),
        lambda r: r.record_town_arrangement(
            actor="t",
            actor_role="town_office",
            departments=["police"],
            assessment={"safety": "ok", "guardianship": "ok", "health": "ok"},
            measures=[],
            arranged_on=LATER,
            now=NOW,
        ),
        "arranged_on",
    ),
    (
        "closed_at",
        lambda: arranged(informed(responded(Report.file(**report_kwargs())))),
        lambda r: r.close(
            actor="t", actor_role="town_office", reason="done", closed_at=AHEAD, now=NOW
        ),
        "closed_at",
    ),
    (
        "filed_on",
        lambda: None,
        lambda _: GuardianshipPetition.file(
            actor="c",
            actor_role="civil_affairs",
            kind="revoke",
            child_id="4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
            applicant={"kind": "civil_affairs"},
            guardian_concerned=copy.deepcopy(FATHER),
            grounds=["serious_harm"],
            filed_on=LATER,
            now=NOW,
        ),
        "filed_on",
    ),
    (
        "duty_refused_since",
        lambda: None,
        lambda _: GuardianshipPetition.file(
            actor="c",
            actor_role="civil_affairs",
            kind="revoke",
            child_id="4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
            applicant={"kind": "civil_affairs"},
            guardian_concerned=copy.deepcopy(FATHER),
            grounds=["refused_duty_six_months"],
            particulars={"duty_refused_since": LATER},
            filed_on=day(0),
            now=NOW,
        ),
        "particulars.duty_refused_since",
    ),
    (
        "ruled_on",
        lambda: GuardianshipPetition.file(
            actor="c",
            actor_role="civil_affairs",
            kind="revoke",
            child_id="4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
            applicant={"kind": "civil_affairs"},
            guardian_concerned=copy.deepcopy(FATHER),
            grounds=["serious_harm"],
            filed_on=day(0),
            now=NOW,
        ),
        lambda p: p.rule(
            actor="court-1",
            actor_role="court",
            outcome="revoked",
            ruled_on=LATER,
            ruling_sha256=sha(5),
            legal_basis="民法典 第36条",
            intentional_crime_against_child=False,
            new_guardian=copy.deepcopy(GRANDMOTHER),
            now=NOW,
        ),
        "ruled_on",
    ),
]


@pytest.mark.parametrize(
    ("name", "factory", "action", "field"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES]
)
def test_every_claimed_time_of_a_report_or_petition_in_the_future_is_refused(
    name: str, factory: Callable[[], Any], action: Callable[[Any], Any], field: str
) -> None:
    """Times more than five minutes ahead of the server, and dates after today, are refused."""
    made = factory()
    before = None if made is None else (made.version, made.state())
    with pytest.raises(DateInFuture) as caught:
        action(made)
    assert caught.value.extra["field"] == field
    if made is not None:
        assert (made.version, made.state()) == before


def test_today_is_the_civil_date_in_china_and_clocks_may_run_five_minutes_ahead() -> None:
    """At 23:30 UTC it is already tomorrow in China; a time 4 minutes ahead is accepted."""
    late = datetime(2027, 6, 14, 23, 30, tzinfo=UTC)  # 2027-06-15 07:30 CST
    record = register()
    do(record, "temporary", "2027-06-15", now=late)
    refused(DateInFuture, lambda: do(record, "absent", "2027-06-16", now=late), record)
    Report.file(
        **report_kwargs(
            noticed_at="2027-06-14T23:34:00Z", reported_at="2027-06-14T23:34:00Z", now=late
        )
    )
    with pytest.raises(DateInFuture):
        Report.file(
            **report_kwargs(
                noticed_at="2027-06-14T23:36:00Z", reported_at="2027-06-14T23:36:00Z", now=late
            )
        )
    with pytest.raises(TypeError):
        do(record, "absent", "2027-06-15", now=datetime(2027, 6, 15, 12, 0))


def test_a_back_dated_entry_is_accepted_and_shows_when_it_was_recorded() -> None:
    """R-EN-2: an entrustment dated last year is recorded; the event's ``at`` is today."""
    record = register()
    do(record, "entrusted_relative", "2026-02-01")
    events = record.collect_events()
    envelope = decode_envelope(events[-1].canonical_bytes)
    assert envelope.data["arrangement"]["effective_on"] == "2026-02-01"
    assert envelope.at[:10] > "2026-02-01"


def test_an_emergency_or_ruling_dated_before_the_current_arrangement_is_still_recorded() -> None:
    """No change freezes a file: it takes effect when the current one did, its date kept."""
    record = register()
    do(record, "entrusted_relative", "2026-03-01")
    do(record, "temporary", "2026-02-20")
    current = record.current_arrangement
    assert (current["effective_on"], current["conditions"]["claimed_effective_on"]) == (
        "2026-03-01",
        "2026-02-20",
    )
    apply(record, petition_and_ruling(record, FATHER, filed_on="2026-02-10", ruled_on="2026-02-15"))
    current = record.current_arrangement
    assert (current["kind"], current["effective_on"]) == ("court_appointed", "2026-03-01")
    assert current["conditions"]["ruled_on"] == "2026-02-15"
    assert record.revocations[-1]["revoked_on"] == "2026-02-15"  # the restoration window's start
    refused(
        ce.EffectiveDateBeforeCurrent,
        lambda: do(record, "entrusted_relative", "2026-02-28"),
        record,
    )


def test_a_far_dated_arrangement_recorded_before_dates_were_checked_freezes_nothing() -> None:
    """An old entry dated next year blocks neither a police hand-over today nor a ruling."""
    record = register()
    do(record, "entrusted_relative", day(200), now=NOW + timedelta(days=365))  # an old entry
    police = replay(record)
    do(police, "temporary", day(-3))
    assert police.current_arrangement["effective_on"] == day(0)
    assert police.arrangement_on(TODAY)["kind"] == "temporary"
    assert police.arrangement_on(TODAY + timedelta(days=300))["kind"] == "temporary"
    court = replay(record)
    apply(court, petition_and_ruling(court, FATHER, filed_on=day(-1), ruled_on=day(-1)))
    assert court.arrangement_on(TODAY)["kind"] == "court_appointed"
    refused(ce.EffectiveDateBeforeCurrent, lambda: do(record, "appointed", day(0)), record)


# -- 8. identity: a revoked guardian stays revoked under any identity (R-GD-8) ---------------


def test_a_parent_is_one_person_per_relation_and_a_revoked_person_is_found_by_name_or_number() -> (
    None
):
    """same_person: one father; may_be_revoked_person: also by ID number, name, or jointly."""
    assert same_person(FATHER, FATHER_NEW_ID)
    assert not same_person(FATHER, MOTHER)
    assert not same_person(GRANDMOTHER, {**GRANDMOTHER, "relation": "maternal_grandmother"})
    assert may_be_revoked_person(FATHER, FATHER_AS_UNCLE)
    assert may_be_revoked_person(FATHER, FATHER_AS_RELATIVE)
    assert may_be_revoked_person(
        FATHER, {"name": "某人", "relation": "friend", "id_number": FATHER["id_number"]}
    )
    assert may_be_revoked_person(
        {"name": "王大山、李秀英", "relation": "parents"}, {"name": "李秀英", "relation": "aunt"}
    )
    assert may_be_revoked_person({"name": "王大山 李秀英", "relation": "parents"}, MOTHER)
    assert not may_be_revoked_person(FATHER, GRANDMOTHER)
    assert not may_be_revoked_person(FATHER, {"relation": "relative", "name": ""})


KINDS_NAMING_THE_FATHER = [
    ("parent", {"guardian": FATHER_NEW_ID}, "guardian"),
    ("parent", {"guardian": {"name": "王大山 李秀英", "relation": "parents"}}, "guardian"),
    ("entrusted_other", {"guardian": FATHER_AS_UNCLE}, "guardian"),
    (
        "entrusted_relative",
        {"guardian": {"name": "王大山", "relation": "adult_brother"}},
        "guardian",
    ),
    ("appointed", {"guardian": FATHER_AS_UNCLE}, "guardian"),
    ("temporary", {"receiver": FATHER_AS_RELATIVE}, "receiver"),
    ("temporary", {"receiver": {**RECEIVER, "id_number": FATHER["id_number"]}}, "receiver"),
]


@pytest.mark.parametrize(("kind", "override", "field"), KINDS_NAMING_THE_FATHER)
def test_a_revoked_father_comes_back_under_no_other_identity_or_kind(
    kind: str, override: dict[str, Any], field: str
) -> None:
    """Refused as guardian-revoked whatever kind or ID number names him (R-GD-8, 第38条)."""
    record = court_appointed()
    error = refused(ce.GuardianRevoked, lambda: do(record, kind, "2026-03-01", **override), record)
    assert error.detail.startswith(field)


def test_a_court_appoints_neither_the_person_it_revokes_nor_one_revoked_before() -> None:
    """ruling.new_guardian may not be the revoked father under another name or relation."""
    record = court_appointed()
    for new_guardian in (FATHER_AS_UNCLE, FATHER_AS_RELATIVE):
        ruling = petition_and_ruling(
            record,
            GRANDMOTHER,
            filed_on="2026-03-01",
            ruled_on="2026-03-01",
            new_guardian=new_guardian,
        )
        refused(ce.GuardianRevoked, lambda r=ruling: apply(record, r), record)
    fresh = register()
    ruling = petition_and_ruling(fresh, MOTHER, new_guardian={**MOTHER, "relation": "aunt"})
    refused(ce.GuardianRevoked, lambda: apply(fresh, ruling), fresh)


def test_a_restoration_finds_the_revoked_father_under_a_new_id_number() -> None:
    """The child's father is one person: restoring him ends his revocation (R-GD-8)."""
    record = court_appointed()
    ruling = petition_and_ruling(
        record, FATHER_NEW_ID, outcome="restored", filed_on="2026-06-01", ruled_on="2026-07-01"
    )
    apply(record, ruling)
    assert record.revocations[0]["restored_on"] == "2026-07-01"
    assert (
        record.current_arrangement["conditions"]["revocation_petition_id"]
        == (record.revocations[0]["petition_id"])
    )


def test_a_restoration_recorded_before_it_named_its_revocation_replays_as_it_was_decided() -> None:
    """An older restoration event (no revocation_petition_id) restores what it restored then."""
    record = court_appointed()
    arrangement = record._next(
        kind=GuardianshipKind.PARENT,
        guardian=copy.deepcopy(FATHER),
        legal_basis="民法典 第38条",
        documents=[],
        approved_by=None,
        filed_with=[],
        effective_on=date(2026, 7, 1),
        conditions={"restored": True, "petition_id": "old-p", "ruling_sha256": sha(9)},
    )
    record._restore(actor="court-1", recorded_role="court", arrangement=arrangement)
    assert record.revocations[0]["restored_on"] == "2026-07-01"
    assert replay(record).state() == record.state()


# -- the property: random sequences by random roles with random dates --------------------------


def replay(record: Any) -> Any:
    """A copy of the file from its events (pending ones included), as the store would load it."""
    events = list(getattr(record, "_all_events", [])) + list(record.pending_events)
    aggregate = None
    for e in events:
        aggregate = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(aggregate)
    aggregate._all_events = events
    return aggregate


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T.*")


def claimed_dates(value: Any) -> list[str]:
    """Every date or time string in an event's data."""
    if isinstance(value, dict):
        return [d for v in value.values() for d in claimed_dates(v)]
    if isinstance(value, list):
        return [d for v in value for d in claimed_dates(v)]
    if isinstance(value, str) and (ISO_DATE.fullmatch(value) or ISO_TIME.fullmatch(value)):
        return [value]
    return []


def check_no_future_date(events: list[Any]) -> None:
    """No accepted event claims a date after today or a time beyond the clock skew."""
    for e in events:
        for value in claimed_dates(decode_envelope(e.canonical_bytes).data):
            if ISO_DATE.fullmatch(value):
                assert value <= TODAY.isoformat(), (e.TYPE, value)
            else:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                assert moment <= NOW + timedelta(minutes=5), (e.TYPE, value)


def court_made(arrangement: dict[str, Any]) -> bool:
    """Made by a ruling (R-GD-10), decided here independently of the module."""
    conditions = arrangement["conditions"]
    return (
        arrangement["kind"] == "court_appointed"
        or conditions.get("restored") is True
        or (
            arrangement["kind"] == "institutional"
            and conditions.get("ground") == "court_appointed_civil_affairs"
        )
    )


def ruling_of(arrangement: dict[str, Any]) -> str | None:
    """The petition whose ruling made (or an institution carries out) ``arrangement``."""
    conditions = arrangement["conditions"]
    cited = conditions.get("court_ruling")
    return cited["petition_id"] if isinstance(cited, dict) else conditions.get("petition_id")


def carries_out(arrangement: dict[str, Any], standing: dict[str, Any]) -> bool:
    """Civil affairs' institution carrying out the court's appointment in force (R-GD-6)."""
    return (
        arrangement["kind"] == "institutional"
        and arrangement["conditions"].get("ground") == "court_appointed_civil_affairs"
        and ruling_of(arrangement) == ruling_of(standing)
    )


def check_court_guardians_kept(record: Any, legacy: set[int]) -> None:
    """Exactly one current arrangement; nothing but a ruling, an emergency, a return to the
    same guardian or civil affairs carrying out the court's appointment of civil affairs
    follows a guardian appointed by a court (R-GD-9, R-GD-10)."""
    arrangements = record.state()["guardianship"]
    assert [a["current"] for a in arrangements].count(True) == 1
    assert arrangements[-1]["current"]
    for before, after in itertools.pairwise(arrangements):
        assert after["previous_no"] == before["no"]
        assert before["ended_on"] == after["effective_on"]
    standing: dict[str, Any] | None = None
    for arrangement in arrangements:
        if arrangement["no"] in legacy:
            standing = arrangement
            continue
        emergency = arrangement["kind"] in {"temporary", "none_emergency"}
        reinstates = arrangement["conditions"].get("reinstates_no")
        if standing is not None and court_made(standing):
            assert (
                emergency
                or arrangement["recorded_role"] == "court"
                or (
                    reinstates == standing["no"] and arrangement["guardian"] == standing["guardian"]
                )
                or carries_out(arrangement, standing)
            ), (standing["kind"], arrangement["kind"], arrangement["recorded_role"])
        if not emergency:
            standing = arrangements[reinstates - 1] if reinstates else arrangement


def check_never_frozen(record: Any, data: st.DataObject, serial: int) -> None:
    """A police hand-over and a court ruling can always be recorded next."""
    police = replay(record)
    on = data.draw(past_or_today, label="hand-over day")
    do(
        police,
        "temporary",
        on.isoformat(),
        receiver={"name": f"临时照料人{serial}", "relation": "relative"},
    )
    assert police.arrangement_on(TODAY)["kind"] == "temporary"
    ruled = data.draw(past_or_today, label="ruling day").isoformat()
    standing = record.standing_arrangement()
    candidates = [FATHER, MOTHER] + ([standing["guardian"]] if standing else [])
    outcomes = []
    for concerned in reversed(candidates):
        court = replay(record)
        petition = petition_and_ruling(
            court,
            concerned,
            filed_on=ruled,
            ruled_on=ruled,
            new_guardian={"name": f"新监护人{serial}", "relation": "aunt"},
        )
        try:
            apply(court, petition)
        except JianzhengError as exc:
            outcomes.append(exc.code)
            continue
        assert court.current_arrangement["kind"] == "court_appointed"
        assert court.arrangement_on(TODAY)["kind"] == "court_appointed"
        return
    raise AssertionError(f"no ruling could be recorded: {outcomes}")


def days_from_today(mode: str) -> st.SearchStrategy[date]:
    if mode == "today":
        return st.just(TODAY)
    if mode == "recent":
        return st.integers(1, 20).map(lambda n: TODAY - timedelta(days=n))
    if mode == "past":
        return st.integers(1, 400).map(lambda n: TODAY - timedelta(days=n))
    if mode == "ancient":  # before the child's birth (2016-05-17), some before 1949-10-01
        return st.dates(date(1900, 1, 1), BORN - timedelta(days=1))
    return st.integers(1, 400).map(lambda n: TODAY + timedelta(days=n))


BORN = date(2016, 5, 17)
"""The birth date of every file :func:`register` opens."""

past_or_today = st.sampled_from(["past", "past", "today"]).flatmap(days_from_today)
any_day = st.sampled_from(
    ["recent"] * 4 + ["past"] * 2 + ["today"] * 3 + ["future"] * 2 + ["ancient"]
).flatmap(days_from_today)
"""Past (mostly), today, future, or impossible (before the child's birth) dates."""

ROLES = [r.value for r in Role]
LIKELY_ROLES = ["village_committee", "town_office", "civil_affairs", "police", "court"]
NATURAL_ROLE = {
    "parent": "village_committee",
    "entrusted_relative": "village_committee",
    "entrusted_other": "town_office",
    "appointed": "town_office",
    "institutional": "civil_affairs",
    "temporary": "police",
    "absent": "police",
    "return": "civil_affairs",
}

FATHER_VARIANTS = [
    {"name": "王\u200b大山", "relation": "uncle"},  # a zero-width space
    {"name": "王\u3000大山\ufeff", "relation": "relative"},  # ideographic space, BOM
    {"name": "别名", "relation": "uncle", "id_number": "３７０３０３１９８００１０１１２３４"},
]
"""The father written so that he looks like someone else (full-width, invisible characters)."""

PEOPLE = {
    "parent": [
        FATHER,
        MOTHER,
        FATHER_NEW_ID,
        {"name": "王大山 李秀英", "relation": "parents"},
        {"name": "别名", "relation": "ＦＡＴＨＥＲ"},
    ],
    "entrusted_relative": [
        GRANDMOTHER,
        GRANDFATHER,
        {"name": "王大山", "relation": "adult_brother"},
    ],
    "entrusted_other": [FRIEND, AUNT, FATHER_AS_UNCLE, *FATHER_VARIANTS],
    "appointed": [NEIGHBOUR, FATHER_AS_UNCLE, *FATHER_VARIANTS],
    "temporary": [
        RECEIVER,
        FATHER_AS_RELATIVE,
        *[{**v, "relation": "relative"} for v in FATHER_VARIANTS],
    ],
}
CONCERNED = [FATHER, MOTHER, FATHER_NEW_ID, GRANDMOTHER, NEIGHBOUR, FRIEND, RECEIVER, AUNT]
NEW_GUARDIANS = [
    GRANDMOTHER,
    AUNT,
    NEIGHBOUR,
    FATHER_AS_UNCLE,
    GRANDFATHER,
    CIVIL_AFFAIRS,
    *FATHER_VARIANTS,
]
KINDS = [
    "parent",
    "entrusted_relative",
    "entrusted_other",
    "appointed",
    "institutional",
    "temporary",
    "absent",
    "return",
]
OPS = [*KINDS, "ruling", "ruling", "ruling", "report", "legacy", *["court_institution"] * 2]


def since_current(record: Any) -> st.SearchStrategy[date]:
    """A day from the current arrangement's (if not later than today) up to today."""
    current = date.fromisoformat(record.current_arrangement["effective_on"])
    if current > TODAY:
        return st.just(TODAY)
    return st.integers(0, (TODAY - current).days).map(lambda n: current + timedelta(days=n))


def random_change(record: Any, kind: str, data: st.DataObject) -> Callable[[], Any]:
    natural = NATURAL_ROLE[kind]
    role = data.draw(st.sampled_from([natural] * 14 + LIKELY_ROLES + ROLES), label="role")
    on = data.draw(st.one_of(any_day, since_current(record)), label="effective_on").isoformat()
    nested = data.draw(st.one_of(st.none(), any_day.map(date.isoformat)), label="nested date")
    override: dict[str, Any] = {"actor_role": role}
    if kind == "institutional":
        override["ground"] = data.draw(st.sampled_from(["no_guardian_available", "orphan"]))
    if kind in PEOPLE:
        person = data.draw(st.sampled_from(PEOPLE[kind]), label="person")
        override["receiver" if kind == "temporary" else "guardian"] = person
    return lambda: do(record, kind, on, nested=nested, **override)


def random_ruling(
    record: Any, data: st.DataObject, rulings: list[GuardianshipPetition]
) -> Callable[[], Any]:
    outcome = data.draw(st.sampled_from(["revoked", "revoked", "restored", "dismissed"]))
    likely = [FATHER, MOTHER] * 3 if outcome == "restored" else CONCERNED
    standing = record.standing_arrangement()
    if standing is not None and standing["guardian"] is not None and outcome == "revoked":
        likely = [*likely, standing["guardian"], standing["guardian"]]
    concerned = data.draw(st.sampled_from(likely), label="concerned")
    filed = data.draw(any_day, label="filed_on")
    ruled = filed + timedelta(days=data.draw(st.integers(0, 5), label="ruled after"))
    new_guardian = data.draw(
        st.sampled_from([*NEW_GUARDIANS, CIVIL_AFFAIRS, CIVIL_AFFAIRS]), label="new guardian"
    )
    crime = data.draw(st.sampled_from([False, False, True]), label="crime")

    def act() -> None:
        petition = petition_and_ruling(
            record,
            concerned,
            outcome=outcome,
            filed_on=filed.isoformat(),
            ruled_on=ruled.isoformat(),
            new_guardian=new_guardian,
            crime=crime,
        )
        check_no_future_date(petition.collect_events())
        rulings.append(petition)  # ruled, whether or not the file accepts it
        apply(record, petition)

    return act


def court_institution(
    record: Any, data: st.DataObject, rulings: list[GuardianshipPetition], elsewhere: Any
) -> Callable[[], Any]:
    """Civil affairs claim a court's appointment: a petition id that names nothing, another
    child's ruling, or one of this file's rulings (applied or refused, any outcome)."""
    choice = data.draw(st.sampled_from(["bogus", "elsewhere", "own", "applied", "applied"]))
    applied = [
        p
        for p in rulings
        if str(p.id) in record.applied_rulings
        and (p.ruling or {}).get("new_guardian") == CIVIL_AFFAIRS
    ] or [p for p in rulings if str(p.id) in record.applied_rulings]
    candidates = applied if choice == "applied" and applied else rulings
    if choice in {"own", "applied"} and candidates:
        petition = candidates[data.draw(st.integers(0, len(candidates) - 1), label="cited")]
        cited, recorded = str(petition.id), petition.ruling_for_child()
    elif choice == "elsewhere":
        cited, recorded = str(elsewhere.id), elsewhere.ruling_for_child()
    else:
        cited, recorded = str(uuid.UUID(int=data.draw(st.integers(0, 2**64)))), None
    ruling_sha = recorded["ruling_sha256"] if recorded else sha(90)
    on = data.draw(
        st.one_of(any_day, since_current(record), since_current(record)), label="effective_on"
    ).isoformat()

    def act() -> None:
        do(
            record,
            "institutional",
            on,
            ground="court_appointed_civil_affairs",
            court_ruling={"petition_id": cited, "ruling_sha256": ruling_sha},
            recorded_ruling=copy.deepcopy(recorded),
        )

    return act


def identity(value: Any) -> str:
    """Names and numbers as the law reads them, decided here independently of the module."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).casefold().upper()
    return "".join(c for c in text if unicodedata.category(c)[0] not in "CZ")


def could_be(revoked: dict[str, Any], person: dict[str, Any]) -> bool:
    """Whether ``person`` may be the revoked guardian: same parent relation, name or number."""
    relations = {identity(revoked.get("relation")), identity(person.get("relation"))}
    if len(relations) == 1 and relations <= {"FATHER", "MOTHER", "PARENTS"}:
        return True
    if "PARENTS" in relations and relations <= {"FATHER", "MOTHER", "PARENTS"}:
        return True
    numbers = identity(revoked.get("id_number")), identity(person.get("id_number"))
    if numbers[0] and numbers[0] == numbers[1]:
        return True
    names = {identity(part) for part in re.split(r"[\s、,]+", str(revoked.get("name", "")))}
    return bool(identity(person.get("name"))) and identity(person.get("name")) in (
        names | {identity(revoked.get("name"))}
    )


def check_new_arrangements(record: Any, before: dict[str, Any], legacy: set[int]) -> None:
    """What a step added keeps the rules the outside attack tested (R-GD-6, R-GD-8, 第32条):
    no revoked person returns except by restoration; no institution over a parent's
    guardianship; a court-protected institution only on this file's ruling that appointed
    civil affairs; no date before the child's birth."""
    arrangements = record.state()["guardianship"]
    revoked = [r["guardian"] for r in before["revocations"] if r["restored_on"] is None]
    for arrangement in arrangements[len(before["guardianship"]) :]:
        if arrangement["no"] in legacy:
            continue
        conditions = arrangement["conditions"]
        guardian = arrangement["guardian"]
        if guardian is not None and not conditions.get("restored"):
            concerned = conditions.get("revoked_guardian")
            assert not any(could_be(r, guardian) for r in revoked), arrangement
            assert concerned is None or not could_be(concerned, guardian), arrangement
        previous = arrangements[arrangement["no"] - 2]
        if arrangement["kind"] == "institutional" and "reinstates_no" not in conditions:
            if conditions["ground"] in {"orphan", "no_guardian_available"}:
                assert previous["kind"] not in {
                    "parent", "entrusted_relative", "entrusted_other", "appointed",
                }, (previous["kind"], conditions["ground"])  # fmt: skip
            else:
                cited = conditions["court_ruling"]["petition_id"]
                made = [
                    a for a in arrangements
                    if a["kind"] == "court_appointed"
                    and a["conditions"].get("petition_id") == cited
                ]  # fmt: skip
                assert made, "an institution carries out no ruling of this file"
                assert made[0]["guardian"]["relation"] in {"civil_affairs", "institution"}
        for value in claimed_dates(arrangement):
            if ISO_DATE.fullmatch(value):
                assert value >= BORN.isoformat(), (arrangement["kind"], value)


def random_report(record: Any, data: st.DataObject) -> Callable[[], Any]:
    minutes = st.integers(-3000, 0) | st.integers(1, 5) | st.integers(6, 3000)
    noticed = NOW + timedelta(minutes=data.draw(minutes, label="noticed, minutes from now"))
    reported = noticed + timedelta(minutes=data.draw(st.integers(0, 60), label="delay"))
    role = data.draw(st.sampled_from(["reporter", "police", "village_committee", "court"]))
    responded = NOW + timedelta(minutes=data.draw(minutes, label="responded"))

    def act() -> None:
        report = Report.file(
            **report_kwargs(
                actor_role=role,
                noticed_at=noticed.isoformat(),
                reported_at=reported.isoformat(),
                child_id=str(record.id),
            )
        )
        with contextlib.suppress(JianzhengError):  # refused: the report stays as filed
            report.record_police_response(
                actor="p",
                actor_role="police",
                responded_at=responded.isoformat(),
                actions=["admonish_parents", "order_parents_return"],
                parents_reached=True,
                now=NOW,
            )
        check_no_future_date(report.collect_events())

    return act


def legacy_entry(record: Any, data: st.DataObject, legacy: set[int]) -> Callable[[], Any]:
    """An arrangement as an older version might have stored it: any date, no R-GD-10 check."""
    offset = data.draw(st.integers(-100, 500), label="legacy offset")
    person = data.draw(st.sampled_from([FRIEND, AUNT, NEIGHBOUR, GRANDFATHER]), label="legacy")

    def act() -> None:
        arrangement = record._next(
            kind=GuardianshipKind.ENTRUSTED_OTHER,
            guardian=copy.deepcopy(person),
            legal_basis="C5",
            documents=[],
            approved_by=None,
            filed_with=[],
            effective_on=TODAY + timedelta(days=offset),
            conditions={},
        )
        legacy.add(arrangement["no"])
        record._entrust(actor="old", recorded_role="town_office", arrangement=arrangement)

    return act


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_no_sequence_of_changes_by_any_role_on_any_date_breaks_guardianship_integrity(
    data: st.DataObject,
) -> None:
    """One current guardian, a court's guardian kept, no future date, never a frozen file."""
    registered = data.draw(past_or_today, label="registered_on").isoformat()
    record = register(registered_on=registered)
    rulings: list[GuardianshipPetition] = []
    if data.draw(st.booleans(), label="a court appoints a guardian first"):
        appointee = data.draw(st.sampled_from([GRANDMOTHER, CIVIL_AFFAIRS]), label="appointee")
        first = petition_and_ruling(
            record, FATHER, filed_on=registered, ruled_on=registered, new_guardian=appointee
        )
        apply(record, first)
        rulings.append(first)
    record._all_events = record.collect_events()
    legacy: set[int] = set()
    other = register()
    elsewhere = petition_and_ruling(other, FATHER, new_guardian=CIVIL_AFFAIRS)
    apply(other, elsewhere)
    for serial in range(data.draw(st.integers(1, 14), label="steps")):
        op = data.draw(st.sampled_from(OPS), label="op")
        if op in KINDS:
            action = random_change(record, op, data)
        elif op == "ruling":
            action = random_ruling(record, data, rulings)
        elif op == "court_institution":
            action = court_institution(record, data, rulings, elsewhere)
        elif op == "report":
            action = random_report(record, data)
        else:
            action = legacy_entry(record, data, legacy)
        before = (record.version, record.state())
        state_before = before[1]
        standing = record.standing_arrangement()
        if op in KINDS and standing is not None and court_made(standing):
            event(f"{op} over a court's guardian")
        try:
            action()
        except JianzhengError as exc:
            event(f"{op}: {exc.code}")
            assert (record.version, record.state()) == before
        else:
            event(f"{op}: accepted")
        new = record.collect_events()
        if op != "legacy":
            check_no_future_date(new)
        record._all_events = [*record._all_events, *new]
        check_court_guardians_kept(record, legacy)
        check_new_arrangements(record, state_before, legacy)
        check_never_frozen(record, data, serial)

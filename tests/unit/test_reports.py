"""Mandatory reports, emergency handling and court petitions (R-RP, R-EM, R-GD-8), pure and fast."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.proof.chain import decode_envelope
from domain.records import children_errors as ce
from domain.records.aggregate import EVENT_TYPES, event_from_envelope
from domain.records.children import ChildRecord
from domain.records.errors import JianzhengError
from domain.records.reports import (
    PARENT_DEPENDENT,
    POLICE_ACTIONS,
    RESPONSES,
    SITUATIONS,
    GuardianshipPetition,
    Report,
    check_police_actions,
    response_for,
)

REPORTER = {"name": "张老师", "unit": "某某小学", "phone": "13900139000"}
CHILD = {"name": "王小明", "id_number": "370303201405170017"}
FATHER = {"name": "王大山", "relation": "father", "id_number": "370303198001011234"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}
PERSONAL_VALUES = [
    REPORTER["name"],
    REPORTER["unit"],
    REPORTER["phone"],
    CHILD["name"],
    CHILD["id_number"],
    FATHER["name"],
    FATHER["id_number"],
    GRANDMOTHER["name"],
]
CHILD_ID = "4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3"
NOTICED = "2026-03-01T08:00:00+08:00"
REPORTED = "2026-03-01T08:30:00+08:00"
RESPONDED = "2026-03-01T09:00:00+08:00"
INFORMED = "2026-03-01T12:00:00+08:00"
NOW = datetime(2040, 1, 1, tzinfo=UTC)
"""The server's clock for these tests: every date they use lies before it."""


def sha(n: int) -> str:
    return f"{n:064x}"


def file_report(situations: list[str] | None = None, **extra: Any) -> Report:
    """A report by a school teacher about a known child."""
    arguments: dict[str, Any] = {
        "actor": "teacher-1",
        "actor_role": "reporter",
        "reporter": copy.deepcopy(REPORTER),
        "institution_kind": "school",
        "situations": situations or ["living_alone"],
        "noticed_at": NOTICED,
        "reported_at": REPORTED,
        "area": "370303001001",
        "summary": "the child has lived alone for a week",
        "child_id": CHILD_ID,
    }
    arguments.update(extra)
    return Report.file(now=NOW, **arguments)


def respond(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "police-1",
        "actor_role": "police",
        "responded_at": RESPONDED,
        "actions": ["order_parents_return", "admonish_parents"],
        "parents_reached": True,
    }
    arguments.update(extra)
    report.record_police_response(now=NOW, **arguments)


def inform_town(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "police-1",
        "actor_role": "police",
        "town": "370303001",
        "informed_at": INFORMED,
    }
    arguments.update(extra)
    report.record_town_informed(now=NOW, **arguments)


def arrange(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "town-1",
        "actor_role": "town_office",
        "departments": ["police", "civil_affairs", "education"],
        "assessment": {"safety": "safe", "guardianship": "parents back", "health": "good"},
        "measures": ["guardianship_guidance", "counselling"],
        "arranged_on": "2026-03-03",
    }
    arguments.update(extra)
    report.record_town_arrangement(now=NOW, **arguments)


def close(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "town-1",
        "actor_role": "town_office",
        "reason": "parents returned; help arranged",
        "closed_at": "2026-03-10T10:00:00+08:00",
    }
    arguments.update(extra)
    report.close(now=NOW, **arguments)


# -- the pipeline (R-EM-1, R-EM-2) -------------------------------------------------------------


def test_a_report_runs_the_whole_pipeline_in_order() -> None:
    """reported → responded → town informed → arranged → closed."""
    report = file_report()
    stages = [report.stage.value]
    for step in (respond, inform_town, arrange, close):
        step(report)
        stages.append(report.stage.value)
    assert stages == ["reported", "responded", "town_informed", "arranged", "closed"]


@pytest.mark.parametrize(
    ("done", "step", "error"),
    [
        ([], inform_town, ce.ReportStepOutOfOrder),
        ([], arrange, ce.TownNotificationRequired),
        ([], close, ce.ReportStepOutOfOrder),
        ([respond], arrange, ce.TownNotificationRequired),
        ([respond], close, ce.TownNotificationRequired),
        ([respond, inform_town], close, ce.TownArrangementRequired),
        ([respond, inform_town], inform_town, ce.ReportStepOutOfOrder),
        ([respond, inform_town, arrange], arrange, ce.ReportStepOutOfOrder),
        ([respond, inform_town, arrange, close], respond, ce.ReportAlreadyClosed),
        ([respond, inform_town, arrange, close], close, ce.ReportAlreadyClosed),
    ],
    ids=[
        "town-informed-before-a-response",
        "arrangement-before-anything",
        "closed-before-anything",
        "arrangement-before-the-town-is-informed",
        "closed-before-the-town-is-informed",
        "closed-before-the-town-arrangement",
        "town-informed-twice",
        "arranged-twice",
        "response-after-closure",
        "closed-twice",
    ],
)
def test_steps_out_of_order_are_refused(
    done: list[Callable[[Report], None]],
    step: Callable[[Report], None],
    error: type[JianzhengError],
) -> None:
    """An incident is never closed before the town was informed and arranged help (R-EM-1/2)."""
    report = file_report()
    for earlier in done:
        earlier(report)
    version = report.version
    with pytest.raises(JianzhengError) as caught:
        step(report)
    assert type(caught.value) is error
    assert report.version == version


def test_the_police_may_record_a_follow_up_response() -> None:
    """A later response (parents now reached) is appended; the stage does not go back."""
    report = file_report()
    respond(
        report,
        actions=["escort_to_relatives", "notify_parents"],
        parents_reached=False,
        handover_sha256=sha(1),
    )
    inform_town(report)
    respond(report, responded_at="2026-03-02T09:00:00+08:00")
    assert len(report.responses) == 2
    assert report.stage.value == "town_informed"


@pytest.mark.parametrize(
    ("step", "role"),
    [
        (respond, "town_office"),
        (inform_town, "town_office"),
        (arrange, "police"),
        (close, "reporter"),
    ],
)
def test_each_step_is_recorded_by_its_role(step: Callable[..., None], role: str) -> None:
    """Police respond and inform; the town arranges; town or police close."""
    report = file_report()
    for earlier in (respond, inform_town, arrange, close):
        if earlier is step:
            break
        earlier(report)
    with pytest.raises(ce.RoleNotAllowed):
        step(report, actor_role=role)


# -- police actions fit the situation (R-EM-1) ------------------------------------------------

FITS = [
    # (situations, parents reached, actions, error or None)
    (["living_alone"], True, ["order_parents_return", "admonish_parents"], None),
    (["living_alone"], True, ["name_entrusted_guardian", "admonish_parents"], None),
    (["living_alone"], True, ["order_parents_return"], ce.PoliceActionRequired),
    (["living_alone"], True, ["admonish_parents"], ce.PoliceActionRequired),
    (["living_alone"], False, ["escort_to_committee", "notify_parents"], None),
    (["living_alone"], False, ["notify_parents"], ce.PoliceActionRequired),
    (
        ["living_alone"],
        True,
        ["admonish_parents", "order_parents_return", "stop_violence"],
        ce.PoliceActionUnfit,
    ),
    (["guardian_failing"], True, ["entrust_other_relative"], None),
    (["guardian_incapable"], False, ["escort_to_institution", "notify_parents"], None),
    (["guardian_incapable"], True, ["escort_to_institution"], ce.PoliceActionRequired),
    (["missing"], True, ["missing_child_search", "investigate"], None),
    (["missing"], True, ["investigate"], ce.PoliceActionRequired),
    (["domestic_violence"], True, ["stop_violence", "collect_evidence", "place_in_shelter"], None),
    (["domestic_violence"], True, ["stop_violence"], ce.PoliceActionRequired),
    (
        ["unlawful_harm"],
        True,
        ["stop_harm", "protect_child", "collect_evidence", "injury_assessment"],
        None,
    ),
    (
        ["accidental_injury"],
        True,
        ["protect_child", "collect_evidence", "assist_medical_care"],
        None,
    ),
    (
        ["accidental_injury"],
        True,
        ["protect_child", "collect_evidence", "admonish_parents"],
        ce.PoliceActionUnfit,
    ),
    (
        ["domestic_violence", "living_alone"],
        True,
        ["stop_violence", "collect_evidence", "order_parents_return", "admonish_parents"],
        None,
    ),
    (
        ["domestic_violence", "living_alone"],
        True,
        ["stop_violence", "collect_evidence"],
        ce.PoliceActionRequired,
    ),
    (
        ["organised_begging"],
        True,
        ["stop_harm", "protect_child", "collect_evidence", "escort_to_institution"],
        None,
    ),
    (["abandonment"], True, ["protect_child", "place_in_shelter"], None),
]


@pytest.mark.parametrize(
    ("situations", "reached", "actions", "error"),
    FITS,
    ids=[
        f"{'+'.join(s)}-{'reached' if r else 'unreached'}-{e.code if e else 'accepted'}"
        for s, r, _, e in FITS
    ],
)
def test_police_actions_must_fit_the_situation(
    situations: list[str],
    reached: bool,
    actions: list[str],
    error: type[JianzhengError] | None,
) -> None:
    """Required actions must be there, and no action may fit none of the situations (R-EM-1)."""
    report = file_report(situations)
    handover = (
        sha(2)
        if {"escort_to_committee", "escort_to_institution", "place_in_shelter"} & set(actions)
        else None
    )
    if error is None:
        respond(report, actions=actions, parents_reached=reached, handover_sha256=handover)
        assert report.responses[-1]["actions"] == sorted(actions)
    else:
        with pytest.raises(error):
            respond(report, actions=actions, parents_reached=reached, handover_sha256=handover)


def test_handing_a_child_over_needs_a_written_record() -> None:
    """An escort to temporary care without the hand-over hash is refused (R-GD-7)."""
    report = file_report()
    with pytest.raises(ce.WrittenHandoverRequired):
        respond(report, actions=["escort_to_relatives", "notify_parents"], parents_reached=False)


def test_unknown_actions_and_situations_are_refused() -> None:
    """The vocabularies are closed lists; extend them as data (R-RP-4)."""
    with pytest.raises(ce.UnknownTerm):
        file_report(["gossip"])
    with pytest.raises(ce.UnknownTerm):
        respond(file_report(), actions=["shrug"])


def test_every_situation_has_a_response_whether_or_not_parents_are_reached() -> None:
    """The situation table is complete and uses only known actions."""
    for situation in SITUATIONS:
        for reached in (True, False):
            response = response_for(situation, reached)
            assert response.all_of or response.one_of
            assert (response.all_of | response.one_of | response.may) <= set(POLICE_ACTIONS)
    assert {group for group, _ in RESPONSES} == {s.response for s in SITUATIONS.values()}
    assert all((group, True) in RESPONSES for group in PARENT_DEPENDENT)


@settings(max_examples=150, deadline=None)
@given(
    situations=st.lists(st.sampled_from(sorted(SITUATIONS)), min_size=1, max_size=3, unique=True),
    actions=st.lists(st.sampled_from(sorted(POLICE_ACTIONS)), min_size=1, max_size=6, unique=True),
    reached=st.booleans(),
)
def test_an_accepted_response_always_covers_every_situation(
    situations: list[str], actions: list[str], reached: bool
) -> None:
    """Whatever is accepted contains each situation's required actions and nothing unfitting."""
    try:
        check_police_actions(situations, actions, reached)
    except (ce.PoliceActionRequired, ce.PoliceActionUnfit):
        return
    fitting = {"investigate"}
    for situation in situations:
        response = response_for(situation, reached)
        assert response.all_of <= set(actions)
        assert not response.one_of or response.one_of & set(actions)
        fitting |= response.all_of | response.one_of | response.may
    assert set(actions) <= fitting


# -- filing (R-RP-1…3) ---------------------------------------------------------------------------


def test_a_report_cannot_be_made_before_the_situation_was_noticed() -> None:
    """reported_at ≥ noticed_at; the delay is kept (R-RP-2, 在第一时间)."""
    with pytest.raises(ce.ReportedBeforeNoticed):
        file_report(noticed_at=REPORTED, reported_at=NOTICED)
    assert file_report().report_delay_seconds() == 1800
    with pytest.raises(ce.InvalidField):
        file_report(reported_at="2026-03-01 08:30")


def test_a_report_names_a_child_or_describes_an_unidentified_one_linked_later() -> None:
    """Exactly one of child_id and unidentified_child; the link is made once."""
    with pytest.raises(ce.ChildReferenceRequired):
        file_report(child_id=None)
    with pytest.raises(ce.ChildReferenceRequired):
        file_report(unidentified_child={"apparent_age": 8})
    report = file_report(child_id=None, unidentified_child={"apparent_age": 8, "sex": "female"})
    report.link_child(actor="police-1", actor_role="police", child_id=CHILD_ID)
    assert report.child_id == CHILD_ID
    with pytest.raises(ce.ChildAlreadyLinked):
        report.link_child(actor="police-1", actor_role="police", child_id=CHILD_ID)


def test_only_mandatory_reporters_committees_and_police_file_reports() -> None:
    """A court or a town office does not file a mandatory report (R-RP-1)."""
    assert file_report(actor_role="village_committee").filed_role == "village_committee"
    assert file_report(actor_role="police", institution_kind="citizen").filed_role == "police"
    with pytest.raises(ce.RoleNotAllowed):
        file_report(actor_role="court")


def test_the_reporters_identity_is_hidden_from_roles_that_do_not_need_it() -> None:
    """The police and the reporter see who reported; the town, courts and oversight do not
    (R-RP-3)."""
    report = file_report()
    assert report.view("police", "police-1")["reporter"] == REPORTER
    assert report.view("reporter", "teacher-1")["reporter"] == REPORTER
    for role in ("town_office", "civil_affairs", "court", "oversight", "reporter"):
        seen = report.view(role, "someone-else")
        assert seen["reporter"] is None
        assert seen["filed_by"] is None
        assert seen["reporter_hidden"] is True
        assert seen["institution_kind"] == "school"


# -- petitions and rulings (R-GD-8) --------------------------------------------------------------


def petition(**extra: Any) -> GuardianshipPetition:
    arguments: dict[str, Any] = {
        "actor": "civil-1",
        "actor_role": "civil_affairs",
        "kind": "revoke",
        "child_id": CHILD_ID,
        "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": copy.deepcopy(FATHER),
        "grounds": ["serious_harm"],
        "filed_on": "2026-04-01",
    }
    arguments.update(extra)
    return GuardianshipPetition.file(now=NOW, **arguments)


def rule(p: GuardianshipPetition, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "court-1",
        "actor_role": "court",
        "outcome": "revoked",
        "ruled_on": "2026-06-01",
        "ruling_sha256": sha(9),
        "legal_basis": "民法典 第36条",
        "intentional_crime_against_child": False,
        "new_guardian": copy.deepcopy(GRANDMOTHER),
    }
    arguments.update(extra)
    p.rule(now=NOW, **arguments)


def test_six_months_refusal_is_counted_to_the_filing_day() -> None:
    """Refusing since 2025-10-01: filing 2026-04-01 meets the ground, 2026-03-31 does not
    (R-IV-1)."""
    since = {"duty_refused_since": "2025-10-01"}
    petition(grounds=["refused_duty_six_months"], particulars=since, filed_on="2026-04-01")
    with pytest.raises(ce.RevocationGroundNotMet):
        petition(grounds=["refused_duty_six_months"], particulars=since, filed_on="2026-03-31")


def test_forced_begging_needs_three_failed_rounds_of_criticism() -> None:
    """Three warnings meet 2014 意见 第35条(五); two do not (R-IV-1)."""
    petition(grounds=["forced_begging"], particulars={"warnings": 3})
    with pytest.raises(ce.RevocationGroundNotMet):
        petition(grounds=["forced_begging"], particulars={"warnings": 2})
    with pytest.raises(ce.RevocationGroundNotMet):
        petition(grounds=["unsupervised_in_danger"])


def test_only_a_parent_applies_to_restore_and_only_a_court_rules() -> None:
    """Restoration is for parents (R-GD-8); a ruling is the court's."""
    with pytest.raises(ce.NotAParent):
        petition(
            kind="restore",
            grounds=[],
            applicant={"kind": "revoked_parent"},
            guardian_concerned=copy.deepcopy(GRANDMOTHER),
            actor_role="court",
        )
    p = petition()
    with pytest.raises(ce.RoleNotAllowed):
        rule(p, actor_role="civil_affairs")


def test_a_revocation_names_the_new_guardian_and_is_ruled_once() -> None:
    """Revoked without a new guardian is refused; a second ruling is refused."""
    p = petition()
    with pytest.raises(ce.NewGuardianRequired):
        rule(p, new_guardian=None)
    with pytest.raises(ce.CourtRulingRequired):
        rule(p, ruling_sha256=None)
    with pytest.raises(ce.UnknownTerm):
        rule(p, outcome="restored")
    rule(p)
    with pytest.raises(ce.PetitionAlreadyRuled):
        rule(p, outcome="dismissed", new_guardian=None)


def test_a_ruling_from_a_report_updates_the_childs_guardianship() -> None:
    """Report → petition → ruling → a court-appointed guardian on the file, applied once
    (R-IV-1)."""
    child = ChildRecord.register(
        now=NOW,
        actor="committee-1",
        actor_role="village_committee",
        personal=copy.deepcopy(CHILD),
        birth_date="2014-05-17",
        sex="male",
        location={"county": "370303", "town": "370303001", "village": "370303001001"},
        categories=["guardianship_improper"],
        registered_on="2026-01-10",
        guardian=copy.deepcopy(FATHER),
    )
    report = file_report(["domestic_violence"], child_id=str(child.id))
    respond(report, actions=["stop_violence", "collect_evidence"])
    p = petition(child_id=str(child.id), report_id=str(report.id))
    with pytest.raises(ce.CourtRulingRequired):
        p.ruling_for_child()
    rule(p)
    assert child.apply_court_ruling(
        now=NOW, actor="court-1", actor_role="court", ruling=p.ruling_for_child()
    )
    current = child.current_arrangement
    assert current["kind"] == "court_appointed"
    assert current["guardian"] == GRANDMOTHER
    assert current["conditions"]["revoked_guardian"] == FATHER
    assert current["conditions"]["petition_id"] == str(p.id)
    with pytest.raises(ce.RulingAlreadyApplied):
        child.apply_court_ruling(
            now=NOW, actor="court-1", actor_role="court", ruling=p.ruling_for_child()
        )


# -- personal data and replay ---------------------------------------------------------------------


def test_no_personal_value_appears_in_any_error_message() -> None:
    """Malformed reports and petitions name fields, never the reporter's or family's data."""
    report = file_report()
    failures: list[Callable[[], Any]] = [
        lambda: file_report(reporter={"name": ""}),
        lambda: file_report(noticed_at=REPORTER["phone"]),
        lambda: file_report(child_id=CHILD["id_number"]),
        lambda: file_report(institution_kind=REPORTER["unit"]),
        lambda: file_report([CHILD["name"]]),
        lambda: file_report(area=CHILD["name"]),
        lambda: respond(report, actions=[FATHER["name"]]),
        lambda: respond(report, responded_at=CHILD["id_number"]),
        lambda: report.link_child(actor="p", actor_role="police", child_id=CHILD["name"]),
        lambda: petition(guardian_concerned={"name": FATHER["name"], "relation": ""}),
        lambda: petition(filed_on=FATHER["id_number"]),
        lambda: petition(applicant={"kind": FATHER["name"]}),
        lambda: petition(grounds=[GRANDMOTHER["name"]]),
        lambda: rule(petition(), new_guardian={"name": GRANDMOTHER["name"]}),
        lambda: rule(petition(), ruling_sha256=CHILD["id_number"]),
    ]
    for failure in failures:
        with pytest.raises(JianzhengError) as caught:
            failure()
        for value in PERSONAL_VALUES:
            assert value not in str(caught.value), (caught.value.code, value)


def replay(events: list[Any]) -> Any:
    aggregate = None
    for e in events:
        aggregate = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(aggregate)
    return aggregate


def test_replaying_a_report_and_a_petition_rebuilds_them() -> None:
    """Every report and petition event decodes from its canonical bytes to the same state."""
    report = file_report(
        child_id=None, unidentified_child={"apparent_age": 9}, institution_kind="citizen",
        actor="police-1", actor_role="police",
    )  # fmt: skip
    report.link_child(actor="town-1", actor_role="town_office", child_id=CHILD_ID)
    respond(report)
    report.record_failure_to_report(
        actor="police-1", actor_role="police", institution_kind="school", institution="某小学",
        known_since=NOTICED, basis="班主任早已知情", found_on="2026-03-02", now=NOW,
    )  # fmt: skip
    report.commend_reporter(
        actor="civil-1", actor_role="civil_affairs", form="praise", commended_on="2026-03-02",
        basis="及时报告", now=NOW,
    )  # fmt: skip
    inform_town(report)
    arrange(report)
    close(report)
    events = report.collect_events()
    assert replay(events).state() == report.state()
    assert {e.TYPE for e in events} == {
        t for t in EVENT_TYPES if t.startswith("reports.") and t != "reports.Created"
    }
    p = petition(report_id=str(report.id))
    rule(p)
    assert replay(p.collect_events()).state() == p.state()

"""Findings #7, #8 and #9 of the outside attack on reports (/work/attack-kids-brief/FINDINGS.md),
one regression each at the domain level, pure and fast (the HTTP side is in
``tests/integration/test_attack_fixes_reports_api.py``).

* #7 (R-RP-3, R-CH-4): a reporter's view of its report about a child's file told the child's
  village (``area``) and town (``town_informed.town``).
* #8 (R-RP-1, R-RP-2): a failure to report known before the child's birth, or the same
  institution found twice on one report, was accepted.
* #9 (R-EM-1): a police response dated before one on record was accepted; one before the
  report answered ``invalid-field`` instead of the pipeline's ``report-times-out-of-order``.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.records import children_errors as ce
from domain.records.reports import LOCATING_ROLES, STEP_ROLES, check_step_role
from domain.records.reports.situations import REPORTING_ROLES
from tests.unit.test_reporting_duty import finding
from tests.unit.test_reports import CHILD_ID, file_report, inform_town, respond

VILLAGE = "370303001001"
"""The village :func:`tests.unit.test_reports.file_report` files in."""

# -- #7: the child's place is shown to its area's staff only (R-RP-3, R-CH-4) -------------


def test_the_reporter_sees_neither_the_village_nor_the_town_of_a_named_child() -> None:
    """Finding #7 (R-CH-4): the filing reporter reads its report (reporter shown, R-RP-3)
    without the child's village or the town the police informed; ``location_hidden`` says so."""
    report = file_report()
    respond(report)
    inform_town(report)
    seen = report.view("reporter", "teacher-1")
    assert seen["reporter_hidden"] is False
    assert (seen["area"], seen["location_hidden"]) == (None, True)
    assert seen["town_informed"] is not None
    assert seen["town_informed"]["town"] is None
    assert VILLAGE[:9] not in str(seen)
    assert report.area == VILLAGE
    assert report.town_informed is not None


@pytest.mark.parametrize("role", sorted(r.value for r in LOCATING_ROLES))
def test_the_childs_area_staff_see_the_report_where_it_is(role: str) -> None:
    """Finding #7: the roles that read a report as its area's staff see its village."""
    report = file_report()
    respond(report)
    inform_town(report)
    seen = report.view(role, "someone")
    assert (seen["area"], seen["location_hidden"]) == (VILLAGE, False)
    assert seen["town_informed"]["town"] == VILLAGE[:9]


def test_a_reporter_is_never_one_of_the_roles_that_locate_a_child() -> None:
    """Finding #7: whoever reports (a school, a hospital) names children from anywhere; no
    reporting role but the area's own staff sees where the child lives."""
    assert "reporter" in {r.value for r in REPORTING_ROLES}
    assert "reporter" not in {r.value for r in LOCATING_ROLES}


def test_the_village_a_reporter_gave_for_an_unidentified_child_stays_its_own() -> None:
    """Finding #7: for a child without a file the reporter named the village itself; once
    linked, the report moves to the child's village, which the reporter no longer sees."""
    report = file_report(child_id=None, unidentified_child={"apparent_age": 9})
    assert report.view("reporter", "teacher-1")["area"] == VILLAGE
    report.link_child(
        actor="village-1", actor_role="village_committee", child_id=CHILD_ID, area="370303002001"
    )
    seen = report.view("reporter", "teacher-1")
    assert (seen["area"], seen["location_hidden"]) == (None, True)
    assert "370303002001" not in str(seen)


@pytest.mark.parametrize("step", sorted(STEP_ROLES))
def test_a_reporter_is_refused_every_step_in_words_that_name_no_place(step: str) -> None:
    """Finding #7 by another door: the refusal of a step comes from the caller's roles
    alone (role-not-allowed, the roles that may), so it can be given before the report and
    its area are read; a caller holding one of the roles passes."""
    with pytest.raises(ce.RoleNotAllowed) as refused:
        check_step_role(["reporter"], step)
    assert refused.value.extra["allowed"] == sorted(r.value for r in STEP_ROLES[step])
    assert "reporter" not in refused.value.extra["allowed"]
    for role in STEP_ROLES[step]:
        check_step_role(["reporter", role.value], step)


def test_each_step_checks_the_roles_the_edge_checks() -> None:
    """One table decides (STEP_ROLES): a police response by a town office is refused by the
    method itself with the same allowed roles."""
    report = file_report()
    with pytest.raises(ce.RoleNotAllowed) as refused:
        respond(report, actor_role="town_office")
    assert (
        refused.value.extra["allowed"]
        == ["police"]
        == sorted(r.value for r in STEP_ROLES["record_police_response"])
    )


# -- #8: failures to report (R-RP-1, R-RP-2) -----------------------------------------------


def test_no_institution_knew_before_the_child_was_born() -> None:
    """Finding #8 (R-RP-2): known_since before the birth on the child's file is refused
    (date-before-birth, field known_since, the birth date not told); on the birthday it is
    accepted."""
    report = file_report()
    with pytest.raises(ce.DateBeforeBirth) as refused:
        finding(report, known_since="2026-02-20T10:00:00+08:00", child_born_on=date(2026, 2, 21))
    assert refused.value.extra["field"] == "known_since"
    assert "2026-02-21" not in str(refused.value)
    assert report.failures_to_report == []
    finding(report, known_since="2026-02-20T00:30:00+08:00", child_born_on=date(2026, 2, 20))
    assert len(report.failures_to_report) == 1


def test_the_same_institution_is_found_once_per_report() -> None:
    """Finding #8 (R-RP-1): the same institution — however spaced, full-width or cased — is
    found once per report (failure-to-report-already-recorded, field institution), whatever
    its other particulars; another institution is still found."""
    report = file_report()
    finding(report, institution="某某镇卫生院")
    for again in ("某某镇卫生院", " 某某镇 卫生院\u200b", "某某镇卫生院"):
        with pytest.raises(ce.FailureToReportAlreadyRecorded) as refused:
            finding(report, institution=again, known_since="2026-02-21T10:00:00+08:00",
                    actor="civil-1", actor_role="civil_affairs")  # fmt: skip
        assert refused.value.code == "failure-to-report-already-recorded"
        assert refused.value.extra["field"] == "institution"
    finding(report, institution_kind="school", institution="某某小学")
    assert [f["institution"] for f in report.failures_to_report] == ["某某镇卫生院", "某某小学"]


def test_duplicate_findings_stored_by_earlier_versions_still_apply() -> None:
    """Old stores keep working: a second finding of one institution stored before the rule
    applies as it was recorded (the check refuses new commands only)."""
    report = file_report()
    finding(report)
    report._find_failure_to_report(**{
        k: v for k, v in report.failures_to_report[0].items() if k not in ("found_by", "role")
    }, actor="police-1", recorded_role="police")  # fmt: skip
    assert len(report.failures_to_report) == 2


# -- #9: the police responses' times (R-EM-1) ----------------------------------------------


def test_a_response_before_the_report_is_out_of_order() -> None:
    """Finding #9: the pipeline's code, naming responded_at."""
    report = file_report()
    with pytest.raises(ce.ReportTimesOutOfOrder) as refused:
        respond(report, responded_at="2026-03-01T08:20:00+08:00")
    assert refused.value.code == "report-times-out-of-order"
    assert refused.value.extra["field"] == "responded_at"
    assert report.responses == []


def test_a_response_before_one_on_record_is_out_of_order() -> None:
    """Finding #9 (R-EM-1): responses follow each other as recorded — 20:30, then 20:20 is
    refused; 20:30 again and later are follow-ups."""
    report = file_report()
    respond(report, responded_at="2026-03-01T20:30:00+08:00")
    with pytest.raises(ce.ReportTimesOutOfOrder) as refused:
        respond(report, responded_at="2026-03-01T20:20:00+08:00")
    assert refused.value.extra["field"] == "responded_at"
    respond(report, responded_at="2026-03-01T12:30:00Z")  # 20:30 China time, the same moment
    respond(report, responded_at="2026-03-02T08:00:00+08:00")
    assert [r["responded_at"] for r in report.responses] == [
        "2026-03-01T20:30:00+08:00", "2026-03-01T12:30:00Z", "2026-03-02T08:00:00+08:00"
    ]  # fmt: skip


def test_the_town_informed_before_the_report_is_out_of_order() -> None:
    """Finding #9: informing the town before the report answers the pipeline's code too."""
    report = file_report()
    respond(report)
    with pytest.raises(ce.ReportTimesOutOfOrder) as refused:
        inform_town(report, informed_at="2026-03-01T08:10:00+08:00")
    assert refused.value.extra["field"] == "informed_at"

"""The reporting duty (R-RP-1, R-RP-2): late reports, failures to report, commendations, and
the order of the report pipeline's times (R-EM-1, R-EM-2), pure and fast.

Found from outside: the town could be informed before the police had responded, an
arrangement be dated before the incident was noticed, a report close before its steps, and a
report about a child be dated before the child's birth.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.records import children_errors as ce
from domain.records.reports import ParentDetention, Report
from domain.records.reports.duty import LATE_REPORT_LIMIT, is_late
from domain.records.reports.report import parse_moment
from tests.unit.test_reports import (
    NOW,
    REPORTED,
    arrange,
    close,
    file_report,
    inform_town,
    respond,
    sha,
)


def finding(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "police-1",
        "actor_role": "police",
        "institution_kind": "medical",
        "institution": "某某镇卫生院",
        "known_since": "2026-02-20T10:00:00+08:00",
        "basis": "门诊病历显示 2 月 20 日已发现多处损伤, 未报告",
        "found_on": "2026-03-02",
        "evidence_sha256": sha(9),
    }
    arguments.update(extra)
    report.record_failure_to_report(now=NOW, **arguments)


def commend(report: Report, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "civil-1",
        "actor_role": "civil_affairs",
        "form": "praise",
        "commended_on": "2026-03-05",
        "basis": "及时报告留守儿童独居情况",
    }
    arguments.update(extra)
    report.commend_reporter(now=NOW, **arguments)


# -- the order of the pipeline's times (R-EM-1, R-EM-2) ------------------------------------


def test_the_town_cannot_be_informed_before_the_police_responded() -> None:
    """R-EM-1: the police inform the town of what they found, after responding."""
    report = file_report()
    respond(report, responded_at="2026-03-01T11:00:00+08:00")
    with pytest.raises(ce.ReportTimesOutOfOrder) as refused:
        inform_town(report, informed_at="2026-03-01T10:00:00+08:00")
    assert refused.value.code == "report-times-out-of-order"
    assert refused.value.extra["field"] == "informed_at"
    assert report.town_informed is None


def test_the_first_response_is_what_the_town_is_informed_after() -> None:
    """A follow-up response later than the notice does not move the notice's lower bound."""
    report = file_report()
    respond(report, responded_at="2026-03-01T09:00:00+08:00")
    respond(report, responded_at="2026-03-02T09:00:00+08:00", actions=["investigate",
            "order_parents_return", "admonish_parents"])  # fmt: skip
    inform_town(report, informed_at="2026-03-01T10:00:00+08:00")
    assert report.town_informed is not None


def test_an_arrangement_cannot_be_dated_before_the_town_was_informed() -> None:
    """R-EM-2: the town arranges help once informed — not before the incident was noticed."""
    report = file_report()
    respond(report)
    inform_town(report)
    with pytest.raises(ce.ReportTimesOutOfOrder) as refused:
        arrange(report, arranged_on="2026-02-28")
    assert refused.value.extra["field"] == "arranged_on"
    arrange(report, arranged_on="2026-03-01")  # the same day (China time) is fine


def test_a_report_cannot_close_before_its_steps() -> None:
    """R-EM-1, R-EM-2: the closure lies after every step on record."""
    report = file_report()
    respond(report)
    inform_town(report)
    arrange(report, arranged_on="2026-03-03")
    with pytest.raises(ce.ReportTimesOutOfOrder):
        close(report, closed_at="2026-03-01T11:00:00+08:00")  # before the town was informed
    with pytest.raises(ce.ReportTimesOutOfOrder):
        close(report, closed_at="2026-03-02T10:00:00+08:00")  # before the arrangement's day
    close(report, closed_at="2026-03-03T18:00:00+08:00")
    assert report.closure is not None


def test_a_report_about_a_child_cannot_be_noticed_before_the_childs_birth() -> None:
    """R-RP-2: the file's birth date bounds the report; the message gives no date (R-CH-4)."""
    with pytest.raises(ce.DateBeforeBirth) as refused:
        file_report(child_born_on=date(2026, 3, 2))
    assert refused.value.extra["field"] == "noticed_at"
    assert "2026" not in str(refused.value)
    file_report(child_born_on=date(2026, 3, 1))


def test_linking_a_report_to_a_child_born_after_it_was_noticed_is_refused() -> None:
    """R-RP-2: a report noticed before a child's birth is not about that child."""
    report = file_report(child_id=None, unidentified_child={"apparent_age": 0})
    with pytest.raises(ce.DateBeforeBirth):
        report.link_child(
            actor="police-1", actor_role="police", child_id=sha(1)[:8] + "-0000-4000-8000-"
            + sha(1)[:12], child_born_on=date(2026, 3, 5),
        )  # fmt: skip
    assert report.child_id is None


# -- late reports (R-RP-2) -------------------------------------------------------------------


def test_a_report_later_than_the_limit_after_noticing_is_late() -> None:
    """R-RP-2 "在第一时间": the delay beyond LATE_REPORT_LIMIT marks the report late."""
    noticed = parse_moment("2026-03-01T08:00:00+08:00", "noticed_at")
    assert not is_late(noticed, noticed + LATE_REPORT_LIMIT)
    assert is_late(noticed, noticed + LATE_REPORT_LIMIT + timedelta(seconds=1))
    late = file_report(reported_at="2026-03-03T08:00:00+08:00")
    assert late.state()["late"] is True
    assert file_report().state()["late"] is False


# -- failures to report (R-RP-1, R-RP-2) ------------------------------------------------------


def test_police_or_civil_affairs_record_an_institutions_failure_to_report() -> None:
    """C5 "未履行报告义务的 … 严肃追责": the finding names the institution and is kept."""
    report = file_report()
    finding(report)
    finding(report, actor="civil-1", actor_role="civil_affairs", institution_kind="school",
            institution="某某小学")  # fmt: skip
    kept = report.state()["failures_to_report"]
    assert [f["institution_kind"] for f in kept] == ["medical", "school"]
    assert [f["role"] for f in kept] == ["police", "civil_affairs"]
    with pytest.raises(ce.RoleNotAllowed):
        finding(report, actor="town-1", actor_role="town_office")


def test_a_failure_to_report_is_found_only_against_an_institution_under_the_duty() -> None:
    """R-RP-1: a citizen has no duty to report, so it cannot fail it."""
    with pytest.raises(ce.UnknownTerm) as refused:
        finding(file_report(), institution_kind="citizen")
    assert "citizen" not in refused.value.extra["allowed"]


def test_an_institution_that_learnt_after_the_report_did_not_fail_to_report() -> None:
    """R-RP-2: knowing since after this report was made is no failure (from the record)."""
    report = file_report()
    with pytest.raises(ce.FailureToReportNotShown):
        finding(report, known_since=REPORTED)
    assert report.failures_to_report == []


# -- commendations (C5) ------------------------------------------------------------------------


def test_a_citizens_report_acted_on_by_the_police_is_commended_once() -> None:
    """C5 "其他公民、社会组织积极向公安机关报告的, 要给予表扬, 必要时可给予适当奖励"."""
    report = file_report(institution_kind="citizen", actor="police-1", actor_role="police")
    with pytest.raises(ce.ReportStepOutOfOrder):
        commend(report)  # the police have not acted on it yet
    respond(report)
    commend(report, form="reward", reward_fen=50_000)
    assert report.state()["commendation"]["reward_fen"] == 50_000
    with pytest.raises(ce.ReporterNotCommendable):
        commend(report)


def test_a_mandatory_reporter_doing_its_duty_is_not_commended() -> None:
    """R-RP-1: a school reports because it must; commendations are for others (C5)."""
    report = file_report()
    respond(report)
    with pytest.raises(ce.ReporterNotCommendable):
        commend(report)
    assert report.commendation is None


def test_a_reward_names_its_amount_and_praise_none() -> None:
    """A reward is money (fen, an integer); praise carries no amount."""
    report = file_report(institution_kind="citizen", actor="police-1", actor_role="police")
    respond(report)
    with pytest.raises(ce.InvalidField):
        commend(report, form="reward")
    with pytest.raises(ce.InvalidField):
        commend(report, form="praise", reward_fen=100)
    with pytest.raises(ce.RoleNotAllowed):
        commend(report, actor_role="police")


# -- a parent's detention (R-GD-7) -------------------------------------------------------------


def detain(**extra: Any) -> ParentDetention:
    arguments: dict[str, Any] = {
        "actor": "police-1",
        "actor_role": "police",
        "child_id": "4fad5b6e-3a7c-4f1b-8c9d-5e6f708192a3",
        "parent": "father",
        "measure": "criminal_detention",
        "detained_at": "2026-03-01T23:30:00+00:00",
        "needs_care": True,
        "care": {"receiver": {"name": "王奶奶", "relation": "relative"}, "handover_sha256": sha(7)},
        "legal_basis": "刑事诉讼法; C4",
        "child_born_on": date(2014, 5, 17),
    }
    arguments.update(extra)
    return ParentDetention.record(now=NOW, **arguments)


def test_a_detention_whose_child_needs_care_records_what_was_arranged() -> None:
    """R-GD-7 (C4 "办理书面交接手续"): receiver and written hand-over; care starts that day
    in China time (23:30 UTC is the next morning in Zibo)."""
    detention = detain()
    assert detention.care == {"receiver": {"name": "王奶奶", "relation": "relative"},
                              "handover_sha256": sha(7)}  # fmt: skip
    assert detention.care_starts_on() == "2026-03-02"
    with pytest.raises(ce.CareArrangementRequired):
        detain(care=None)
    with pytest.raises(ce.WrittenHandoverRequired):
        detain(care={"receiver": {"name": "王奶奶", "relation": "relative"}})
    with pytest.raises(ce.UnknownTerm):
        detain(
            care={"receiver": {"name": "某人", "relation": "stranger"}, "handover_sha256": sha(7)}
        )


def test_no_care_needed_says_why_and_only_the_police_record_a_detention() -> None:
    """C4 puts the question on the police; "no care needed" names who cares for the child."""
    detention = detain(needs_care=False, care=None, no_care_reason="母亲在家监护")
    assert detention.care is None
    with pytest.raises(ce.InvalidField):
        detain(needs_care=False, care=None)
    with pytest.raises(ce.InvalidField):
        detain(needs_care=False, no_care_reason="母亲在家")  # care given although not needed
    with pytest.raises(ce.RoleNotAllowed):
        detain(actor_role="civil_affairs")
    with pytest.raises(ce.DateBeforeBirth):
        detain(detained_at="2014-05-16T10:00:00+08:00")

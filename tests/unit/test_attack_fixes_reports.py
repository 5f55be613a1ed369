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

import pytest

from domain.records import children_errors as ce
from tests.unit.test_reports import file_report, inform_town, respond

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

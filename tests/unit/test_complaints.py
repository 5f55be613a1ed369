"""Complaints about enforcement (投诉举报, R-SV-3): order from the history, the deadline as
data stored at intake, and the complainant protected like a reporter (R-RP-3). Pure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.proof.chain import decode_envelope
from domain.records.aggregate import EVENT_TYPES, event_from_envelope
from domain.records.enforcement import EnforcementCase
from domain.records.errors import (
    ComplaintStepOutOfOrder,
    InvalidInput,
    NotComplaintHandler,
)
from domain.records.oversight import (
    CHANNELS,
    QUEUE_STATUSES,
    SANCTION_KINDS,
    TIME_LIMIT,
    Complaint,
    Outcome,
    Stage,
)
from domain.records.vocabulary import vocabulary

RECEIVER, HANDLER, OTHER = "ovs-receiver", "ovs-handler", "ovs-other"
COMPLAINANT = {"name": "刘某某", "contact": "13800138000"}
RECEIVED = date(2026, 3, 2)


def receive(**extra: Any) -> Complaint:
    arguments: dict[str, Any] = {
        "actor": RECEIVER,
        "channel": "hotline_12345",
        "received_on": RECEIVED,
        "complainant": dict(COMPLAINANT),
        "summary": "执法人员未出示证件即进行检查",
        "case_id": None,
        "officers": ["officer-1"],
        "jurisdiction": "370303",
        **extra,
    }
    return Complaint.receive(**arguments)


def assigned() -> Complaint:
    complaint = receive()
    complaint.assign(actor=RECEIVER, assignee=HANDLER)
    return complaint


def concluded(outcome: str = "substantiated") -> Complaint:
    complaint = assigned()
    complaint.record_findings(actor=HANDLER, findings="经调取执法记录仪视频，未出示证件属实")
    complaint.conclude(actor=HANDLER, outcome=outcome, reason="责令整改", referred_to=None)
    return complaint


def replay(events: list[Any]) -> Any:
    aggregate = None
    for e in events:
        aggregate = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(aggregate)
    return aggregate


def test_the_reply_is_due_by_the_time_limit_that_is_data_and_stored_in_the_intake_event() -> None:
    """R-SV-3: the due date is received_on + TIME_LIMIT days, and the intake event keeps it
    with the limit and its basis, so a later change of the table changes no old deadline."""
    complaint = receive()
    (intake,) = complaint.collect_events()
    data = decode_envelope(intake.canonical_bytes).data
    assert data["due_on"] == (RECEIVED + timedelta(days=int(TIME_LIMIT["days"]))).isoformat()
    assert data["due_on"] == "2026-05-01"
    assert data["time_limit"] == {"days": 60, "basis": TIME_LIMIT["basis"]}


def test_no_findings_before_assignment_and_only_the_handler_records_them() -> None:
    """R-SV-3: findings, outcome and reply are the assigned handler's, in order."""
    complaint = receive()
    with pytest.raises(ComplaintStepOutOfOrder):
        complaint.record_findings(actor=RECEIVER, findings="先查")
    complaint.assign(actor=RECEIVER, assignee=HANDLER)
    with pytest.raises(NotComplaintHandler):
        complaint.record_findings(actor=OTHER, findings="越权记录")


def test_no_outcome_before_findings() -> None:
    """R-SV-3: an outcome rests on recorded findings."""
    complaint = assigned()
    with pytest.raises(ComplaintStepOutOfOrder, match="before findings"):
        complaint.conclude(actor=HANDLER, outcome="unsubstantiated", reason="无", referred_to=None)


def test_no_second_outcome_and_no_findings_after_it() -> None:
    """R-SV-3: one outcome; the investigation is closed by it."""
    complaint = concluded()
    with pytest.raises(ComplaintStepOutOfOrder, match="already"):
        complaint.conclude(
            actor=HANDLER, outcome="unsubstantiated", reason="改判", referred_to=None
        )
    with pytest.raises(ComplaintStepOutOfOrder):
        complaint.record_findings(actor=HANDLER, findings="补充")
    with pytest.raises(ComplaintStepOutOfOrder):
        complaint.assign(actor=RECEIVER, assignee=OTHER)


def test_no_reply_before_the_outcome_and_one_reply_only() -> None:
    """R-SV-3: the complainant is answered with the outcome, once."""
    complaint = assigned()
    complaint.record_findings(actor=HANDLER, findings="查明情况")
    with pytest.raises(ComplaintStepOutOfOrder, match="before the outcome"):
        complaint.answer(actor=HANDLER, replied_on=RECEIVED, channel="letter", summary="答复")
    complaint.conclude(actor=HANDLER, outcome="partly_substantiated", reason="部分属实",
                       referred_to=None)  # fmt: skip
    complaint.answer(actor=HANDLER, replied_on=RECEIVED, channel="letter", summary="书面答复")
    with pytest.raises(ComplaintStepOutOfOrder):
        complaint.answer(actor=HANDLER, replied_on=RECEIVED, channel="phone", summary="再答复")


def test_a_reply_after_the_due_date_is_recorded_as_late() -> None:
    """R-SV-3: on_time compares the reply date with the due date stored at intake."""
    on_time = concluded()
    on_time.answer(actor=HANDLER, replied_on=date(2026, 5, 1), channel="letter", summary="答复")
    late = concluded()
    late.answer(actor=HANDLER, replied_on=date(2026, 5, 2), channel="letter", summary="答复")
    assert on_time.reply is not None
    assert on_time.reply["on_time"] is True
    assert late.reply is not None
    assert late.reply["on_time"] is False
    assert late.status(date(2026, 6, 1))["overdue"] is False  # answered: no longer open
    assert receive().status(date(2026, 5, 2))["overdue"] is True


def test_a_referred_outcome_names_where_it_went_and_only_it_does() -> None:
    """R-SV-3: ``referred`` needs ``referred_to``; the other outcomes refuse one."""
    complaint = assigned()
    complaint.record_findings(actor=HANDLER, findings="不属本机关管辖")
    with pytest.raises(InvalidInput) as caught:
        complaint.conclude(actor=HANDLER, outcome="referred", reason="移送", referred_to=None)
    assert caught.value.extra["field"] == "referred_to"
    with pytest.raises(InvalidInput):
        complaint.conclude(actor=HANDLER, outcome="substantiated", reason="x", referred_to="某局")
    with pytest.raises(InvalidInput) as unknown:
        complaint.conclude(actor=HANDLER, outcome="founded", reason="x", referred_to=None)
    assert "substantiated" in unknown.value.extra["allowed"]  # type: ignore[operator]


def test_the_complainant_is_shown_only_to_who_received_and_who_handles_the_complaint() -> None:
    """R-RP-3 applied to complainants: others read the complaint without them."""
    complaint = assigned()
    on = date(2026, 3, 3)
    assert complaint.view(RECEIVER, on)["complainant"] == COMPLAINANT
    assert complaint.view(HANDLER, on)["complainant"] == COMPLAINANT
    other = complaint.view(OTHER, on)
    assert other["complainant"] is None
    assert other["complainant_hidden"] is True
    assert other["received_by"] is None
    assert COMPLAINANT["name"] not in str(other)
    assert COMPLAINANT["name"] not in str(complaint.status(on))


def test_intake_refuses_an_unknown_channel_and_a_nameless_complainant() -> None:
    """R-SV-3: the channel is a term of the vocabulary; the complainant has a name."""
    with pytest.raises(InvalidInput) as caught:
        receive(channel="wechat")
    assert caught.value.extra["field"] == "channel"
    with pytest.raises(InvalidInput) as nameless:
        receive(complainant={"name": "  "})
    assert nameless.value.extra["field"] == "complainant.name"


def test_replaying_a_complaint_rebuilds_it_from_its_canonical_bytes() -> None:
    """Every complaint event decodes to the same state (old stores keep working)."""
    complaint = concluded()
    complaint.answer(actor=HANDLER, replied_on=RECEIVED, channel="letter", summary="答复")
    events = complaint.collect_events()
    on = date(2026, 3, 3)
    assert replay(events).view(HANDLER, on) == complaint.view(HANDLER, on)
    assert {e.TYPE for e in events} == {
        t for t in EVENT_TYPES if t.startswith("complaints.") and t != "complaints.Created"
    }


def test_a_closed_case_still_takes_the_link_to_a_complaint_about_it() -> None:
    """R-SV-2, R-SV-3: oversight appends at any stage; the case names the complaint only."""
    case = EnforcementCase.open(
        actor="officer-a", action_type="penalty", title="某案", agency="某局",
        jurisdiction="370303", party={"kind": "person", "name": "刘某"},
        officers=[{"actor_id": "officer-a"}, {"actor_id": "officer-b"}], filed_on="2026-03-01",
    )  # fmt: skip
    case.close(actor="officer-a", reason="结案")
    complaint = receive(case_id=str(case.id))
    case.link_complaint(actor=RECEIVER, complaint_id=str(complaint.id), received_on="2026-03-02")
    assert case.complaint_ids() == [str(complaint.id)]
    assert COMPLAINANT["name"] not in str(case.state())


def test_the_complaint_vocabularies_are_the_domains_own_tables() -> None:
    """The API's vocabularies list exactly the domain's channels, outcomes and stages."""
    assert vocabulary("complaint_channel").codes == tuple(CHANNELS)
    assert vocabulary("complaint_outcome").codes == tuple(Outcome)
    assert vocabulary("complaint_stage").codes == tuple(Stage)
    assert vocabulary("complaint_queue_status").codes == QUEUE_STATUSES
    assert vocabulary("sanction_kind").codes == tuple(SANCTION_KINDS)

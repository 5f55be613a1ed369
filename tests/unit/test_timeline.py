"""The readable timeline (api/web/timeline.py): every event type has a Chinese label, times are
shown in Beijing time, and an entry made after the fact it claims is flagged by the domain's
R-EN-2 check (``entered_after_the_fact``), with the clock tolerance the domain already has."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import domain.records
from api.web.directory import beijing
from api.web.dossier import ExternalResourceRefused, render_pdf
from api.web.event_labels import EVENT_LABELS
from api.web.timeline import claimed_of
from domain.proof.chain import GENESIS_PREV, Envelope, canonical_envelope, decode_envelope
from domain.records.actors import Role
from domain.records.aggregate import EVENT_TYPES, _data_field_names
from domain.records.children.dates import CLOCK_SKEW, entered_after_the_fact

CJK = re.compile(r"[\u4e00-\u9fff]")
STREAM = "6f1c1c2e-3b8e-4b43-9d53-2b7c61f1a0aa"


def _all_event_types() -> dict[str, Any]:
    """Every event type the records define: every module of ``domain.records`` imported."""
    for module in pkgutil.walk_packages(domain.records.__path__, "domain.records."):
        importlib.import_module(module.name)
    return dict(EVENT_TYPES)


def _envelope(event_type: str, at: datetime, **data: Any) -> Envelope:
    """A real v1 envelope (canonical bytes, hash) of ``event_type`` recorded at ``at``."""
    text = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    canonical = canonical_envelope(
        stream=STREAM, seq=1, event_type=event_type, at=text, actor="system", data=data,
        prev=GENESIS_PREV,
    )  # fmt: skip
    return decode_envelope(canonical)


def test_every_event_type_has_a_chinese_label() -> None:
    """A new event type without a row in EVENT_LABELS fails here, naming it."""
    missing = sorted(set(_all_event_types()) - set(EVENT_LABELS))
    assert missing == [], f"event types without a label in api/web/event_labels.py: {missing}"
    for event_type, row in EVENT_LABELS.items():
        assert CJK.search(row.label), f"{event_type}: the label {row.label!r} is not Chinese"


def test_every_enforcement_event_type_is_labelled_and_no_row_names_a_type_that_does_not_exist() -> (
    None
):
    """The case's whole vocabulary is covered, and the table holds no stale type."""
    types = _all_event_types()
    enforcement = {t for t in types if t.startswith("enforcement.")}
    assert len(enforcement) > 20
    assert enforcement <= set(EVENT_LABELS)
    assert sorted(set(EVENT_LABELS) - set(types)) == []


def test_a_claimed_member_and_the_roles_of_each_row_exist() -> None:
    """A row's claimed member is a member of its event (a typo would never flag anything)."""
    types = _all_event_types()
    for event_type, row in EVENT_LABELS.items():
        assert all(isinstance(r, Role) for r in row.roles), event_type
        if row.claimed:
            assert row.claimed[0] in _data_field_names(types[event_type]), (event_type, row)
            assert row.claimed_label, event_type


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-12-07T06:03:59.999999Z", "2026-12-07 14:03"),
        ("2026-12-07T16:30:00.000000Z", "2026-12-08 00:30"),  # past midnight in Beijing
        ("2026-12-31T23:59:00+00:00", "2027-01-01 07:59"),
        ("2026-12-07T14:03:00+08:00", "2026-12-07 14:03"),
        ("2026-12-07T02:03:00-04:00", "2026-12-07 14:03"),
    ],
)
def test_times_are_shown_in_beijing_time_to_the_minute(stored: str, shown: str) -> None:
    """UTC and any other offset become China Standard Time, ``YYYY-MM-DD HH:MM``."""
    assert beijing(stored) == shown
    assert beijing(datetime.fromisoformat(stored.replace("Z", "+00:00"))) == shown


def test_a_time_without_its_offset_is_refused() -> None:
    """A naive time could be any zone: never guessed."""
    with pytest.raises(ValueError, match="offset"):
        beijing("2026-12-07T14:03:00")


def test_a_step_recorded_within_the_clock_tolerance_is_not_late_and_beyond_it_is() -> None:
    """R-EN-2: the tolerance is the domain's CLOCK_SKEW (the one the future check grants)."""
    recorded = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    within = recorded - CLOCK_SKEW + timedelta(seconds=1)
    beyond = recorded - CLOCK_SKEW - timedelta(seconds=1)
    on_time = _envelope("enforcement.StepRecorded", recorded, occurred_at=within.isoformat())
    late = _envelope("enforcement.StepRecorded", recorded, occurred_at=beyond.isoformat())
    assert entered_after_the_fact(within, recorded) is False
    assert entered_after_the_fact(beyond, recorded) is True
    shown = claimed_of(on_time)
    assert shown is not None
    assert (shown.label, shown.late) == ("发生时间", False)
    flagged = claimed_of(late)
    assert flagged is not None
    assert flagged.late is True
    assert flagged.shown == beijing(beyond)


def test_a_claimed_date_is_late_only_when_before_the_day_of_recording_in_beijing() -> None:
    """A decision dated the day it is recorded is on time; one dated the day before is a late
    entry — counted in China Standard Time (01:00 on 8 Dec in Beijing is still 7 Dec in UTC)."""
    recorded = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # 2026-12-08 01:00 in Beijing
    same_day = claimed_of(_envelope("enforcement.DecisionMade", recorded, decided_on="2026-12-08"))
    day_before = claimed_of(
        _envelope("enforcement.DecisionMade", recorded, decided_on="2026-12-07")
    )
    assert same_day is not None
    assert day_before is not None
    assert (same_day.label, same_day.shown, same_day.late) == ("决定日期", "2026-12-08", False)
    assert (day_before.shown, day_before.late) == ("2026-12-07", True)
    assert entered_after_the_fact(date(2026, 12, 7), recorded) is True


def test_an_event_that_claims_nothing_has_no_claimed_time() -> None:
    """A closure states no date of its own: nothing to compare, nothing flagged."""
    closed = _envelope("enforcement.CaseClosed", datetime(2026, 12, 7, tzinfo=UTC), reason="结案")
    assert claimed_of(closed) is None


def test_a_guardianship_change_claims_its_effective_date() -> None:
    """The nested ``arrangement.effective_on`` is the claimed date of a change (R-GD-9)."""
    recorded = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    event = _envelope(
        "children.GuardianEntrusted", recorded, recorded_role="village_committee",
        arrangement={"no": 2, "kind": "entrusted_relative", "effective_on": "2026-11-30"},
    )  # fmt: skip
    claimed = claimed_of(event)
    assert claimed is not None
    assert (claimed.label, claimed.shown, claimed.late) == ("生效日期", "2026-11-30", True)


def test_the_dossier_renderer_fetches_nothing_from_outside_its_templates() -> None:
    """An image on another host is refused before any connection (intranets have no route
    out); a ``data:`` URL is local and allowed."""
    with pytest.raises(ExternalResourceRefused, match=r"192\.0\.2\.1"):
        render_pdf('<p>案卷</p><img src="http://192.0.2.1/logo.png">')
    with pytest.raises(ExternalResourceRefused, match="passwd"):
        render_pdf('<link rel="stylesheet" href="file:///etc/passwd">')
    dot = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4"
        "DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
    assert render_pdf(f'<p>案卷</p><img src="{dot}">').startswith(b"%PDF-")

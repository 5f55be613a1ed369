"""Named child-protection staff (R-AC-2): a roster per town and village, pure and fast."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.proof.chain import decode_envelope
from domain.records import children_errors as ce
from domain.records.actors import Actor
from domain.records.aggregate import event_from_envelope
from domain.records.errors import DateInFuture, InvalidJurisdiction
from domain.records.staff import POSTS, STAFF_TITLES, StaffRoster, in_force

TOWN, VILLAGE = "370303001", "370303001001"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def actor(role: str, area: str) -> Actor:
    return Actor.register(actor="system", name="工作人员", role=role, agency="某单位",
                          jurisdiction=area)  # fmt: skip


def roster(area: str = VILLAGE, role: str = "town_office") -> StaffRoster:
    return StaffRoster.open(actor="town-1", actor_role=role, area=area)


def appoint(r: StaffRoster, staff: Actor, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "town-1",
        "actor_role": "town_office",
        "staff": staff,
        "title": "child_care_liaison" if r.level == "village" else "child_protection_worker",
        "from_on": "2026-01-01",
        "basis": "镇政府〔2026〕3号",
    }
    arguments.update(extra)
    r.appoint(now=NOW, **arguments)


def test_a_village_names_a_liaison_from_its_own_committee() -> None:
    """R-AC-2 (C4 "村(居)民委员会要设立儿童关爱联络员…"): the staff is an actor of the village."""
    r = roster()
    staff = actor("village_committee", VILLAGE)
    appoint(r, staff, until_on="2028-12-31")
    [held] = r.in_force_on(date(2026, 6, 1))
    assert held["staff_actor"] == str(staff.id)
    assert held["title"] == "child_care_liaison"
    assert r.in_force_on(date(2025, 12, 31)) == []
    assert r.in_force_on(date(2029, 1, 1)) == []


def test_the_staff_member_must_hold_the_posts_role_for_the_area_itself() -> None:
    """R-AC-2: checked from the actor's recorded stream — role in force, jurisdiction = area."""
    r = roster()
    for unfit in (
        actor("town_office", TOWN),  # a town's staff is not a village's liaison
        actor("village_committee", "370303001002"),  # another village
        actor("police", "370303"),
    ):
        with pytest.raises(ce.StaffActorUnfit):
            appoint(r, unfit)
    suspended = actor("village_committee", VILLAGE)
    suspended.suspend(actor="system", reason="停职")
    with pytest.raises(ce.StaffActorUnfit):
        appoint(r, suspended)
    assert r.appointments == []


def test_titles_follow_the_level_of_the_area() -> None:
    """A town has 儿童关爱保护工作人员; a village one of the three titles of C4."""
    town = roster(TOWN)
    with pytest.raises(ce.UnknownTerm) as refused:
        appoint(town, actor("town_office", TOWN), title="child_care_liaison")
    assert refused.value.extra["allowed"] == ["child_protection_worker"]
    appoint(town, actor("town_office", TOWN))
    assert set(STAFF_TITLES) == {t for post in POSTS.values() for t in post.titles}


def test_who_appoints_depends_on_the_level() -> None:
    """R-AC-2: a village committee sets up its own posts, never a town's; police appoint none."""
    with pytest.raises(ce.RoleNotAllowed):
        roster(TOWN, role="village_committee")
    with pytest.raises(ce.RoleNotAllowed):
        roster(VILLAGE, role="police")
    r = roster(VILLAGE, role="village_committee")
    appoint(r, actor("village_committee", VILLAGE), actor_role="village_committee")
    appoint(r, actor("village_committee", VILLAGE), actor_role="civil_affairs",
            title="child_rights_inspector")  # fmt: skip
    assert len(r.appointments) == 2


def test_a_roster_is_for_a_town_or_a_village_only() -> None:
    """A county has no such post in the seed: its code is refused, naming the field."""
    with pytest.raises(InvalidJurisdiction) as refused:
        roster("370303", role="civil_affairs")
    assert refused.value.extra["field"] == "area"


def test_one_person_holds_one_appointment_at_a_time_and_an_ended_one_stays() -> None:
    """An appointment is ended, never erased; the same actor may then be named again."""
    r = roster()
    staff = actor("village_committee", VILLAGE)
    appoint(r, staff)
    with pytest.raises(ce.StaffAlreadyAppointed):
        appoint(r, staff, title="child_welfare_supervisor")
    r.end_appointment(actor="town-1", actor_role="town_office", appointment_no=1,
                      ended_on="2026-06-30", reason="调任", now=NOW)  # fmt: skip
    assert r.in_force_on(date(2026, 6, 29)) != []
    assert r.in_force_on(date(2026, 6, 30)) == []
    with pytest.raises(ce.AppointmentAlreadyEnded):
        r.end_appointment(actor="town-1", actor_role="town_office", appointment_no=1,
                          ended_on="2026-07-01", reason="再次", now=NOW)  # fmt: skip
    with pytest.raises(ce.AppointmentNotFound):
        r.end_appointment(actor="town-1", actor_role="town_office", appointment_no=7,
                          ended_on="2026-07-01", reason="不存在", now=NOW)  # fmt: skip
    appoint(r, staff, from_on="2026-07-01", title="child_welfare_supervisor")
    assert [a["ended_on"] for a in r.appointments] == ["2026-06-30", None]


def test_dates_are_checked() -> None:
    """until_on after from_on; from_on not in the future; an end not before the start."""
    r = roster()
    staff = actor("village_committee", VILLAGE)
    with pytest.raises(ce.InvalidField):
        appoint(r, staff, until_on="2025-12-31")
    with pytest.raises(DateInFuture):
        appoint(r, staff, from_on="2027-01-01")
    appoint(r, staff)
    with pytest.raises(ce.InvalidField):
        r.end_appointment(actor="town-1", actor_role="town_office", appointment_no=1,
                          ended_on="2025-01-01", reason="误", now=NOW)  # fmt: skip


def test_in_force_reads_the_three_bounds() -> None:
    """from_on inclusive, until_on inclusive, ended_on exclusive."""
    a = {"from_on": "2026-01-01", "until_on": "2026-12-31", "ended_on": None}
    assert in_force(a, date(2026, 1, 1))
    assert in_force(a, date(2026, 12, 31))
    assert not in_force(a, date(2027, 1, 1))
    assert not in_force({**a, "ended_on": "2026-05-01"}, date(2026, 5, 1))


def test_replaying_a_roster_rebuilds_it() -> None:
    """Every roster event decodes from its canonical bytes to the same state."""
    r = roster()
    appoint(r, actor("village_committee", VILLAGE))
    r.end_appointment(actor="town-1", actor_role="town_office", appointment_no=1,
                      ended_on="2026-06-30", reason="调任", now=NOW)  # fmt: skip
    rebuilt: Any = None
    for e in r.collect_events():
        rebuilt = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(rebuilt)
    assert rebuilt.state() == r.state()
    assert rebuilt.id == StaffRoster.create_id(VILLAGE)

"""Sanctions on officers (R-SV-4, S75 暂扣或者没收行政执法证件): recorded on the actor's
stream, in force from the day they are recorded, barring the certificate (R-EN-3). Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.proof.chain import SYSTEM_ACTOR, decode_envelope
from domain.records.actors import Actor
from domain.records.aggregate import event_from_envelope
from domain.records.errors import InvalidInput, RuleViolation

TODAY = date(2026, 6, 1)
BASIS = {"kind": "complaint", "complaint_id": "3f1c2a52-53f4-4c5e-9a8e-6a1f5d0c9e21"}


def officer() -> Actor:
    actor = Actor.register(
        actor=SYSTEM_ACTOR, name="张三", role="officer", agency="某局", jurisdiction="370303"
    )
    actor.record_certificate(
        actor=SYSTEM_ACTOR, number="鲁执-1", valid_from="2020-01-01", valid_until="2035-12-31"
    )
    return actor


def sanction(actor: Actor, kind: str, **extra: Any) -> None:
    arguments: dict[str, Any] = {
        "actor": "ovs", "sanction_id": f"s-{len(actor.sanctions)}", "kind": kind,
        "basis": BASIS, "reason": "投诉属实", "effective_from": None, "effective_until": None,
        "today": TODAY, **extra,
    }  # fmt: skip
    actor.record_sanction(**arguments)


def test_a_suspension_bars_the_certificate_for_its_period_only() -> None:
    """R-SV-4: 暂扣 from–until (inclusive); before and after, the certificate is valid."""
    actor = officer()
    sanction(actor, "certificate_suspension", effective_until="2026-08-31")
    assert actor.certificate_valid_on(TODAY) is None
    assert actor.certificate_valid_on(date(2026, 8, 31)) is None
    assert actor.certificate_valid_on(date(2026, 9, 1)) is not None
    assert actor.certificate_valid_on(date(2026, 5, 31)) is not None  # acts before stand


def test_a_withdrawal_bars_the_certificate_from_its_day_on_and_is_not_repeated() -> None:
    """R-SV-4: 吊销/收回 bars every later day; no further suspension or withdrawal."""
    actor = officer()
    sanction(actor, "certificate_withdrawal")
    assert actor.certificate_valid_on(date(2035, 1, 1)) is None
    assert actor.certificate_barred_on(TODAY) is not None
    with pytest.raises(RuleViolation):
        sanction(actor, "certificate_suspension", effective_until="2026-07-01")
    sanction(actor, "public_criticism")  # a criticism may still follow


def test_a_public_criticism_bars_nothing_but_is_shown_on_the_actor() -> None:
    """R-SV-4: 通报批评 is recorded and visible; the certificate stays valid."""
    actor = officer()
    sanction(actor, "public_criticism")
    assert actor.certificate_valid_on(TODAY) is not None
    (shown,) = actor.summary(TODAY)["sanctions"]
    assert (shown["kind"], shown["label"], shown["in_force"]) == (
        "public_criticism", "通报批评", True,
    )  # fmt: skip


def test_no_sanction_takes_effect_backwards_and_a_suspension_names_its_last_day() -> None:
    """R-SV-4 "effective at once": effective_from is the recording day or later."""
    actor = officer()
    with pytest.raises(InvalidInput) as backwards:
        sanction(actor, "certificate_suspension", effective_from="2026-05-31",
                 effective_until="2026-07-01")  # fmt: skip
    assert backwards.value.extra["field"] == "effective_from"
    with pytest.raises(InvalidInput) as open_ended:
        sanction(actor, "certificate_suspension")
    assert open_ended.value.extra["field"] == "effective_until"
    with pytest.raises(InvalidInput) as no_basis:
        sanction(actor, "public_criticism", basis={"kind": "hearsay"})
    assert no_basis.value.extra["field"] == "basis.kind"
    assert actor.sanctions == []


def test_an_actor_stored_before_sanctions_loads_with_none_and_its_sanctions_replay() -> None:
    """Old stores: actors without sanctions load; ``SanctionRecorded`` replays to the same bar."""
    actor = officer()
    assert actor.summary(TODAY)["sanctions"] == []
    sanction(actor, "certificate_suspension", effective_until="2026-06-30")
    rebuilt = None
    for e in actor.collect_events():
        rebuilt = event_from_envelope(decode_envelope(e.canonical_bytes)).mutate(rebuilt)
    assert isinstance(rebuilt, Actor)
    assert rebuilt.certificate_valid_on(TODAY) is None
    assert rebuilt.summary(TODAY)["sanctions"] == actor.summary(TODAY)["sanctions"]

"""Refusals of an enforcement case's commands speak the user's words: they name the
request member (``field``) and, for a vocabulary, its values (``allowed``), never a
Python name (R-EN-1, R-EN-3, R-AV-2/3, R-LR-6)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.records import errors
from domain.records.enforcement import (
    ACTION_TYPE_LABELS,
    REVIEW_ITEM_LABELS,
    REVIEW_ITEMS,
    STEP_KIND_LABELS,
    TOUCHES_LABELS,
    ActionType,
    EnforcementCase,
    StepKind,
    Touches,
)

A, B = "officer-a", "officer-b"
INTERNAL_NAMES = ("ActionType", "StepKind", "Touches", "PartyKind", "_record", "check_")


def opened(**overrides: Any) -> EnforcementCase:
    fields: dict[str, Any] = {
        "actor": A,
        "action_type": "penalty",
        "title": "某食品公司销售过期食品案",
        "agency": "淄博市市场监督管理局",
        "jurisdiction": "370303",
        "party": {"kind": "organisation", "name": "淄博某食品有限公司"},
        "officers": [{"actor_id": A}, {"actor_id": B}],
        "filed_on": "2026-03-01",
    }
    return EnforcementCase.open(**(fields | overrides))


def step(case: EnforcementCase, **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "actor": A,
        "kind": "on_site_inspection",
        "summary": "现场检查",
        "evidence": [{"sha256": "a" * 64, "media_type": "image/jpeg"}],
        "touches": [],
        "full_process_recording": None,
        "present": [A, B],
        "occurred_at": None,
    }
    case.record_step(**(fields | overrides))


def speaks_plainly(exc: errors.JianzhengError) -> None:
    assert not any(name in exc.detail for name in INTERNAL_NAMES), exc.detail
    assert " a on" not in exc.detail
    assert not exc.detail.startswith("a on")


def test_every_action_step_and_touch_has_a_label_with_its_chinese_term() -> None:
    """Each vocabulary code carries the words a user knows it by, with the Chinese term."""
    for labels, vocabulary in (
        (ACTION_TYPE_LABELS, list(ActionType)),
        (STEP_KIND_LABELS, list(StepKind)),
        (TOUCHES_LABELS, list(Touches)),
        (REVIEW_ITEM_LABELS, list(REVIEW_ITEMS)),
    ):
        assert set(labels) == set(vocabulary)
        assert all(any("\u4e00" <= c <= "\u9fff" for c in label) for label in labels.values())


def test_an_unknown_action_type_is_refused_naming_the_field_and_the_six_actions() -> None:
    """R-EN-1: the refusal lists the six actions with their Chinese names."""
    with pytest.raises(errors.InvalidInput) as caught:
        opened(action_type="fine")
    assert caught.value.extra == {
        "field": "action_type",
        "allowed": ["penalty", "licensing", "coercion", "levy", "fee", "inspection"],
    }
    assert "行政处罚" in caught.value.detail
    speaks_plainly(caught.value)


def test_a_party_of_no_known_kind_is_refused_naming_party_kind_and_its_values() -> None:
    """The party is a person or an organisation."""
    with pytest.raises(errors.InvalidInput) as caught:
        opened(party={"kind": "company", "name": "某公司"})
    assert caught.value.extra == {"field": "party.kind", "allowed": ["person", "organisation"]}


def test_a_case_with_one_officer_is_refused_naming_the_officers_field() -> None:
    """R-EN-3: the code stays two-officers-required; the refusal points at ``officers``."""
    with pytest.raises(errors.TwoOfficersRequired) as caught:
        opened(officers=[{"actor_id": A}])
    assert caught.value.code == "two-officers-required"
    assert caught.value.extra == {"field": "officers"}


def test_a_contested_step_without_audio_video_is_refused_in_the_users_words() -> None:
    """R-AV-2: "a step of on-site inspection (现场检查)", not "a on_site_inspection step"."""
    with pytest.raises(errors.AvRecordRequired) as caught:
        step(opened())
    assert caught.value.code == "av-record-required"
    assert caught.value.extra == {"field": "evidence"}
    assert "on-site inspection (现场检查)" in caught.value.detail
    assert "on_site_inspection" not in caught.value.detail
    speaks_plainly(caught.value)


def test_an_unknown_step_kind_is_refused_listing_the_kinds_without_the_enum_name() -> None:
    """The library's "'x' is not a valid StepKind" never reaches the user."""
    with pytest.raises(errors.InvalidInput) as caught:
        step(opened(), kind="inspection")
    assert caught.value.extra["field"] == "kind"
    assert caught.value.extra["allowed"] == [k.value for k in StepKind]
    speaks_plainly(caught.value)


def test_an_unknown_touch_is_refused_naming_touches_and_its_values() -> None:
    """R-AV-3: what a step may directly touch is a closed list."""
    with pytest.raises(errors.InvalidInput) as caught:
        step(opened(), touches=["dignity"])
    assert caught.value.extra == {"field": "touches", "allowed": sorted(t.value for t in Touches)}
    speaks_plainly(caught.value)


def test_a_step_touching_personal_freedom_names_full_process_recording() -> None:
    """R-AV-3: the refusal names the member to fill and what is touched, in words."""
    video = {"sha256": "b" * 64, "media_type": "video/mp4"}
    with pytest.raises(errors.AvRecordRequired) as caught:
        step(opened(), evidence=[video], touches=["personal_freedom"])
    assert caught.value.extra == {"field": "full_process_recording"}
    assert "personal freedom (人身自由)" in caught.value.detail


def test_an_opinion_missing_review_contents_names_them_and_lists_the_six() -> None:
    """R-LR-4, R-LR-6: the refusal says which contents are missing, by their names."""
    case = opened()
    case.submit_draft(
        actor=A, content={"facts": "…"}, major=True, matched_rules=[], catalogue_version=1,
        catalogue_event_hash="c" * 64,
    )  # fmt: skip
    assert case.current_draft is not None
    case.request_review(actor=A, review_id="r1", draft_hash=case.current_draft)
    items = {name: {"ok": True} for name in REVIEW_ITEMS if name != "discretion"}
    with pytest.raises(errors.InvalidInput) as caught:
        case.record_opinion(
            actor="reviewer", review_id="r1", result="passed", items=items, signature="赵"
        )
    assert caught.value.extra == {"field": "items", "allowed": list(REVIEW_ITEMS)}
    assert "行政裁量权运用" in caught.value.detail
    with pytest.raises(errors.InvalidInput) as caught:
        case.record_opinion(
            actor="reviewer", review_id="r1", result="ok", items=items, signature="赵"
        )
    assert caught.value.extra == {"field": "result", "allowed": ["passed", "rejected"]}

"""Report situations are data (R-RP-4): a new situation is one entry, and the police's
obligations are read from it (R-EM-1); refusals name the field and the actions in words."""

from __future__ import annotations

import pytest

from domain.records import children_errors as ce
from domain.records.reports import SITUATIONS, Situation, check_police_actions
from tests.unit.test_reports import file_report


def test_a_situation_added_as_one_entry_is_reported_and_answered_by_its_response(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One entry in SITUATIONS: a report may name it and the police owe its response (R-RP-4)."""
    monkeypatch.setitem(SITUATIONS, "child_labour", Situation("test: 使用童工", "harm"))
    report = file_report(["living_alone", "child_labour"])
    assert sorted(report.situations) == ["child_labour", "living_alone"]
    with pytest.raises(ce.PoliceActionRequired) as caught:
        check_police_actions(["child_labour"], ["stop_harm", "protect_child"], True)
    assert "collect_evidence (调查取证)" in caught.value.detail
    assert "child_labour (test: 使用童工)" in caught.value.detail
    check_police_actions(["child_labour"], ["stop_harm", "protect_child", "collect_evidence"], True)


def test_a_missing_police_action_is_named_with_the_situation_in_words() -> None:
    """Living alone with the parents reached: the admonition is owed, said in Chinese too."""
    with pytest.raises(ce.PoliceActionRequired) as caught:
        check_police_actions(["living_alone"], ["order_parents_return"], True)
    assert caught.value.extra["field"] == "actions"
    assert "admonish_parents" in caught.value.extra["allowed"]
    assert "admonish_parents (对父母进行训诫)" in caught.value.detail
    assert "脱离监护单独居住生活" in caught.value.detail


def test_an_unfitting_police_action_lists_what_fits() -> None:
    """An action that fits no situation reported is refused with the ones that fit."""
    with pytest.raises(ce.PoliceActionUnfit) as caught:
        check_police_actions(["missing"], ["missing_child_search", "stop_violence"], True)
    assert caught.value.extra["field"] == "actions"
    assert caught.value.extra["allowed"] == ["investigate", "missing_child_search"]
    assert "stop_violence (依法制止家庭暴力)" in caught.value.detail


def test_an_unknown_situation_names_its_place_in_the_list() -> None:
    """The field path points at the situation refused: situations[1], not situations[]."""
    with pytest.raises(ce.UnknownTerm) as caught:
        file_report(["living_alone", "gossip"])
    assert caught.value.extra["field"] == "situations[1]"
    assert "living_alone" in caught.value.extra["allowed"]

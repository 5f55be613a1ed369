"""Refusals about a catalogue or a draft's facts name the request member (``field``) and
its vocabulary (``allowed``), and say amounts and parties in the user's words (R-LR-2,
R-LR-9, R-LR-10); the codes never change."""

from __future__ import annotations

import copy

import pytest

from domain.records.catalogue import (
    DEFAULT_CATALOGUE,
    MEASURES,
    InvalidCatalogue,
    InvalidDraftFacts,
    judge,
    simplified_refusal,
    validate_catalogue,
    yuan,
)


def test_an_unknown_measure_in_catalogue_data_names_its_member_and_the_measures() -> None:
    """The path in ``data`` and every measure a rule may name come with the refusal."""
    data = copy.deepcopy(DEFAULT_CATALOGUE)
    rule = next(r for r in data["rules"] if "measure_any" in r["when"])
    index = data["rules"].index(rule)
    rule["when"]["measure_any"] = ["exile"]
    with pytest.raises(InvalidCatalogue) as caught:
        validate_catalogue(data)
    assert caught.value.code == "invalid-catalogue"
    assert caught.value.extra == {
        "field": f"data.rules[{index}].when.measure_any[0]",
        "allowed": list(MEASURES),
    }


def test_a_catalogue_of_the_wrong_json_kind_is_named_in_json_words() -> None:
    """ "found a list", never a Python type name such as ``list`` or ``int``."""
    with pytest.raises(InvalidCatalogue) as caught:
        validate_catalogue(["not", "an", "object"])
    assert caught.value.detail == "$: expected an object, found a list"
    assert caught.value.extra["field"] == "data"


def test_an_unknown_draft_fact_names_its_field_and_the_allowed_values() -> None:
    """An unknown flag is refused with the flags a draft may carry."""
    with pytest.raises(InvalidDraftFacts) as caught:
        judge(
            DEFAULT_CATALOGUE, action_type="penalty", measures=["fine"], fine_fen=0,
            confiscation_fen=0, party_kind="person", flags=["urgent"], simplified=False,
        )  # fmt: skip
    assert caught.value.extra["field"] == "flags[0]"
    assert "hearing_held" in caught.value.extra["allowed"]


def test_a_fine_beyond_the_simplified_caps_is_said_in_yuan_to_an_organisation() -> None:
    """R-LR-9: "to an organisation", amounts in yuan, the fen kept beside them."""
    refusal = simplified_refusal(
        action_type="penalty", measures=["fine"], fine_fen=500_000, confiscation_fen=0,
        party_kind="organisation",
    )  # fmt: skip
    assert refusal is not None
    assert "a fine of ¥5,000.00 (500000 fen) to an organisation" in refusal
    assert "cap of ¥3,000.00" in refusal
    assert "a organisation" not in refusal


def test_a_licensing_draft_is_refused_the_simplified_procedure_by_its_name() -> None:
    """The action type is named as a user knows it, with its Chinese term."""
    refusal = simplified_refusal(
        action_type="licensing", measures=[], fine_fen=0, confiscation_fen=0, party_kind="person"
    )
    assert refusal is not None
    assert "not for licensing (行政许可)" in refusal


def test_yuan_says_fen_as_yuan_with_thousands_and_cents() -> None:
    """¥ with thousands separators and two decimals."""
    assert [yuan(0), yuan(20_000), yuan(300_005)] == ["¥0.00", "¥200.00", "¥3,000.05"]

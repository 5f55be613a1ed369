"""The major-decision catalogue: its data, its judging, and its stream (R-LR-2, R-LR-3)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from domain.proof.chain import decode_envelope
from domain.records.aggregate import event_from_envelope
from domain.records.catalogue import (
    ACTION_TYPES,
    CATALOGUE_STREAM,
    DEFAULT_CATALOGUE,
    FLAGS,
    Catalogue,
    InvalidCatalogue,
    InvalidDraftFacts,
    Judgement,
    judge,
    validate_catalogue,
)
from domain.records.errors import ChainBroken, InvalidInput, NotFound
from domain.records.workdays import PUBLICATION_WORKING_DAYS

YUAN = 100  # fen per yuan


def facts(**overrides: Any) -> dict[str, Any]:
    """A minor penalty draft by default: a warning to a person, nothing else."""
    base: dict[str, Any] = {
        "action_type": "penalty",
        "measures": ["warning"],
        "fine_fen": 0,
        "confiscation_fen": 0,
        "party_kind": "person",
        "flags": [],
        "simplified": False,
    }
    base.update(overrides)
    return base


def default_judge(**overrides: Any) -> Judgement:
    return judge(DEFAULT_CATALOGUE, **facts(**overrides))


def default_copy() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_CATALOGUE)


def published() -> Catalogue:
    return Catalogue.publish(actor="system", data=default_copy(), note="国家规定默认目录")


# -- the default catalogue (R-LR-2) -----------------------------------------------------


def test_the_default_catalogue_is_valid() -> None:
    """The national defaults follow the catalogue schema (R-LR-2)."""
    validate_catalogue(DEFAULT_CATALOGUE)


def test_the_action_types_agree_with_the_publication_deadlines_and_cases() -> None:
    """The catalogue, the deadline table and cases know the same six action types (R-EN-1)."""
    from domain.records.enforcement import ActionType

    assert set(ACTION_TYPES) == set(PUBLICATION_WORKING_DAYS) == {a.value for a in ActionType}


@pytest.mark.parametrize(
    "measure",
    ["licence_revocation", "suspension", "closure", "practice_restriction", "licence_downgrade"],
)
def test_hearing_eligible_measures_are_major(measure: str) -> None:
    """吊销许可证件、责令停产停业 and the other 第63条 measures make a draft major (R-LR-2)."""
    judgement = default_judge(measures=["warning", measure])
    assert judgement == Judgement(
        major=True,
        matched_rules=["hearing-eligible-measures"],
        collective_rules=["hearing-eligible-measures"],  # and the heads decide it (R-EN-7)
    )


def test_a_warning_alone_is_not_major() -> None:
    """A warning with no fine, confiscation or flag needs no legal review (R-LR-2)."""
    assert default_judge() == Judgement(major=False, matched_rules=[])


@pytest.mark.parametrize(
    ("party_kind", "fine_fen", "major"),
    [
        pytest.param("person", 10_000 * YUAN - 1, False, id="person-one-fen-below"),
        pytest.param("person", 10_000 * YUAN, True, id="person-exactly-at"),
        pytest.param("person", 10_000 * YUAN + 1, True, id="person-one-fen-above"),
        pytest.param("organisation", 100_000 * YUAN - 1, False, id="organisation-below"),
        pytest.param("organisation", 100_000 * YUAN, True, id="organisation-exactly-at"),
        pytest.param("organisation", 100_000 * YUAN + 1, True, id="organisation-above"),
        pytest.param("organisation", 10_000 * YUAN, False, id="person-figure-for-organisation"),
    ],
)
def test_a_fine_is_major_from_the_threshold_for_the_party_kind(
    party_kind: str, fine_fen: int, major: bool
) -> None:
    """较大数额罚款 starts at the party kind's threshold, inclusive (以上) (R-LR-2)."""
    judgement = default_judge(measures=["fine"], fine_fen=fine_fen, party_kind=party_kind)
    matched = ["large-fine"] if major else []
    assert judgement == Judgement(major=major, matched_rules=matched, collective_rules=matched)


@pytest.mark.parametrize(
    ("party_kind", "confiscation_fen", "major"),
    [
        pytest.param("person", 10_000 * YUAN - 1, False, id="person-below"),
        pytest.param("person", 10_000 * YUAN, True, id="person-exactly-at"),
        pytest.param("organisation", 100_000 * YUAN - 1, False, id="organisation-below"),
        pytest.param("organisation", 100_000 * YUAN, True, id="organisation-exactly-at"),
    ],
)
def test_a_confiscation_is_major_from_the_threshold_for_the_party_kind(
    party_kind: str, confiscation_fen: int, major: bool
) -> None:
    """没收较大数额违法所得、较大价值非法财物 is major (R-LR-2)."""
    judgement = default_judge(
        measures=["confiscation"], confiscation_fen=confiscation_fen, party_kind=party_kind
    )
    assert judgement.major is major
    assert judgement.matched_rules == (["large-confiscation"] if major else [])


@pytest.mark.parametrize(
    ("flag", "rule_id"),
    [
        ("hearing_held", "hearing-held"),
        ("major_public_interest", "major-public-interest"),
        ("complex_case", "complex-case"),
        ("major_social_impact", "major-social-impact"),
        ("referral_to_judiciary", "referral-to-judiciary"),
    ],
)
def test_each_flag_makes_a_warning_major(flag: str, rule_id: str) -> None:
    """Each 第58条 / 国办发〔2018〕118号 circumstance makes the draft major (R-LR-2); a hearing
    and a complex case also make it one the heads decide collectively (R-EN-7)."""
    assert flag in FLAGS
    collective = [rule_id] if rule_id in {"hearing-held", "complex-case"} else []
    assert default_judge(flags=[flag]) == Judgement(
        major=True, matched_rules=[rule_id], collective_rules=collective
    )


def test_matched_rules_are_listed_in_catalogue_order() -> None:
    """Several matches are reported in the order the catalogue lists its rules (R-LR-2)."""
    judgement = default_judge(
        measures=["fine", "suspension"],
        fine_fen=20_000 * YUAN,
        flags=["complex_case", "hearing_held"],
    )
    assert judgement.matched_rules == [
        "hearing-eligible-measures",
        "large-fine",
        "hearing-held",
        "complex-case",
    ]


def test_review_all_non_simplified_makes_every_non_simplified_draft_major() -> None:
    """With the R-LR-3 option a non-simplified warning is major, a simplified one is not."""
    catalogue = default_copy()
    catalogue["review_all_non_simplified"] = True
    assert judge(catalogue, **facts(simplified=False)) == Judgement(
        major=True, matched_rules=["review_all_non_simplified"]
    )
    assert judge(catalogue, **facts(simplified=True)) == Judgement(major=False, matched_rules=[])


def test_review_all_non_simplified_is_listed_after_the_rules() -> None:
    """The R-LR-3 option is reported after any matching rule."""
    catalogue = default_copy()
    catalogue["review_all_non_simplified"] = True
    judgement = judge(catalogue, **facts(measures=["closure"]))
    assert judgement.matched_rules == ["hearing-eligible-measures", "review_all_non_simplified"]


def test_a_rule_limited_to_action_types_ignores_other_action_types() -> None:
    """`action_types` narrows a rule to the listed kinds of action (R-LR-2)."""
    catalogue = default_copy()
    catalogue["rules"].append(
        {
            "id": "all-coercive-measures",
            "title": "行政强制措施",
            "basis": "本地规定",
            "when": {"measure_any": ["coercive_measure"], "action_types": ["coercion"]},
        }
    )
    coercion = facts(action_type="coercion", measures=["coercive_measure"])
    inspection = facts(action_type="inspection", measures=["coercive_measure"])
    assert judge(catalogue, **coercion).matched_rules == ["all-coercive-measures"]
    assert judge(catalogue, **inspection).major is False


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"action_type": "reprimand"}, "action_type: unknown 'reprimand'"),
        ({"measures": ["warning", "flogging"]}, r"measures\[1\]: unknown 'flogging'"),
        ({"flags": ["urgent"]}, r"flags\[0\]: unknown 'urgent'"),
        ({"party_kind": "company"}, "party_kind: unknown 'company'"),
        ({"fine_fen": -1}, "fine_fen: expected a non-negative integer"),
        ({"confiscation_fen": True}, "confiscation_fen: expected a non-negative integer"),
    ],
)
def test_facts_outside_the_vocabulary_are_refused(overrides: dict[str, Any], message: str) -> None:
    """An unknown term never silently judges as "not major" (R-LR-2)."""
    with pytest.raises(InvalidDraftFacts, match=message):
        default_judge(**overrides)


# -- validation -------------------------------------------------------------------------


def with_rule_when(when: Any) -> dict[str, Any]:
    catalogue = default_copy()
    catalogue["rules"][1]["when"] = when
    return catalogue


MALFORMED = [
    pytest.param(["not", "an", "object"], r"\$: expected an object", id="not-an-object"),
    pytest.param({"rules": []}, r"\$: missing review_all_non_simplified", id="missing-option"),
    pytest.param(
        {**DEFAULT_CATALOGUE, "review_all_non_simplifed": True},
        r"\$\.review_all_non_simplifed: unknown member",
        id="misspelt-option",
    ),
    pytest.param(
        {**DEFAULT_CATALOGUE, "review_all_non_simplified": "yes"},
        r"\$\.review_all_non_simplified: expected true or false",
        id="option-not-bool",
    ),
    pytest.param(
        with_rule_when({"fine_over_fen": {"person": 1, "organisation": 1}}),
        r"\$\.rules\[1\]\.when\.fine_over_fen: unknown condition",
        id="unknown-condition",
    ),
    pytest.param(
        with_rule_when({"measure_any": ["warning", "exile"]}),
        r"\$\.rules\[1\]\.when\.measure_any\[1\]: unknown 'exile'",
        id="unknown-measure",
    ),
    pytest.param(
        with_rule_when({"measure_any": []}),
        r"\$\.rules\[1\]\.when\.measure_any: expected a non-empty list",
        id="empty-measure-list",
    ),
    pytest.param(
        with_rule_when({"flag": "urgent"}),
        r"\$\.rules\[1\]\.when\.flag: unknown flag 'urgent'",
        id="unknown-flag",
    ),
    pytest.param(
        with_rule_when({"fine_at_least_fen": {"person": -1, "organisation": 0}}),
        r"\$\.rules\[1\]\.when\.fine_at_least_fen\.person: threshold -1 is negative",
        id="negative-threshold",
    ),
    pytest.param(
        with_rule_when({"confiscation_at_least_fen": {"person": 1}}),
        r"\$\.rules\[1\]\.when\.confiscation_at_least_fen: missing organisation",
        id="threshold-missing-party-kind",
    ),
    pytest.param(
        with_rule_when({"fine_at_least_fen": {"person": 1.5, "organisation": 1}}),
        r"\$\.rules\[1\]\.when\.fine_at_least_fen\.person: 1\.5 is a float",
        id="float-threshold",
    ),
    pytest.param(
        with_rule_when({"fine_at_least_fen": {"person": True, "organisation": 1}}),
        r"\$\.rules\[1\]\.when\.fine_at_least_fen\.person: expected an integer",
        id="bool-threshold",
    ),
    pytest.param(
        with_rule_when({"flag": "hearing_held", "measure_any": ["closure"]}),
        r"\$\.rules\[1\]\.when: expected exactly one of",
        id="two-conditions",
    ),
    pytest.param(
        with_rule_when({"action_types": ["penalty"]}),
        r"\$\.rules\[1\]\.when: expected exactly one of",
        id="no-condition",
    ),
    pytest.param(
        with_rule_when({"flag": "complex_case", "action_types": ["punishment"]}),
        r"\$\.rules\[1\]\.when\.action_types\[0\]: unknown 'punishment'",
        id="unknown-action-type",
    ),
]


@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_validate_catalogue_names_the_path_of_a_malformed_shape(data: Any, message: str) -> None:
    """Each defect is refused as invalid-catalogue with the JSON path that holds it."""
    with pytest.raises(InvalidCatalogue, match=message) as caught:
        validate_catalogue(data)
    assert caught.value.code == "invalid-catalogue"


def test_validate_catalogue_refuses_duplicate_rule_ids() -> None:
    """Two rules with one id would make `matched_rules` ambiguous."""
    data = default_copy()
    data["rules"][2]["id"] = data["rules"][0]["id"]
    with pytest.raises(InvalidCatalogue, match=r"\$\.rules\[2\]\.id: .* of \$\.rules\[0\]"):
        validate_catalogue(data)


@pytest.mark.parametrize(
    ("member", "value", "message"),
    [
        ("id", "review_all_non_simplified", r"\$\.rules\[0\]\.id: .* is reserved"),
        ("id", "", r"\$\.rules\[0\]\.id: expected a non-empty string"),
        ("title", " ", r"\$\.rules\[0\]\.title: expected a non-empty string"),
        ("basis", None, r"\$\.rules\[0\]\.basis: expected a non-empty string"),
        ("extra", 1, r"\$\.rules\[0\]\.extra: unknown member"),
    ],
)
def test_validate_catalogue_refuses_bad_rule_members(member: str, value: Any, message: str) -> None:
    """Every rule has a usable id, a title and its legal basis, and nothing else."""
    data = default_copy()
    data["rules"][0][member] = value
    with pytest.raises(InvalidCatalogue, match=message):
        validate_catalogue(data)


# -- the catalogue stream ---------------------------------------------------------------


def test_publishing_records_version_one_on_the_fixed_stream() -> None:
    """The catalogue lives on one stream per store, starting at version 1 (R-LR-2)."""
    catalogue = published()
    (published_event,) = catalogue.collect_events()
    assert catalogue.id == CATALOGUE_STREAM
    assert catalogue.version == 1
    assert catalogue.data == DEFAULT_CATALOGUE
    assert catalogue.version_hash == published_event.hash == catalogue.chain_head
    envelope = published_event.envelope
    assert envelope.type == "catalogue.Published"
    assert envelope.data == {"version": 1, "rules": DEFAULT_CATALOGUE, "note": "国家规定默认目录"}


def test_a_revision_changes_the_judgement_and_the_version_it_cites() -> None:
    """Lowering the person threshold makes a ¥5,000 fine major under version 2 (R-LR-2)."""
    catalogue = published()
    fine = facts(measures=["fine"], fine_fen=5_000 * YUAN)
    before = catalogue.judge_draft(**fine)
    assert before.major is False
    assert before.catalogue_version == 1
    assert before.catalogue_event_hash == catalogue.version_hash

    revised = default_copy()
    revised["rules"][1]["when"]["fine_at_least_fen"]["person"] = 5_000 * YUAN
    catalogue.revise(actor="legal-office", data=revised, note="按本省较大数额标准调整")
    first, second = catalogue.collect_events()
    after = catalogue.judge_draft(**fine)
    assert after.major is True
    assert after.matched_rules == ["large-fine"]
    assert after.catalogue_version == 2 == catalogue.version
    assert after.catalogue_event_hash == second.hash == catalogue.version_hash
    assert catalogue.version_hashes == {1: first.hash, 2: second.hash}
    assert second.envelope.data["version"] == 2
    assert second.envelope.data["rules"] == revised
    assert catalogue.data_of(1) == DEFAULT_CATALOGUE


def test_a_malformed_revision_records_nothing() -> None:
    """`revise` validates first, so a bad catalogue never reaches the stream (R-LR-2)."""
    catalogue = published()
    catalogue.collect_events()
    bad = default_copy()
    bad["rules"][0]["when"] = {"flag": "urgent"}
    with pytest.raises(InvalidCatalogue):
        catalogue.revise(actor="legal-office", data=bad, note="typo")
    assert catalogue.collect_events() == []
    assert catalogue.version == 1


def test_every_version_needs_a_note() -> None:
    """Publishing or revising without saying why is refused."""
    with pytest.raises(InvalidInput, match="note must not be empty"):
        Catalogue.publish(actor="system", data=default_copy(), note=" ")
    catalogue = published()
    with pytest.raises(InvalidInput, match="note must not be empty"):
        catalogue.revise(actor="system", data=default_copy(), note="")


def test_the_catalogue_keeps_no_alias_of_the_callers_data() -> None:
    """Changing a dict after publishing it, or the returned data, does not change the catalogue."""
    data = default_copy()
    catalogue = Catalogue.publish(actor="system", data=data, note="n")
    data["review_all_non_simplified"] = True
    catalogue.data["rules"].clear()
    assert catalogue.data == DEFAULT_CATALOGUE


def test_an_unknown_version_is_not_found() -> None:
    """Only versions that were recorded can be read back."""
    with pytest.raises(NotFound, match="no version 7"):
        published().data_of(7)


def test_a_replayed_catalogue_equals_the_original() -> None:
    """Decoding the stored bytes and applying them rebuilds the same catalogue state."""
    catalogue = published()
    revised = default_copy()
    revised["review_all_non_simplified"] = True
    catalogue.revise(actor="legal-office", data=revised, note="试点：简易程序以外全部审核")
    events = catalogue.collect_events()
    replayed = None
    for stored in events:
        replayed = event_from_envelope(decode_envelope(stored.canonical_bytes)).mutate(replayed)
    assert isinstance(replayed, Catalogue)
    assert replayed == catalogue
    assert replayed.version_hashes == catalogue.version_hashes
    assert replayed.judge_draft(**facts()) == catalogue.judge_draft(**facts())


def test_replay_refuses_an_event_whose_version_is_not_its_seq() -> None:
    """An event claiming another catalogue version than its place in the stream is refused."""
    catalogue = published()
    (first,) = catalogue.collect_events()
    decoded = event_from_envelope(decode_envelope(first.canonical_bytes))
    decoded.__dict__["version"] = 2
    with pytest.raises(ChainBroken, match="catalogue version 2 does not match"):
        decoded.mutate(None)

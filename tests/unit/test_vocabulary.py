"""``domain.records.vocabulary``: every code of every vocabulary the API accepts has its
Chinese label, and the codes are the domain's own (issue 12, point 3)."""

from __future__ import annotations

from domain.records import catalogue, children, enforcement, reports
from domain.records.actors import Role
from domain.records.vocabulary import VOCABULARIES, vocabulary


def test_every_code_of_every_vocabulary_has_a_chinese_label() -> None:
    """No vocabulary leaves a code without a label, nor labels a code it does not have."""
    for name, found in VOCABULARIES.items():
        assert found.codes, name
        assert found.missing_labels() == [], name
        assert set(found.labels) == set(found.codes), name
        assert all(
            any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in found.labels.values()
        )
        assert found.rule.startswith("R-"), name


def test_the_codes_are_the_domains_own() -> None:
    """Codes come from the domain's enums and tables, in their order, not a second list."""
    assert vocabulary("role").codes == tuple(Role)
    assert vocabulary("step_kind").codes == tuple(enforcement.StepKind)
    assert vocabulary("action_type").codes == tuple(enforcement.ActionType)
    assert vocabulary("guardianship_kind").codes == tuple(children.GuardianshipKind)
    assert vocabulary("category").codes == tuple(children.Category)
    assert set(vocabulary("temporary_receiver").codes) == children.TEMPORARY_RECEIVERS
    assert vocabulary("situation").codes == tuple(reports.SITUATIONS)
    assert vocabulary("catalogue_measure").codes == tuple(catalogue.MEASURES)
    assert set(vocabulary("ruling_outcome").codes) == set().union(*reports.OUTCOMES.values())


def test_where_the_domain_keeps_a_chinese_term_it_is_the_label() -> None:
    """Police actions, grounds, helper kinds… are labelled with the domain's own words."""
    assert dict(vocabulary("police_action").labels) == reports.POLICE_ACTIONS
    assert dict(vocabulary("exclusion_ground").labels) == children.EXCLUSION_GROUNDS
    assert dict(vocabulary("helper_kind").labels) == children.HELPER_KINDS
    assert vocabulary("situation").label("living_alone") == "脱离监护单独居住生活"
    assert vocabulary("guardianship_change").codes[-2:] == ("absent", "return")

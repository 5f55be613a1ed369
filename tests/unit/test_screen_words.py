"""The words the oversight and admin screens put on the domain's codes name real codes.

A blocked decision is told apart by the gate's code (``api/web/oversight.py``); a typo in the
table would silently file a wrong-role attempt as a bypass. The admin's refusal words name
codes the services raise.
"""

from __future__ import annotations

from api.web.admin import REFUSALS
from api.web.oversight import BLOCK_KINDS, BLOCKED_CODES, BYPASS, WRONG_ROLE, block_kind
from domain.records import errors
from tests.unit.test_error_tree import error_classes


def codes() -> set[str]:
    return {cls.code for cls in error_classes()}


def test_every_blocked_decision_code_is_a_code_of_the_gate_with_a_kind_and_words() -> None:
    """Each code is a domain error's, of one of the two kinds, said in Chinese."""
    assert set(BLOCKED_CODES) <= codes()
    for kind, words in BLOCKED_CODES.values():
        assert kind in BLOCK_KINDS
        assert words.strip()


def test_only_the_want_of_a_heads_authority_is_a_wrong_role() -> None:
    """R-LR-8: every refusal but ``decision-authority-required`` is an attempt to bypass."""
    wrong = [c for c, (kind, _) in BLOCKED_CODES.items() if kind == WRONG_ROLE]
    assert wrong == [errors.DecisionAuthorityRequired.code]
    assert block_kind(errors.LegalReviewRequired.code)[0] == BYPASS
    assert block_kind("a-code-from-a-later-version") == (BYPASS, "a-code-from-a-later-version")


def test_the_admins_refusal_words_name_codes_the_services_raise() -> None:
    """No word for a code that does not exist."""
    assert set(REFUSALS) <= codes()

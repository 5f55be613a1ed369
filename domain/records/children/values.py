"""The nested objects of a child's file: guardian, documents, signatures, filings,
assessments, checks, fee, personal details, location, categories, parents' situation.

Each check performs exactly the checks the command applies to that object, with its error
codes and field paths, and gives back what is stored in the event.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from domain.records.children import errors as ce
from domain.records.children.dates import parse_past_day
from domain.records.children.fields import check_sha256, check_term, require_dict, require_text
from domain.records.children.vocabulary import (
    EXCLUSION_GROUNDS,
    FEE_PAYERS,
    FEE_PERIODS,
    Category,
    ParentSituation,
)
from domain.records.jurisdiction import check_division_code


def check_guardian(value: object, field: str = "guardian") -> dict[str, Any]:
    """A guardian record: at least ``name`` and ``relation`` (R-GD-9)."""
    guardian = require_dict(value, field)
    require_text(guardian.get("name"), f"{field}.name")
    require_text(guardian.get("relation"), f"{field}.relation")
    return copy.deepcopy(guardian)


def check_dated(value: dict[str, Any], field: str, now: datetime, born: date) -> dict[str, Any]:
    """A record of something done on a day (not in the future, not before the child's birth
    ``born``), by someone: ``{"by", "on", …}``."""
    require_text(value.get("by"), f"{field}.by")
    parse_past_day(value.get("on"), f"{field}.on", now, born)
    return copy.deepcopy(value)


def check_documents(documents: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Further documents of a change, each ``{"sha256", "title"}`` (R-GD-9)."""
    if documents is None:
        return []
    if not isinstance(documents, list):
        raise ce.InvalidField("documents must be a list", field="documents")
    checked = []
    for i, doc in enumerate(documents):
        require_dict(doc, f"documents[{i}]")
        check_sha256(doc.get("sha256"), f"documents[{i}].sha256")
        require_text(doc.get("title"), f"documents[{i}].title")
        checked.append({"sha256": doc["sha256"], "title": doc["title"]})
    return checked


def check_exclusion_check_recorded(
    exclusion_check: object, rule: str, now: datetime, born: date
) -> dict[str, Any]:
    """The check against 未成年人保护法 第22条 was made (``{"by", "on", "found": [...]}``);
    whether it found an exclusion is the next precondition (R-GD-4)."""
    if exclusion_check is None:
        raise ce.ExclusionCheckRequired(
            f"exclusion_check: record the check against 未成年人保护法 第22条 ({rule})",
            field="exclusion_check",
        )
    checked = check_dated(
        require_dict(exclusion_check, "exclusion_check"), "exclusion_check", now, born
    )
    found = checked.get("found")
    if not isinstance(found, list):
        raise ce.InvalidField(
            "exclusion_check.found must be a list (empty when none applies)",
            field="exclusion_check.found",
        )
    for ground in found:
        check_term(ground, EXCLUSION_GROUNDS, "exclusion_check.found[]")
    return checked


def check_capacity_recorded(
    capacity_assessment: object, rule: str, now: datetime, born: date
) -> dict[str, Any]:
    """The committee assessed the guardian's capacity (``{"by", "on", "capable"}``); whether
    it found them capable is the next precondition."""
    if capacity_assessment is None:
        raise ce.GuardianCapacityAssessmentRequired(
            f"capacity_assessment: the committee assesses the guardian's capacity ({rule})",
            field="capacity_assessment",
        )
    checked = check_dated(
        require_dict(capacity_assessment, "capacity_assessment"), "capacity_assessment", now, born
    )
    if not isinstance(checked.get("capable"), bool):
        raise ce.InvalidField(
            "capacity_assessment.capable must be true or false", field="capacity_assessment.capable"
        )
    return checked


def check_personal(personal: object) -> None:
    """Identity, address, contacts: one object, encrypted at rest (R-CH-4)."""
    body = require_dict(personal, "personal")
    require_text(body.get("name"), "personal.name")
    for field in ("id_number", "address"):
        if body.get(field) is not None:
            require_text(body[field], f"personal.{field}")
    if body.get("contacts") is not None and not isinstance(body["contacts"], list):
        raise ce.InvalidField("personal.contacts must be a list", field="personal.contacts")


def check_location(location: object) -> None:
    """County (6 digits), town (9) and village (12) division codes, each within the last."""
    body = require_dict(location, "location")
    widths = {"county": 6, "town": 9, "village": 12}
    for field, width in widths.items():
        check_division_code(body.get(field), f"location.{field}", (width,))
    if not body["town"].startswith(body["county"]) or not body["village"].startswith(body["town"]):
        raise ce.InvalidField(
            "location: the village must lie in the town, the town in the county", field="location"
        )


def check_categories(categories: object) -> list[str]:
    """Categories of difficulty (R-CH-2); ``left_behind`` only through entry and exit."""
    if not isinstance(categories, list):
        raise ce.InvalidField("categories must be a list", field="categories")
    for category in categories:
        check_term(category, Category, "categories[]")
    if Category.LEFT_BEHIND.value in categories:
        raise ce.LeftBehindByEntryAndExit(
            "categories: left_behind is not set with the other categories; it follows the "
            "child's entry in and exit from the left-behind ledger (R-CH-3)",
            field="categories",
            allowed=sorted(c.value for c in Category if c is not Category.LEFT_BEHIND),
        )
    return sorted(set(categories))


def check_parents(parents: object) -> dict[str, str]:
    """Each parent's situation: away, at_home or incapable (R-CH-3)."""
    body = require_dict(parents, "parents")
    return {
        who: check_term(body.get(who), ParentSituation, f"parents.{who}")
        for who in ("father", "mother")
    }


def check_party(
    body: dict[str, Any],
    field: str,
    party: str,
    missing: type[ce.GuardianshipPreconditionMissing],
    rule: str,
    now: datetime,
    born: date,
    need: str,
) -> dict[str, Any]:
    """One signature or filing of an entrusted-guardianship agreement, ``{"on", …}``: present
    (else ``missing``, the precondition's own refusal) and dated (R-GD-4)."""
    value = body.get(party)
    if not value:
        raise missing(f"{field}.{party}: {need} ({rule})", field=f"{field}.{party}")
    checked = require_dict(value, f"{field}.{party}")
    parse_past_day(checked.get("on"), f"{field}.{party}.on", now, born)
    return copy.deepcopy(checked)


def check_fee_recorded(fee: object, rule: str) -> dict[str, Any]:
    """The guardianship fee (监护报酬): ``amount_fen`` (whole fen, 0 or more), ``period``,
    ``paid_by`` and ``minimum_living_support``; who may be subsidised is the next
    precondition (R-GD-5)."""
    if fee is None:
        raise ce.GuardianshipFeeRequired(
            f"fee: the appointment sets the guardianship fee ({rule})", field="fee"
        )
    body = require_dict(fee, "fee")
    amount = body.get("amount_fen")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ce.InvalidField(
            "fee.amount_fen must be a whole number of fen, 0 or more", field="fee.amount_fen"
        )
    check_term(body.get("period"), FEE_PERIODS, "fee.period")
    check_term(body.get("paid_by"), FEE_PAYERS, "fee.paid_by")
    if not isinstance(body.get("minimum_living_support"), bool):
        raise ce.InvalidField(
            "fee.minimum_living_support must be true or false", field="fee.minimum_living_support"
        )
    return copy.deepcopy(body)


def check_home_assessment_recorded(
    home_assessment: object, rule: str, now: datetime, born: date
) -> dict[str, Any]:
    """Civil affairs assessed the home (``{"by", "on", "suitable"}``) before a child leaves
    temporary care; whether it found the home suitable is the next precondition (R-EM-1)."""
    if home_assessment is None:
        raise ce.HomeAssessmentRequired(
            "home_assessment: civil affairs assesses the home before a child in temporary care "
            f"returns ({rule}, 未成年人保护法 第93条)",
            field="home_assessment",
        )
    assessed = check_dated(
        require_dict(home_assessment, "home_assessment"), "home_assessment", now, born
    )
    if not isinstance(assessed.get("suitable"), bool):
        raise ce.InvalidField(
            "home_assessment.suitable must be true or false", field="home_assessment.suitable"
        )
    return assessed

"""Catalogue data checked against its schema (``domain.records.catalogue``), and a draft
judged by it: which rules it matches, so whether it is a major decision (R-LR-2, R-LR-3),
and whether it stays within the simplified procedure (R-LR-9).

Every refusal names the path in the data (``$.rules[0].when``) or the draft's field, and
the allowed values where the member takes one from a vocabulary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.proof.jcs import check_json_value
from domain.records.catalogue.data import (
    _RULE_KEYS,
    _RULE_OPTIONAL_KEYS,
    _TOP_KEYS,
    _TOP_OPTIONAL_KEYS,
    _WHEN_KEYS,
    ACTION_TYPES,
    COLLECTIVE_DISCUSSION,
    COLLECTIVE_QUORUM,
    CONDITIONS,
    DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS,
    FLAGS,
    MEASURES,
    PARTY_KINDS,
    REVIEW_ALL_NON_SIMPLIFIED,
    REVIEW_TIME_LIMIT,
    REVIEW_TIME_LIMIT_BOUNDS,
    SIMPLIFIED_PROCEDURE,
    STATUTORY_FLOOR,
)
from domain.records.errors import InvalidInput


class InvalidCatalogue(InvalidInput):
    """Catalogue data that does not follow the schema; the message names the path."""

    code = "invalid-catalogue"
    title = "Invalid major-decision catalogue"


class InvalidDraftFacts(InvalidInput):
    """Facts about a draft that the catalogue cannot judge (unknown measure, flag, …)."""

    code = "invalid-draft-facts"
    title = "Invalid facts for judging a draft"


class SimplifiedProcedureExceeded(InvalidInput):
    """A draft in a simplified-procedure case goes beyond the caps of 第51条 (R-LR-9)."""

    code = "simplified-procedure-exceeded"
    title = "Outside the simplified procedure"


# -- validation -------------------------------------------------------------------------


def data_field(path: str) -> str:
    """The request member a catalogue path is about: the data travels as ``data``, so
    ``$.rules[0].when`` is ``data.rules[0].when``."""
    return "data" + path[1:]


def _refused(
    path: str, problem: str, allowed: tuple[str, ...] | Mapping[str, str] | None = None
) -> InvalidCatalogue:
    """A refusal of catalogue data at ``path``, naming the member and its allowed values."""
    return InvalidCatalogue(
        f"{path}: {problem}",
        field=data_field(path),
        allowed=None if allowed is None else list(allowed),
    )


def _require_keys(
    value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``value`` as an object with exactly the ``required`` members, and perhaps some of
    the ``optional`` ones (added later: data stored before them stays valid)."""
    if not isinstance(value, dict):
        raise _refused(path, f"expected an object, found {_json_kind(value)}")
    missing = [key for key in required if key not in value]
    if missing:
        raise _refused(path, f"missing {', '.join(missing)}", required)
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        members = (*required, *optional)
        raise _refused(
            f"{path}.{unknown[0]}", f"unknown member; expected {', '.join(members)}", members
        )
    return value


def _require_count(value: Any, path: str, low: int, high: int | None, what: str) -> None:
    """An integer (never a bool) from ``low`` to ``high`` (both included; None: no top)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refused(path, f"expected an integer ({what}), found {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"from {low} to {high}"
        raise _refused(path, f"{value} is outside the allowed range: {what}, {bounds}")


def _require_text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _refused(path, f"expected a non-empty string, found {value!r}")
    return value


def _require_names(value: Any, path: str, vocabulary: tuple[str, ...] | Mapping[str, str]) -> None:
    """A non-empty list of distinct names, each in ``vocabulary``."""
    if not isinstance(value, list) or not value:
        raise _refused(path, f"expected a non-empty list, found {value!r}", vocabulary)
    seen: set[str] = set()
    for index, name in enumerate(value):
        if name not in vocabulary:
            valid = ", ".join(vocabulary)
            raise _refused(f"{path}[{index}]", f"unknown {name!r}; valid: {valid}", vocabulary)
        if name in seen:
            raise _refused(f"{path}[{index}]", f"{name!r} is listed twice")
        seen.add(name)


def _require_thresholds(value: Any, path: str) -> None:
    """A threshold in fen for each party kind: a non-negative integer (not a bool)."""
    thresholds = _require_keys(value, path, PARTY_KINDS)
    for kind in PARTY_KINDS:
        amount = thresholds[kind]
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise _refused(f"{path}.{kind}", f"expected an integer in fen, found {amount!r}")
        if amount < 0:
            raise _refused(f"{path}.{kind}", f"threshold {amount} is negative")


def _validate_when(when: Any, path: str) -> None:
    if not isinstance(when, dict):
        raise _refused(path, f"expected an object, found {_json_kind(when)}")
    unknown = sorted(set(when) - _WHEN_KEYS)
    if unknown:
        members = (*CONDITIONS, "action_types")
        valid = ", ".join(members)
        raise _refused(f"{path}.{unknown[0]}", f"unknown condition; valid: {valid}", members)
    present = [key for key in CONDITIONS if key in when]
    if len(present) != 1:
        raise _refused(
            path, f"expected exactly one of {', '.join(CONDITIONS)}, found {present}", CONDITIONS
        )
    condition = present[0]
    value = when[condition]
    if condition == "measure_any":
        _require_names(value, f"{path}.measure_any", MEASURES)
    elif condition == "flag":
        if value not in FLAGS:
            valid = ", ".join(FLAGS)
            raise _refused(f"{path}.flag", f"unknown flag {value!r}; valid: {valid}", FLAGS)
    else:
        _require_thresholds(value, f"{path}.{condition}")
    if "action_types" in when:
        _require_names(when["action_types"], f"{path}.action_types", ACTION_TYPES)


def validate_catalogue(data: Any) -> None:
    """Raise :class:`InvalidCatalogue`, naming the path, unless ``data`` follows the schema."""
    try:
        check_json_value(data, "$")
    except InvalidInput as exc:
        raise InvalidCatalogue(exc.detail) from None
    top = _require_keys(data, "$", _TOP_KEYS, _TOP_OPTIONAL_KEYS)
    if COLLECTIVE_QUORUM in top:
        # R-EN-7: a catalogue may ask more heads to discuss, never fewer than the floor.
        floor = COLLECTIVE_DISCUSSION["quorum"]
        _require_count(top[COLLECTIVE_QUORUM], f"$.{COLLECTIVE_QUORUM}", floor, None, "heads")
    if REVIEW_TIME_LIMIT in top:
        low, high = REVIEW_TIME_LIMIT_BOUNDS
        _require_count(top[REVIEW_TIME_LIMIT], f"$.{REVIEW_TIME_LIMIT}", low, high, "working days")
    if not isinstance(top[REVIEW_ALL_NON_SIMPLIFIED], bool):
        raise _refused(
            f"$.{REVIEW_ALL_NON_SIMPLIFIED}",
            f"expected true or false, found {top[REVIEW_ALL_NON_SIMPLIFIED]!r}",
        )
    rules = top["rules"]
    if not isinstance(rules, list):
        raise _refused("$.rules", f"expected a list, found {_json_kind(rules)}")
    seen: dict[str, int] = {}
    for index, rule in enumerate(rules):
        path = f"$.rules[{index}]"
        _require_keys(rule, path, _RULE_KEYS, _RULE_OPTIONAL_KEYS)
        if "collective" in rule and not isinstance(rule["collective"], bool):
            raise _refused(
                f"{path}.collective", f"expected true or false, found {rule['collective']!r}"
            )
        rule_id = _require_text(rule["id"], f"{path}.id")
        if rule_id == REVIEW_ALL_NON_SIMPLIFIED:
            raise _refused(f"{path}.id", f"{rule_id!r} is reserved for the top-level option")
        if rule_id in seen:
            raise _refused(
                f"{path}.id", f"{rule_id!r} is already the id of $.rules[{seen[rule_id]}]"
            )
        seen[rule_id] = index
        _require_text(rule["title"], f"{path}.title")
        _require_text(rule["basis"], f"{path}.basis")
        _validate_when(rule["when"], f"{path}.when")


# -- judging ----------------------------------------------------------------------------


def _json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words (never a Python type name)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def yuan(fen: int) -> str:
    """An amount in fen in the user's words: ¥3,000.00."""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


PARTY_WORDS = {"person": "a person", "organisation": "an organisation"}
"""Each party kind with its article, for sentences."""

ACTION_TYPE_LABELS = {
    "penalty": "penalties (行政处罚)",
    "licensing": "licensing (行政许可)",
    "coercion": "coercive measures (行政强制)",
    "levy": "levies (行政征收)",
    "fee": "fees (行政收费)",
    "inspection": "inspections (行政检查)",
}
"""The six action types (R-EN-1) as a sentence names them."""


@dataclass(frozen=True)
class Judgement:
    """Whether a draft is major, and which rules said so (in catalogue order); and which of
    those make it a penalty the agency's heads decide collectively (R-EN-7)."""

    major: bool
    matched_rules: list[str]
    collective_rules: list[str] = dataclasses.field(default_factory=list)


def _check_facts(
    *,
    action_type: str,
    measures: list[str],
    fine_fen: int,
    confiscation_fen: int,
    party_kind: str,
    flags: list[str],
) -> None:
    """Refuse facts outside the vocabularies: an unknown term must not judge as "not major"."""
    if action_type not in ACTION_TYPES:
        raise InvalidDraftFacts(
            f"action_type: unknown {action_type!r}; valid: {', '.join(ACTION_TYPES)}",
            field="action_type",
            allowed=ACTION_TYPES,
        )
    if party_kind not in PARTY_KINDS:
        raise InvalidDraftFacts(
            f"party_kind: unknown {party_kind!r} (the case's party.kind); valid: "
            f"{', '.join(PARTY_KINDS)}",
            field="party.kind",
            allowed=PARTY_KINDS,
        )
    for field, names, vocabulary in (("measures", measures, MEASURES), ("flags", flags, FLAGS)):
        for index, name in enumerate(names):
            if name not in vocabulary:
                raise InvalidDraftFacts(
                    f"{field}[{index}]: unknown {name!r}; valid: {', '.join(vocabulary)}",
                    field=f"{field}[{index}]",
                    allowed=list(vocabulary),
                )
    for field, amount in (("fine_fen", fine_fen), ("confiscation_fen", confiscation_fen)):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidDraftFacts(
                f"{field}: expected a non-negative integer, found {amount!r}", field=field
            )


def judge(
    catalogue: dict[str, Any],
    *,
    action_type: str,
    measures: list[str],
    fine_fen: int,
    confiscation_fen: int,
    party_kind: str,
    flags: list[str],
    simplified: bool,
) -> Judgement:
    """Judge a draft by ``catalogue`` (R-LR-2, R-LR-3); pure.

    ``matched_rules`` lists the ids of the rules that matched in catalogue order,
    followed by ``"review_all_non_simplified"`` when that option applies.
    """
    validate_catalogue(catalogue)
    _check_facts(
        action_type=action_type,
        measures=measures,
        fine_fen=fine_fen,
        confiscation_fen=confiscation_fen,
        party_kind=party_kind,
        flags=flags,
    )
    amounts = {"fine_at_least_fen": fine_fen, "confiscation_at_least_fen": confiscation_fen}

    def hits(rule: dict[str, Any]) -> bool:
        when = rule["when"]
        if "action_types" in when and action_type not in when["action_types"]:
            return False
        if "measure_any" in when:
            return any(measure in when["measure_any"] for measure in measures)
        if "flag" in when:
            return bool(when["flag"] in flags)
        (condition,) = (key for key in amounts if key in when)
        return bool(amounts[condition] >= when[condition][party_kind])

    matched = [rule["id"] for rule in catalogue["rules"] if hits(rule)]
    # The statutory floor (R-LR-10) whatever the catalogue says; a floor rule that the
    # catalogue matched under the same id is reported once.
    matched += [
        rule["id"] for rule in STATUTORY_FLOOR["rules"] if rule["id"] not in matched and hits(rule)
    ]
    if catalogue[REVIEW_ALL_NON_SIMPLIFIED] and not simplified:
        matched.append(REVIEW_ALL_NON_SIMPLIFIED)
    return Judgement(
        major=bool(matched),
        matched_rules=matched,
        collective_rules=collective_rules(catalogue, action_type, matched),
    )


def collective_rules(catalogue: dict[str, Any], action_type: str, matched: list[str]) -> list[str]:
    """The matched rules that make a draft one the agency's heads decide collectively
    (R-EN-7, 行政处罚法 第57条第2款): the floor's list (:data:`COLLECTIVE_DISCUSSION`) and the
    catalogue's rules marked ``"collective": true``; only for the action types it names."""
    if action_type not in COLLECTIVE_DISCUSSION["action_types"]:
        return []
    marked = {rule["id"] for rule in catalogue["rules"] if rule.get("collective") is True}
    wanted = marked | set(COLLECTIVE_DISCUSSION["rules"])
    return [rule_id for rule_id in matched if rule_id in wanted]


def collective_quorum(catalogue: dict[str, Any]) -> int:
    """How many heads a collective discussion needs at least under ``catalogue`` (R-EN-7)."""
    return int(catalogue.get(COLLECTIVE_QUORUM, COLLECTIVE_DISCUSSION["quorum"]))


def review_time_limit(
    catalogue: dict[str, Any], default: int = DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS
) -> int:
    """The legal-review time limit in working days under ``catalogue`` (R-LR-7): its own,
    else the deployment's ``default``."""
    return int(catalogue.get(REVIEW_TIME_LIMIT, default))


def simplified_refusal(
    *,
    action_type: str,
    measures: list[str],
    fine_fen: int,
    confiscation_fen: int,
    party_kind: str,
) -> str | None:
    """Why a draft cannot be decided under the simplified procedure (R-LR-9), or None."""
    caps = SIMPLIFIED_PROCEDURE
    if action_type not in caps["action_types"]:
        return (
            f"the simplified procedure is for penalties (行政处罚), not for "
            f"{ACTION_TYPE_LABELS.get(action_type, action_type)} ({caps['basis']})"
        )
    others = [m for m in measures if m not in caps["measures"]]
    if others:
        named = ", ".join(f"{m} ({MEASURES.get(m, m)})" for m in others)
        allowed = " and ".join(f"{m} ({MEASURES[m]})" for m in caps["measures"])
        return (
            f"measures {named} are outside the simplified procedure, which allows only "
            f"{allowed} ({caps['basis']})"
        )
    cap = caps["fine_at_most_fen"][party_kind]
    if fine_fen > cap:
        return (
            f"a fine of {yuan(fine_fen)} ({fine_fen} fen) to {PARTY_WORDS[party_kind]} "
            f"exceeds the simplified procedure's cap of {yuan(cap)} ({caps['basis']})"
        )
    if confiscation_fen:
        return f"confiscation is outside the simplified procedure ({caps['basis']})"
    return None

"""The major-decision catalogue (重大执法决定目录清单, R-LR-2, R-LR-3).

Which draft decisions are *major* — and so may not be made without a passed legal
review (R-LR-1) — is set by a catalogue that each place adjusts. The catalogue is
data, kept in one chained stream (:class:`Catalogue`): published once, then
revised as a whole, each revision a new version. A draft is judged by one exact
version and cites that version's event hash.

Catalogue data (the same schema for every version; JSON-native, money in fen)::

    {
      "review_all_non_simplified": false,
      "rules": [
        {
          "id": "large-fine",                 # unique, non-empty
          "title": "较大数额罚款",             # non-empty
          "basis": "行政处罚法 第63条 …",      # non-empty: where the rule comes from
          "when": {                            # exactly one condition, plus optionally
            "fine_at_least_fen": {"person": 1000000, "organisation": 10000000},
            "action_types": ["penalty"]        # … the action types it is limited to
          }
        }
      ]
    }

Conditions (each rule has exactly one, so no rule needs an and/or reading):

``measure_any: [measure, …]``
    the draft's measures include any of these (:data:`MEASURES`);
``fine_at_least_fen: {"person": n, "organisation": n}``
    the fine, in fen, is at least the threshold for the party's kind
    (Chinese "以上" includes the figure itself);
``confiscation_at_least_fen: {"person": n, "organisation": n}``
    likewise for the value confiscated (违法所得、非法财物);
``flag: name``
    the draft carries this flag (:data:`FLAGS`).

``action_types`` (optional, non-empty) limits a rule to those action types (R-EN-1).
When ``review_all_non_simplified`` is true, every draft not decided under the
simplified procedure (简易程序) is major (R-LR-3).
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final
from uuid import UUID

from eventsourcing.domain import event

from domain.proof.jcs import canonical_json, check_json_value
from domain.records.aggregate import ChainedAggregate
from domain.records.errors import ChainBroken, InvalidInput, NotFound, RuleViolation
from domain.records.jurisdiction import check_division_code

ACTION_TYPES: Final = ("penalty", "licensing", "coercion", "levy", "fee", "inspection")
"""The six action types of R-EN-1 (处罚、许可、强制、征收、收费、检查)."""

PARTY_KINDS: Final = ("person", "organisation")
"""公民 (a natural person) and 法人或者其他组织: 较大数额 differs between them."""

MEASURES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "warning": "警告",
        "notice_of_criticism": "通报批评",
        "fine": "罚款",
        "confiscation": "没收违法所得、没收非法财物",
        "licence_downgrade": "降低资质等级",
        "licence_revocation": "吊销许可证件",
        "suspension": "责令停产停业",
        "closure": "责令关闭",
        "practice_restriction": "限制从业",
        "detention": "行政拘留",
        "licence_grant": "准予许可",
        "licence_refusal": "不予许可",
        "coercive_measure": "行政强制措施",
        "enforcement": "强制执行",
        "levy": "征收",
        "fee": "收费",
        "other": "其他",
    }
)
"""Measures a draft decision may contain, with their Chinese terms."""

FLAGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "hearing_held": "经过听证程序",
        "major_public_interest": "涉及重大公共利益",
        "complex_case": "案件情况疑难复杂、涉及多个法律关系",
        "major_social_impact": "可能造成重大社会影响或者引发社会风险",
        "referral_to_judiciary": "涉嫌犯罪需要移送司法机关",
    }
)
"""Yes/no facts about a draft that a catalogue rule may test."""

REVIEW_ALL_NON_SIMPLIFIED: Final = "review_all_non_simplified"
"""Top-level option (R-LR-3); also the name reported in ``matched_rules`` when it applies."""

CONDITIONS: Final = ("measure_any", "fine_at_least_fen", "confiscation_at_least_fen", "flag")
_WHEN_KEYS: Final = frozenset({*CONDITIONS, "action_types"})
_RULE_KEYS: Final = ("id", "title", "basis", "when")
_TOP_KEYS: Final = (REVIEW_ALL_NON_SIMPLIFIED, "rules")

_LOCAL_AMOUNT_NOTE = (
    "“较大数额”由各地、各部门按金额规定，各地不同：本默认值（公民 1 万元、"
    "法人或者其他组织 10 万元）取自一个县的标准，须按本地规定调整。"
)

_HEARING_MEASURES = [
    "licence_downgrade",
    "licence_revocation",
    "suspension",
    "closure",
    "practice_restriction",
]

DEFAULT_CATALOGUE: Final[dict[str, Any]] = {
    REVIEW_ALL_NON_SIMPLIFIED: False,
    "rules": [
        {
            "id": "hearing-eligible-measures",
            "title": "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业",
            "basis": "行政处罚法 第63条第1款第(二)(三)项；第58条第1款第(二)项",
            "when": {"measure_any": _HEARING_MEASURES},
        },
        {
            "id": "large-fine",
            "title": "较大数额罚款",
            "basis": "行政处罚法 第63条第1款第(一)项；第58条第1款第(二)项。" + _LOCAL_AMOUNT_NOTE,
            "when": {"fine_at_least_fen": {"person": 1_000_000, "organisation": 10_000_000}},
        },
        {
            "id": "large-confiscation",
            "title": "没收较大数额违法所得、没收较大价值非法财物",
            "basis": "行政处罚法 第63条第1款第(二)项；第58条第1款第(二)项。" + _LOCAL_AMOUNT_NOTE,
            "when": {
                "confiscation_at_least_fen": {"person": 1_000_000, "organisation": 10_000_000}
            },
        },
        {
            "id": "hearing-held",
            "title": "直接关系当事人或者第三人重大权益，经过听证程序",
            "basis": "行政处罚法 第58条第1款第(二)项",
            "when": {"flag": "hearing_held"},
        },
        {
            "id": "major-public-interest",
            "title": "涉及重大公共利益",
            "basis": "行政处罚法 第58条第1款第(一)项；国办发〔2018〕118号",
            "when": {"flag": "major_public_interest"},
        },
        {
            "id": "complex-case",
            "title": "案件情况疑难复杂、涉及多个法律关系",
            "basis": "行政处罚法 第58条第1款第(三)项；国办发〔2018〕118号",
            "when": {"flag": "complex_case"},
        },
        {
            "id": "major-social-impact",
            "title": "可能造成重大社会影响或者引发社会风险",
            "basis": "国办发〔2018〕118号",
            "when": {"flag": "major_social_impact"},
        },
        {
            "id": "referral-to-judiciary",
            "title": "涉嫌犯罪需要移送司法机关",
            "basis": "国办发〔2018〕118号（法制审核内容）；作为重大执法决定情形由本地决定",
            "when": {"flag": "referral_to_judiciary"},
        },
    ],
}
"""The national defaults (R-LR-2); copy it (``copy.deepcopy``) before changing it."""

FLOOR_AMOUNT_NOTE = (
    "法定底线：无论本地目录如何规定，罚款或没收金额达到公民 2 万元、法人或者其他组织 10 万元"
    "（本项目所引各地“较大数额”标准中的最高值）的，一律属于重大执法决定；本地标准更低的，以本地为准。"
)

STATUTORY_FLOOR: Final[dict[str, Any]] = {
    REVIEW_ALL_NON_SIMPLIFIED: False,
    "rules": [
        {
            "id": "hearing-eligible-measures",
            "title": "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业",
            "basis": "行政处罚法 第63条第1款第(三)(四)项；第58条第1款第(二)项",
            "when": {"measure_any": _HEARING_MEASURES},
        },
        {
            "id": "large-fine",
            "title": "较大数额罚款",
            "basis": "行政处罚法 第63条第1款第(一)项；第58条第1款第(二)项。" + FLOOR_AMOUNT_NOTE,
            "when": {"fine_at_least_fen": {"person": 2_000_000, "organisation": 10_000_000}},
        },
        {
            "id": "large-confiscation",
            "title": "没收较大数额违法所得、没收较大价值非法财物",
            "basis": "行政处罚法 第63条第1款第(二)项；第58条第1款第(二)项。" + FLOOR_AMOUNT_NOTE,
            "when": {
                "confiscation_at_least_fen": {"person": 2_000_000, "organisation": 10_000_000}
            },
        },
        {
            "id": "hearing-held",
            "title": "直接关系当事人或者第三人重大权益，经过听证程序",
            "basis": "行政处罚法 第58条第1款第(二)项",
            "when": {"flag": "hearing_held"},
        },
        {
            "id": "major-public-interest",
            "title": "涉及重大公共利益",
            "basis": "行政处罚法 第58条第1款第(一)项",
            "when": {"flag": "major_public_interest"},
        },
        {
            "id": "complex-case",
            "title": "案件情况疑难复杂、涉及多个法律关系",
            "basis": "行政处罚法 第58条第1款第(三)项",
            "when": {"flag": "complex_case"},
        },
    ],
}
"""The statutory floor (R-LR-10): the categories of 行政处罚法 第58条 and the
hearing-eligible measures of 第63条 are major whatever a catalogue says. :func:`judge`
applies these rules beside every catalogue's own, so no revision can remove them; a
catalogue may add rules and set lower amounts, never fewer or higher. Its amounts are
the ceiling of 较大数额: the highest local figure this project cites (R-LR-2)."""

SIMPLIFIED_PROCEDURE: Final[dict[str, Any]] = {
    "action_types": ["penalty"],
    "measures": ["warning", "fine"],
    "fine_at_most_fen": {"person": 20_000, "organisation": 300_000},
    "basis": "行政处罚法 第51条：对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告",
}
"""The caps of the simplified procedure (简易程序, 当场处罚, R-LR-9): a penalty of a
warning or a fine up to ¥200 for a person and ¥3,000 for an organisation. A draft
outside them is not simplified, whatever the case claims."""


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


def _require_keys(value: Any, path: str, required: tuple[str, ...]) -> dict[str, Any]:
    """``value`` as an object with exactly the ``required`` members."""
    if not isinstance(value, dict):
        raise InvalidCatalogue(f"{path}: expected an object, found {type(value).__name__}")
    missing = [key for key in required if key not in value]
    if missing:
        raise InvalidCatalogue(f"{path}: missing {', '.join(missing)}")
    unknown = sorted(set(value) - set(required))
    if unknown:
        raise InvalidCatalogue(
            f"{path}.{unknown[0]}: unknown member; expected {', '.join(required)}"
        )
    return value


def _require_text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidCatalogue(f"{path}: expected a non-empty string, found {value!r}")
    return value


def _require_names(value: Any, path: str, vocabulary: tuple[str, ...] | Mapping[str, str]) -> None:
    """A non-empty list of distinct names, each in ``vocabulary``."""
    if not isinstance(value, list) or not value:
        raise InvalidCatalogue(f"{path}: expected a non-empty list, found {value!r}")
    seen: set[str] = set()
    for index, name in enumerate(value):
        if name not in vocabulary:
            valid = ", ".join(vocabulary)
            raise InvalidCatalogue(f"{path}[{index}]: unknown {name!r}; valid: {valid}")
        if name in seen:
            raise InvalidCatalogue(f"{path}[{index}]: {name!r} is listed twice")
        seen.add(name)


def _require_thresholds(value: Any, path: str) -> None:
    """A threshold in fen for each party kind: a non-negative integer (not a bool)."""
    thresholds = _require_keys(value, path, PARTY_KINDS)
    for kind in PARTY_KINDS:
        amount = thresholds[kind]
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise InvalidCatalogue(f"{path}.{kind}: expected an integer in fen, found {amount!r}")
        if amount < 0:
            raise InvalidCatalogue(f"{path}.{kind}: threshold {amount} is negative")


def _validate_when(when: Any, path: str) -> None:
    if not isinstance(when, dict):
        raise InvalidCatalogue(f"{path}: expected an object, found {type(when).__name__}")
    unknown = sorted(set(when) - _WHEN_KEYS)
    if unknown:
        valid = ", ".join([*CONDITIONS, "action_types"])
        raise InvalidCatalogue(f"{path}.{unknown[0]}: unknown condition; valid: {valid}")
    present = [key for key in CONDITIONS if key in when]
    if len(present) != 1:
        raise InvalidCatalogue(
            f"{path}: expected exactly one of {', '.join(CONDITIONS)}, found {present}"
        )
    condition = present[0]
    value = when[condition]
    if condition == "measure_any":
        _require_names(value, f"{path}.measure_any", MEASURES)
    elif condition == "flag":
        if value not in FLAGS:
            valid = ", ".join(FLAGS)
            raise InvalidCatalogue(f"{path}.flag: unknown flag {value!r}; valid: {valid}")
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
    top = _require_keys(data, "$", _TOP_KEYS)
    if not isinstance(top[REVIEW_ALL_NON_SIMPLIFIED], bool):
        raise InvalidCatalogue(
            f"$.{REVIEW_ALL_NON_SIMPLIFIED}: expected true or false, "
            f"found {top[REVIEW_ALL_NON_SIMPLIFIED]!r}"
        )
    rules = top["rules"]
    if not isinstance(rules, list):
        raise InvalidCatalogue(f"$.rules: expected a list, found {type(rules).__name__}")
    seen: dict[str, int] = {}
    for index, rule in enumerate(rules):
        path = f"$.rules[{index}]"
        _require_keys(rule, path, _RULE_KEYS)
        rule_id = _require_text(rule["id"], f"{path}.id")
        if rule_id == REVIEW_ALL_NON_SIMPLIFIED:
            raise InvalidCatalogue(f"{path}.id: {rule_id!r} is reserved for the top-level option")
        if rule_id in seen:
            raise InvalidCatalogue(
                f"{path}.id: {rule_id!r} is already the id of $.rules[{seen[rule_id]}]"
            )
        seen[rule_id] = index
        _require_text(rule["title"], f"{path}.title")
        _require_text(rule["basis"], f"{path}.basis")
        _validate_when(rule["when"], f"{path}.when")


# -- judging ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """Whether a draft is major, and which rules said so (in catalogue order)."""

    major: bool
    matched_rules: list[str]


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
            f"action_type: unknown {action_type!r}; valid: {', '.join(ACTION_TYPES)}"
        )
    if party_kind not in PARTY_KINDS:
        raise InvalidDraftFacts(
            f"party_kind: unknown {party_kind!r}; valid: {', '.join(PARTY_KINDS)}"
        )
    for field, names, vocabulary in (("measures", measures, MEASURES), ("flags", flags, FLAGS)):
        for index, name in enumerate(names):
            if name not in vocabulary:
                raise InvalidDraftFacts(
                    f"{field}[{index}]: unknown {name!r}; valid: {', '.join(vocabulary)}"
                )
    for field, amount in (("fine_fen", fine_fen), ("confiscation_fen", confiscation_fen)):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidDraftFacts(f"{field}: expected a non-negative integer, found {amount!r}")


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
    return Judgement(major=bool(matched), matched_rules=matched)


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
        return f"the simplified procedure is for penalties, not {action_type} ({caps['basis']})"
    others = [m for m in measures if m not in caps["measures"]]
    if others:
        return (
            f"measures {others} are outside the simplified procedure, which allows only "
            f"{' and '.join(caps['measures'])} ({caps['basis']})"
        )
    cap = caps["fine_at_most_fen"][party_kind]
    if fine_fen > cap:
        return (
            f"a fine of {fine_fen} fen to a {party_kind} exceeds the simplified procedure's "
            f"cap of {cap} fen ({caps['basis']})"
        )
    if confiscation_fen:
        return f"confiscation is outside the simplified procedure ({caps['basis']})"
    return None


# -- the catalogue stream ---------------------------------------------------------------

CATALOGUE_STREAM = uuid.uuid5(UUID("0d6f7b1e-3f1f-4a8e-bb4e-2f5f3e1c7a90"), "catalogue")
"""Fixed stream id (the namespace of ``domain/records/deployment.py``): one catalogue per store."""


def _check_note(note: str) -> None:
    """Every version says why it was published or revised."""
    if not isinstance(note, str) or not note.strip():
        raise InvalidInput("note must not be empty: say why the catalogue is published or revised")


@dataclass(frozen=True)
class CatalogueJudgement:
    """A :class:`Judgement` and the exact catalogue version it was made by (for the draft)."""

    major: bool
    matched_rules: list[str]
    catalogue_version: int
    catalogue_event_hash: str
    catalogue_stream: str = str(CATALOGUE_STREAM)


class Catalogue(ChainedAggregate):
    """The catalogue's stream: ``Published`` once, then ``Revised``, each a new version.

    Every event of the stream is a catalogue version, so the catalogue version is
    the stream's ``seq`` (the aggregate's ``version``); each event also records it
    in ``data.version`` so that one event, read alone, says which version it is.
    """

    STREAM_KIND = "catalogue"

    class Event(ChainedAggregate.Event):
        """A catalogue event: remembers its own hash as the hash of its version."""

        def mutate(self, aggregate: Any) -> Any:
            """Apply, then record this event's hash as its version's hash."""
            claimed = getattr(self, "version", None)
            if claimed != self.originator_version:
                raise ChainBroken(
                    f"stream {self.originator_id} seq {self.originator_version}: "
                    f"catalogue version {claimed} does not match the seq"
                )
            result = super().mutate(aggregate)
            result.version_hashes[self.originator_version] = self.hash
            return result

    @event("Published")
    def __init__(self, actor: str, version: int, rules: dict[str, Any], note: str) -> None:
        self._data: dict[str, Any] = copy.deepcopy(rules)
        self.version_hashes: dict[int, str] = {}
        self._history: dict[int, dict[str, Any]] = {version: self._data}

    @staticmethod
    def create_id() -> UUID:
        """Always :data:`CATALOGUE_STREAM`."""
        return CATALOGUE_STREAM

    @classmethod
    def publish(cls, *, actor: str, data: dict[str, Any], note: str) -> Catalogue:
        """Publish version 1 after checking ``data`` (R-LR-2)."""
        _check_note(note)
        validate_catalogue(data)
        return cls(actor=actor, version=1, rules=copy.deepcopy(data), note=note)

    def revise(self, *, actor: str, data: dict[str, Any], note: str) -> None:
        """Record a new version holding the whole of ``data``."""
        _check_note(note)
        validate_catalogue(data)
        self._revise(actor=actor, version=self.version + 1, rules=copy.deepcopy(data), note=note)

    @event("Revised")
    def _revise(self, actor: str, version: int, rules: dict[str, Any], note: str) -> None:
        self._data = copy.deepcopy(rules)
        self._history[version] = self._data

    @property
    def data(self) -> dict[str, Any]:
        """The current version's catalogue data (a copy)."""
        return copy.deepcopy(self._data)

    @property
    def version_hash(self) -> str:
        """``event_hash`` of the event that made the current version."""
        return self.version_hashes[self.version]

    def data_of(self, version: int) -> dict[str, Any]:
        """The catalogue data of an earlier or the current ``version`` (a copy)."""
        try:
            return copy.deepcopy(self._history[version])
        except KeyError:
            raise NotFound(f"the catalogue has no version {version}") from None

    @property
    def current_version(self) -> int:
        """The version in force (every event of this stream is a version)."""
        return self.version

    def version_seqs(self) -> dict[int, int]:
        """Catalogue version → the seq of the event that put it in force."""
        return {version: version for version in self._history}

    def judge_draft(
        self,
        *,
        action_type: str,
        measures: list[str],
        fine_fen: int,
        confiscation_fen: int,
        party_kind: str,
        flags: list[str],
        simplified: bool,
    ) -> CatalogueJudgement:
        """Judge a draft by the current version, citing that version and its event hash."""
        judgement = judge(
            self._data,
            action_type=action_type,
            measures=measures,
            fine_fen=fine_fen,
            confiscation_fen=confiscation_fen,
            party_kind=party_kind,
            flags=flags,
            simplified=simplified,
        )
        return CatalogueJudgement(
            major=judgement.major,
            matched_rules=judgement.matched_rules,
            catalogue_version=self.version,
            catalogue_event_hash=self.version_hash,
        )


# -- agencies' own catalogues (R-LR-10) ---------------------------------------------------

AGENCY_CATALOGUE_NAMESPACE = UUID("5c0b8e52-6a43-4c1f-9d0e-3b7f2a8d1e64")

PROPOSAL_STATUSES: Final = ("pending", "approved", "rejected")


class FourEyesRequired(RuleViolation):
    """A catalogue revision takes effect only when a second person approves it (R-LR-10)."""

    code = "four-eyes-required"
    title = "A second person must approve"


class ProposalStale(RuleViolation):
    """The catalogue moved on since the proposal was made: it would silently undo the
    version approved meanwhile. Propose again on the version in force."""

    code = "proposal-stale"
    title = "Proposal made on an earlier version"


class ProposalNotPending(RuleViolation):
    """The catalogue proposal was approved or rejected already."""

    code = "proposal-not-pending"
    title = "Proposal already decided"


def check_scope_jurisdiction(code: str) -> str:
    """A division code a catalogue may be scoped to: 6, 9 or 12 ASCII digits of a real area
    (行政区划代码, ``domain.records.jurisdiction``), or ``invalid-jurisdiction``."""
    return check_division_code(code, "jurisdiction")


def jurisdictions_covering(area: str) -> list[str]:
    """The division codes that cover ``area``, narrowest first (``370303`` → ``370303``,
    ``370300``, ``370000``): where an agency's catalogue for ``area`` may be set."""
    codes: list[str] = []
    if area.isdigit() and len(area) >= 6:
        for width in (12, 9):
            if len(area) >= width:
                codes.append(area[:width])
        for width in (6, 4, 2):
            codes.append(area[:width].ljust(6, "0"))
    return list(dict.fromkeys(codes))


@dataclass
class Proposal:
    """A proposed whole new version of an agency's catalogue (four-eyes, R-LR-10)."""

    proposal_id: str
    data: dict[str, Any]
    data_hash: str
    note: str
    proposed_by: str
    base_version: int = 0
    proposer_seq: int | None = None
    """The proposer's own actor-stream position when it proposed: a later suspension or
    revocation of the proposer lapses the proposal for good."""
    status: str = "pending"
    decided_by: str | None = None
    reason: str | None = None
    version: int | None = None


def check_not_above_floor(data: dict[str, Any]) -> None:
    """A catalogue may set 较大数额 lower than the statutory floor, never higher (R-LR-10):
    a higher figure would read as if it applied, while the floor decides."""
    floor = {
        condition: rule["when"][condition]
        for rule in STATUTORY_FLOOR["rules"]
        for condition in ("fine_at_least_fen", "confiscation_at_least_fen")
        if condition in rule["when"]
    }
    for index, rule in enumerate(data["rules"]):
        for condition, ceiling in floor.items():
            for kind, amount in rule["when"].get(condition, {}).items():
                if amount > ceiling[kind]:
                    raise InvalidCatalogue(
                        f"$.rules[{index}].when.{condition}.{kind}: {amount} fen is above the "
                        f"statutory floor's {ceiling[kind]} fen; a catalogue may set lower "
                        "amounts, never higher (R-LR-10)"
                    )


def catalogue_data_hash(data: dict[str, Any]) -> str:
    """SHA-256 of a catalogue's JCS: what an approval names, so it approves exact data."""
    return hashlib.sha256(b"jianzheng:catalogue:v1\n" + canonical_json(data)).hexdigest()


class AgencyCatalogue(ChainedAggregate):
    """One agency's major-decision catalogue for one jurisdiction (R-LR-10).

    The agency's legal office (法制机构: its legal reviewers) proposes a whole new
    version; it takes effect only when a *different* reviewer of that office approves
    it (four-eyes). Every proposal, approval and rejection is an event of this stream, so
    oversight sees each revision. A draft is judged by the version in force when it was
    submitted, and the statutory floor applies whatever a version says.
    """

    STREAM_KIND = "agency_catalogue"

    class Event(ChainedAggregate.Event):
        """An agency catalogue event: an approval records its hash as its version's hash."""

        def mutate(self, aggregate: Any) -> Any:
            """Apply; an approval's hash becomes the hash of the version it put in force."""
            result = super().mutate(aggregate)
            version = getattr(self, "version", None)
            if self.TYPE.endswith(".RevisionApproved") and isinstance(version, int):
                result.version_hashes[version] = self.hash
            return result

    @event("Opened")
    def __init__(self, actor: str, jurisdiction: str, agency: str) -> None:
        self.jurisdiction = jurisdiction
        self.agency = agency
        self.proposals: dict[str, Proposal] = {}
        self.current_version = 0
        self.version_hashes: dict[int, str] = {}
        self._history: dict[int, dict[str, Any]] = {}
        self._seqs: dict[int, int] = {}

    @staticmethod
    def create_id(jurisdiction: str, agency: str) -> UUID:
        """Deterministic: one stream per (jurisdiction, agency)."""
        return uuid.uuid5(AGENCY_CATALOGUE_NAMESPACE, f"{jurisdiction}\n{agency}")

    @classmethod
    def open(cls, *, actor: str, jurisdiction: str, agency: str) -> AgencyCatalogue:
        """Open the stream of an agency's catalogue for a jurisdiction."""
        check_scope_jurisdiction(jurisdiction)
        if not isinstance(agency, str) or not agency.strip():
            raise InvalidInput("agency must not be empty")
        return cls(actor=actor, jurisdiction=jurisdiction, agency=agency)

    def propose(
        self,
        *,
        actor: str,
        proposal_id: str,
        data: dict[str, Any],
        note: str,
        proposer_seq: int | None = None,
    ) -> None:
        """Propose a whole new version; nothing changes until another reviewer approves."""
        _check_note(note)
        validate_catalogue(data)
        check_not_above_floor(data)
        if proposal_id in self.proposals:
            raise InvalidInput(f"proposal {proposal_id} exists already")
        self._propose(
            actor=actor,
            proposal_id=proposal_id,
            data=copy.deepcopy(data),
            data_hash=catalogue_data_hash(data),
            note=note,
            base_version=self.current_version,
            proposer_seq=proposer_seq,
        )

    @event("RevisionProposed")
    def _propose(
        self,
        actor: str,
        proposal_id: str,
        data: dict[str, Any],
        data_hash: str,
        note: str,
        base_version: int = 0,
        proposer_seq: int | None = None,
    ) -> None:
        self.proposals[proposal_id] = Proposal(
            proposal_id, data, data_hash, note, actor, base_version, proposer_seq
        )

    def proposal(self, proposal_id: str) -> Proposal:
        """A proposal by id."""
        try:
            return self.proposals[proposal_id]
        except KeyError:
            raise NotFound(f"no catalogue proposal {proposal_id} in this catalogue") from None

    def _pending(self, proposal_id: str) -> Proposal:
        proposal = self.proposal(proposal_id)
        if proposal.status != "pending":
            raise ProposalNotPending(f"proposal {proposal_id} was {proposal.status} already")
        return proposal

    def approve(self, *, actor: str, proposal_id: str) -> int:
        """Put a proposal in force as the next version; never by its own proposer."""
        proposal = self._pending(proposal_id)
        if proposal.base_version != self.current_version:
            raise ProposalStale(
                f"proposal {proposal_id} was made on version {proposal.base_version}; version "
                f"{self.current_version} is in force now and approving would undo it: reject "
                "this proposal and propose again on the version in force"
            )
        if actor == proposal.proposed_by:
            raise FourEyesRequired(
                "the proposer may not approve their own catalogue revision; "
                "another legal reviewer of the office must approve it (R-LR-10)"
            )
        version = self.current_version + 1
        self._approve(
            actor=actor, proposal_id=proposal_id, version=version, data_hash=proposal.data_hash
        )
        return version

    @event("RevisionApproved")
    def _approve(self, actor: str, proposal_id: str, version: int, data_hash: str) -> None:
        proposal = self.proposals[proposal_id]
        if data_hash != proposal.data_hash or version != self.current_version + 1:
            raise ChainBroken(
                f"stream {self.id}: approval of {proposal_id} names data {data_hash} "
                f"version {version}, expected {proposal.data_hash} {self.current_version + 1}"
            )
        proposal.status, proposal.decided_by, proposal.version = "approved", actor, version
        self.current_version = version
        self._history[version] = proposal.data
        self._seqs[version] = self.version + 1

    def reject(self, *, actor: str, proposal_id: str, reason: str) -> None:
        """Refuse a proposal, with the reason (by anyone of the office, the proposer too)."""
        self._pending(proposal_id)
        _check_note(reason)
        self._reject(actor=actor, proposal_id=proposal_id, reason=reason)

    @event("RevisionRejected")
    def _reject(self, actor: str, proposal_id: str, reason: str) -> None:
        proposal = self.proposals[proposal_id]
        proposal.status, proposal.decided_by, proposal.reason = "rejected", actor, reason

    @property
    def data(self) -> dict[str, Any]:
        """The version in force (a copy); NotFound before the first approval."""
        return self.data_of(self.current_version)

    def data_of(self, version: int) -> dict[str, Any]:
        """A version's data (a copy)."""
        try:
            return copy.deepcopy(self._history[version])
        except KeyError:
            raise NotFound(f"this catalogue has no version {version}") from None

    def version_seqs(self) -> dict[int, int]:
        """Catalogue version → the seq of the approval that put it in force."""
        return dict(self._seqs)

    def proposals_state(self) -> list[dict[str, Any]]:
        """Every proposal with its status, for the legal office and oversight."""
        return [
            {
                "proposal_id": p.proposal_id,
                "status": p.status,
                "proposed_by": p.proposed_by,
                "decided_by": p.decided_by,
                "note": p.note,
                "reason": p.reason,
                "version": p.version,
                "base_version": p.base_version,
                "data_hash": p.data_hash,
                "data": copy.deepcopy(p.data),
            }
            for p in self.proposals.values()
        ]


def judge_by(
    data: dict[str, Any],
    *,
    stream: UUID,
    version: int,
    event_hash: str,
    action_type: str,
    measures: list[str],
    fine_fen: int,
    confiscation_fen: int,
    party_kind: str,
    flags: list[str],
    simplified: bool,
) -> CatalogueJudgement:
    """Judge a draft by one catalogue version (data, stream, version, hash), citing it."""
    judgement = judge(
        data,
        action_type=action_type,
        measures=measures,
        fine_fen=fine_fen,
        confiscation_fen=confiscation_fen,
        party_kind=party_kind,
        flags=flags,
        simplified=simplified,
    )
    return CatalogueJudgement(
        major=judgement.major,
        matched_rules=judgement.matched_rules,
        catalogue_version=version,
        catalogue_event_hash=event_hash,
        catalogue_stream=str(stream),
    )


__all__ = [
    "ACTION_TYPES",
    "CATALOGUE_STREAM",
    "DEFAULT_CATALOGUE",
    "FLAGS",
    "MEASURES",
    "PARTY_KINDS",
    "REVIEW_ALL_NON_SIMPLIFIED",
    "SIMPLIFIED_PROCEDURE",
    "STATUTORY_FLOOR",
    "AgencyCatalogue",
    "Catalogue",
    "CatalogueJudgement",
    "FourEyesRequired",
    "InvalidCatalogue",
    "InvalidDraftFacts",
    "Judgement",
    "ProposalNotPending",
    "SimplifiedProcedureExceeded",
    "judge",
    "judge_by",
    "jurisdictions_covering",
    "simplified_refusal",
    "validate_catalogue",
]

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

Optional members (data stored before them stays valid):

``rules[i].collective: true``
    a penalty draft matching this rule is decided collectively by the agency's heads
    (集体讨论, R-EN-7), beside the floor's list in :data:`COLLECTIVE_DISCUSSION`;
``collective_quorum: n``
    how many heads such a discussion needs at least (never below the floor's 2);
``review_time_limit_workdays: n``
    the agency's legal-review time limit, 1–30 working days after the request (R-LR-7;
    default :data:`DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS`).

``action_types`` (optional, non-empty) limits a rule to those action types (R-EN-1).
When ``review_all_non_simplified`` is true, every draft not decided under the
simplified procedure (简易程序) is major (R-LR-3).

The package reads by its modules' names:

* ``data``: the vocabularies (action types, measures, flags) and the shipped data — the
  default catalogue, the statutory floor (R-LR-10) and the simplified procedure's caps
  (R-LR-9);
* ``rules``: validating catalogue data and judging a draft by it;
* ``baseline``: the deployment's own catalogue stream (:class:`Catalogue`);
* ``agency``: agencies' own catalogues, revised four-eyes (:class:`AgencyCatalogue`, R-LR-10).

Every name is importable from ``domain.records.catalogue`` as before.
"""

from __future__ import annotations

from domain.records.catalogue.agency import (
    AGENCY_CATALOGUE_NAMESPACE,
    PROPOSAL_STATUSES,
    AgencyCatalogue,
    FourEyesRequired,
    Proposal,
    ProposalNotPending,
    ProposalStale,
    catalogue_data_hash,
    check_not_above_floor,
    check_scope_jurisdiction,
    judge_by,
    jurisdictions_covering,
)
from domain.records.catalogue.baseline import CATALOGUE_STREAM, Catalogue, CatalogueJudgement
from domain.records.catalogue.data import (
    ACTION_TYPES,
    COLLECTIVE_DISCUSSION,
    COLLECTIVE_QUORUM,
    CONDITIONS,
    DEFAULT_CATALOGUE,
    DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS,
    FLAGS,
    FLOOR_AMOUNT_NOTE,
    MEASURES,
    PARTY_KINDS,
    REVIEW_ALL_NON_SIMPLIFIED,
    REVIEW_TIME_LIMIT,
    REVIEW_TIME_LIMIT_BOUNDS,
    SIMPLIFIED_PROCEDURE,
    STATUTORY_FLOOR,
)
from domain.records.catalogue.rules import (
    ACTION_TYPE_LABELS,
    PARTY_WORDS,
    InvalidCatalogue,
    InvalidDraftFacts,
    Judgement,
    SimplifiedProcedureExceeded,
    collective_quorum,
    collective_rules,
    data_field,
    judge,
    review_time_limit,
    simplified_refusal,
    validate_catalogue,
    yuan,
)

__all__ = [
    "ACTION_TYPES",
    "ACTION_TYPE_LABELS",
    "AGENCY_CATALOGUE_NAMESPACE",
    "CATALOGUE_STREAM",
    "COLLECTIVE_DISCUSSION",
    "COLLECTIVE_QUORUM",
    "CONDITIONS",
    "DEFAULT_CATALOGUE",
    "DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS",
    "FLAGS",
    "FLOOR_AMOUNT_NOTE",
    "MEASURES",
    "PARTY_KINDS",
    "PARTY_WORDS",
    "PROPOSAL_STATUSES",
    "REVIEW_ALL_NON_SIMPLIFIED",
    "REVIEW_TIME_LIMIT",
    "REVIEW_TIME_LIMIT_BOUNDS",
    "SIMPLIFIED_PROCEDURE",
    "STATUTORY_FLOOR",
    "AgencyCatalogue",
    "Catalogue",
    "CatalogueJudgement",
    "FourEyesRequired",
    "InvalidCatalogue",
    "InvalidDraftFacts",
    "Judgement",
    "Proposal",
    "ProposalNotPending",
    "ProposalStale",
    "SimplifiedProcedureExceeded",
    "catalogue_data_hash",
    "check_not_above_floor",
    "check_scope_jurisdiction",
    "collective_quorum",
    "collective_rules",
    "data_field",
    "judge",
    "judge_by",
    "jurisdictions_covering",
    "review_time_limit",
    "simplified_refusal",
    "validate_catalogue",
    "yuan",
]

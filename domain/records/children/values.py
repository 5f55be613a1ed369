"""The nested objects of a child's file, as small frozen value types.

Guardian (also a temporary receiver and the person a ruling concerns), institution, documents,
dated acts (a committee's consent, a guardian's acceptance), signatures and filings of an
agreement, capacity assessment, the 第22条 exclusion check, the guardianship fee, a home
assessment, a cited court ruling, a one-to-one helper, the child's personal details and
location, and the parents' situation.

Each type's ``parse(value, field, …)`` performs exactly the checks the commands applied to
that object as a ``dict``, with the same error codes and field paths (``field`` is the
object's path in the request, ``guardian`` or ``ruling.new_guardian``); ``stored()`` gives
back exactly the ``dict`` the events store — for the objects stored whole (guardian, dated
acts, assessments, fee…), a deep copy of the object as given, extra members included, as
events have always recorded them. Whether a required object is present at all is a
precondition of the guardianship table (``guardianship.py``), not of its type.

The ``check_*`` functions below the types are the names the rest of the code (and
:mod:`domain.records.reports`) has always called; each is one of these types at work.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records.children.dates import parse_past_day
from domain.records.children.fields import (
    check_sha256,
    check_term,
    check_uuid,
    require_dict,
    require_text,
)
from domain.records.children.identity import check_id_number
from domain.records.children.vocabulary import (
    EXCLUSION_GROUNDS,
    FEE_PAYERS,
    FEE_PERIODS,
    HELPER_KINDS,
    Category,
    ParentSituation,
)
from domain.records.jurisdiction import check_division_code


@dataclass(frozen=True)
class Stored:
    """A value stored whole: ``record`` is the object as given (a deep copy), extra members
    included, which is what events record (R-GD-9: the history is complete)."""

    record: Mapping[str, Any]

    def stored(self) -> dict[str, Any]:
        """The object as the event stores it (a fresh deep copy)."""
        return copy.deepcopy(dict(self.record))


@dataclass(frozen=True)
class Guardian(Stored):
    """A guardian (or receiver, or person a ruling concerns): ``name`` and ``relation``,
    with any further members (``id_number``, ``phone``…) kept (R-GD-9)."""

    name: str
    relation: str

    @classmethod
    def parse(cls, value: object, field: str = "guardian") -> Guardian:
        """``{name, relation, …}``: both non-empty text."""
        body = require_dict(value, field)
        name = require_text(body.get("name"), f"{field}.name")
        relation = require_text(body.get("relation"), f"{field}.relation")
        return cls(record=copy.deepcopy(body), name=name, relation=relation)


@dataclass(frozen=True)
class Institution(Stored):
    """A child welfare institution taking a child in (R-GD-6): ``{name, …}``."""

    name: str

    @classmethod
    def parse(cls, value: object, field: str = "institution") -> Institution:
        """``{name, …}``, name non-empty text."""
        body = require_dict(value, field)
        name = require_text(body.get("name"), f"{field}.name")
        return cls(record=copy.deepcopy(body), name=name)

    def as_guardian(self) -> dict[str, Any]:
        """The institution as the arrangement's guardian record: relation ``institution``."""
        return {**self.stored(), "relation": "institution"}


@dataclass(frozen=True)
class Document:
    """A document of a change, by hash (R-GD-9): only ``sha256`` and ``title`` are stored."""

    sha256: str
    title: str

    @classmethod
    def parse(cls, value: object, field: str) -> Document:
        """``{sha256, title}``: a lower-case hex SHA-256 and non-empty text."""
        body = require_dict(value, field)
        sha256 = check_sha256(body.get("sha256"), f"{field}.sha256")
        title = require_text(body.get("title"), f"{field}.title")
        return cls(sha256=sha256, title=title)

    @classmethod
    def parse_list(cls, value: object, field: str = "documents") -> list[Document]:
        """Further documents: absent (none), or a list of documents."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise ce.InvalidField(f"{field} must be a list", field=field)
        return [cls.parse(doc, f"{field}[{i}]") for i, doc in enumerate(value)]

    def stored(self) -> dict[str, str]:
        """``{"sha256", "title"}``."""
        return {"sha256": self.sha256, "title": self.title}


@dataclass(frozen=True)
class Dated(Stored):
    """Something done on a day by someone: ``{by, on, …}`` — a committee's consent, a
    guardian's acceptance. The day is not in the future nor before the child's birth."""

    by: str
    on: date

    @classmethod
    def parse(cls, value: object, field: str, now: datetime, born: date) -> Dated:
        """``{by, on, …}``."""
        body = require_dict(value, field)
        by, on = _by_and_on(body, field, now, born)
        return cls(record=copy.deepcopy(body), by=by, on=on)


def _by_and_on(body: dict[str, Any], field: str, now: datetime, born: date) -> tuple[str, date]:
    by = require_text(body.get("by"), f"{field}.by")
    return by, parse_past_day(body.get("on"), f"{field}.on", now, born)


def _flag(body: Mapping[str, Any], member: str, field: str) -> bool:
    value = body.get(member)
    if not isinstance(value, bool):
        raise ce.InvalidField(f"{field}.{member} must be true or false", field=f"{field}.{member}")
    return value


@dataclass(frozen=True)
class Signed(Stored):
    """A signature on, or a filing of, an entrusted-guardianship agreement: ``{on, …}``
    (R-GD-4)."""

    on: date

    @classmethod
    def parse(cls, value: object, field: str, now: datetime, born: date) -> Signed:
        """``{on, …}``."""
        body = require_dict(value, field)
        on = parse_past_day(body.get("on"), f"{field}.on", now, born)
        return cls(record=copy.deepcopy(body), on=on)


@dataclass(frozen=True)
class CapacityAssessment(Stored):
    """The committee's (or town's) assessment of a guardian's capacity: ``{by, on, capable}``
    (R-GD-3, R-GD-5)."""

    by: str
    on: date
    capable: bool

    @classmethod
    def parse(
        cls, value: object, now: datetime, born: date, field: str = "capacity_assessment"
    ) -> CapacityAssessment:
        """``{by, on, capable, …}``."""
        body = require_dict(value, field)
        by, on = _by_and_on(body, field, now, born)
        capable = _flag(body, "capable", field)
        return cls(record=copy.deepcopy(body), by=by, on=on, capable=capable)


@dataclass(frozen=True)
class ExclusionCheck(Stored):
    """The check against 未成年人保护法 第22条: ``{by, on, found: [ground…]}`` (R-GD-4)."""

    by: str
    on: date
    found: tuple[str, ...]

    @classmethod
    def parse(
        cls, value: object, now: datetime, born: date, field: str = "exclusion_check"
    ) -> ExclusionCheck:
        """``{by, on, found, …}``, ``found`` a list of grounds (empty when none applies)."""
        body = require_dict(value, field)
        by, on = _by_and_on(body, field, now, born)
        found = body.get("found")
        if not isinstance(found, list):
            raise ce.InvalidField(
                f"{field}.found must be a list (empty when none applies)", field=f"{field}.found"
            )
        for ground in found:
            check_term(ground, EXCLUSION_GROUNDS, f"{field}.found[]")
        return cls(record=copy.deepcopy(body), by=by, on=on, found=tuple(found))


@dataclass(frozen=True)
class HomeAssessment(Stored):
    """Civil affairs' assessment of the home before a child leaves temporary care:
    ``{by, on, suitable}`` (R-EM-1)."""

    by: str
    on: date
    suitable: bool

    @classmethod
    def parse(
        cls, value: object, now: datetime, born: date, field: str = "home_assessment"
    ) -> HomeAssessment:
        """``{by, on, suitable, …}``."""
        body = require_dict(value, field)
        by, on = _by_and_on(body, field, now, born)
        suitable = _flag(body, "suitable", field)
        return cls(record=copy.deepcopy(body), by=by, on=on, suitable=suitable)


@dataclass(frozen=True)
class Fee(Stored):
    """The guardianship fee (监护报酬) a town appointment sets (R-GD-5)."""

    amount_fen: int
    period: str
    paid_by: str
    minimum_living_support: bool

    @classmethod
    def parse(cls, value: object, field: str = "fee") -> Fee:
        """``{amount_fen, period, paid_by, minimum_living_support, …}``."""
        body = require_dict(value, field)
        amount = body.get("amount_fen")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ce.InvalidField(
                f"{field}.amount_fen must be a whole number of fen, 0 or more",
                field=f"{field}.amount_fen",
            )
        period = check_term(body.get("period"), FEE_PERIODS, f"{field}.period")
        paid_by = check_term(body.get("paid_by"), FEE_PAYERS, f"{field}.paid_by")
        support = _flag(body, "minimum_living_support", field)
        return cls(
            record=copy.deepcopy(body),
            amount_fen=amount,
            period=period,
            paid_by=paid_by,
            minimum_living_support=support,
        )

    @property
    def subsidised(self) -> bool:
        """Whether the county or town pays part of it."""
        return "subsidy" in self.paid_by


@dataclass(frozen=True)
class CourtRulingCitation:
    """A ruling cited by institutional guardianship on a court's appointment of civil affairs:
    ``{petition_id, ruling_sha256, ruled_on?}`` (R-GD-6, R-GD-8)."""

    petition_id: str
    ruling_sha256: str
    ruled_on: object | None
    """As cited (compared with the ruling on record, never parsed)."""

    @classmethod
    def parse(cls, value: object, field: str = "court_ruling") -> CourtRulingCitation:
        """``{petition_id, ruling_sha256, ruled_on?}``."""
        body = require_dict(value, field)
        petition_id = check_uuid(body.get("petition_id"), f"{field}.petition_id")
        sha256 = check_sha256(body.get("ruling_sha256"), f"{field}.ruling_sha256")
        return cls(petition_id=petition_id, ruling_sha256=sha256, ruled_on=body.get("ruled_on"))


@dataclass(frozen=True)
class Helper(Stored):
    """A one-to-one helper (一对一, R-AS-3): ``{name, kind, …}``."""

    name: str
    kind: str

    @classmethod
    def parse(cls, value: object, field: str = "helper") -> Helper:
        """``{name, kind, …}``, kind one of :data:`HELPER_KINDS`."""
        body = require_dict(value, field)
        name = require_text(body.get("name"), f"{field}.name")
        kind = check_term(body.get("kind"), HELPER_KINDS, f"{field}.kind")
        return cls(record=copy.deepcopy(body), name=name, kind=kind)


@dataclass(frozen=True)
class Personal(Stored):
    """The child's identity, address and contacts, encrypted at rest (R-CH-4)."""

    name: str

    @classmethod
    def parse(cls, value: object, field: str = "personal") -> Personal:
        """``{name, id_number?, address?, contacts?: [...], …}``."""
        body = require_dict(value, field)
        name = require_text(body.get("name"), f"{field}.name")
        for member in ("id_number", "address"):
            if body.get(member) is not None:
                require_text(body[member], f"{field}.{member}")
        check_id_number(body.get("id_number"), f"{field}.id_number")
        if body.get("contacts") is not None and not isinstance(body["contacts"], list):
            raise ce.InvalidField(f"{field}.contacts must be a list", field=f"{field}.contacts")
        return cls(record=copy.deepcopy(body), name=name)


@dataclass(frozen=True)
class Location(Stored):
    """The household's county (6 digits), town (9) and village (12) division codes, each
    within the last."""

    county: str
    town: str
    village: str

    @classmethod
    def parse(cls, value: object, field: str = "location") -> Location:
        """``{county, town, village, …}``."""
        body = require_dict(value, field)
        widths = {"county": 6, "town": 9, "village": 12}
        for member, width in widths.items():
            check_division_code(body.get(member), f"{field}.{member}", (width,))
        county, town, village = body["county"], body["town"], body["village"]
        if not town.startswith(county) or not village.startswith(town):
            raise ce.InvalidField(
                f"{field}: the village must lie in the town, the town in the county", field=field
            )
        return cls(record=copy.deepcopy(body), county=county, town=town, village=village)


@dataclass(frozen=True)
class ParentsSituation:
    """Where each parent stands, for left-behind status (R-CH-3)."""

    father: str
    mother: str

    @classmethod
    def parse(cls, value: object, field: str = "parents") -> ParentsSituation:
        """``{father, mother}``: each away, at_home or incapable."""
        body = require_dict(value, field)
        father = check_term(body.get("father"), ParentSituation, f"{field}.father")
        mother = check_term(body.get("mother"), ParentSituation, f"{field}.mother")
        return cls(father=father, mother=mother)

    def stored(self) -> dict[str, str]:
        """``{"father", "mother"}``."""
        return {"father": self.father, "mother": self.mother}


# -- the checks the commands call, each one of the types above at work ----------------------


def check_guardian(value: object, field: str = "guardian") -> dict[str, Any]:
    """A guardian record as stored: at least ``name`` and ``relation`` (R-GD-9)."""
    return Guardian.parse(value, field).stored()


def check_dated(value: dict[str, Any], field: str, now: datetime, born: date) -> dict[str, Any]:
    """Something done on a day (not in the future, not before the child's birth ``born``), by
    someone, as stored: ``{"by", "on", …}``."""
    return Dated.parse(value, field, now, born).stored()


def check_documents(documents: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Further documents of a change as stored, each ``{"sha256", "title"}`` (R-GD-9)."""
    return [document.stored() for document in Document.parse_list(documents)]


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
    return ExclusionCheck.parse(exclusion_check, now, born).stored()


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
    return CapacityAssessment.parse(capacity_assessment, now, born).stored()


def check_personal(personal: object) -> None:
    """Identity, address, contacts: one object, encrypted at rest (R-CH-4)."""
    Personal.parse(personal)


def check_location(location: object) -> None:
    """County (6 digits), town (9) and village (12) division codes, each within the last."""
    Location.parse(location)


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
    return ParentsSituation.parse(parents).stored()


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
    return Signed.parse(value, f"{field}.{party}", now, born).stored()


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
    return HomeAssessment.parse(home_assessment, now, born).stored()

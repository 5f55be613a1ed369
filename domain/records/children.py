"""Children's files (困境儿童 / 农村留守儿童 台账): one chained stream per child (R-CH-1).

A :class:`ChildRecord` holds the child's identity (``personal``, encrypted at rest by the
storage layer, R-CH-4), birth date, sex and household location; the categories of
difficulty (R-CH-2, several at once, changing over time); left-behind entry and exit
with the parents' situation (R-CH-3); the key-child flag (重点对象, R-AS-1);
guardianship (监护, R-GD-1…10); assessments, one-to-one helpers and visits (R-AS-1…3);
and reads of the file by other departments, courts and oversight (R-CH-4, R-AC-3).

Guardianship is a list of *arrangements*. Exactly one is current at any time (the first
comes with registration: the parents, or "none — emergency"); every change installs a
new one that names the one it replaces, so the history is complete (R-GD-9). Each kind
has its own command, whose arguments are its preconditions; a missing precondition is
refused with its own error code (:mod:`domain.records.children_errors`). Who may replace the
guardian in force is decided by :meth:`ChildRecord.check_may_replace` (R-GD-10: a court's
guardian only by a ruling; emergencies stand in for a guardian and never replace one).

Claimed dates may not lie in the future. The aggregate reads no clock: each dated command
takes ``now``, the server's clock, from the application service; dates are compared with
today in China Standard Time, times with ``now`` plus a few minutes of skew. Nor may they lie
before the child's birth, or anywhere before 1949-10-01 (:func:`check_not_before`).

People are compared as the law reads them, not as they are typed (:func:`identity_key`):
a revoked guardian does not come back under a name, relation or ID number written in other
letters, case or widths, or with invisible characters (R-GD-8).

The under-16 alert (R-GD-2) is derived: it is open on a day when the child is under 16
and no guardian is present — the current arrangement is "none — emergency", or it is
the parents while the child is left behind (parents away, nobody entrusted). Its
opening and closing days follow from the events (:meth:`ChildRecord.alert_history`).

Error messages name fields and rules, never personal values (R-CH-4).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from eventsourcing.domain import event

from domain.records import children_errors as ce
from domain.records import errors
from domain.records.actors import Role, parse_role
from domain.records.aggregate import ChainedAggregate
from domain.records.jurisdiction import check_division_code, covers

# -- thresholds (kept together so that they read as data, with their sources) ---------------

LEFT_BEHIND_AGE = 16
"""Left-behind children are under 16 (国发〔2016〕13号, R-CH-3)."""

LIVING_ALONE_AGE = 16
"""A child under 16 must never live alone without guardianship (R-GD-2)."""

ADULT_AGE = 18
"""Majority (民法典 第17条); the allowance rule of R-CH-5."""

ASSESSMENT_INTERVAL_MONTHS = 6
"""Assessments twice a year (评估每年进行两次, R-AS-1): overdue after six calendar months."""

ALLOWANCE_MONTHS_AFTER_ADULTHOOD = 6
"""At least six more months of the basic living allowance after turning 18 (R-CH-5)."""

RESTORATION_WINDOW_MONTHS = (3, 12)
"""Restoration applied for 3 months to 1 year after revocation (2014 意见 第38条, R-GD-8)."""

CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
"""The authorities' civil time (UTC+8): a claimed *date* is compared with today there."""

CLOCK_SKEW = timedelta(minutes=5)
"""How far a claimed *time* may run ahead of the server's clock (a reporter's phone or PC)."""

EARLIEST_DAY = date(1949, 10, 1)
"""No claimed date lies before the People's Republic was founded: none of these authorities'
records is older. A date of a child's file lies, besides, not before the child's birth."""


# -- vocabularies -------------------------------------------------------------------------


class Sex(StrEnum):
    """Sex as on the household register."""

    FEMALE = "female"
    MALE = "male"


class Category(StrEnum):
    """Categories of children in difficulty (R-CH-2); a child may be in several."""

    POVERTY_LIFE = "poverty_life"  # 因家庭贫困导致生活困难
    POVERTY_MEDICAL = "poverty_medical"  # 就医困难
    POVERTY_SCHOOLING = "poverty_schooling"  # 就学困难
    DISABILITY = "disability"  # 因自身残疾导致康复、照料、护理和社会融入等困难
    GUARDIANSHIP_MISSING = "guardianship_missing"  # 家庭监护缺失
    GUARDIANSHIP_IMPROPER = "guardianship_improper"  # 监护不当 (虐待、遗弃、意外伤害、不法侵害)
    ORPHAN = "orphan"  # 孤儿
    LEFT_BEHIND = "left_behind"  # 农村留守儿童: only through entry and exit (R-CH-3)


class GuardianshipKind(StrEnum):
    """Kinds of guardianship arrangement (R-GD-9)."""

    PARENT = "parent"  # 父母监护 (R-GD-1)
    ENTRUSTED_RELATIVE = "entrusted_relative"  # 委托祖父母、外祖父母、成年兄姐 (R-GD-3)
    ENTRUSTED_OTHER = "entrusted_other"  # 委托非直系亲属、朋友 (R-GD-4)
    APPOINTED = "appointed"  # 镇政府指定 (R-GD-5)
    INSTITUTIONAL = "institutional"  # 民政儿童福利机构 (R-GD-6)
    TEMPORARY = "temporary"  # 临时监护, emergency hand-over (R-GD-7)
    COURT_APPOINTED = "court_appointed"  # 撤销后另行指定 (R-GD-8)
    NONE_EMERGENCY = "none_emergency"  # no guardian present: the R-GD-2 alert


class ParentSituation(StrEnum):
    """Where a parent stands, for left-behind status (R-CH-3)."""

    AWAY = "away"  # 外出务工
    AT_HOME = "at_home"
    INCAPABLE = "incapable"  # 无监护能力 (重病、重残等)


class LeftBehindExit(StrEnum):
    """Why a child leaves the left-behind ledger (退出制度, R-CH-3)."""

    PARENTS_RETURNED = "parents_returned"  # 父母外出返乡
    MOVED_WITH_PARENTS = "moved_with_parents"  # 随迁
    TURNED_16 = "turned_16"
    OTHER = "other"


class AssessmentResult(StrEnum):
    """Assessment results (R-AS-2)."""

    GOOD = "good"  # 较好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 差


class HelpLevel(StrEnum):
    """Help triggered by an assessment result (R-AS-2)."""

    REGULAR_CONTACT = "regular_contact"  # 关心式帮扶: 经常联系、定期走访
    FOCUSED_CARE = "focused_care"  # 关爱式帮扶: 重点关注心理健康和日常行为
    PROTECTIVE = "protective"  # 保护式帮扶: 解决实际困难, 组织专业服务


HELP_LEVEL = {
    AssessmentResult.GOOD: HelpLevel.REGULAR_CONTACT,
    AssessmentResult.FAIR: HelpLevel.FOCUSED_CARE,
    AssessmentResult.POOR: HelpLevel.PROTECTIVE,
}
"""Result → help level (R-AS-2)."""

ASSESSMENT_CRITERIA: dict[AssessmentResult, dict[str, str]] = {
    AssessmentResult.GOOD: {
        "guardian_fulfils_duties": "委托监护人较好履行监护职责",
        "needs_well_secured": "生活、教育、身心健康等方面得到较好保障",
    },
    AssessmentResult.FAIR: {
        "guardian_basically_fulfils_duties": "委托监护人能基本履行监护职责",
        "needs_basically_secured": "生活、教育、身心发展等方面得到基本保障",
        "risk_bad_behaviour": "有不良行为等潜在风险",
        "risk_psychological": "有心理失当等潜在风险",
    },
    AssessmentResult.POOR: {
        "no_guardian": "无人监护",
        "one_parent_away_other_incapable": "父母一方外出务工, 另一方无监护能力",
        "guardian_lacks_capacity": "委托监护人监护教育能力不足",
        "needs_not_secured": "生活、教育、身心发展得不到有效保障",
        "psychological_disorder": "心理失当",
        "dropped_out": "辍学",
        "serious_bad_behaviour": "严重不良行为",
        "wandering_or_begging": "外出流浪乞讨",
    },
}
"""The criteria C5 gives for each result; an assessment records those it observed (R-AS-2)."""

HELPER_KINDS = {
    "party_cadre": "党员干部",
    "teacher": "教师",
    "village_cadre": "村干部",
    "social_worker": "社会工作者",
    "volunteer": "志愿者",
}
"""One-to-one helpers (一对一, R-AS-3)."""

VISIT_KINDS = {
    "home_visit": "党员干部上门家访",
    "resident_cadre_visit": "驻村干部探访",
    "social_worker_follow_up": "专业社会工作者随访",
    "committee_visit": "村(居)民委员会定期家访",
}
"""Visits (R-AS-3; C5 动态监测 by the committee)."""

PARENT_RELATIONS = frozenset({"father", "mother", "parents"})
"""Relations that make a guardian a parent (R-GD-1); ``parents`` is both jointly."""

DIRECT_RELATIVE_RELATIONS = frozenset(
    {
        "paternal_grandfather",
        "paternal_grandmother",
        "maternal_grandfather",
        "maternal_grandmother",
        "adult_brother",
        "adult_sister",
    }
)
"""祖父母、外祖父母、成年兄姐: entrusted after the committee's capacity assessment (R-GD-3)."""

TEMPORARY_RECEIVERS = frozenset(
    {"relative", "village_committee", "other_adult", "welfare_institution", "rescue_institution"}
)
"""Who receives a child in an emergency hand-over (R-GD-7; C4: 亲属、村(居)民委员会、其他成年人、
儿童福利机构、未成年人救助保护机构)."""

EXCLUSION_GROUNDS = {
    "prior_offence": "曾实施性侵害、虐待、遗弃、拐卖、暴力伤害等违法犯罪行为",
    "addiction": "有吸毒、酗酒、赌博等恶习",
    "neglected_guardianship": "曾拒不履行或者长期怠于履行监护、照护职责",
    "otherwise_unsuitable": "其他不适宜担任被委托人的情形",
}
"""Who may not be entrusted with a child (未成年人保护法 第22条, R-GD-4)."""

INSTITUTIONAL_GROUNDS = {
    "orphan": "孤儿、查找不到生父母的儿童",
    "no_guardian_available": "父母没有监护能力且无其他监护人 (民法典 第32条)",
    "court_appointed_civil_affairs": "人民法院指定由民政部门担任监护人",
}
"""Grounds for institutional guardianship by civil affairs (R-GD-6)."""

NO_GUARDIAN_GROUNDS = frozenset({"orphan", "no_guardian_available"})
"""Civil affairs guard on these grounds only when nobody guards the child (民法典 第32条;
未成年人保护法 第92、94条): see :meth:`ChildRecord.check_no_parental_guardianship`."""

CIVIL_AFFAIRS_RELATIONS = frozenset({"civil_affairs", "institution"})
"""How a ruling names civil affairs as the new guardian (民法典 第36条 另行指定: 民政部门, or
its child welfare institution): such a ruling is carried out by institutional guardianship on
the ground ``court_appointed_civil_affairs`` (R-GD-6)."""

FEE_PERIODS = frozenset({"month", "year", "lump_sum"})
FEE_PAYERS = frozenset({"parents", "subsidy", "parents_and_subsidy"})


# -- who may record what (R-AC-1) -------------------------------------------------------------

FILE_KEEPERS = frozenset({Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE})
"""Register the child and keep the file up to date (R-CH-1: town ledger, committee 动态监测)."""

GUARDIANSHIP_RECORDERS: dict[GuardianshipKind, frozenset[Role]] = {
    GuardianshipKind.PARENT: FILE_KEEPERS,
    GuardianshipKind.ENTRUSTED_RELATIVE: frozenset({Role.VILLAGE_COMMITTEE, Role.TOWN_OFFICE}),
    GuardianshipKind.ENTRUSTED_OTHER: frozenset({Role.VILLAGE_COMMITTEE, Role.TOWN_OFFICE}),
    GuardianshipKind.APPOINTED: frozenset({Role.TOWN_OFFICE}),
    GuardianshipKind.INSTITUTIONAL: frozenset({Role.CIVIL_AFFAIRS}),
    GuardianshipKind.TEMPORARY: frozenset({Role.POLICE, Role.CIVIL_AFFAIRS}),
    GuardianshipKind.COURT_APPOINTED: frozenset({Role.COURT}),
    GuardianshipKind.NONE_EMERGENCY: FILE_KEEPERS | {Role.POLICE},
}
"""Who may record each kind of guardianship change (R-GD-3…R-GD-8)."""

EMERGENCY_KINDS = frozenset({GuardianshipKind.TEMPORARY, GuardianshipKind.NONE_EMERGENCY})
"""Emergency records (R-GD-7, R-GD-2): they stand in for the guardian in force, never replace
it, and are recorded whatever guardian is in force (R-GD-10)."""

ENTRUSTED_KINDS = frozenset({GuardianshipKind.ENTRUSTED_RELATIVE, GuardianshipKind.ENTRUSTED_OTHER})
"""Entrustment (委托监护, R-GD-3, R-GD-4): the parents' choice, recorded by committee or town."""

PARENTAL_KINDS = frozenset({GuardianshipKind.PARENT, GuardianshipKind.APPOINTED} | ENTRUSTED_KINDS)
"""Arrangements under a parent's guardianship: the parents, and those caring under their
entrustment or the town's appointment — the parents stay the guardians (民法典 第27条)."""

RETURN_RECORDERS = FILE_KEEPERS | {Role.POLICE}
"""Who records that a child returns from emergency care to the guardian in force (R-EM-1)."""

RESTORERS = frozenset({Role.COURT})
"""Restoration is by court ruling only (R-GD-8)."""

ASSESSORS = frozenset({Role.TOWN_OFFICE})
"""The town assesses (R-AS-1)."""

HOME_ASSESSORS = frozenset({Role.CIVIL_AFFAIRS})
"""Civil affairs assesses the home before a child in temporary care returns (R-EM-1)."""


# -- small pure helpers (shared with domain.records.reports) -------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def parse_day(value: object, field: str) -> date:
    """A ``YYYY-MM-DD`` date; the error names ``field``, never the value (R-CH-4)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ce.InvalidField(f"{field} must be a date written YYYY-MM-DD", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ce.InvalidField(f"{field} is not a calendar date", field=field) from None


def civil_today(now: datetime) -> date:
    """Today in China Standard Time, from the server's clock reading ``now`` (timezone-aware).

    The aggregate reads no clock: the application service hands every dated command the
    time it received the command, so the domain stays pure and testable.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("now must be a timezone-aware datetime (the server's clock)")
    return now.astimezone(CHINA_STANDARD_TIME).date()


def check_not_future(day: date, field: str, now: datetime) -> date:
    """A claimed date lies in the past or is today (China Standard Time), never later.

    A back-dated entry stays allowed and visible: the event's recorded ``at`` beside the
    claimed date shows that it was entered after the fact (R-EN-2).
    """
    today = civil_today(now)
    if day > today:
        raise errors.DateInFuture(
            f"{field} must not lie in the future (today is {today.isoformat()}, "
            "China Standard Time)",
            field=field,
        )
    return day


def check_not_before(day: date, field: str, born: date | None = None) -> date:
    """A claimed date lies not before the child's birth ``born`` (when the child is known:
    :class:`~domain.records.children_errors.DateBeforeBirth`, never echoing the birth date,
    R-CH-4), and never before :data:`EARLIEST_DAY`
    (:class:`~domain.records.children_errors.DateTooEarly`)."""
    if born is not None and day < born:
        raise ce.DateBeforeBirth(f"{field} must not lie before the child's birth", field=field)
    if day < EARLIEST_DAY:
        raise ce.DateTooEarly(
            f"{field} must not lie before {EARLIEST_DAY.isoformat()}",
            field=field,
            earliest=EARLIEST_DAY.isoformat(),
        )
    return day


def parse_past_day(value: object, field: str, now: datetime, born: date | None = None) -> date:
    """:func:`parse_day`, not in the future (:func:`check_not_future`) and not too early
    (:func:`check_not_before`: before the child's birth ``born``, or before 1949-10-01)."""
    return check_not_before(check_not_future(parse_day(value, field), field, now), field, born)


EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY, datetime.min.time(), CHINA_STANDARD_TIME)
"""The first moment of :data:`EARLIEST_DAY` in China Standard Time."""


def check_moment_not_future(moment: datetime, field: str, now: datetime) -> datetime:
    """A claimed time runs at most :data:`CLOCK_SKEW` ahead of the server's clock ``now``,
    and lies not before :data:`EARLIEST_DAY` (China Standard Time)."""
    civil_today(now)
    if moment > now + CLOCK_SKEW:
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        raise errors.DateInFuture(
            f"{field} must not lie in the future (more than {minutes} minutes ahead)",
            field=field,
        )
    if moment < EARLIEST_MOMENT:
        raise ce.DateTooEarly(
            f"{field} must not lie before {EARLIEST_DAY.isoformat()}",
            field=field,
            earliest=EARLIEST_DAY.isoformat(),
        )
    return moment


def check_sha256(value: object, field: str) -> str:
    """A lower-case hex SHA-256 naming a document (R-GD-9)."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ce.InvalidDocumentHash(f"{field} must be a lower-case hex SHA-256", field=field)
    return value


def require_text(value: object, field: str) -> str:
    """A non-empty string: not only spaces or invisible characters (:func:`identity_key`),
    which would name nobody and match no one (R-GD-8)."""
    if not isinstance(value, str) or not identity_key(value):
        raise ce.InvalidField(f"{field} must be a non-empty string", field=field)
    return value


def require_dict(value: object, field: str) -> dict[str, Any]:
    """A JSON object."""
    if not isinstance(value, dict):
        raise ce.InvalidField(f"{field} must be an object", field=field)
    return value


def check_term(value: object, vocabulary: Any, field: str) -> str:
    """A member of a controlled vocabulary; the error lists the valid terms, not the value."""
    terms = sorted(str(v) for v in vocabulary)
    if not isinstance(value, str) or value not in terms:
        raise ce.UnknownTerm(
            f"{field} must be one of {', '.join(terms)}", field=field, allowed=terms
        )
    return value


_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_uuid(value: object, field: str) -> str:
    """A lower-case hyphenated UUID (a stream id)."""
    if isinstance(value, str) and _UUID_TEXT.fullmatch(value):
        return value
    raise ce.InvalidField(f"{field} must be a lower-case hyphenated UUID", field=field)


def check_role(actor_role: str, allowed: frozenset[Role], action: str) -> Role:
    """The actor's role, if it may record ``action`` (R-AC-1); else :class:`RoleNotAllowed`."""
    role = parse_role(actor_role)
    if role not in allowed:
        may = sorted(r.value for r in allowed)
        raise ce.RoleNotAllowed(
            f"{action} is recorded by {', '.join(may)}, not by {role.value}", allowed=may
        )
    return role


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; the 31st becomes the month's last day (Aug 31 + 6 → Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (first_of_next - timedelta(days=1)).day))


def birthday(birth: date, years: int) -> date:
    """The ``years``-th birthday (29 February → 28 February in common years)."""
    return add_months(birth, 12 * years)


def age_reached_on(birth: date, years: int) -> date:
    """First day on which the child has reached ``years`` full years (已满…周岁).

    An age is reached from the day *after* the birthday (周岁从生日的第二天起算; 最高人民法院
    2006 年《关于审理未成年人刑事案件具体应用法律若干问题的解释》第2条; 民法典 第201条 counts
    periods from the next day), so a child is still "under 16" on the 16th birthday.
    """
    return birthday(birth, years) + timedelta(days=1)


def is_under(birth: date, years: int, on: date) -> bool:
    """Whether the child has not yet reached ``years`` full years on ``on``."""
    return on < age_reached_on(birth, years)


def first_of_next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def is_left_behind_situation(parents: dict[str, str]) -> bool:
    """Both parents away, or one away and the other without capacity (R-CH-3)."""
    father, mother = parents["father"], parents["mother"]
    away = {ParentSituation.AWAY.value}
    unable = {ParentSituation.AWAY.value, ParentSituation.INCAPABLE.value}
    return (father in away and mother in unable) or (mother in away and father in unable)


SINGLE_PARENT_RELATIONS = PARENT_RELATIONS - {"parents"}
"""``father`` and ``mother``: each names one person of this child (R-GD-8 identity)."""

_NAME_SEPARATORS = re.compile(r"[\s、,;/&]+")

_IGNORABLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
"""Control and format characters (zero-width space and joiners, soft hyphen, byte-order
mark…) and every kind of space: they change how a name looks, never whom it names."""


def _ignorable(char: str) -> bool:
    """Whether ``char`` is dropped when identities are compared: controls, format characters,
    spaces, and the other default-ignorable code points (variation selectors, Hangul fillers,
    the combining grapheme joiner; Unicode's ``Default_Ignorable_Code_Point``)."""
    code = ord(char)
    return (
        unicodedata.category(char) in _IGNORABLE_CATEGORIES
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180F
        or code in {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
    )


_CONFUSABLES = str.maketrans(
    {
        # Cyrillic and Greek letters drawn like Latin ones (Unicode TR 39 confusables, the
        # common lower-case subset after case folding): "gdасс2父" with Cyrillic а, с.
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y",
    }
)  # fmt: skip


def identity_key(value: object) -> str:
    """A name, relation or ID number as compared (R-GD-8).

    Only what names someone is kept: Unicode NFKC (full-width letters and digits become
    ASCII, compatibility forms their base), case folded, decomposed to drop accents and other
    combining marks, Cyrillic and Greek look-alikes of Latin letters mapped to them, and then
    only letters and digits — no spaces, punctuation (``.``, ``·``), symbols that show as
    blank (U+2800, U+FFFC) or invisible characters. ``ＧＤ父``, ``gd\u200b父``, ``G·D父`` and
    ``gd父\u2800`` are all ``gd父``; a non-string is the empty key, which matches nothing.
    """
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    bare = unicodedata.normalize("NFKD", folded).translate(_CONFUSABLES)
    kept = (c for c in bare if unicodedata.category(c)[0] in "LN" and not _ignorable(c))
    return unicodedata.normalize("NFC", "".join(kept))


def id_number_key(value: object) -> str:
    """An ID number as compared: :func:`identity_key`, upper case (``x`` is ``X``); a
    居民身份证 number by its 17 information digits (GB 11643), so the 15-digit first-generation
    form of a card (``19`` inserted before the year) and an 18-digit form with any check
    character are the same key: one card, one person."""
    key = identity_key(value).upper()
    if len(key) == 15 and key.isdigit():
        return key[:6] + "19" + key[6:]
    if len(key) == 18 and key[:17].isdigit():
        return key[:17]
    return key


def relation_key(record: dict[str, Any]) -> str:
    """A record's relation as compared (``Father``, ``ＦＡＴＨＥＲ`` and ``father`` alike): a
    vocabulary code, so NFKC, case folded, without spaces or invisible characters, but with
    its ``_`` kept (``civil_affairs``) — unlike a name (:func:`identity_key`)."""
    value = record.get("relation")
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return "".join(char for char in folded if not _ignorable(char))


def is_parent_record(record: dict[str, Any]) -> bool:
    """Whether a guardian record names a parent (father, mother or both), however written."""
    return relation_key(record) in PARENT_RELATIONS


def _name_key(record: dict[str, Any]) -> str:
    """A name as compared (:func:`identity_key`: ``王 大山`` is ``王大山``)."""
    return identity_key(record.get("name"))


def _id_key(record: dict[str, Any]) -> str:
    return id_number_key(record.get("id_number"))


def same_person(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two guardian records name the same person (R-GD-8).

    A parent of this child is one person per relation: two records of the child's father
    (or mother) name the same person, whatever their names or ID numbers say — a revoked
    father does not become someone else under a new ID number. Anyone else is the same
    person by ID number when both records carry one, otherwise by name and relation.
    Names, relations and ID numbers are compared as :func:`identity_key` writes them.
    """
    relation = relation_key(a)
    if relation == relation_key(b) and relation in SINGLE_PARENT_RELATIONS:
        return True
    if _id_key(a) and _id_key(b):
        return _id_key(a) == _id_key(b)
    return bool(_name_key(a)) and _name_key(a) == _name_key(b) and relation == relation_key(b)


def may_be_revoked_person(revoked: dict[str, Any], candidate: dict[str, Any]) -> bool:
    """Whether ``candidate`` could be the person ``revoked`` names, in any kind of arrangement.

    Wider than :func:`same_person`, because a revoked guardian must not come back under
    another relation or ID number (R-GD-8, 民法典 第38条): the same person by
    :func:`same_person`; either parent when ``parents`` were revoked jointly (or a parent
    when ``parents`` are named); the same ID number; or the same name under any relation,
    whatever ID number is given — a new number is exactly how the person would come back,
    the sealed file holds no better identity, and refusing the rare namesake among the
    people around one child is the safer error.
    """
    if same_person(revoked, candidate):
        return True
    relations = {relation_key(revoked), relation_key(candidate)}
    if "parents" in relations and relations <= PARENT_RELATIONS:
        return True
    if _id_key(revoked) and _id_key(revoked) == _id_key(candidate):
        return True
    name = _name_key(candidate)
    if not name:
        return False
    if relation_key(revoked) == "parents":  # "王大山 李秀英": both names
        written = unicodedata.normalize("NFKC", str(revoked.get("name", "")))
        names = {identity_key(part) for part in _NAME_SEPARATORS.split(written)} - {""}
        return name in names or name == _name_key(revoked)
    return name == _name_key(revoked)


def check_guardian(value: object, field: str = "guardian") -> dict[str, Any]:
    """A guardian record: at least ``name`` and ``relation`` (R-GD-9)."""
    guardian = require_dict(value, field)
    require_text(guardian.get("name"), f"{field}.name")
    require_text(guardian.get("relation"), f"{field}.relation")
    return copy.deepcopy(guardian)


def _check_dated(value: dict[str, Any], field: str, now: datetime, born: date) -> dict[str, Any]:
    """A record of something done on a day (not in the future, not before the child's birth
    ``born``), by someone: ``{"by", "on", …}``."""
    require_text(value.get("by"), f"{field}.by")
    parse_past_day(value.get("on"), f"{field}.on", now, born)
    return copy.deepcopy(value)


def _check_documents(documents: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
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


def _check_exclusions(
    exclusion_check: dict[str, Any] | None, now: datetime, born: date
) -> dict[str, Any]:
    """The 第22条 check was made and found no exclusion (R-GD-4)."""
    if exclusion_check is None:
        raise ce.ExclusionCheckRequired(
            "exclusion_check: record the check against 未成年人保护法 第22条 (R-GD-4)",
            field="exclusion_check",
        )
    checked = _check_dated(
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
    if found:
        raise ce.GuardianExcluded(
            f"the person is excluded by 未成年人保护法 第22条 ({', '.join(sorted(found))}) "
            "(R-GD-4)",
            field="exclusion_check.found",
        )
    return checked


def _check_capacity(
    capacity_assessment: dict[str, Any] | None, rule: str, now: datetime, born: date
) -> dict[str, Any]:
    """The committee assessed the guardian's capacity and found them capable."""
    if capacity_assessment is None:
        raise ce.GuardianCapacityAssessmentRequired(
            f"capacity_assessment: the committee assesses the guardian's capacity ({rule})",
            field="capacity_assessment",
        )
    checked = _check_dated(
        require_dict(capacity_assessment, "capacity_assessment"), "capacity_assessment", now, born
    )
    if not isinstance(checked.get("capable"), bool):
        raise ce.InvalidField(
            "capacity_assessment.capable must be true or false", field="capacity_assessment.capable"
        )
    if not checked["capable"]:
        raise ce.GuardianNotCapable(
            f"the capacity assessment found the guardian not capable; choose another ({rule})",
            field="capacity_assessment.capable",
        )
    return checked


class ChildRecord(ChainedAggregate):
    """One child's file (一人一档案, R-CH-1), with guardianship, assessments and help."""

    STREAM_KIND = "children"

    @event("Registered")
    def __init__(
        self,
        actor: str,
        recorded_role: str,
        personal: dict[str, Any],
        birth_date: str,
        sex: str,
        location: dict[str, Any],
        categories: list[str],
        key_child: bool,
        registered_on: str,
        guardianship: dict[str, Any],
    ) -> None:
        self.registered_by = actor
        self.registered_role = recorded_role
        self.personal = copy.deepcopy(personal)
        self.birth_date = date.fromisoformat(birth_date)
        self.sex = sex
        self.location = copy.deepcopy(location)
        self.categories: list[str] = list(categories)
        self.category_history: list[dict[str, Any]] = [
            {"on": registered_on, "categories": list(categories)}
        ]
        self.key_child = key_child
        self.registered_on = date.fromisoformat(registered_on)
        self.arrangements: list[dict[str, Any]] = []
        self.revocations: list[dict[str, Any]] = []
        self.applied_rulings: list[str] = []
        self.left_behind_periods: list[dict[str, Any]] = []
        self.assessments: list[dict[str, Any]] = []
        self.helpers: list[dict[str, Any]] = []
        self.visits: list[dict[str, Any]] = []
        self.reads: list[dict[str, Any]] = []
        self._install(actor, recorded_role, guardianship)

    @classmethod
    def register(
        cls,
        *,
        actor: str,
        actor_role: str,
        personal: dict[str, Any],
        birth_date: str,
        sex: str,
        location: dict[str, Any],
        categories: list[str],
        registered_on: str,
        guardian: dict[str, Any] | None,
        now: datetime,
        key_child: bool = False,
    ) -> ChildRecord:
        """Open a child's file (R-CH-1) with the parents as guardians, or none (R-GD-1, R-GD-2).

        ``guardian`` is the parent (or ``relation: "parents"``) present at registration;
        ``None`` records "none — emergency", which opens the R-GD-2 alert for a child under 16.
        ``now`` is the server's clock: no date may lie in the future.
        """
        role = check_role(actor_role, FILE_KEEPERS, "registering a child")
        _check_personal(personal)
        born = parse_past_day(birth_date, "birth_date", now)
        registered = parse_past_day(registered_on, "registered_on", now, born)
        if not is_under(born, ADULT_AGE, registered):
            raise ce.InvalidField(
                "birth_date: the child must be under 18 on registered_on", field="birth_date"
            )
        check_term(sex, Sex, "sex")
        _check_location(location)
        checked_categories = _check_categories(categories)
        if not isinstance(key_child, bool):
            raise ce.InvalidField("key_child must be true or false", field="key_child")
        if guardian is None:
            first = _arrangement(
                no=1,
                previous=None,
                kind=GuardianshipKind.NONE_EMERGENCY,
                guardian=None,
                legal_basis="R-GD-2: no guardian present at registration",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=registered.isoformat(),
                conditions={},
            )
        else:
            parent = check_guardian(guardian)
            if not is_parent_record(parent):
                raise ce.NotAParent(
                    "guardian.relation: at registration the guardian is a parent "
                    "(father, mother, parents), or none (R-GD-1)",
                    field="guardian.relation",
                    allowed=sorted(PARENT_RELATIONS),
                )
            first = _arrangement(
                no=1,
                previous=None,
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis="民法典 第27条 (R-GD-1)",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=registered.isoformat(),
                conditions={},
            )
        return cls(
            actor=actor,
            recorded_role=role.value,
            personal=copy.deepcopy(personal),
            birth_date=born.isoformat(),
            sex=sex,
            location=copy.deepcopy(location),
            categories=checked_categories,
            key_child=key_child,
            registered_on=registered.isoformat(),
            guardianship=first,
        )

    # -- the file ---------------------------------------------------------------------------

    def check_jurisdiction(self, actor_jurisdiction: str) -> None:
        """The actor's jurisdiction covers the child's village (DESIGN §5, R-AC-3)."""
        if not covers(actor_jurisdiction, str(self.location["village"])):
            raise errors.WrongAgency("the child's household is outside the actor's jurisdiction")

    def update_personal(self, *, actor: str, actor_role: str, personal: dict[str, Any]) -> None:
        """Correct or update identity, address and contacts (动态管理, R-CH-1)."""
        role = check_role(actor_role, FILE_KEEPERS, "updating personal details")
        _check_personal(personal)
        self._update_personal(actor=actor, recorded_role=role.value, personal=personal)

    @event("PersonalDetailsUpdated")
    def _update_personal(self, actor: str, recorded_role: str, personal: dict[str, Any]) -> None:
        self.personal = copy.deepcopy(personal)

    def change_location(
        self,
        *,
        actor: str,
        actor_role: str,
        location: dict[str, Any],
        moved_on: str,
        now: datetime,
    ) -> None:
        """Record a move of the household (county / town / village codes)."""
        role = check_role(actor_role, FILE_KEEPERS, "changing the household location")
        _check_location(location)
        moved = parse_past_day(moved_on, "moved_on", now, self.birth_date)
        self._change_location(
            actor=actor,
            recorded_role=role.value,
            location=location,
            moved_on=moved.isoformat(),
        )

    @event("LocationChanged")
    def _change_location(
        self, actor: str, recorded_role: str, location: dict[str, Any], moved_on: str
    ) -> None:
        self.location = copy.deepcopy(location)

    def change_categories(
        self,
        *,
        actor: str,
        actor_role: str,
        categories: list[str],
        changed_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """Set the child's categories of difficulty as of a day (R-CH-2)."""
        role = check_role(actor_role, FILE_KEEPERS, "changing categories")
        checked = _check_categories(categories)
        day = parse_past_day(changed_on, "changed_on", now, self.birth_date)
        require_text(reason, "reason")
        if checked == self.categories:
            raise errors.InvalidInput("categories are unchanged", field="categories")
        self._change_categories(
            actor=actor,
            recorded_role=role.value,
            categories=checked,
            added=sorted(set(checked) - set(self.categories)),
            removed=sorted(set(self.categories) - set(checked)),
            changed_on=day.isoformat(),
            reason=reason,
        )

    @event("CategoriesChanged")
    def _change_categories(
        self,
        actor: str,
        recorded_role: str,
        categories: list[str],
        added: list[str],
        removed: list[str],
        changed_on: str,
        reason: str,
    ) -> None:
        self.categories = list(categories)
        self.category_history.append({"on": changed_on, "categories": list(categories)})

    def mark_key_child(
        self, *, actor: str, actor_role: str, marked_on: str, reason: str, now: datetime
    ) -> None:
        """Flag the child as a key child (重点对象), assessed at any time (R-AS-1)."""
        role = check_role(actor_role, FILE_KEEPERS, "marking a key child")
        day = parse_past_day(marked_on, "marked_on", now, self.birth_date)
        require_text(reason, "reason")
        if self.key_child:
            raise errors.RuleViolation("the child is already a key child")
        self._mark_key_child(
            actor=actor, recorded_role=role.value, marked_on=day.isoformat(), reason=reason
        )

    @event("KeyChildMarked")
    def _mark_key_child(self, actor: str, recorded_role: str, marked_on: str, reason: str) -> None:
        self.key_child = True

    def unmark_key_child(
        self, *, actor: str, actor_role: str, unmarked_on: str, reason: str, now: datetime
    ) -> None:
        """Lift the key-child flag."""
        role = check_role(actor_role, FILE_KEEPERS, "unmarking a key child")
        day = parse_past_day(unmarked_on, "unmarked_on", now, self.birth_date)
        require_text(reason, "reason")
        if not self.key_child:
            raise errors.RuleViolation("the child is not a key child")
        self._unmark_key_child(
            actor=actor, recorded_role=role.value, unmarked_on=day.isoformat(), reason=reason
        )

    @event("KeyChildUnmarked")
    def _unmark_key_child(
        self, actor: str, recorded_role: str, unmarked_on: str, reason: str
    ) -> None:
        self.key_child = False

    def record_read(self, *, actor: str, actor_role: str, purpose: str) -> None:
        """Record a read by a court, oversight or another department (R-CH-4, R-AC-3)."""
        role = parse_role(actor_role)
        require_text(purpose, "purpose")
        self._record_read(actor=actor, recorded_role=role.value, purpose=purpose)

    @event("FileRead")
    def _record_read(self, actor: str, recorded_role: str, purpose: str) -> None:
        self.reads.append({"actor": actor, "role": recorded_role, "purpose": purpose})

    # -- left-behind status (R-CH-3) ----------------------------------------------------------

    def check_not_left_behind(self) -> None:
        """Entry only when no left-behind period is open."""
        if self.open_left_behind is not None:
            raise ce.LeftBehindStatusConflict("the child is already in the left-behind ledger")

    def enter_left_behind(
        self,
        *,
        actor: str,
        actor_role: str,
        entered_on: str,
        parents: dict[str, str],
        now: datetime,
    ) -> None:
        """Enter the child in the left-behind ledger (新增…及时更新台账, R-CH-3)."""
        role = check_role(actor_role, FILE_KEEPERS, "left-behind entry")
        self.check_not_left_behind()
        day = parse_past_day(entered_on, "entered_on", now, self.birth_date)
        situation = _check_parents(parents)
        if day < self.registered_on:
            raise ce.InvalidField("entered_on must not be before registered_on", field="entered_on")
        last = self.left_behind_periods[-1] if self.left_behind_periods else None
        if last is not None and day < date.fromisoformat(last["exited_on"]):
            raise ce.InvalidField("entered_on must not be before the last exit", field="entered_on")
        if not is_under(self.birth_date, LEFT_BEHIND_AGE, day):
            raise ce.LeftBehindCriteriaNotMet(
                "a left-behind child is under 16 (R-CH-3)", field="entered_on"
            )
        if not is_left_behind_situation(situation):
            raise ce.LeftBehindCriteriaNotMet(
                "parents: both away, or one away and the other without capacity (R-CH-3)",
                field="parents",
            )
        self._enter_left_behind(
            actor=actor, recorded_role=role.value, entered_on=day.isoformat(), parents=situation
        )

    @event("LeftBehindEntered")
    def _enter_left_behind(
        self, actor: str, recorded_role: str, entered_on: str, parents: dict[str, str]
    ) -> None:
        self.left_behind_periods.append(
            {
                "entered_on": entered_on,
                "parents": dict(parents),
                "exited_on": None,
                "exit_reason": None,
                "parents_at_exit": None,
            }
        )

    def exit_left_behind(
        self,
        *,
        actor: str,
        actor_role: str,
        exited_on: str,
        reason: str,
        parents: dict[str, str],
        now: datetime,
    ) -> None:
        """Take the child out of the left-behind ledger (退出制度, R-CH-3)."""
        role = check_role(actor_role, FILE_KEEPERS, "left-behind exit")
        period = self.open_left_behind
        if period is None:
            raise ce.LeftBehindStatusConflict("the child is not in the left-behind ledger")
        day = parse_past_day(exited_on, "exited_on", now, self.birth_date)
        check_term(reason, LeftBehindExit, "reason")
        situation = _check_parents(parents)
        if day < date.fromisoformat(period["entered_on"]):
            raise ce.InvalidField("exited_on must not be before entered_on", field="exited_on")
        if reason == LeftBehindExit.PARENTS_RETURNED and is_left_behind_situation(situation):
            raise ce.LeftBehindStatusConflict(
                "reason parents_returned: the parents given still meet the left-behind criteria",
                field="parents",
            )
        self._exit_left_behind(
            actor=actor,
            recorded_role=role.value,
            exited_on=day.isoformat(),
            reason=reason,
            parents=situation,
        )

    @event("LeftBehindExited")
    def _exit_left_behind(
        self,
        actor: str,
        recorded_role: str,
        exited_on: str,
        reason: str,
        parents: dict[str, str],
    ) -> None:
        period = self.left_behind_periods[-1]
        period["exited_on"] = exited_on
        period["exit_reason"] = reason
        period["parents_at_exit"] = dict(parents)

    @property
    def open_left_behind(self) -> dict[str, Any] | None:
        """The left-behind period with no exit recorded, if any."""
        if self.left_behind_periods and self.left_behind_periods[-1]["exited_on"] is None:
            return self.left_behind_periods[-1]
        return None

    def is_left_behind(self, on: date) -> bool:
        """Whether the child counts as left behind on ``on`` (an open period, and under 16)."""
        if not is_under(self.birth_date, LEFT_BEHIND_AGE, on):
            return False
        for period in self.left_behind_periods:
            start = date.fromisoformat(period["entered_on"])
            end = period["exited_on"]
            if start <= on and (end is None or on < date.fromisoformat(end)):
                return True
        return False

    def categories_on(self, on: date) -> list[str]:
        """Categories on a day, ``left_behind`` included while the child is left behind."""
        current: list[str] = []
        for entry in self.category_history:
            if date.fromisoformat(entry["on"]) <= on:
                current = list(entry["categories"])
        if self.is_left_behind(on):
            current.append(Category.LEFT_BEHIND.value)
        return sorted(current)

    # -- guardianship (R-GD-1…10) -----------------------------------------------------------

    @property
    def current_arrangement(self) -> dict[str, Any]:
        """The one current guardianship arrangement (R-GD-9)."""
        return copy.deepcopy(self.arrangements[-1])

    def arrangement_on(self, on: date) -> dict[str, Any] | None:
        """The arrangement in effect on ``on``, if any: of those taking effect by then, the one
        recorded last (an emergency or a ruling recorded over an arrangement dated later than
        itself ends that one before it took effect, see :meth:`check_effective_on`)."""
        found = None
        for arrangement in self.arrangements:
            if date.fromisoformat(arrangement["effective_on"]) <= on:
                found = arrangement
        return copy.deepcopy(found) if found is not None else None

    def standing_arrangement(self) -> dict[str, Any] | None:
        """The ordinary arrangement in force (R-GD-10), or None if the file never had one.

        That is the current arrangement, or — while the child is in emergency care or without
        a guardian (R-GD-7, R-GD-2) — the one the emergency stands in for; a return from
        emergency care stands for the arrangement it reinstated.
        """
        for arrangement in reversed(self.arrangements):
            if arrangement["kind"] in EMERGENCY_KINDS:
                continue
            original = (arrangement.get("conditions") or {}).get("reinstates_no")
            found: dict[str, Any] = self.arrangements[original - 1] if original else arrangement
            return copy.deepcopy(found)
        return None

    def check_effective_on(
        self,
        effective_on: str,
        field: str = "effective_on",
        *,
        now: datetime,
        overriding: bool = False,
    ) -> date:
        """The day a change takes effect in the file: not in the future, and no earlier than
        the current arrangement took effect (R-GD-9 order).

        No single change may freeze a file: an emergency record (R-GD-7, R-GD-2) or a court
        ruling (R-GD-8) is ``overriding`` and never refused for the file's history. Claimed
        earlier than the current arrangement, it takes effect when that one did — or today,
        if that one was entered as taking effect later than today (before dates were
        checked) — and the caller keeps the claimed date beside it (R-EN-2).
        """
        claimed = parse_past_day(effective_on, field, now, self.birth_date)
        current = date.fromisoformat(self.arrangements[-1]["effective_on"])
        if claimed >= current:
            return claimed
        if not overriding:
            raise ce.EffectiveDateBeforeCurrent(
                f"{field} is before the current arrangement took effect; "
                "record changes in the order they take effect",
                field=field,
            )
        return min(current, civil_today(now))

    def check_not_revoked(self, person: dict[str, Any], field: str = "guardian") -> None:
        """A person whose guardianship a court revoked comes back only by a restoration ruling
        (R-GD-8, 民法典 第38条) — not as a parent under another ID number, nor as an entrusted,
        appointed, temporary or court-appointed guardian (:func:`may_be_revoked_person`)."""
        for revocation in self._unrestored_revocations():
            if may_be_revoked_person(revocation["guardian"], person):
                raise ce.GuardianRevoked(
                    f"{field}: a court revoked this person's guardianship of the child; only a "
                    "restoration ruling brings it back (R-GD-8, 民法典 第38条)",
                    field=field,
                )

    def check_may_replace(
        self, kind: GuardianshipKind, role: Role, *, carries_out: str | None = None
    ) -> None:
        """Whether ``role`` may replace the arrangement in force by one of ``kind`` (R-GD-10).

        ``carries_out`` names the petition whose ruling an institutional arrangement carries
        out (:meth:`check_civil_affairs_appointed`): civil affairs taking the child into its
        institution on the court's appointment of civil affairs does not replace the court's
        guardian, it is that guardian.

        ================================  =================================================
        arrangement in force              replaced by
        ================================  =================================================
        made by a court ruling            a later ruling only. Emergency care (temporary,
        (:func:`is_court_made`)           none) stands in for it, and the child returns to
                                          the same guardian (:meth:`return_to_guardian`):
                                          指定监护人后, 不得擅自变更 (民法典 第31条, 第36条)
        appointed by the town (R-GD-5)    not by the village committee's entrustment: the
                                          town changes its own appointment; the parents'
                                          return, civil affairs, a court, emergencies may
        any other                         whatever its recorders may record
        ================================  =================================================

        Town appointments are not protected like a court's. 民法典 第31条 protects a guardian
        *designated* by the committee or civil affairs when the guardianship is disputed;
        C5's town appointment is different: a willing neighbour or volunteer cares for a
        left-behind child because the parents, who stay the guardians (民法典 第27条) and pay
        the fee, could find no one to entrust. Their return must always end it (R-GD-1). The
        principle of 不得擅自变更 still holds between authorities: the committee does not
        undo the town's appointment on its own.
        """
        if kind in EMERGENCY_KINDS:
            return
        standing = self.standing_arrangement()
        if standing is None:
            return
        if (
            carries_out is not None
            and kind == GuardianshipKind.INSTITUTIONAL
            and made_by_petition(standing) == carries_out
        ):
            return
        if is_court_made(standing) and self.made_by_ruling_on_file(standing):
            raise ce.CourtAppointmentInForce(
                "a guardian appointed by a court ruling is replaced only by a later ruling; "
                "until then only emergency care is recorded, and the child returns to that "
                "guardian (R-GD-10, 民法典 第31条、第36条)"
            )
        if (
            standing["kind"] == GuardianshipKind.APPOINTED
            and kind in ENTRUSTED_KINDS
            and role is Role.VILLAGE_COMMITTEE
        ):
            raise ce.TownAppointmentInForce(
                "the town changes the guardian it appointed; the committee does not replace "
                "the appointment on its own (R-GD-5, R-GD-10)"
            )

    def made_by_ruling_on_file(self, arrangement: dict[str, Any]) -> bool:
        """Whether the ruling that made a court-made ``arrangement`` was applied to this file.

        Court appointments and restorations are only ever made by applying their ruling. An
        institutional arrangement on ``court_appointed_civil_affairs`` cites one; an earlier
        version recorded it whatever petition id was claimed, so one citing a ruling this file
        never applied is no court's guardian and holds nobody off (R-GD-6, R-GD-10)."""
        if arrangement["kind"] != GuardianshipKind.INSTITUTIONAL:
            return True
        return made_by_petition(arrangement) in self.applied_rulings

    def check_is_guardian(
        self, person: dict[str, Any], field: str = "ruling.guardian_concerned"
    ) -> None:
        """A ruling revokes only a current guardian of the child (R-GD-8, 民法典 第36条).

        A parent is a guardian until a court revokes them (民法典 第27条): entrusting the
        child, a town's appointment or emergency care does not end it, so a parent may be
        revoked whatever arrangement the file shows. Anyone else must be the guardian of the
        arrangement in force (:meth:`standing_arrangement`) — not a temporary carer standing
        in for it, nor a guardian the file had before.
        """
        if is_parent_record(person):
            return
        standing = self.standing_arrangement()
        guardian = None if standing is None else standing["guardian"]
        if guardian is not None and same_person(guardian, person):
            return
        raise ce.NotCurrentGuardian(
            f"{field} is not a current guardian of the child: a ruling revokes the guardian in "
            "force or a parent (R-GD-8, 民法典 第36条)",
            field=field,
        )

    def record_parental_guardianship(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        now: datetime,
        home_assessment: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The parents (or one parent) guard the child again, e.g. on returning (R-GD-1, R-GD-2).

        From temporary care the child returns to a parent only after civil affairs has
        assessed the home (``home_assessment``: ``{"by", "on", "suitable"}``), R-EM-1. Not
        over a guardian appointed by a court (R-GD-10), nor for a revoked parent (R-GD-8).
        """
        role = check_role(
            actor_role, GUARDIANSHIP_RECORDERS[GuardianshipKind.PARENT], "parental guardianship"
        )
        parent = check_guardian(guardian)
        if not is_parent_record(parent):
            raise ce.NotAParent(
                "guardian.relation must be father, mother or parents (R-GD-1)",
                field="guardian.relation",
                allowed=sorted(PARENT_RELATIONS),
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        self.check_not_revoked(parent)
        self.check_may_replace(GuardianshipKind.PARENT, role)
        conditions: dict[str, Any] = {}
        if self.arrangements[-1]["kind"] == GuardianshipKind.TEMPORARY:
            conditions["home_assessment"] = _check_home_assessment(
                home_assessment, now, self.birth_date
            )
        self._record_parental(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis=legal_basis,
                documents=docs,
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions=conditions,
            ),
        )

    @event("ParentalGuardianshipRecorded")
    def _record_parental(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    def entrust_to_relative(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        capacity_assessment: dict[str, Any] | None,
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Entrusted to a grandparent or adult sibling (委托监护), R-GD-3.

        ``capacity_assessment`` (``{"by", "on", "capable"}``) is the committee's; a guardian
        found not capable is refused. ``exclusion_check`` (``{"by", "on", "found": []}``)
        records the 未成年人保护法 第22条 check (R-GD-4).
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.ENTRUSTED_RELATIVE],
            "entrustment to a relative",
        )
        person = check_guardian(guardian)
        if person["relation"] not in DIRECT_RELATIVE_RELATIONS:
            raise ce.NotADirectRelative(
                "guardian.relation must be a grandparent or an adult sibling "
                f"({', '.join(sorted(DIRECT_RELATIVE_RELATIONS))}); others: entrust_to_other "
                "(R-GD-3, R-GD-4)",
                field="guardian.relation",
                allowed=sorted(DIRECT_RELATIVE_RELATIONS),
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.ENTRUSTED_RELATIVE, role)
        capacity = _check_capacity(capacity_assessment, "R-GD-3", now, self.birth_date)
        exclusions = _check_exclusions(exclusion_check, now, self.birth_date)
        self._entrust(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.ENTRUSTED_RELATIVE,
                guardian=person,
                legal_basis=legal_basis,
                documents=docs,
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": capacity["by"]},
                filed_with=[],
                effective_on=day,
                conditions={"capacity_assessment": capacity, "exclusion_check": exclusions},
            ),
        )

    def entrust_to_other(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        committee_consent: dict[str, Any] | None,
        agreement_sha256: str | None,
        signatures: dict[str, Any],
        filings: dict[str, Any],
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Entrusted to a non-direct relative or friend (委托监护), R-GD-4.

        All required: ``committee_consent`` (``{"by", "on"}``); the written agreement
        ``agreement_sha256``; ``signatures`` of ``guardian`` (the entrusting parent),
        ``entrusted_guardian`` and ``supervisor`` (each ``{"on", …}``); ``filings`` with
        the ``town`` and the ``committee`` (each ``{"on", …}``); and the 第22条
        ``exclusion_check``.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.ENTRUSTED_OTHER],
            "entrustment to a non-direct relative or friend",
        )
        person = check_guardian(guardian)
        if is_parent_record(person):
            raise ce.InvalidField(
                "guardian.relation: a parent is not an entrusted guardian",
                field="guardian.relation",
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.ENTRUSTED_OTHER, role)
        if committee_consent is None:
            raise ce.CommitteeConsentRequired(
                "committee_consent: the village or residents' committee must consent (R-GD-4)",
                field="committee_consent",
            )
        consent = _check_dated(
            require_dict(committee_consent, "committee_consent"),
            "committee_consent",
            now,
            self.birth_date,
        )
        if agreement_sha256 is None:
            raise ce.AgreementDocumentRequired(
                "agreement_sha256: the written entrusted-guardianship agreement (R-GD-4)",
                field="agreement_sha256",
            )
        agreement = check_sha256(agreement_sha256, "agreement_sha256")
        signed = _check_signatures(require_dict(signatures, "signatures"), now, self.birth_date)
        filed = _check_filings(require_dict(filings, "filings"), now, self.birth_date)
        exclusions = _check_exclusions(exclusion_check, now, self.birth_date)
        self._entrust(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.ENTRUSTED_OTHER,
                guardian=person,
                legal_basis=legal_basis,
                documents=[
                    {"sha256": agreement, "title": "entrusted_guardianship_agreement"},
                    *docs,
                ],
                approved_by={"role": Role.VILLAGE_COMMITTEE.value, "by": consent["by"]},
                filed_with=[{"with": where, **filed[where]} for where in ("town", "committee")],
                effective_on=day,
                conditions={
                    "committee_consent": consent,
                    "agreement_sha256": agreement,
                    "signatures": signed,
                    "exclusion_check": exclusions,
                },
            ),
        )

    @event("GuardianEntrusted")
    def _entrust(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    def appoint_guardian(
        self,
        *,
        actor: str,
        actor_role: str,
        guardian: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        parents_unable_to_entrust: bool,
        capacity_assessment: dict[str, Any] | None,
        acceptance: dict[str, Any] | None,
        fee: dict[str, Any] | None,
        appointment_sha256: str | None,
        exclusion_check: dict[str, Any] | None,
        now: datetime,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The town appoints a willing, capable neighbour or volunteer (指定监护), R-GD-5.

        Only when the parents could not name an entrusted guardian
        (``parents_unable_to_entrust``); with the guardian's ``capacity_assessment`` and
        ``acceptance`` (``{"by", "on"}``), the ``fee`` (``{"amount_fen", "period",
        "paid_by", "minimum_living_support"}`` — a subsidy only for families on minimum
        living support), the appointment formalities ``appointment_sha256`` and the
        第22条 ``exclusion_check``.
        """
        role = check_role(
            actor_role, GUARDIANSHIP_RECORDERS[GuardianshipKind.APPOINTED], "appointment"
        )
        person = check_guardian(guardian)
        if is_parent_record(person):
            raise ce.InvalidField(
                "guardian.relation: a parent is not appointed by the town",
                field="guardian.relation",
            )
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        self.check_not_revoked(person)
        self.check_may_replace(GuardianshipKind.APPOINTED, role)
        if parents_unable_to_entrust is not True:
            raise ce.AppointmentGroundRequired(
                "parents_unable_to_entrust: the town appoints only when the parents could not "
                "name an entrusted guardian (R-GD-5)",
                field="parents_unable_to_entrust",
            )
        capacity = _check_capacity(capacity_assessment, "R-GD-5", now, self.birth_date)
        if acceptance is None:
            raise ce.GuardianAcceptanceRequired(
                "acceptance: the appointed guardian must be willing (有意愿, R-GD-5)",
                field="acceptance",
            )
        accepted = _check_dated(
            require_dict(acceptance, "acceptance"), "acceptance", now, self.birth_date
        )
        if fee is None:
            raise ce.GuardianshipFeeRequired(
                "fee: the appointment sets the guardianship fee (R-GD-5)",
                field="fee",
            )
        checked_fee = _check_fee(require_dict(fee, "fee"))
        if appointment_sha256 is None:
            raise ce.AppointmentDocumentRequired(
                "appointment_sha256: the appointment formalities (相关手续, R-GD-5)",
                field="appointment_sha256",
            )
        appointment = check_sha256(appointment_sha256, "appointment_sha256")
        exclusions = _check_exclusions(exclusion_check, now, self.birth_date)
        self._appoint(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.APPOINTED,
                guardian=person,
                legal_basis=legal_basis,
                documents=[{"sha256": appointment, "title": "appointment"}, *docs],
                approved_by={"role": Role.TOWN_OFFICE.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "parents_unable_to_entrust": True,
                    "capacity_assessment": capacity,
                    "acceptance": accepted,
                    "fee": checked_fee,
                    "appointment_sha256": appointment,
                    "exclusion_check": exclusions,
                },
            ),
        )

    @event("GuardianAppointed")
    def _appoint(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    def place_in_institution(
        self,
        *,
        actor: str,
        actor_role: str,
        institution: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        ground: str | None,
        admission_sha256: str | None,
        now: datetime,
        court_ruling: dict[str, Any] | None = None,
        recorded_ruling: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Institutional guardianship by civil affairs (收留抚养), R-GD-6.

        ``ground`` is one of :data:`INSTITUTIONAL_GROUNDS`.

        * ``orphan`` and ``no_guardian_available``: only when nobody guards the child
          (:meth:`check_no_parental_guardianship`, 民法典 第32条).
        * ``court_appointed_civil_affairs``: ``court_ruling`` (``{"petition_id",
          "ruling_sha256", "ruled_on"?}``) cites the ruling, and ``recorded_ruling`` is what
          the record holds under that petition id (``GuardianshipPetition.ruling_for_child``,
          or ``None`` when no petition has that id): a ruling of a court on this child's
          petition that appointed civil affairs and was applied to this file
          (:meth:`check_civil_affairs_appointed`; R-GD-6, R-GD-8, R-GD-10). The
          arrangement is then court-protected like the court's appointment it carries out.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.INSTITUTIONAL],
            "institutional guardianship",
        )
        body = require_dict(institution, "institution")
        require_text(body.get("name"), "institution.name")
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        guardian = {**copy.deepcopy(body), "relation": "institution"}
        self.check_not_revoked(guardian, "institution")
        if ground is None:
            raise ce.InstitutionalGroundRequired(
                f"ground: one of {', '.join(INSTITUTIONAL_GROUNDS)} (R-GD-6)",
                field="ground",
                allowed=list(INSTITUTIONAL_GROUNDS),
            )
        check_term(ground, INSTITUTIONAL_GROUNDS, "ground")
        conditions: dict[str, Any] = {"ground": ground}
        carries_out = None
        if ground == "court_appointed_civil_affairs":
            if court_ruling is None:
                raise ce.CourtRulingRequired(
                    "court_ruling: the ruling that appoints civil affairs (R-GD-6, R-GD-8)",
                    field="court_ruling",
                )
            cited = self.check_civil_affairs_appointed(court_ruling, recorded_ruling)
            conditions["court_ruling"] = cited
            carries_out = cited["petition_id"]
        self.check_may_replace(GuardianshipKind.INSTITUTIONAL, role, carries_out=carries_out)
        if ground in NO_GUARDIAN_GROUNDS:
            self.check_no_parental_guardianship()
        if admission_sha256 is None:
            raise ce.AdmissionDocumentRequired(
                "admission_sha256: the institution's admission record (R-GD-6)",
                field="admission_sha256",
            )
        admission = check_sha256(admission_sha256, "admission_sha256")
        conditions["admission_sha256"] = admission
        self._place_in_institution(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.INSTITUTIONAL,
                guardian=guardian,
                legal_basis=legal_basis,
                documents=[{"sha256": admission, "title": "admission"}, *docs],
                approved_by={"role": Role.CIVIL_AFFAIRS.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions=conditions,
            ),
        )

    @event("InstitutionalGuardianshipAssumed")
    def _place_in_institution(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    def check_no_parental_guardianship(self) -> None:
        """Civil affairs become the guardian as of an orphan, or of a child with no guardian
        available, only when nobody guards the child (民法典 第32条; 未成年人保护法 第92、94条).

        A parent is a guardian until a court revokes them (民法典 第27、36条), and so, for
        the file, while the arrangement in force is theirs: the parents themselves, or the
        relative, friend or neighbour caring under their entrustment or the town's
        appointment (R-GD-3…5). The file must first show that nobody guards the child — the
        child registered without a guardian, an ``absent`` record (parents dead, missing, or
        unable, and nobody else), or emergency care (R-GD-7) — or a court must remove the
        parent, and then civil affairs act on its ruling (``court_appointed_civil_affairs``).
        """
        current = self.arrangements[-1]
        if current["kind"] in PARENTAL_KINDS:
            raise ce.ParentalGuardianshipInForce(
                "ground: a parent's guardianship is in force (the parents, or someone caring "
                "under their entrustment or the town's appointment); record that no guardian "
                "is present first, or a court removes the parent (民法典 第27、32、36条)",
                field="ground",
            )

    def check_civil_affairs_appointed(
        self, cited: object, recorded: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The ruling ``cited`` (``court_ruling``) is on record: ``recorded`` — what the store
        holds under its petition id — is a court's ruling on a petition about this child that
        revoked a guardian and appointed civil affairs (:data:`CIVIL_AFFAIRS_RELATIONS`), with
        the document hash cited, and this file applied it (R-GD-6, R-GD-8, R-GD-10; 民法典
        第31、36条). Returns what the arrangement records of it.
        """
        field = "court_ruling.petition_id"
        ruling = require_dict(cited, "court_ruling")
        petition_id = check_uuid(ruling.get("petition_id"), field)
        sha256 = check_sha256(ruling.get("ruling_sha256"), "court_ruling.ruling_sha256")
        if recorded is None or recorded.get("petition_id") != petition_id:
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id names no petition on record (R-GD-6, R-GD-8)",
                field=field,
            )
        if recorded.get("child_id") != str(self.id):
            raise ce.RulingForAnotherChild(
                "court_ruling.petition_id names a petition about another child", field=field
            )
        if recorded.get("outcome") is None:
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id: the court has not ruled on that petition", field=field
            )
        appointed = recorded.get("new_guardian")
        if recorded["outcome"] != "revoked" or not (
            isinstance(appointed, dict) and relation_key(appointed) in CIVIL_AFFAIRS_RELATIONS
        ):
            raise ce.RulingDoesNotAppointCivilAffairs(
                "court_ruling.petition_id: that ruling did not appoint civil affairs as the "
                "child's guardian (民法典 第36条, R-GD-6)",
                field=field,
            )
        if sha256 != recorded.get("ruling_sha256"):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.ruling_sha256 is not the document of that ruling",
                field="court_ruling.ruling_sha256",
            )
        ruled_on = ruling.get("ruled_on")
        if ruled_on is not None and ruled_on != recorded.get("ruled_on"):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.ruled_on is not the date of that ruling",
                field="court_ruling.ruled_on",
            )
        if petition_id not in self.applied_rulings or not any(
            a["kind"] == GuardianshipKind.COURT_APPOINTED and made_by_petition(a) == petition_id
            for a in self.arrangements
        ):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id: that ruling was not applied to this child's file",
                field=field,
            )
        return {
            "petition_id": petition_id,
            "ruling_sha256": sha256,
            "ruled_on": recorded["ruled_on"],
        }

    def check_report_reference(
        self, report_id: str | None, recorded: dict[str, Any] | None
    ) -> None:
        """A change or petition that names the mandatory report it follows names one on record
        about this child: ``recorded`` is what the store holds under ``report_id``
        (``{"report_id", "child_id"}``, or None when no report has that id). A report about
        an unidentified child is linked to the file first (R-RP-2, R-GD-9: the history is
        complete and true)."""
        if report_id is None:
            return
        check_uuid(report_id, "report_id")
        if recorded is None or recorded.get("report_id") != report_id:
            raise ce.ReportNotOnRecord("report_id names no report on record", field="report_id")
        if recorded.get("child_id") != str(self.id):
            raise ce.ReportNotOnRecord(
                "report_id names a report that is not linked to this child's file; link it "
                "first (POST /v1/reports/{id}/child)",
                field="report_id",
            )

    def check_petition(
        self,
        *,
        kind: str,
        guardian_concerned: dict[str, Any],
        filed_on: date,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
    ) -> None:
        """A petition about this child may be filed (R-GD-8): not dated before the child's
        birth, naming only a report on record about the child
        (:meth:`check_report_reference`), and a restoration only when
        :meth:`restorable_revocation` admits it — a court registers no application the law
        bars (不予受理)."""
        check_not_before(filed_on, "filed_on", self.birth_date)
        self.check_report_reference(report_id, recorded_report)
        if kind == "restore":
            self.restorable_revocation(guardian_concerned, filed_on, "filed_on")

    def restorable_revocation(
        self, parent: dict[str, Any], applied: date, field: str, *, crime_found: bool = False
    ) -> dict[str, Any]:
        """The revocation of ``parent`` that an application made on ``applied`` may restore.

        A revocation of this parent on this file, not yet restored; never one for an
        intentional crime against the child (民法典 第38条) — found by the revocation, or by
        the court now (``crime_found``); applied for 3 months to 1 year after it (2014 意见
        第38条). ``field`` names the application's date in errors.
        """
        revocation = next(
            (r for r in self._unrestored_revocations() if same_person(r["guardian"], parent)),
            None,
        )
        if revocation is None:
            raise ce.NoRevocationToRestore(
                "no revoked guardianship of this parent on the file (R-GD-8)",
                field="guardian_concerned",
            )
        if crime_found or revocation["intentional_crime_against_child"]:
            raise ce.RestorationNotAllowed(
                "never after an intentional crime against the child (R-GD-8, 民法典 第38条)",
                field="guardian_concerned",
            )
        revoked_on = date.fromisoformat(revocation["revoked_on"])
        earliest, latest = (add_months(revoked_on, m) for m in RESTORATION_WINDOW_MONTHS)
        if not earliest <= applied <= latest:
            raise ce.RestorationOutsideWindow(
                f"{field} must be 3 months to 1 year after the revocation "
                "(2014 意见 第38条, R-GD-8)",
                field=field,
            )
        return revocation

    def place_in_temporary_care(
        self,
        *,
        actor: str,
        actor_role: str,
        receiver: dict[str, Any],
        legal_basis: str,
        effective_on: str,
        handover_sha256: str | None,
        now: datetime,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """Emergency hand-over to a relative, the committee or an institution (临时监护), R-GD-7.

        ``receiver`` is ``{"name", "relation"}`` with relation in :data:`TEMPORARY_RECEIVERS`;
        ``handover_sha256`` is the written hand-over record (书面交接手续). Always possible,
        also over a guardian appointed by a court (R-GD-10) and whatever the file's dates
        (:meth:`check_effective_on`); never to a person whose guardianship was revoked.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.TEMPORARY],
            "temporary guardianship",
        )
        person = check_guardian(receiver, "receiver")
        check_term(person["relation"], TEMPORARY_RECEIVERS, "receiver.relation")
        require_text(legal_basis, "legal_basis")
        day = self.check_effective_on(effective_on, now=now, overriding=True)
        docs = _check_documents(documents)
        self.check_not_revoked(person, "receiver")
        self.check_report_reference(report_id, recorded_report)
        if handover_sha256 is None:
            raise ce.WrittenHandoverRequired(
                "handover_sha256: the written hand-over record (书面交接手续, R-GD-7)",
                field="handover_sha256",
            )
        handover = check_sha256(handover_sha256, "handover_sha256")
        self._place_in_temporary_care(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.TEMPORARY,
                guardian=person,
                legal_basis=legal_basis,
                documents=[{"sha256": handover, "title": "written_handover"}, *docs],
                approved_by={"role": role.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "handover_sha256": handover,
                    "report_id": report_id,
                    **_claimed(effective_on, day),
                },
            ),
        )

    @event("TemporaryGuardianshipStarted")
    def _place_in_temporary_care(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    def record_guardian_absent(
        self,
        *,
        actor: str,
        actor_role: str,
        effective_on: str,
        reason: str,
        now: datetime,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
    ) -> None:
        """No guardian is present ("none — emergency"); under 16, the alert opens (R-GD-2).

        An emergency record: possible whatever the file's dates (:meth:`check_effective_on`)
        and over a guardian appointed by a court, for whom it stands in (R-GD-10).
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.NONE_EMERGENCY],
            "guardian absence",
        )
        require_text(reason, "reason")
        day = self.check_effective_on(effective_on, now=now, overriding=True)
        self.check_report_reference(report_id, recorded_report)
        if self.arrangements[-1]["kind"] == GuardianshipKind.NONE_EMERGENCY:
            raise ce.GuardianAlreadyAbsent(
                "the child is already recorded as without a guardian", field="kind"
            )
        self._record_absent(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.NONE_EMERGENCY,
                guardian=None,
                legal_basis="R-GD-2: no guardian present",
                documents=[],
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions={
                    "reason": reason,
                    "report_id": report_id,
                    **_claimed(effective_on, day),
                },
            ),
        )

    @event("GuardianAbsenceRecorded")
    def _record_absent(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        self._install(actor, recorded_role, arrangement)

    def return_to_guardian(
        self,
        *,
        actor: str,
        actor_role: str,
        legal_basis: str,
        effective_on: str,
        now: datetime,
        home_assessment: dict[str, Any] | None = None,
        documents: list[dict[str, Any]] | None = None,
    ) -> None:
        """The emergency ends: the child returns to the guardian in force (R-GD-7, R-GD-10).

        The arrangement that emergency care or "none — emergency" stood in for
        (:meth:`standing_arrangement`) becomes current again, with the same kind and guardian
        — for a guardian appointed by a court, the only way back short of another ruling.
        From temporary care, civil affairs first assesses the home (``home_assessment``:
        ``{"by", "on", "suitable"}``; R-EM-1, 未成年人保护法 第93条).
        """
        role = check_role(actor_role, RETURN_RECORDERS, "a return from emergency care")
        require_text(legal_basis, "legal_basis")
        current = self.arrangements[-1]
        if current["kind"] not in EMERGENCY_KINDS:
            raise ce.NotInEmergencyCare(
                "the child is neither in temporary care nor without a guardian: there is "
                "nothing to return from (R-GD-7)"
            )
        standing = self.standing_arrangement()
        if standing is None:
            raise ce.NoGuardianToReturnTo(
                "the file has had no guardian to return to; record the new arrangement (R-GD-1…8)"
            )
        day = self.check_effective_on(effective_on, now=now)
        docs = _check_documents(documents)
        if standing["guardian"] is not None:
            self.check_not_revoked(standing["guardian"])
        conditions: dict[str, Any] = {
            "reinstates_no": standing["no"],
            "returned_from_no": current["no"],
        }
        if current["kind"] == GuardianshipKind.TEMPORARY:
            conditions["home_assessment"] = _check_home_assessment(
                home_assessment, now, self.birth_date
            )
        self._return_to_guardian(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind(standing["kind"]),
                guardian=standing["guardian"],
                legal_basis=legal_basis,
                documents=docs,
                approved_by=None,
                filed_with=[],
                effective_on=day,
                conditions=conditions,
            ),
        )

    @event("ReturnedToGuardian")
    def _return_to_guardian(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        self._install(actor, recorded_role, arrangement)

    # -- court rulings (R-GD-8) ----------------------------------------------------------------

    def check_ruling(
        self, ruling: dict[str, Any] | None, outcome: str, now: datetime
    ) -> dict[str, Any]:
        """A ruling (``GuardianshipPetition.ruling_for_child``) for this child, with ``outcome``."""
        if ruling is None:
            raise ce.CourtRulingRequired(
                "ruling: this change is made by a court ruling (R-GD-8)", field="ruling"
            )
        checked = require_dict(ruling, "ruling")
        if checked.get("child_id") != str(self.id):
            raise ce.RulingForAnotherChild(
                "ruling.child_id does not name this child's file", field="ruling.child_id"
            )
        if checked.get("outcome") != outcome:
            raise ce.InvalidField(
                f"ruling.outcome must be {outcome} for this change", field="ruling.outcome"
            )
        require_text(checked.get("petition_id"), "ruling.petition_id")
        if checked["petition_id"] in self.applied_rulings:
            raise ce.RulingAlreadyApplied(
                "this ruling was applied to the file already", field="ruling.petition_id"
            )
        if checked.get("ruling_sha256") is None:
            raise ce.CourtRulingRequired(
                "ruling.ruling_sha256: the ruling document (R-GD-8)", field="ruling.ruling_sha256"
            )
        check_sha256(checked["ruling_sha256"], "ruling.ruling_sha256")
        parse_past_day(checked.get("ruled_on"), "ruling.ruled_on", now, self.birth_date)
        require_text(checked.get("legal_basis"), "ruling.legal_basis")
        check_guardian(checked.get("guardian_concerned"), "ruling.guardian_concerned")
        if not isinstance(checked.get("intentional_crime_against_child"), bool):
            raise ce.InvalidField(
                "ruling.intentional_crime_against_child must be true or false",
                field="ruling.intentional_crime_against_child",
            )
        return copy.deepcopy(checked)

    def appoint_by_court(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> None:
        """A court revokes a guardian and appoints another (撤销监护人资格, 另行指定), R-GD-8.

        Only a current guardian is revoked (:meth:`check_is_guardian`), and the new guardian
        is not a person whose guardianship is revoked. Possible whatever the file's dates
        (:meth:`check_effective_on`); ``ruled_on`` stays the date of the revocation.
        """
        role = check_role(
            actor_role,
            GUARDIANSHIP_RECORDERS[GuardianshipKind.COURT_APPOINTED],
            "court appointment",
        )
        checked = self.check_ruling(ruling, "revoked", now)
        if checked.get("new_guardian") is None:
            raise ce.NewGuardianRequired(
                "ruling.new_guardian: a revocation appoints another guardian (R-GD-8)",
                field="ruling.new_guardian",
            )
        new_guardian = check_guardian(checked["new_guardian"], "ruling.new_guardian")
        concerned = checked["guardian_concerned"]
        if any(same_person(r["guardian"], concerned) for r in self._unrestored_revocations()):
            raise ce.GuardianRevoked(
                "this guardian's guardianship is already revoked (R-GD-8)",
                field="ruling.guardian_concerned",
            )
        self.check_is_guardian(concerned)
        self.check_not_revoked(new_guardian, "ruling.new_guardian")
        if may_be_revoked_person(concerned, new_guardian):
            raise ce.GuardianRevoked(
                "ruling.new_guardian: the ruling revokes this person's guardianship (R-GD-8)",
                field="ruling.new_guardian",
            )
        day = self.check_effective_on(
            checked["ruled_on"], "ruling.ruled_on", now=now, overriding=True
        )
        self._appoint_by_court(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.COURT_APPOINTED,
                guardian=new_guardian,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "revoked_guardian": concerned,
                    "grounds": list(checked.get("grounds") or []),
                    "intentional_crime_against_child": checked["intentional_crime_against_child"],
                    "ruled_on": checked["ruled_on"],
                },
            ),
        )

    @event("CourtGuardianAppointed")
    def _appoint_by_court(
        self, actor: str, recorded_role: str, arrangement: dict[str, Any]
    ) -> None:
        conditions = arrangement["conditions"]
        self.revocations.append(
            {
                "guardian": copy.deepcopy(conditions["revoked_guardian"]),
                # The ruling's date, also when the file records it taking effect later.
                "revoked_on": conditions.get("ruled_on", arrangement["effective_on"]),
                "petition_id": conditions["petition_id"],
                "intentional_crime_against_child": conditions["intentional_crime_against_child"],
                "restored_on": None,
            }
        )
        self.applied_rulings.append(conditions["petition_id"])
        self._install(actor, recorded_role, arrangement)

    def restore_guardianship(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> None:
        """A court restores a parent's guardianship (恢复监护人资格), R-GD-8.

        Only a parent whose guardianship was revoked on this file; never after an
        intentional crime against the child (民法典 第38条); applied for 3 months to 1 year
        after the revocation (2014 意见 第38条; ``ruling.applied_on``). The court-appointed
        guardianship ends at the same moment.
        """
        role = check_role(actor_role, RESTORERS, "restoration")
        checked = self.check_ruling(ruling, "restored", now)
        parent = checked["guardian_concerned"]
        if relation_key(parent) not in SINGLE_PARENT_RELATIONS:
            raise ce.NotAParent(
                "only a parent's guardianship is restored (R-GD-8, 民法典 第38条)",
                field="ruling.guardian_concerned",
            )
        applied = parse_past_day(
            checked.get("applied_on"), "ruling.applied_on", now, self.birth_date
        )
        revocation = self.restorable_revocation(
            parent,
            applied,
            "ruling.applied_on",
            crime_found=checked["intentional_crime_against_child"],
        )
        day = self.check_effective_on(
            checked["ruled_on"], "ruling.ruled_on", now=now, overriding=True
        )
        self._restore(
            actor=actor,
            recorded_role=role.value,
            arrangement=self._next(
                kind=GuardianshipKind.PARENT,
                guardian=parent,
                legal_basis=checked["legal_basis"],
                documents=[{"sha256": checked["ruling_sha256"], "title": "court_ruling"}],
                approved_by={"role": Role.COURT.value, "by": actor},
                filed_with=[],
                effective_on=day,
                conditions={
                    "restored": True,
                    "petition_id": checked["petition_id"],
                    "ruling_sha256": checked["ruling_sha256"],
                    "applied_on": applied.isoformat(),
                    "revoked_on": revocation["revoked_on"],
                    "revocation_petition_id": revocation["petition_id"],
                    "ruled_on": checked["ruled_on"],
                },
            ),
        )

    @event("GuardianshipRestored")
    def _restore(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        # The revocation the ruling restored: named by its petition (newer events), or found
        # as the command found it when older events were recorded.
        conditions = arrangement["conditions"]
        parent = arrangement["guardian"]
        named = conditions.get("revocation_petition_id")
        for revocation in self.revocations:
            if revocation["restored_on"] is not None:
                continue
            if (named is not None and revocation["petition_id"] == named) or (
                named is None and _same_person_as_first_recorded(revocation["guardian"], parent)
            ):
                revocation["restored_on"] = arrangement["effective_on"]
                break
        self.applied_rulings.append(arrangement["conditions"]["petition_id"])
        self._install(actor, recorded_role, arrangement)

    def apply_court_ruling(
        self, *, actor: str, actor_role: str, ruling: dict[str, Any] | None, now: datetime
    ) -> bool:
        """Apply a ruling: revoked → court appointment, restored → restoration, dismissed → nothing.

        Returns whether the guardianship changed. The application layer saves the petition
        and this file in one transaction.
        """
        if ruling is None:
            raise ce.CourtRulingRequired(
                "ruling: this change is made by a court ruling (R-GD-8)", field="ruling"
            )
        outcome = require_dict(ruling, "ruling").get("outcome")
        if outcome == "revoked":
            self.appoint_by_court(actor=actor, actor_role=actor_role, ruling=ruling, now=now)
            return True
        if outcome == "restored":
            self.restore_guardianship(actor=actor, actor_role=actor_role, ruling=ruling, now=now)
            return True
        check_term(outcome, {"revoked", "restored", "dismissed"}, "ruling.outcome")
        check_role(actor_role, RESTORERS, "a court ruling")
        self.check_ruling(ruling, "dismissed", now)
        return False

    def _unrestored_revocations(self) -> list[dict[str, Any]]:
        return [r for r in self.revocations if r["restored_on"] is None]

    def _next(
        self,
        *,
        kind: GuardianshipKind,
        guardian: dict[str, Any] | None,
        legal_basis: str,
        documents: list[dict[str, Any]],
        approved_by: dict[str, Any] | None,
        filed_with: list[dict[str, Any]],
        effective_on: date,
        conditions: dict[str, Any],
    ) -> dict[str, Any]:
        """The next arrangement, naming the current one it replaces (R-GD-9)."""
        return _arrangement(
            no=len(self.arrangements) + 1,
            previous=self.arrangements[-1],
            kind=kind,
            guardian=guardian,
            legal_basis=legal_basis,
            documents=documents,
            approved_by=approved_by,
            filed_with=filed_with,
            effective_on=effective_on.isoformat(),
            conditions=conditions,
        )

    def _install(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        """Make ``arrangement`` the one current arrangement; the previous one ends (R-GD-9)."""
        new = copy.deepcopy(arrangement)
        if self.arrangements:
            previous = self.arrangements[-1]
            previous["current"] = False
            previous["ended_on"] = new["effective_on"]
            previous["superseded_by"] = new["no"]
        new.update(
            {
                "recorded_by": actor,
                "recorded_role": recorded_role,
                "current": True,
                "ended_on": None,
                "superseded_by": None,
            }
        )
        self.arrangements.append(new)

    # -- the under-16 alert (R-GD-2) -------------------------------------------------------------

    def _alert_status(self, on: date) -> tuple[str, str, str, int] | None:
        """(alert, rule, reason, arrangement no) on ``on``, or None when no alert is open."""
        arrangement = self.arrangement_on(on)
        if arrangement is None or not is_under(self.birth_date, ADULT_AGE, on):
            return None
        if arrangement["kind"] == GuardianshipKind.NONE_EMERGENCY:
            reason = "no_guardian"  # none — emergency
        elif arrangement["kind"] == GuardianshipKind.PARENT and self.is_left_behind(on):
            reason = "parents_away"  # parents away and nobody entrusted (R-GD-2)
        else:
            return None
        if is_under(self.birth_date, LIVING_ALONE_AGE, on):
            return ("under_16_without_guardian", "R-GD-2", reason, arrangement["no"])
        # 16 and 17: R-GD-2 no longer applies, but a minor still needs a guardian (R-GD-1).
        return ("minor_without_guardian", "R-GD-1", reason, arrangement["no"])

    def _change_days(self) -> list[date]:
        """Every day on which the alert status can change."""
        days = {self.registered_on}
        days.update(date.fromisoformat(a["effective_on"]) for a in self.arrangements)
        for period in self.left_behind_periods:
            days.add(date.fromisoformat(period["entered_on"]))
            if period["exited_on"] is not None:
                days.add(date.fromisoformat(period["exited_on"]))
        days.add(age_reached_on(self.birth_date, LIVING_ALONE_AGE))
        days.add(age_reached_on(self.birth_date, ADULT_AGE))
        return sorted(days)

    def alert_history(self, until: date) -> list[dict[str, Any]]:
        """Every alert up to ``until``: opened and closed days (closed ``None``: still open).

        Derived from the events: the alert's status only changes on an arrangement's
        effective day, a left-behind entry or exit, or the 16th / 18th birthday.
        """
        history: list[dict[str, Any]] = []
        for day in self._change_days():
            if day > until:
                break
            status = self._alert_status(day)
            open_alert = history[-1] if history and history[-1]["closed_on"] is None else None
            if open_alert is not None:
                if status is not None and status[:3] == (
                    open_alert["alert"],
                    open_alert["rule"],
                    open_alert["reason"],
                ):
                    continue
                open_alert["closed_on"] = day.isoformat()
            if status is not None:
                history.append(
                    {
                        "alert": status[0],
                        "rule": status[1],
                        "reason": status[2],
                        "opened_on": day.isoformat(),
                        "closed_on": None,
                        "arrangement_no": status[3],
                    }
                )
        return history

    def alerts(self, on: date) -> list[dict[str, Any]]:
        """Alerts open on ``on``: a child under 16 (or a minor) with no guardian present."""
        return [a for a in self.alert_history(on) if a["closed_on"] is None]

    # -- assessment and help (R-AS-1…3) ----------------------------------------------------------

    def record_assessment(
        self,
        *,
        actor: str,
        actor_role: str,
        result: str,
        criteria: list[str],
        help_plan: str,
        assessed_on: str,
        now: datetime,
    ) -> None:
        """Record an assessment of safety, guardianship and health, and the help it triggers.

        ``result`` good | fair | poor (较好 / 一般 / 差) maps to the help level
        regular_contact | focused_care | protective (关心式 / 关爱式 / 保护式), R-AS-2;
        ``criteria`` are those C5 lists for that result.
        """
        role = check_role(actor_role, ASSESSORS, "an assessment")
        check_term(result, AssessmentResult, "result")
        outcome = AssessmentResult(result)
        if not isinstance(criteria, list) or not criteria:
            raise ce.AssessmentCriteriaMismatch(
                "criteria: name at least one criterion C5 gives for the result (R-AS-2)",
                field="criteria",
                allowed=list(ASSESSMENT_CRITERIA[outcome]),
            )
        allowed = ASSESSMENT_CRITERIA[outcome]
        unfit = [c for c in criteria if c not in allowed]
        if unfit:
            raise ce.AssessmentCriteriaMismatch(
                f"criteria for {outcome.value} must be among {', '.join(allowed)} (R-AS-2)",
                field="criteria",
                allowed=list(allowed),
            )
        require_text(help_plan, "help_plan")
        day = parse_past_day(assessed_on, "assessed_on", now, self.birth_date)
        if day < self.registered_on:
            raise ce.InvalidField(
                "assessed_on must not be before registered_on", field="assessed_on"
            )
        self._record_assessment(
            actor=actor,
            recorded_role=role.value,
            assessment_no=len(self.assessments) + 1,
            result=outcome.value,
            help_level=HELP_LEVEL[outcome].value,
            criteria=sorted(set(criteria)),
            help_plan=help_plan,
            assessed_on=day.isoformat(),
        )

    @event("AssessmentRecorded")
    def _record_assessment(
        self,
        actor: str,
        recorded_role: str,
        assessment_no: int,
        result: str,
        help_level: str,
        criteria: list[str],
        help_plan: str,
        assessed_on: str,
    ) -> None:
        self.assessments.append(
            {
                "assessment_no": assessment_no,
                "result": result,
                "help_level": help_level,
                "criteria": list(criteria),
                "help_plan": help_plan,
                "assessed_on": assessed_on,
                "assessed_by": actor,
            }
        )

    def last_assessment(self, on: date) -> dict[str, Any] | None:
        """The latest assessment made on or before ``on``."""
        made = [a for a in self.assessments if date.fromisoformat(a["assessed_on"]) <= on]
        if not made:
            return None
        return copy.deepcopy(max(made, key=lambda a: (a["assessed_on"], a["assessment_no"])))

    def assessment_due(self, on: date) -> date:
        """When the next assessment is due, as known on ``on`` (R-AS-1, twice a year).

        Six calendar months after the last assessment made by ``on``, or after registration.
        """
        last = self.last_assessment(on)
        since = date.fromisoformat(last["assessed_on"]) if last else self.registered_on
        return add_months(since, ASSESSMENT_INTERVAL_MONTHS)

    def assessment_overdue(self, on: date) -> bool:
        """Whether, on ``on``, more than six months have passed since the last assessment.

        Key children (重点对象) are assessed at any time as well, but the six-month limit is
        the same for them (R-AS-1). An adult's file is never overdue.
        """
        if not is_under(self.birth_date, ADULT_AGE, on):
            return False
        return on > self.assessment_due(on)

    def assign_helper(
        self,
        *,
        actor: str,
        actor_role: str,
        helper: dict[str, Any],
        assigned_on: str,
        now: datetime,
    ) -> int:
        """Assign a one-to-one helper (党员干部、教师 "一对一", R-AS-3); returns its number."""
        role = check_role(actor_role, FILE_KEEPERS, "a one-to-one helper")
        person = require_dict(helper, "helper")
        require_text(person.get("name"), "helper.name")
        check_term(person.get("kind"), HELPER_KINDS, "helper.kind")
        day = parse_past_day(assigned_on, "assigned_on", now, self.birth_date)
        number = len(self.helpers) + 1
        self._assign_helper(
            actor=actor,
            recorded_role=role.value,
            helper_no=number,
            helper=copy.deepcopy(person),
            assigned_on=day.isoformat(),
        )
        return number

    @event("HelperAssigned")
    def _assign_helper(
        self,
        actor: str,
        recorded_role: str,
        helper_no: int,
        helper: dict[str, Any],
        assigned_on: str,
    ) -> None:
        self.helpers.append(
            {
                "helper_no": helper_no,
                "helper": copy.deepcopy(helper),
                "assigned_on": assigned_on,
                "released_on": None,
            }
        )

    def release_helper(
        self,
        *,
        actor: str,
        actor_role: str,
        helper_no: int,
        released_on: str,
        reason: str,
        now: datetime,
    ) -> None:
        """End a one-to-one helper's assignment."""
        role = check_role(actor_role, FILE_KEEPERS, "a one-to-one helper")
        helper = self._helper(helper_no)
        if helper["released_on"] is not None:
            raise errors.RuleViolation(
                f"helper {helper_no} was released already", field="helper_no"
            )
        day = parse_past_day(released_on, "released_on", now, self.birth_date)
        if day < date.fromisoformat(helper["assigned_on"]):
            raise ce.InvalidField(
                "released_on must not be before the helper's assigned_on", field="released_on"
            )
        require_text(reason, "reason")
        self._release_helper(
            actor=actor,
            recorded_role=role.value,
            helper_no=helper_no,
            released_on=day.isoformat(),
            reason=reason,
        )

    @event("HelperReleased")
    def _release_helper(
        self, actor: str, recorded_role: str, helper_no: int, released_on: str, reason: str
    ) -> None:
        self.helpers[helper_no - 1]["released_on"] = released_on

    def _helper(self, helper_no: int) -> dict[str, Any]:
        if isinstance(helper_no, bool) or not isinstance(helper_no, int):
            raise ce.InvalidField("helper_no must be an integer", field="helper_no")
        if not 1 <= helper_no <= len(self.helpers):
            raise ce.HelperNotFound(f"no helper {helper_no} on this file", field="helper_no")
        return self.helpers[helper_no - 1]

    def record_visit(
        self,
        *,
        actor: str,
        actor_role: str,
        visit_kind: str,
        visited_on: str,
        summary: str,
        now: datetime,
        helper_no: int | None = None,
    ) -> None:
        """Record a visit (家访、探访、随访), R-AS-3."""
        role = check_role(actor_role, FILE_KEEPERS, "a visit")
        check_term(visit_kind, VISIT_KINDS, "visit_kind")
        day = parse_past_day(visited_on, "visited_on", now, self.birth_date)
        require_text(summary, "summary")
        if helper_no is not None:
            self._helper(helper_no)
        self._record_visit(
            actor=actor,
            recorded_role=role.value,
            visit_kind=visit_kind,
            visited_on=day.isoformat(),
            summary=summary,
            helper_no=helper_no,
        )

    @event("VisitRecorded")
    def _record_visit(
        self,
        actor: str,
        recorded_role: str,
        visit_kind: str,
        visited_on: str,
        summary: str,
        helper_no: int | None,
    ) -> None:
        self.visits.append(
            {
                "visit_kind": visit_kind,
                "visited_on": visited_on,
                "summary": summary,
                "helper_no": helper_no,
                "recorded_by": actor,
            }
        )

    # -- turning 18 (R-CH-5) --------------------------------------------------------------------

    def allowance_end(
        self, *, able_to_work: bool, full_capacity: bool, in_full_time_school: bool
    ) -> date | None:
        """First day without the basic living allowance after turning 18 (R-CH-5), or None.

        A child in full-time school keeps it (None); so, under this rule, does one without
        the capacity to work or full civil capacity (other assistance applies). Otherwise
        the allowance runs at least six months from the day 18 is reached and stops from the
        following month: the first day of the month after those six months end.
        """
        if in_full_time_school or not (able_to_work and full_capacity):
            return None
        adult_on = age_reached_on(self.birth_date, ADULT_AGE)
        return first_of_next_month(add_months(adult_on, ALLOWANCE_MONTHS_AFTER_ADULTHOOD))

    # -- the whole file -------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The file as a JSON-ready document; ``personal`` is for the API to redact (R-CH-4)."""
        return {
            "child_id": str(self.id),
            "personal": copy.deepcopy(self.personal),
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "location": copy.deepcopy(self.location),
            "categories": list(self.categories),
            "category_history": copy.deepcopy(self.category_history),
            "key_child": self.key_child,
            "registered_on": self.registered_on.isoformat(),
            "registered_by": self.registered_by,
            "registered_role": self.registered_role,
            "guardianship": copy.deepcopy(self.arrangements),
            "revocations": copy.deepcopy(self.revocations),
            "left_behind": copy.deepcopy(self.left_behind_periods),
            "assessments": copy.deepcopy(self.assessments),
            "helpers": copy.deepcopy(self.helpers),
            "visits": copy.deepcopy(self.visits),
            "reads": copy.deepcopy(self.reads),
            "seq": self.version,
            "event_hash": self.chain_head,
        }


# -- module-level checks ----------------------------------------------------------------------


def _arrangement(
    *,
    no: int,
    previous: dict[str, Any] | None,
    kind: GuardianshipKind,
    guardian: dict[str, Any] | None,
    legal_basis: str,
    documents: list[dict[str, Any]],
    approved_by: dict[str, Any] | None,
    filed_with: list[dict[str, Any]],
    effective_on: str,
    conditions: dict[str, Any],
) -> dict[str, Any]:
    """One arrangement as recorded in an event: everything R-GD-9 asks a change to name."""
    return {
        "no": no,
        "kind": kind.value,
        "guardian": copy.deepcopy(guardian),
        "legal_basis": legal_basis,
        "documents": copy.deepcopy(documents),
        "approved_by": copy.deepcopy(approved_by),
        "filed_with": copy.deepcopy(filed_with),
        "effective_on": effective_on,
        "previous_no": None if previous is None else previous["no"],
        "previous_kind": None if previous is None else previous["kind"],
        "conditions": copy.deepcopy(conditions),
    }


def _check_personal(personal: object) -> None:
    """Identity, address, contacts: one object, encrypted at rest (R-CH-4)."""
    body = require_dict(personal, "personal")
    require_text(body.get("name"), "personal.name")
    for field in ("id_number", "address"):
        if body.get(field) is not None:
            require_text(body[field], f"personal.{field}")
    if body.get("contacts") is not None and not isinstance(body["contacts"], list):
        raise ce.InvalidField("personal.contacts must be a list", field="personal.contacts")


def _check_location(location: object) -> None:
    """County (6 digits), town (9) and village (12) division codes, each within the last."""
    body = require_dict(location, "location")
    widths = {"county": 6, "town": 9, "village": 12}
    for field, width in widths.items():
        check_division_code(body.get(field), f"location.{field}", (width,))
    if not body["town"].startswith(body["county"]) or not body["village"].startswith(body["town"]):
        raise ce.InvalidField(
            "location: the village must lie in the town, the town in the county", field="location"
        )


def _check_categories(categories: object) -> list[str]:
    """Categories of difficulty (R-CH-2); ``left_behind`` only through entry and exit."""
    if not isinstance(categories, list):
        raise ce.InvalidField("categories must be a list", field="categories")
    for category in categories:
        check_term(category, Category, "categories[]")
    if Category.LEFT_BEHIND.value in categories:
        raise ce.LeftBehindByEntryAndExit(
            "categories: left_behind is recorded by enter_left_behind / exit_left_behind (R-CH-3)",
            field="categories",
        )
    return sorted(set(categories))


def _check_parents(parents: object) -> dict[str, str]:
    """Each parent's situation: away, at_home or incapable (R-CH-3)."""
    body = require_dict(parents, "parents")
    return {
        who: check_term(body.get(who), ParentSituation, f"parents.{who}")
        for who in ("father", "mother")
    }


def _check_signatures(signatures: dict[str, Any], now: datetime, born: date) -> dict[str, Any]:
    """The three signatures on an entrusted-guardianship agreement (R-GD-4)."""
    missing: dict[str, type[ce.GuardianshipPreconditionMissing]] = {
        "guardian": ce.GuardianSignatureRequired,
        "entrusted_guardian": ce.EntrustedGuardianSignatureRequired,
        "supervisor": ce.SupervisorSignatureRequired,
    }
    checked: dict[str, Any] = {}
    for party, error in missing.items():
        signature = signatures.get(party)
        if not signature:
            raise error(
                f"signatures.{party}: the agreement must carry this signature (R-GD-4)",
                field=f"signatures.{party}",
            )
        body = require_dict(signature, f"signatures.{party}")
        parse_past_day(body.get("on"), f"signatures.{party}.on", now, born)
        checked[party] = copy.deepcopy(body)
    return checked


def _check_filings(filings: dict[str, Any], now: datetime, born: date) -> dict[str, Any]:
    """Filing with the town and with the committee (备案), R-GD-4."""
    missing: dict[str, type[ce.GuardianshipPreconditionMissing]] = {
        "town": ce.TownFilingRequired,
        "committee": ce.CommitteeFilingRequired,
    }
    checked: dict[str, Any] = {}
    for where, error in missing.items():
        filing = filings.get(where)
        if not filing:
            raise error(
                f"filings.{where}: the agreement must be filed here (R-GD-4)",
                field=f"filings.{where}",
            )
        body = require_dict(filing, f"filings.{where}")
        parse_past_day(body.get("on"), f"filings.{where}.on", now, born)
        checked[where] = copy.deepcopy(body)
    return checked


def _check_fee(fee: dict[str, Any]) -> dict[str, Any]:
    """The guardianship fee (监护报酬) in fen; a subsidy only on minimum living support (R-GD-5)."""
    amount = fee.get("amount_fen")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ce.InvalidField(
            "fee.amount_fen must be a whole number of fen, 0 or more", field="fee.amount_fen"
        )
    check_term(fee.get("period"), FEE_PERIODS, "fee.period")
    check_term(fee.get("paid_by"), FEE_PAYERS, "fee.paid_by")
    if not isinstance(fee.get("minimum_living_support"), bool):
        raise ce.InvalidField(
            "fee.minimum_living_support must be true or false", field="fee.minimum_living_support"
        )
    if "subsidy" in fee["paid_by"] and not fee["minimum_living_support"]:
        raise ce.SubsidyNotEligible(
            "fee.paid_by: the county or town subsidises only families on minimum living "
            "support (R-GD-5)",
            field="fee.paid_by",
        )
    return copy.deepcopy(fee)


def made_by_petition(arrangement: dict[str, Any]) -> str | None:
    """The petition whose ruling made ``arrangement``: a court appointment's or restoration's
    ``petition_id``, or the ruling an institutional arrangement carries out; else None."""
    conditions = arrangement.get("conditions") or {}
    if arrangement["kind"] == GuardianshipKind.INSTITUTIONAL:
        cited = conditions.get("court_ruling")
        return cited.get("petition_id") if isinstance(cited, dict) else None
    found = conditions.get("petition_id")
    return found if isinstance(found, str) else None


def is_court_made(arrangement: dict[str, Any]) -> bool:
    """Whether a court ruling made ``arrangement`` (R-GD-10): a court appointment, a parent's
    restoration, or institutional guardianship on a court's appointment of civil affairs."""
    conditions = arrangement.get("conditions") or {}
    kind = arrangement["kind"]
    return (
        kind == GuardianshipKind.COURT_APPOINTED
        or conditions.get("restored") is True
        or (
            kind == GuardianshipKind.INSTITUTIONAL
            and conditions.get("ground") == "court_appointed_civil_affairs"
        )
    )


def _check_home_assessment(
    home_assessment: dict[str, Any] | None, now: datetime, born: date
) -> dict[str, Any]:
    """Civil affairs found the home ready before a child leaves temporary care (R-EM-1)."""
    if home_assessment is None:
        raise ce.HomeAssessmentRequired(
            "home_assessment: civil affairs assesses the home before a child in temporary care "
            "returns (R-EM-1, 未成年人保护法 第93条)",
            field="home_assessment",
        )
    assessed = _check_dated(
        require_dict(home_assessment, "home_assessment"), "home_assessment", now, born
    )
    if not isinstance(assessed.get("suitable"), bool):
        raise ce.InvalidField(
            "home_assessment.suitable must be true or false", field="home_assessment.suitable"
        )
    if not assessed["suitable"]:
        raise ce.GuardianNotCapable(
            "the home assessment found the guardian not ready to resume care (R-EM-1)",
            field="home_assessment.suitable",
        )
    return assessed


def _claimed(effective_on: str, day: date) -> dict[str, str]:
    """The claimed date, kept beside an emergency's effective day when they differ (R-EN-2)."""
    return {} if effective_on == day.isoformat() else {"claimed_effective_on": effective_on}


def _same_person_as_first_recorded(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """:func:`same_person` as it was when restorations named no revocation: replaying those
    events must find the revocation their command found."""
    if a.get("id_number") and b.get("id_number"):
        return bool(a["id_number"] == b["id_number"])
    return bool(a.get("name") == b.get("name") and a.get("relation") == b.get("relation"))

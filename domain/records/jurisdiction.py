"""Jurisdictions are administrative division codes (行政区划代码); a code covers its sub-areas.

A division code (GB/T 2260 for the first six digits, the statistics office's town and
village codes for the rest) is read level by level:

| digits | level | example | covers |
|---|---|---|---|
| 2 + ``0000`` | province (省) | ``370000`` Shandong | every code starting ``37`` |
| 4 + ``00`` | prefecture (地级市) | ``370300`` Zibo | every code starting ``3703`` |
| 6 | county (县/区) | ``370303`` Zhangdian | every code starting ``370303`` |
| 9 | town (镇/街道) | ``370303001`` | every village starting ``370303001`` |
| 12 | village (村/居委会) | ``370303001001`` | itself |

Only trailing ``00`` pairs of a *six*-digit code mark a wider level: a town numbered ``100``
(镇 codes run 100–199) or a village numbered ``200`` is still one town or one village.
``*`` covers everything and is an admin's alone (``domain.records.actors.ROLE_LEVELS``).

A code is accepted only as ASCII digits of a real province (:data:`PROVINCES`), each level
inside the one above: a prefecture is never ``00`` below a town, a town or village part is
never ``000`` (the statistics tables' zero-padded twelve-digit county codes have a shorter
spelling, and one area has one spelling). Anything else — ``"3"``, ``"ALL"``, ``"＊"``,
``"379901 "``, ``"379901,379902"``, full-width digits — is :class:`InvalidJurisdiction`,
naming the field, and covers nothing.
"""

from __future__ import annotations

from domain.records.errors import InvalidJurisdiction

EVERYWHERE = "*"
"""The jurisdiction that covers every area."""

COUNTY, TOWN, VILLAGE = 6, 9, 12
"""Widths of the three spellings of a division code."""

WIDTHS = (COUNTY, TOWN, VILLAGE)

PROVINCES = frozenset(
    {
        *("11", "12", "13", "14", "15"),  # 华北: Beijing, Tianjin, Hebei, Shanxi, Inner Mongolia
        *("21", "22", "23"),  # 东北
        *("31", "32", "33", "34", "35", "36", "37"),  # 华东 (37 Shandong)
        *("41", "42", "43", "44", "45", "46"),  # 中南
        *("50", "51", "52", "53", "54"),  # 西南
        *("61", "62", "63", "64", "65"),  # 西北
    }
)
"""The province-level codes of GB/T 2260 whose areas the deployment can serve (the mainland's
31 provinces, autonomous regions and municipalities)."""

_ASCII_DIGITS = frozenset("0123456789")


def is_division_code(code: object, widths: tuple[int, ...] = WIDTHS) -> bool:
    """Whether ``code`` is a well-formed division code of one of ``widths``."""
    if not isinstance(code, str) or len(code) not in widths or not set(code) <= _ASCII_DIGITS:
        return False
    if code[:2] not in PROVINCES:
        return False
    prefecture, county = code[2:4], code[4:6]
    if prefecture == "00" and county != "00":
        return False  # no county lies directly in a province without a prefecture part
    if len(code) >= TOWN and (prefecture == "00" or code[6:9] == "000"):
        return False
    return not (len(code) == VILLAGE and code[9:12] == "000")


def check_division_code(code: object, field: str, widths: tuple[int, ...] = WIDTHS) -> str:
    """``code`` if it is a division code of one of ``widths``, else
    :class:`InvalidJurisdiction` naming ``field`` (never the value: it may be anything)."""
    if not is_division_code(code, widths):
        spelled = " or ".join(filter(None, [", ".join(map(str, widths[:-1])), str(widths[-1])]))
        raise InvalidJurisdiction(
            f"{field} must be a division code of {spelled} ASCII digits (行政区划代码, e.g. "
            f"{_EXAMPLES[widths[0]]}) in a province of China, each level inside the one above",
            field=field,
        )
    return str(code)


_EXAMPLES = {COUNTY: "370303", TOWN: "370303001", VILLAGE: "370303001001"}


def check_village_code(code: object, field: str) -> str:
    """A village's twelve-digit code, whose town and county parts are real (R-RP-2: a report
    belongs to a village that someone covers)."""
    return check_division_code(code, field, (VILLAGE,))


def _scope(code: str) -> str:
    """The prefix every area inside ``code`` starts with."""
    if len(code) == COUNTY:
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    return code


def covers(holder: str, area: str) -> bool:
    """Whether an actor with jurisdiction ``holder`` has authority over ``area``.

    Either code malformed (an actor or a record stored before codes were checked): no.
    """
    if holder == EVERYWHERE:
        return True
    if not is_division_code(holder) or not is_division_code(area):
        return False
    return area.startswith(_scope(holder))

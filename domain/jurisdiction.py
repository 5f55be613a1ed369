"""Jurisdictions are administrative division codes (行政区划代码); a code covers its sub-areas.

``370000`` (Shandong) covers ``370300`` (Zibo), which covers ``370303`` (Zhangdian);
``*`` covers everything. Trailing ``00`` pairs mark the level, so coverage is a prefix test.
"""

from __future__ import annotations


def _prefix(code: str) -> str:
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def covers(holder: str, area: str) -> bool:
    """Whether an actor with jurisdiction ``holder`` has authority over ``area``."""
    if holder == "*":
        return True
    if not holder or not area:
        return False
    return area == holder or area.startswith(_prefix(holder))

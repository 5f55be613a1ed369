"""What changed between two drafts of a decision, field by field, in words (R-LR-4, R-LR-6).

A legal reviewer reads a revised draft against the one before it: which measures were added
or dropped, how the amounts moved, and, in the texts (facts, legal basis, discretion), which
characters were deleted and inserted — Chinese has no spaces to split words on, so the texts
are compared character by character (``difflib``), then merged into readable runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from api.web.directory import yuan
from api.web.enforcement.words import term

TEXT_FIELDS = (("facts", "违法事实"), ("legal_basis", "法律依据"), ("discretion", "裁量说明"))
LIST_FIELDS = (
    ("measures", "处罚（处理）种类", "catalogue_measure"),
    ("flags", "其他情形", "catalogue_flag"),
)
MONEY_FIELDS = (("fine_fen", "罚款"), ("confiscation_fen", "没收金额"))


@dataclass(frozen=True)
class Run:
    """A run of text: kept (``=``), deleted (``-``) or inserted (``+``)."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One field of the draft, as it was and as it is."""

    field: str
    label: str
    changed: bool
    before: str
    after: str
    runs: tuple[Run, ...] = ()


def text_runs(before: str, after: str) -> tuple[Run, ...]:
    """``before`` → ``after`` as runs of kept, deleted and inserted characters."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(Run("=", before[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            runs.append(Run("-", before[i1:i2]))
        if tag in ("insert", "replace"):
            runs.append(Run("+", after[j1:j2]))
    return tuple(runs)


def draft_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Change]:
    """Every field of ``after`` against ``before`` (None: the first draft, nothing to compare)."""
    old = before or {}
    changes: list[Change] = []
    for name, label, vocabulary in LIST_FIELDS:
        was = [term(vocabulary, c) for c in old.get(name, [])]
        now = [term(vocabulary, c) for c in after.get(name, [])]
        marked = [Run("-", f"删除 {w}") for w in was if w not in now]
        marked += [Run("+", f"增加 {w}") for w in now if w not in was]
        between = [part for run in marked for part in (Run("=", "；"), run)][1:]
        changes.append(
            Change(name, label, was != now, "、".join(was) or "—", "、".join(now) or "—",
                   tuple(between))
        )  # fmt: skip
    for name, label in MONEY_FIELDS:
        was_fen, now_fen = int(old.get(name) or 0), int(after.get(name) or 0)
        changes.append(Change(name, label, was_fen != now_fen, yuan(was_fen), yuan(now_fen)))
    for name, label in TEXT_FIELDS:
        was_text, now_text = str(old.get(name) or ""), str(after.get(name) or "")
        runs = text_runs(was_text, now_text) if was_text != now_text else ()
        changes.append(Change(name, label, was_text != now_text, was_text, now_text, runs))
    return changes

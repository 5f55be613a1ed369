"""The law tables printed: guardianship changes (R-GD-1…10) and assessment results (R-AS-2).

:func:`guardianship_markdown` renders :data:`~.guardianship.GUARDIANSHIP_CHANGES` and
:data:`~.vocabulary.ASSESSMENT_TABLE` as the page ``docs/guardianship.md``; a test fails when
the committed page differs from the rendering, so the page is always the table the commands
run. Regenerate it with ``python scripts/make_guardianship_doc.py``.
"""

from __future__ import annotations

from domain.records.children.guardianship import GUARDIANSHIP_CHANGES, GuardianshipChange
from domain.records.children.vocabulary import ASSESSMENT_TABLE


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _kind_section(change: GuardianshipChange) -> list[str]:
    installs = change.installs.value if change.installs is not None else "the kind it reinstates"
    lines = [
        f"## `{change.code}` — {change.title}",
        "",
        change.statement,
        "",
        f"- Rules: {', '.join(change.rules)}",
        f"- Recorded by: {', '.join(f'`{role.value}`' for role in sorted(change.recorders))}",
        f"- Installs: `{installs}`" if change.installs is not None else f"- Installs: {installs}",
        f"- Event: `{change.event}`",
        "",
        "| Member | Required | What it is |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{m.name}` | {'yes' if m.required else 'no'} | {_cell(m.description)} |"
        for m in change.members
    ]
    lines += [
        "",
        "Preconditions, in the order they are checked:",
        "",
        "| # | Precondition | Refused with | Rule | What the law requires |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {n} | `{p.name}` | `{p.code}` | {p.rule} | {_cell(p.statement)}{_also(p.also)} |"
        for n, p in enumerate(change.preconditions, start=1)
    ]
    return [*lines, ""]


def _also(codes: tuple[str, ...]) -> str:
    """The further codes a check refuses with, after its statement."""
    return f" (also refused with {', '.join(f'`{c}`' for c in codes)})" if codes else ""


def guardianship_markdown() -> str:
    """``docs/guardianship.md``: every kind of guardianship change and the assessment table."""
    lines = [
        "# Guardianship and assessments: what the law requires",
        "",
        "<!-- Generated from domain/records/children/guardianship.py and vocabulary.py by",
        "     `python scripts/make_guardianship_doc.py`; do not edit by hand. -->",
        "",
        "Each kind of change of a child's guardianship (R-GD-1…10), as the commands check it: who",
        "may record it, the request members it takes (`POST /v1/children/{id}/guardianship` with",
        "`kind`; court appointments and restorations come with a ruling on a petition), and its",
        "preconditions in the order they are checked. A request that does not meet one is",
        "refused with the error code shown, whose problem document names the member in `field`.",
        "Before any precondition, the request's shape is checked: each member's type, and that",
        "hashes, dates and vocabulary terms are well formed (422 `invalid-field`,",
        "`invalid-document-hash`, `unknown-term`, …), whatever the order below.",
        "The same table is served at `GET /v1/law/guardianship-kinds`.",
        "",
        "| Kind | Title | Rules | Recorded by |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{c.code}` | {c.title} | {', '.join(c.rules)} | "
        f"{', '.join(sorted(role.value for role in c.recorders))} |"
        for c in GUARDIANSHIP_CHANGES.values()
    ]
    lines.append("")
    for change in GUARDIANSHIP_CHANGES.values():
        lines += _kind_section(change)
    lines += [
        "## Assessment results (R-AS-1, R-AS-2)",
        "",
        "The town assesses each left-behind child twice a year, key children at any time. The",
        "result sets the help; an assessment names the criteria it observed, among those C5",
        "gives for its result. Served at `GET /v1/law/assessment-criteria`.",
        "",
        "| Result | Help level | Criterion | What C5 says |",
        "|---|---|---|---|",
    ]
    for outcome in ASSESSMENT_TABLE:
        for n, (code, text) in enumerate(outcome.criteria.items()):
            head = (
                f"`{outcome.result.value}` {outcome.statement} | "
                f"`{outcome.help_level.value}` {outcome.help_statement}"
                if n == 0
                else " | "
            )
            lines.append(f"| {head} | `{code}` | {_cell(text)} |")
    return "\n".join(lines) + "\n"

"""What a case's commands refuse in their input, in the user's words (R-EN-1, R-EN-3,
R-AV-2/3, R-LR-6).

Each refusal names the request member it is about in ``field`` (``party.kind``,
``present``, ``items``…) and, where that member takes a value from a vocabulary, lists
the values in ``allowed``. Steps and review contents are named by their labels
(``StepKind.label``: "on-site inspection (现场检查)"), never by internal names. The
codes are the public contract and never change; these messages may be improved.
"""

from __future__ import annotations

from typing import Any

from domain.records import errors
from domain.records.enforcement.vocabulary import (
    CONTESTED_STEPS,
    CRIME_TRANSFER_ITEM,
    REVIEW_ITEM_LABELS,
    REVIEW_ITEMS,
    ActionType,
    PartyKind,
    StepKind,
    Touches,
    is_audio_video,
)
from domain.records.text import visible

OPINION_RESULTS = ("passed", "rejected")
"""A written opinion either passes the draft or finds problems in it (R-LR-6)."""


def check_opening(actor: str, action_type: str, party: dict[str, Any], ids: list[str]) -> None:
    """A case names one of the six actions (R-EN-1), its party, and two or more distinct
    officers, among them the one who opens it (R-EN-3)."""
    if action_type not in {a.value for a in ActionType}:
        allowed = [a.value for a in ActionType]
        raise errors.InvalidInput(
            f"action_type {action_type!r} is not one of the six kinds of enforcement action: "
            + ", ".join(f"{a.value} = {a.label}" for a in ActionType),
            field="action_type",
            allowed=allowed,
        )
    if party.get("kind") not in {k.value for k in PartyKind}:
        raise errors.InvalidInput(
            "party.kind says whether the party (当事人) is a person or an organisation",
            field="party.kind",
            allowed=[k.value for k in PartyKind],
        )
    name = party.get("name")
    if not isinstance(name, str) or visible(name) is None:
        raise errors.InvalidInput(
            "party.name: the party needs a name that holds a letter or digit, and no control "
            "character nor bidi control (a NUL or U+202E alone names nobody)",
            field="party.name",
        )
    if len(set(ids)) != len(ids):
        raise errors.InvalidInput("officers: the same officer is listed twice", field="officers")
    if len(ids) < 2:
        raise errors.TwoOfficersRequired(
            f"officers: {len(ids)} listed; enforcement needs at least two certified officers "
            "(R-EN-3)",
            field="officers",
        )
    if actor not in ids:
        raise errors.NotAssignedOfficer(
            "officers: the officer opening a case must be one of its officers", field="officers"
        )


def parse_step_kind(kind: str) -> StepKind:
    """The step kind named by ``kind``, or a refusal listing the kinds."""
    try:
        return StepKind(kind)
    except ValueError:
        raise errors.InvalidInput(
            f"kind {kind!r} is not a step that can be recorded: "
            + ", ".join(f"{k.value} = {k.label}" for k in StepKind),
            field="kind",
            allowed=[k.value for k in StepKind],
        ) from None


def parse_touches(touches: list[str]) -> list[str]:
    """What the step touches, sorted and without repeats, or a refusal listing the values."""
    values = {t.value for t in Touches}
    for value in touches:
        if value not in values:
            raise errors.InvalidInput(
                f"touches: {value!r} is not something a step can directly touch: "
                + ", ".join(f"{t.value} = {t.label}" for t in Touches),
                field="touches",
                allowed=sorted(values),
            )
    return sorted(set(touches))


def check_summary(summary: str) -> None:
    """A step says what happened."""
    if not summary.strip():
        raise errors.InvalidInput("summary: say what happened in the step", field="summary")


def check_step(
    *,
    actor: str,
    kind: StepKind,
    evidence: list[dict[str, Any]],
    touches: list[str],
    full_process_recording: str | None,
    present: list[str],
) -> None:
    """A step is done by two or more officers with the recording one among
    them (R-EN-3), and, where contested, recorded in audio or video (R-AV-2); a step that
    touches personal freedom, life and health or major property is recorded in full
    (R-AV-3). ``present`` are the officers of the case present (already checked)."""
    if actor not in present:
        raise errors.InvalidInput(
            "present: the officer recording the step must be among those present",
            field="present",
        )
    if len(set(present)) < 2:
        raise errors.TwoOfficersRequired(
            "present: at least two officers take part in each step (R-EN-3)", field="present"
        )
    if kind in CONTESTED_STEPS and not any(is_audio_video(e["media_type"]) for e in evidence):
        raise errors.AvRecordRequired(
            f"evidence: a step of {kind.label} must list an audio or video record (R-AV-2)",
            field="evidence",
        )
    if touches:
        recording = next((e for e in evidence if e["sha256"] == full_process_recording), None)
        if recording is None or not is_audio_video(recording["media_type"]):
            words = ", ".join(Touches(t).label for t in touches)
            raise errors.AvRecordRequired(
                f"full_process_recording: a step touching {words} needs the hash of an audio "
                "or video record of the whole step, also listed in evidence (R-AV-3)",
                field="full_process_recording",
            )


def check_opinion(result: str, items: dict[str, Any], signature: str) -> None:
    """A written opinion passes or rejects, covers the ten review contents (R-LR-4: T74's
    six and 国办发〔2018〕118号's four), says of the crime-transfer item whether a crime is
    suspected, finds problems exactly when it rejects, and is signed (R-LR-6)."""
    if result not in OPINION_RESULTS:
        raise errors.InvalidInput(
            "result: an opinion either passes the draft or rejects it",
            field="result",
            allowed=OPINION_RESULTS,
        )
    if set(items) != set(REVIEW_ITEMS):
        missing = [REVIEW_ITEM_LABELS[n] for n in REVIEW_ITEMS if n not in items]
        extra = sorted(set(items) - set(REVIEW_ITEMS))
        said = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"not review contents: {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise errors.InvalidInput(
            f"items: an opinion covers exactly the {len(REVIEW_ITEMS)} review contents "
            f"(R-LR-4) — {said}",
            field="items",
            allowed=REVIEW_ITEMS,
        )
    suspected = items[CRIME_TRANSFER_ITEM].get("crime_suspected")
    if not isinstance(suspected, bool):
        raise errors.InvalidInput(
            f"items.{CRIME_TRANSFER_ITEM}.crime_suspected: say whether the conduct is suspected "
            "of a crime that goes to the judicial organs (true or false; R-LR-4)",
            field=f"items.{CRIME_TRANSFER_ITEM}.crime_suspected",
        )
    problems = [name for name in REVIEW_ITEMS if not items[name]["ok"]]
    if result == "passed" and problems:
        found = ", ".join(REVIEW_ITEM_LABELS[n] for n in problems)
        raise errors.InvalidInput(
            f"result: an opinion that passes the draft cannot find problems (it finds them "
            f"in {found}); reject it instead",
            field="result",
            allowed=OPINION_RESULTS,
        )
    if result == "rejected" and not problems:
        raise errors.InvalidInput(
            "items: an opinion that rejects the draft names at least one review content with "
            "a problem (ok: false)",
            field="items",
        )
    if not signature.strip():
        raise errors.InvalidInput("signature: the opinion must be signed", field="signature")

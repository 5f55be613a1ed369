"""Oversight records (R-SV): complaints about enforcement (their own sealed streams) and
sanctions on officers (recorded on the officers' actor streams). Case-file review scoring
lives in ``domain.records.file_review``."""

from __future__ import annotations

from domain.records.oversight.complaints import (
    CHANNELS,
    DUE_SOON_DAYS,
    FOUNDED,
    OUTCOME_LABELS,
    QUEUE_STATUSES,
    REPLY_CHANNELS,
    STAGE_LABELS,
    TIME_LIMIT,
    Complaint,
    Outcome,
    Stage,
    due_date,
)
from domain.records.oversight.sanctions import (
    BARS_CERTIFICATE,
    BASIS_KINDS,
    BASIS_MEMBERS,
    SANCTION_KINDS,
    Sanction,
    check_sanction,
)

__all__ = [
    "BARS_CERTIFICATE",
    "BASIS_KINDS",
    "BASIS_MEMBERS",
    "CHANNELS",
    "DUE_SOON_DAYS",
    "FOUNDED",
    "OUTCOME_LABELS",
    "QUEUE_STATUSES",
    "REPLY_CHANNELS",
    "SANCTION_KINDS",
    "STAGE_LABELS",
    "TIME_LIMIT",
    "Complaint",
    "Outcome",
    "Sanction",
    "Stage",
    "check_sanction",
    "due_date",
]

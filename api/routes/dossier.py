"""The dossier (案卷) of a case as a PDF, carrying the case's court bundle (R-AV-5, R-AC-3)."""

from __future__ import annotations

import threading
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import App, Caller
from api.web.dossier import make_dossier
from domain.records.errors import ServerBusy

router = APIRouter(prefix="/v1/cases", tags=["cases"])

PDF = "application/pdf"

_renders: dict[int, threading.BoundedSemaphore] = {}
_renders_guard = threading.Lock()


def render_slots(limit: int) -> threading.BoundedSemaphore:
    """The process's render slots (``JIANZHENG_DOSSIER_RENDERS``): a long case takes
    CPU-minutes to lay out, so prints beyond the limit are refused, not queued behind it."""
    with _renders_guard:
        return _renders.setdefault(limit, threading.BoundedSemaphore(limit))


DossierReason = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="why: required of everyone, as for a bundle export (the dossier carries the "
        "court bundle); recorded with the bundle's SHA-256",
    ),
]


@router.get(
    "/{case_id}/dossier.pdf",
    response_class=Response,
    responses={
        200: {
            "content": {PDF: {}},
            "description": "the dossier",
            "headers": {
                "X-Bundle-SHA256": {
                    "description": "SHA-256 of the court bundle the dossier embeds and prints",
                    "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                }
            },
        }
    },
)
def dossier(case_id: UUID, jz: App, by: Caller, reason: DossierReason = None) -> Response:
    """The case printed as a PDF (案卷): cover, officers, steps with their evidence, drafts,
    the legal review, the decision and what followed it, the full timeline in Beijing time,
    and a verification page naming the checkpoint, its witnesses and the SHA-256 of the court
    bundle embedded in the PDF (`pdfdetach`; verify it with `jianzheng verify-bundle`).

    Who may read the case may print it; the dossier carries the bundle, so it needs a reason
    from everyone, and it is recorded in the case's access stream like a bundle export (with
    the bundle's SHA-256) and, for a court or an oversight body, like a read of the case.
    At most `JIANZHENG_DOSSIER_RENDERS` print at once; another answers 503 `server-busy`
    with `Retry-After`, having read and recorded nothing.
    """
    slots = render_slots(jz.settings.dossier_renders)
    if not slots.acquire(blocking=False):  # before anything is read or recorded
        raise ServerBusy(
            f"{jz.settings.dossier_renders} dossiers are being printed; try again in a minute"
        )
    try:
        made = make_dossier(jz, by, case_id, reason)
    finally:
        slots.release()
    return Response(
        made.pdf,
        media_type=PDF,
        headers={
            "X-Bundle-SHA256": made.bundle_sha256,
            "Content-Disposition": f'inline; filename="case-{case_id}-dossier.pdf"',
        },
    )

"""The dossier (案卷) of a case as a PDF, carrying the case's court bundle (R-AV-5, R-AC-3)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import App, Caller
from api.web.dossier import make_dossier

router = APIRouter(prefix="/v1/cases", tags=["cases"])

PDF = "application/pdf"

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
    """
    made = make_dossier(jz, by, case_id, reason)
    return Response(
        made.pdf,
        media_type=PDF,
        headers={
            "X-Bundle-SHA256": made.bundle_sha256,
            "Content-Disposition": f'inline; filename="case-{case_id}-dossier.pdf"',
        },
    )

"""The dossier (案卷) of a case as a PDF, carrying the case's court bundle (R-AV-5, R-AC-3)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import App, Caller
from api.routes.cases import ReadReason
from api.web.dossier import make_dossier

router = APIRouter(prefix="/v1/cases", tags=["cases"])

PDF = "application/pdf"


@router.get(
    "/{case_id}/dossier.pdf",
    response_class=Response,
    responses={
        200: {
            "content": {PDF: {}},
            "description": "the dossier; `X-Bundle-SHA256` is the SHA-256 of the court bundle "
            "it embeds and prints",
        }
    },
)
def dossier(case_id: UUID, jz: App, by: Caller, reason: ReadReason = None) -> Response:
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

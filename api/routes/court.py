"""What a court takes away (R-GD-8): the offline bundle of a child's histories."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import App, Caller
from infra.child_bundle import export_child, reissue_child

router = APIRouter(prefix="/v1/court", tags=["court"])

BundleReason = Annotated[
    str | None,
    Query(max_length=2000, description="why: the case before the court (required; recorded)"),
]


BundleHeads = Annotated[
    UUID | None,
    Query(
        description="the `heads.stream` of a bundle taken earlier: the same bundle again, "
        "proved against the newest checkpoint covering it (a witnessed one once a witness "
        "has cosigned it); no new heads are recorded"
    ),
]


@router.get("/children/{child_id}/bundle", response_class=Response)
def child_bundle(
    child_id: UUID, jz: App, by: Caller, reason: BundleReason = None, heads: BundleHeads = None
) -> Response:
    """The child's guardianship history, assessments, reports (reporter withheld, R-RP-3) and
    petitions, with inclusion proofs and a signed checkpoint, for a court seized of a petition
    about the child (R-GD-8).

    Verify it offline with `jianzheng verify-bundle`. The export is recorded in the child's
    access stream with who asked, why, and the SHA-256 of exactly these bytes. With `heads`,
    the bundle taken earlier is given again with a later checkpoint (docs/courts.md): ask
    again once the witness has cosigned to verify with `--witness-key`.
    """
    if heads is not None:
        data = reissue_child(jz, by, child_id, reason, heads)
    else:
        data = export_child(jz, by, child_id, reason)
    return Response(data, media_type="application/json")

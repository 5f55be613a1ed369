"""The transparency log (DESIGN §3): checkpoints, keys, proofs, cosignatures. Public.

Proofs reveal hashes only; event contents are never served here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse
from pydantic import Field

from api.deps import App
from api.routes.common import Strict
from domain.records.errors import InvalidInput

router = APIRouter(prefix="/v1/log", tags=["transparency log"])

NOTE = "text/plain; charset=utf-8"


@router.get("/checkpoint", response_class=PlainTextResponse)
def checkpoint(
    jz: App, size: Annotated[int | None, Query(ge=0, description="an earlier checkpoint")] = None
) -> PlainTextResponse:
    """The newest signed checkpoint (C2SP tlog-checkpoint signed note) with cosignatures."""
    return PlainTextResponse(jz.log.served_checkpoint(size), media_type=NOTE)


@router.get("/key", response_class=PlainTextResponse)
def key(jz: App) -> PlainTextResponse:
    """The log's active public key(s) as C2SP vkeys, one per line."""
    return PlainTextResponse("".join(k.vkey + "\n" for k in jz.log.keys), media_type=NOTE)


@router.get("/keys")
def keys(jz: App) -> dict[str, Any]:
    """Every key the log has signed with, and when each was valid (key rotation)."""
    return {"origin": jz.settings.log_origin, "keys": jz.deployment().log_keys}


@router.get("/proof/inclusion")
def inclusion(
    jz: App,
    size: Annotated[int, Query(ge=1, description="tree size (of a checkpoint)")],
    index: Annotated[int | None, Query(ge=0)] = None,
    event_hash: Annotated[str | None, Query(pattern=r"^[0-9a-f]{64}$")] = None,
) -> dict[str, Any]:
    """RFC 9162 inclusion proof of a leaf (by index or by event hash) in the tree of `size`."""
    if (index is None) == (event_hash is None):
        raise InvalidInput("give exactly one of index and event_hash")
    leaf = index if index is not None else jz.log.leaf_index(str(event_hash))
    proof = jz.log.inclusion_proof(leaf, size)
    return {"leaf_index": leaf, "tree_size": size, "proof": [h.hex() for h in proof]}


@router.get("/proof/consistency")
def consistency(
    jz: App,
    from_size: Annotated[int, Query(alias="from", ge=0)],
    to_size: Annotated[int, Query(alias="to", ge=0)],
) -> dict[str, Any]:
    """RFC 9162 consistency proof between two tree sizes."""
    proof = jz.log.consistency_proof(from_size, to_size)
    return {"from": from_size, "to": to_size, "proof": [h.hex() for h in proof]}


class CosignatureIn(Strict):
    """A witness's C2SP tlog-cosignature line on the checkpoint of `size`."""

    size: Annotated[int, Field(ge=0)]
    cosignature: Annotated[str, Field(min_length=10, max_length=400)]


@router.post("/cosignatures", status_code=201)
def cosign(body: CosignatureIn, jz: App) -> dict[str, Any]:
    """Store a cosignature after verifying it with a registered witness key."""
    size = jz.log.add_cosignature(body.cosignature, jz.witness_keys(), body.size)
    return {"size": size, "cosignatures": len(jz.log.cosignatures(size))}

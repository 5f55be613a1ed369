"""A cast of actors and helpers for enforcement-case tests."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.records.enforcement import CRIME_TRANSFER_ITEM, REVIEW_ITEMS
from infra.application import OPERATOR, Jianzheng, Principal

AGENCY = "淄博市市场监督管理局"
AREA = "370303"


@dataclass
class Cast:
    """Principals of one agency, plus outsiders."""

    officer_a: Principal
    officer_b: Principal
    head: Principal
    reviewer: Principal
    oversight: Principal
    court: Principal
    dual: Principal  # an officer who was also granted legal_reviewer
    tokens: dict[str, str]


def _principal(jz: Jianzheng, role: str, name: str, **extra: str) -> tuple[Principal, str]:
    registered = jz.register_actor(
        OPERATOR,
        name=name,
        role=role,
        agency=extra.pop("agency", AGENCY),
        jurisdiction=extra.pop("jurisdiction", AREA),
        **extra,
    )
    return Principal.of(registered.actor), registered.token


def make_cast(jz: Jianzheng) -> Cast:
    """Register the cast; officers hold certificates valid for years around today."""
    cert = {"valid_from": "2020-01-01", "valid_until": "2035-12-31"}
    a, ta = _principal(jz, "officer", "张三", certificate="鲁执-0001", **cert)
    b, tb = _principal(jz, "officer", "李四", certificate="鲁执-0002", **cert)
    head, th = _principal(jz, "agency_head", "王局长")
    reviewer, tr = _principal(jz, "legal_reviewer", "赵法制")
    oversight, to = _principal(jz, "oversight", "市司法局执法监督科", jurisdiction="370300")
    court, tc = _principal(jz, "court", "张店区人民法院")
    dual, td = _principal(jz, "officer", "孙双岗", certificate="鲁执-0003", **cert)
    jz.grant_role(OPERATOR, UUID(dual.actor_id), "legal_reviewer")
    for qualified in (reviewer, dual):  # penalty reviewers hold 法律职业资格 (R-LR-5)
        qualify(jz, qualified)
    dual = Principal.of(jz.get_actor(UUID(dual.actor_id)))
    tokens = {
        "a": ta,
        "b": tb,
        "head": th,
        "reviewer": tr,
        "oversight": to,
        "court": tc,
        "dual": td,
    }
    return Cast(a, b, head, reviewer, oversight, court, dual, tokens)


def qualify(jz: Jianzheng, reviewer: Principal, obtained_on: str = "2019-03-01") -> None:
    """Record a reviewer's legal professional qualification (R-LR-5, 第58条第2款)."""
    jz.record_legal_qualification(
        OPERATOR, UUID(reviewer.actor_id), number=f"A2019{reviewer.actor_id[:8]}",
        obtained_on=obtained_on,
    )  # fmt: skip


def mp4(size: int = 8192, payload: bytes | None = None) -> bytes:
    """A small real-looking MP4: an ``ftyp`` box (brand isom), then an ``mdat`` box.

    ``size`` bytes in all (default 8 KiB, above ``JIANZHENG_MIN_AV_BYTES``), random
    content unless ``payload`` is given, so that each call is a different blob.
    """
    ftyp = (24).to_bytes(4, "big") + b"ftyp" + b"isom" + (512).to_bytes(4, "big") + b"isommp42"
    body = payload if payload is not None else os.urandom(max(0, size - 32))
    return ftyp + (8 + len(body)).to_bytes(4, "big") + b"mdat" + body


PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d6a3"
    "dc0000000049454e44ae426082"
)
"""A one-pixel PNG: a photo of a site, as small as a real image can be."""


def wav(size: int = 8192) -> bytes:
    """A small real-looking WAV: ``RIFF`` ‖ size ‖ ``WAVE`` and a ``data`` chunk."""
    data = os.urandom(max(0, size - 20))
    riff = (12 + len(data)).to_bytes(4, "little")
    return b"RIFF" + riff + b"WAVE" + b"data" + len(data).to_bytes(4, "little") + data


def upload(
    jz: Jianzheng,
    by: Principal,
    data: bytes,
    media_type: str,
    *,
    case_id: UUID | None = None,
    child_id: UUID | None = None,
) -> str:
    """Store bytes as evidence for a case or a child's file; returns the sha256."""

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 7):
            yield data[i : i + 7]

    purpose, subject = ("case", case_id) if case_id is not None else ("child", child_id)
    assert subject is not None, "an upload names the case or child it is for"
    evidence, _ = asyncio.run(
        jz.store_evidence(by, chunks(), media_type, purpose=purpose, subject_id=subject)
    )
    return evidence.sha256


def open_case(jz: Jianzheng, cast: Cast, **overrides: Any) -> UUID:
    """A penalty case opened by officer A with officers A and B."""
    case, _ = jz.cases.open_case(
        cast.officer_a,
        action_type=overrides.pop("action_type", "penalty"),
        title=overrides.pop("title", "某食品公司销售过期食品案"),
        agency=AGENCY,
        jurisdiction=AREA,
        officers=[cast.officer_a.actor_id, cast.officer_b.actor_id],
        party={"kind": "organisation", "name": "淄博某食品有限公司"},
        **overrides,
    )
    return case.id


def inform(jz: Jianzheng, cast: Cast, case_id: UUID) -> None:
    """Officers A and B show their credentials and inform the party (出示证件、告知): the step a
    penalty decision needs on record before it (R-EN-4, 行政处罚法 第44条、第55条)."""
    jz.cases.record_step(
        cast.officer_a, case_id, **INFORMED_STEP, evidence=[], touches=[],
        full_process_recording=None, present=[],
        occurred_at=informed_at(jz.cases._case(case_id).filed_on.isoformat()),
    )  # fmt: skip


def informed_at(filed_on: str) -> str:
    """When the stories inform the party: on the filing day, so that a decision or ending
    dated on or after it follows the step (R-EN-4: the step is on or before ``decided_on``)."""
    return f"{filed_on}T00:00:00+08:00"


INFORMED_STEP = {
    "kind": "credentials_shown",
    "summary": "出示执法证件，告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利",
}
"""The body of ``POST /v1/cases/{id}/steps`` that records :func:`inform` over HTTP."""


def inform_over_http(client: Any, token: str, case_id: UUID | str) -> None:
    """:func:`inform`, through the API with officer ``token`` (a ``TestClient``)."""
    headers = {"Authorization": f"Bearer {token}"}
    filed_on = client.get(f"/v1/cases/{case_id}", headers=headers).json()["filed_on"]
    body = {**INFORMED_STEP, "occurred_at": informed_at(filed_on)}
    answer = client.post(f"/v1/cases/{case_id}/steps", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


def informed(jz: Jianzheng, case_id: UUID) -> bool:
    """Whether the case records a ``credentials_shown`` step."""
    return any(s["kind"] == "credentials_shown" for s in jz.cases._case(case_id).steps)


def draft(
    jz: Jianzheng, cast: Cast, case_id: UUID, *measures: str, fine_fen: int = 0,
    inform_first: bool = True,
) -> str:  # fmt: skip
    """Submit a draft; returns its hash. Unless told not to, the officers first show their
    credentials and inform the party, once per case (R-EN-4), as the stories of a penalty do."""
    if inform_first and not informed(jz, case_id):
        inform(jz, cast, case_id)
    hashed, _, _ = jz.cases.submit_draft(
        cast.officer_a,
        case_id,
        {
            "measures": list(measures),
            "fine_fen": fine_fen,
            "confiscation_fen": 0,
            "facts": "经查，当事人销售超过保质期的食品。",
            "legal_basis": "《食品安全法》第一百二十四条",
            "discretion": "首次违法，从轻",
            "flags": [],
        },
    )
    return hashed


def opinion_items(ok: bool = True, *, crime_suspected: bool = False) -> dict[str, Any]:
    """Findings on the review contents (R-LR-4); the crime-transfer item says whether a crime
    is suspected."""
    items: dict[str, Any] = {
        name: {"ok": ok or name != "facts", "note": "核查无误"} for name in REVIEW_ITEMS
    }
    items[CRIME_TRANSFER_ITEM]["crime_suspected"] = crime_suspected
    return items


def review(
    jz: Jianzheng,
    cast: Cast,
    case_id: UUID,
    draft_hash: str,
    result: str | None,
    reviewer: Principal | None = None,
) -> str:
    """Request a review and (unless ``result`` is None) record the opinion."""  # fmt: skip
    review_id, _ = jz.cases.request_review(cast.officer_a, case_id, draft_hash)
    if result is not None:
        jz.cases.record_opinion(
            reviewer or cast.reviewer,
            case_id,
            review_id,
            result=result,
            items=opinion_items(result == "passed"),
            signature="赵法制 2026年11月29日",
        )
    return review_id


def event_types(jz: Jianzheng, case_id: UUID) -> list[str]:
    """The case stream's event types, in order."""
    return [e.TYPE for e in jz.store.events.get(case_id)]  # type: ignore[attr-defined]


def second_head(jz: Jianzheng, name: str = "副局长甲", **extra: str) -> Principal:
    """Another head of the cast's agency (a collective discussion needs two: R-EN-7)."""
    head, _ = _principal(jz, "agency_head", name, **extra)
    return head


def heads_discuss(
    jz: Jianzheng,
    cast: Cast,
    case_id: UUID,
    draft_hash: str,
    *,
    participants: list[Principal] | None = None,
    held_on: str | None = None,
    conclusion: str = "decide_as_drafted",
) -> list[Any]:
    """Record the heads' collective discussion of a draft (R-EN-7): by default the cast's
    head and a second head, held today, deciding as drafted, with uploaded minutes."""
    from infra.clock import today

    people = participants if participants is not None else [cast.head, second_head(jz)]
    minutes = upload(jz, cast.officer_a, b"%PDF-1.4 minutes " + os.urandom(64), "application/pdf",
                     case_id=case_id)  # fmt: skip
    return jz.cases.record_collective_discussion(
        cast.head,
        case_id,
        draft_hash=draft_hash,
        participants=[p.actor_id for p in people],
        held_on=held_on or today().isoformat(),
        conclusion=conclusion,
        minutes_sha256=minutes,
    )

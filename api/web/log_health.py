"""The log's health, as oversight bodies and admins see it on their home screens.

One panel (``templates/log_health.html``): the newest signed checkpoint (origin, size, root,
how old), the leaves not yet under a checkpoint, an unresolved alarm (a stream the log could
not vouch for: no checkpoint is signed until a verification passes), each registered
witness's newest cosignature and its age, and the verification of the whole store — the last
result and a button that runs it now.

The verification is ``jz.verifications`` (``infra/verification_runs.py``): the same check as
``GET /v1/verification`` and ``jianzheng verify``, which record their runs there too, with who
started them. On a screen it runs in a background thread (a large store takes minutes): the
button starts it and comes back at once; the panel shows it running, and
``/static/log_health.js`` asks ``GET /log-health/verification`` each second how far it got and
reloads the page when it ends. Without JavaScript, reloading the page shows the same.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import App
from api.web.labels import beijing
from api.web.people import People, ago
from api.web.session import Screen, checked_form, safe_next
from domain.proof.checkpoint import parse_checkpoint, parse_note
from infra.application import Jianzheng, Principal
from infra.verification_runs import VerificationRun

VERIFY_PATH = "/log-health/verification"

router = APIRouter(include_in_schema=False)

STATE_LABELS = {
    "running": "正在核验",
    "finished": "已完成",
    "failed": "未能完成",
    "interrupted": "已中断（进程已停止）",
}
"""Where a verification run stands (``VerificationRun.state``)."""

VIA_LABELS = {
    "screen": "页面",
    "api": "接口 GET /v1/verification",
    "cli": "命令行 jianzheng verify",
}
"""How a run was started."""

PROBLEM_LABELS = {
    # chains (spec §1.5)
    "content-altered": "事件内容被改动",
    "event-missing": "事件缺失",
    "event-inserted": "被插入的事件",
    "order-changed": "事件顺序被改变",
    "undecodable": "事件无法解码",
    # evidence blobs (R-AV-4)
    "missing": "证据文件缺失",
    "altered": "证据文件被改动",
    # the transparency log (spec §9)
    "event-without-leaf": "事件未进入日志",
    "leaf-without-event": "日志叶子没有对应事件（事件被删除）",
    "leaf-differs-from-event": "日志叶子与事件不符（事件被改写）",
    "leaf-missing": "日志叶子缺失",
    "leaf-malformed": "日志叶子格式错误",
    "checkpoint-root-differs": "检查点根哈希与日志不符",
    "checkpoint-beyond-log": "检查点超出日志（日志被截短）",
    "checkpoint-signature": "检查点签名无效",
}
"""Each kind of break a verification names (README: break kinds), in words."""

STALE_CHECKPOINT_SECONDS = 600
"""A checkpoint older than this while leaves wait unsigned is flagged: the signer stopped."""

STALE_COSIGNATURE_SECONDS = 86400
"""A witness whose newest cosignature is older than a day is flagged."""


@dataclass(frozen=True)
class WitnessView:
    """A registered witness and its newest cosignature."""

    name: str
    size: int | None
    at: datetime | None
    on_latest: bool
    stale: bool


def _run_view(run: VerificationRun | None, people: People) -> dict[str, Any] | None:
    if run is None:
        return None
    state = run.state()
    return {
        "run_id": run.run_id,
        "state": state,
        "state_label": STATE_LABELS[state],
        "started_by": str(people(run.started_by)),
        "via": VIA_LABELS.get(run.via, run.via),
        "started_at": datetime.fromtimestamp(run.started_at, UTC),
        "finished_at": (
            None if run.finished_at is None else datetime.fromtimestamp(run.finished_at, UTC)
        ),
        "seconds": round((run.finished_at or run.beat_at) - run.started_at, 1),
        "checked": run.checked,
        "total": max(run.total, run.checked),
        "ok": run.ok,
        "report": run.report,
        "error": run.error,
    }


def health(jz: Jianzheng, by: Principal) -> dict[str, Any]:
    """Everything the panel shows, for oversight or an admin (the verification's own role
    check decides: 403 for anyone else)."""
    last, reported = jz.verifications.shown_to(by)
    people = People(jz)
    log = jz.log
    latest = log.latest()
    size = log.size()
    now = datetime.now(UTC)
    checkpoint = None
    if latest is not None:
        body, signatures = parse_note(latest.note)
        parsed = parse_checkpoint(body)
        signed_at = datetime.fromisoformat(latest.signed_at)
        checkpoint = {
            "origin": parsed.origin,
            "size": latest.size,
            "root": base64.b64encode(parsed.root).decode("ascii"),
            "root_hex": parsed.root.hex(),
            "signed_at": signed_at,
            "signers": [s.name for s in signatures],
            "stale": size > latest.size
            and (now - signed_at).total_seconds() > STALE_CHECKPOINT_SECONDS,
        }
    cosigned = log.last_cosigned()
    witnesses = []
    for key in jz.witness_keys():
        found = cosigned.get(key.name)
        at = None if found is None else datetime.fromtimestamp(found[1], UTC)
        witnesses.append(
            WitnessView(
                name=key.name,
                size=None if found is None else found[0],
                at=at,
                on_latest=found is not None and latest is not None and found[0] == latest.size,
                stale=at is None or (now - at).total_seconds() > STALE_COSIGNATURE_SECONDS,
            )
        )
    return {
        "origin": jz.settings.log_origin,
        "size": size,
        "checkpoint": checkpoint,
        "unsigned": size - (latest.size if latest is not None else 0),
        "alarm": log.alarm(),
        "witnesses": witnesses,
        "last": _run_view(last, people),
        "reported": _run_view(reported, people),
        "problem_labels": PROBLEM_LABELS,
        "ago": ago,
        "beijing": beijing,
        "verify_path": VERIFY_PATH,
    }


@router.post(VERIFY_PATH)
async def start_verification(request: Request, jz: App, signed: Screen) -> Response:
    """Run the verification of the whole store now, in the background (oversight, admin);
    back to the page the button was on. A run already working is not started twice."""
    form = await checked_form(request, signed)
    jz.verifications.start(signed.principal, via="screen")
    back = safe_next(str(form.get("next") or "/"))
    return RedirectResponse(back + "#log-health", status_code=303)


@router.get(VERIFY_PATH)
def verification_state(jz: App, signed: Screen) -> dict[str, Any]:
    """How far the last run got, for the panel's script (JSON)."""
    last, _ = jz.verifications.shown_to(signed.principal)
    if last is None:
        return {"state": "none"}
    return {
        "state": last.state(),
        "checked": last.checked,
        "total": max(last.total, last.checked),
        "ok": last.ok,
    }

"""Screens of the system administrator (系统管理员): the actors, their tokens and roles, and
the log's health.

The home (``/admin``) lists the actors with filters and the log's health panel
(``api/web/log_health.py``). An actor's page (``/admin/actors/{id}``) shows their roles in
force, dormant and pending, their certificates with whether each is valid today (持证上岗,
R-EN-3), legal qualifications and sanctions (R-SV-4), and their tokens; from it an admin
issues a token, revokes one, grants a role, and approves or rejects a role another admin
proposed (four eyes, R-CH-4).

One authorization path: each page and form calls what ``api/routes/actors.py`` calls, with the
signed-in principal; the services decide (admin only; nobody grants or approves for itself;
the proposer never approves). A refusal is shown on the actor's page beside the form it
concerns, answered 200 with the problem's code in ``Jianzheng-Refusal``.

**A new token is shown once.** Every other form answers with a redirect to the actor's page
(Post/Redirect/Get); issuing a token answers the page itself with the token on it, since a
redirect would have to carry the secret in a URL (history, logs). The page is never cached
(``Cache-Control: no-store``); sending the form again issues another token, which the list
of tokens shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import App
from api.web import forms, nav
from api.web.labels import role_label
from api.web.lists import Cursor, Text, blank, listed, page_request, with_refusal
from api.web.log_health import health
from api.web.people import People
from api.web.render import REFUSAL_HEADER
from api.web.screen import show
from api.web.session import Screen, Signed, checked_form
from domain.records.actors import Actor, Role
from domain.records.errors import JianzhengError
from domain.records.vocabulary import vocabulary
from infra.application import Jianzheng, require_role
from infra.clock import today
from infra.lists import ActorFilters
from infra.lists.actors import ACTOR_LIST

router = APIRouter(include_in_schema=False)

HOME = "/admin"
nav.entry(HOME, "人员与日志", Role.ADMIN, order=10)

STATUS_LABELS = dict(vocabulary("actor_status").labels)
"""An actor's standing (``domain.records.actors.Status``), as the API's vocabulary says it."""

STATUS_BADGES = {"active": "ok", "suspended": "warn", "revoked": "bad"}

REFUSALS = {
    "self-grant-forbidden": "任何人不能给自己授予、提议或批准角色。",
    "second-approver-required": "提议人不能批准自己的提议：须由另一名管理员批准。",
    "proposal-lapsed": "提议人提议后已被暂停或撤销，该提议已失效：可驳回后由在职管理员重新提议。",
    "proposal-not-pending": "该提议已处理，不再等待批准。",
    "proposal-already-decided": "该提议已处理。",
    "proposal-not-found": "没有这项提议。",
    "unbounded-jurisdiction": "区域为 * 的账户只能担任管理员：* 覆盖每一个儿童和案件。",
    "jurisdiction-unfit-for-role": "该账户的管辖区域与这个角色的层级不符。",
    "invalid-jurisdiction": "该账户的管辖区域不是有效的行政区划代码。",
    "unknown-role": "没有这个角色。",
    "actor-not-active": "该账户已被暂停或撤销。",
    "invalid-input": "填写有误。",
    "rule-violation": "不符合规则。",
    "forbidden": "只有系统管理员可以办理。",
    "actor-suspended": "您的账户已被暂停。",
    "not-found": "没有找到。",
}
"""What an admin reads when a form on the actor's page is refused (the problem's code beside)."""

DONE = {
    "token-revoked": "令牌已撤销，使用它的会话即刻失效。",
    "role-granted": "角色已授予，即时生效。",
    "role-proposed": "已提出授予该角色的提议：须由另一名管理员批准后生效。",
    "role-approved": "已批准，角色即时生效。",
    "role-rejected": "已驳回，该角色不会生效。",
}
"""What the actor's page says after a form succeeded (``?done=``)."""


def _certificate(c: dict[str, Any], on: date) -> dict[str, Any]:
    start, end = date.fromisoformat(c["valid_from"]), date.fromisoformat(c["valid_until"])
    state = "valid" if start <= on <= end else ("expired" if on > end else "not_yet")
    words = {"valid": "今日有效", "expired": "已过期", "not_yet": "尚未生效"}[state]
    return {**c, "state": state, "words": words}


def _tokens(jz: Jianzheng, actor: Actor) -> list[dict[str, Any]]:
    """The actor's tokens (never a token or its hash): id, when issued and by whom, and
    whether and when it was revoked, from the actor's own stream."""
    issued: dict[str, dict[str, Any]] = {}
    for e in jz.store.history(actor.id):
        envelope = e.envelope
        if envelope.type == "actors.TokenIssued":
            issued[str(envelope.data["token_id"])] = {"at": envelope.at, "by": envelope.actor}
        elif envelope.type == "actors.TokenRevoked":
            found = issued.setdefault(str(envelope.data["token_id"]), {})
            found.update(revoked_at=envelope.at, revoked_by=envelope.actor,
                         reason=envelope.data.get("reason"))  # fmt: skip
    people = People(jz)
    rows = []
    for token_id, record in actor.tokens.items():
        seen = issued.get(token_id, {})
        rows.append({
            "token_id": token_id,
            "revoked": record.revoked,
            "issued_at": seen.get("at"),
            "issued_by": people(seen.get("by")) if seen.get("by") else None,
            "revoked_at": seen.get("revoked_at"),
            "revoked_by": people(seen.get("revoked_by")) if seen.get("revoked_by") else None,
            "reason": seen.get("reason"),
        })  # fmt: skip
    return rows


def actor_page(
    request: Request,
    jz: Jianzheng,
    signed: Signed,
    actor_id: UUID,
    *,
    refusal: JianzhengError | None = None,
    refused_form: str = "",
    entered: dict[str, str] | None = None,
    token: dict[str, str] | None = None,
) -> HTMLResponse:
    """The actor's page (the check of ``GET /v1/actors/{id}``: admin only), with a refusal
    beside the form it concerns, or a new token shown once."""
    require_role(signed.principal, Role.ADMIN)
    actor = jz.get_actor(actor_id)
    on = today()
    summary = actor.summary(on)
    people = People(jz)
    pending = [
        {**p, "role_label": role_label(p["role"]), "proposer": people(p["proposed_by"]),
         "mine": p["proposed_by"] == signed.principal.actor_id}
        for p in summary["pending_roles"]
    ]  # fmt: skip
    answer = show(
        request,
        signed,
        "admin/actor.html",
        actor=summary,
        status_label=STATUS_LABELS.get(summary["status"], summary["status"]),
        status_badge=STATUS_BADGES.get(summary["status"], "muted"),
        roles=[role_label(r) for r in summary["roles"]],
        dormant=[role_label(r) for r in summary["dormant_roles"]],
        pending=pending,
        certificates=[_certificate(c, on) for c in summary["certificates"]],
        tokens=_tokens(jz, actor),
        grantable=[(r.value, role_label(r)) for r in Role if r not in actor.roles],
        people=people,
        itself=str(actor_id) == signed.principal.actor_id,
        refusal=refusal,
        refused_form=refused_form,
        entered=entered or {},
        token=token,
        done=DONE.get(str(request.query_params.get("done") or ""), ""),
        refusal_words=REFUSALS,
    )
    if refusal is not None:
        answer.headers[REFUSAL_HEADER] = refusal.code
    return answer


@router.get(HOME, response_class=HTMLResponse)
def home(
    request: Request,
    jz: App,
    signed: Screen,
    role: Text = None,
    agency: Text = None,
    status: Text = None,
    q: Text = None,
    sort: Text = None,
    order: Text = None,
    cursor: Cursor = None,
) -> HTMLResponse:
    """The actors (``GET /v1/actors``: admins only), filtered by role, agency, standing and
    name, and the log's health."""
    by = signed.principal
    filters = ActorFilters(role=blank(role), agency=blank(agency), status=blank(status), q=blank(q))
    found = listed(request, lambda: jz.lists.actors(by, filters, page_request(sort, order, cursor)))
    rows = [
        {**a, "role_labels": [role_label(r) for r in a["roles"]],
         "pending_labels": [role_label(p) for p in a["pending_roles"]]}
        for a in found.items
    ]  # fmt: skip
    answer = show(request, signed, "admin/home.html", rows=rows, listed=found, filters=filters,
                  roles={r.value: role_label(r) for r in Role}, statuses=STATUS_LABELS,
                  status_badges=STATUS_BADGES, sorts=ACTOR_LIST.labels(), sort=blank(sort),
                  health=health(jz, by), back=HOME)  # fmt: skip
    return with_refusal(answer, found.refusal)


def _back(actor_id: UUID, done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/actors/{actor_id}?done={done}", status_code=303)


@router.get("/admin/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, jz: App, signed: Screen, actor_id: UUID) -> HTMLResponse:
    """An actor's roles, certificates, sanctions, tokens and pending proposals."""
    return actor_page(request, jz, signed, actor_id)


@router.post("/admin/actors/{actor_id}/tokens", response_class=HTMLResponse)
async def issue_token(request: Request, jz: App, signed: Screen, actor_id: UUID) -> Response:
    """Issue another token (``POST /v1/actors/{id}/tokens``); the answer shows it once."""
    await checked_form(request, signed)
    try:
        token, token_id, _ = jz.issue_token(signed.principal, actor_id)
    except JianzhengError as exc:
        return actor_page(request, jz, signed, actor_id, refusal=exc, refused_form="issue")
    return actor_page(request, jz, signed, actor_id, token={"token": token, "token_id": token_id})


@router.post("/admin/actors/{actor_id}/tokens/{token_id}/revocation")
async def revoke_token(
    request: Request, jz: App, signed: Screen, actor_id: UUID, token_id: str
) -> Response:
    """Revoke one token with a reason (``POST …/tokens/{token_id}/revocation``)."""
    form = await checked_form(request, signed)
    entered = str(form.get("reason") or "")
    try:
        jz.revoke_token(signed.principal, actor_id, token_id[:64], forms.reason(form))
    except JianzhengError as exc:
        return actor_page(
            request, jz, signed, actor_id, refusal=exc, refused_form=f"revoke:{token_id}",
            entered={"reason": entered},
        )  # fmt: skip
    return _back(actor_id, "token-revoked")


@router.post("/admin/actors/{actor_id}/roles")
async def grant_role(request: Request, jz: App, signed: Screen, actor_id: UUID) -> Response:
    """Grant a further role (``POST /v1/actors/{id}/roles``): at once, or proposed for a
    second admin's approval (roles that open children's files, and admin)."""
    form = await checked_form(request, signed)
    role = str(form.get("role") or "")
    try:
        grant = jz.grant_role(signed.principal, actor_id, role)
    except JianzhengError as exc:
        return actor_page(request, jz, signed, actor_id, refusal=exc, refused_form="grant",
                          entered={"role": role})  # fmt: skip
    return _back(actor_id, "role-" + grant.status)


@router.post("/admin/actors/{actor_id}/role-proposals/{proposal_id}/approval")
async def approve_role(
    request: Request, jz: App, signed: Screen, actor_id: UUID, proposal_id: UUID
) -> Response:
    """Approve another admin's proposal (``…/role-proposals/{proposal_id}/approval``)."""
    await checked_form(request, signed)
    try:
        jz.approve_role_grant(signed.principal, actor_id, str(proposal_id))
    except JianzhengError as exc:
        return actor_page(request, jz, signed, actor_id, refusal=exc,
                          refused_form=f"proposal:{proposal_id}")  # fmt: skip
    return _back(actor_id, "role-approved")


@router.post("/admin/actors/{actor_id}/role-proposals/{proposal_id}/rejection")
async def reject_role(
    request: Request, jz: App, signed: Screen, actor_id: UUID, proposal_id: UUID
) -> Response:
    """Reject a proposal with a reason (``…/role-proposals/{proposal_id}/rejection``)."""
    form = await checked_form(request, signed)
    entered = str(form.get("reason") or "")
    try:
        jz.reject_role_grant(signed.principal, actor_id, str(proposal_id), forms.reason(form))
    except JianzhengError as exc:
        return actor_page(
            request, jz, signed, actor_id, refusal=exc, refused_form=f"proposal:{proposal_id}",
            entered={"reason": entered},
        )  # fmt: skip
    return _back(actor_id, "role-rejected")

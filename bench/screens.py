"""Benchmark 6: the screens beside the JSON API for the same data (issue 14).

Two pages people open all day, each beside the JSON a client of the API fetches to show the
same data: **a case page** (an officer's ``/cases/{id}``: the case and its whole timeline)
of a case of 200 events, beside ``GET /v1/cases/{id}`` plus ``GET /v1/cases/{id}/events``
by the same officer; and **the children's ledger** (a county's civil-affairs office,
``/children``: the first page of 50 over every child of the county, and the area's open
alerts above it) beside ``GET /v1/children?limit=50`` plus ``GET /v1/children/alerts``,
by the same person. The pages render that data and more (names, Chinese labels, the law's
next steps), from the same services.

The figure is **server time**: from the moment the app receives the request until it has
sent the last byte of the answer, measured by a thin ASGI wrapper around the app (no socket,
no client parsing), summed over the requests that fetch the data once, p95 over a round;
the page and the API are measured alternately in the same rounds, after a warm-up. The
data are made through the services (every event chained, every child's identity claimed),
as people would have made them.
Target: each page's p95 ≤ 1.5× the API's (the row's ``relative`` ≥ 0.67).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.app import create_app
from bench.core import Mode, Recorder, Results, Row, Target, say, timed
from bench.stores import Workspace
from domain.records.actors import Role
from infra.application import OPERATOR, Jianzheng, Principal

PAGE_TARGET = 1.5
"""A page's p95 server time at most this multiple of the JSON API's for the same data."""
CASE_EVENTS = 200
AGENCY = "淄博市市场监督管理局"
COUNTY = "370303"
CERTIFICATE = {"valid_from": "2020-01-01", "valid_until": "2035-12-31"}


class ServerClock:
    """ASGI middleware: how long each request spent in the app, first byte in to last out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seconds: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.seconds.append(time.perf_counter() - started)

        await self.app(scope, receive, timed_send)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]


def _actor(jz: Jianzheng, role: str, name: str, area: str, **extra: Any) -> tuple[Principal, str]:
    registered = jz.register_actor(
        OPERATOR, name=name, role=role, agency=extra.pop("agency", AGENCY), jurisdiction=area,
        **extra,
    )  # fmt: skip
    return Principal.of(registered.actor), registered.token


def make_case(jz: Jianzheng, events: int) -> tuple[UUID, str]:
    """A penalty case of ``events`` events (opening, then steps); its id and an officer's token."""
    officer, token = _actor(jz, "officer", "张三", COUNTY, certificate="鲁执-9001", **CERTIFICATE)
    second, _ = _actor(jz, "officer", "李四", COUNTY, certificate="鲁执-9002", **CERTIFICATE)
    case, _ = jz.cases.open_case(
        officer, action_type="penalty", title="淄博某食品有限公司销售过期食品案", agency=AGENCY,
        jurisdiction=COUNTY, officers=[officer.actor_id, second.actor_id],
        party={"kind": "organisation", "name": "淄博某食品有限公司"},
    )  # fmt: skip
    filed_on = jz.cases._case(case.id).filed_on.isoformat()
    for n in range(events - 1):
        jz.cases.record_step(
            officer, case.id, kind="other" if n % 2 else "credentials_shown",
            summary=f"第{n + 1}次现场检查：核对进货台账与库存，询问负责人。", evidence=[],
            touches=[], full_process_recording=None, present=[],
            occurred_at=f"{filed_on}T00:{n % 60:02d}:00+08:00",
        )  # fmt: skip
    return case.id, token


def make_children(jz: Jianzheng, count: int) -> str:
    """``count`` children in ten villages of one county; a civil-affairs token of the county."""
    keeper, token = _actor(jz, Role.CIVIL_AFFAIRS.value, "区民政局儿童福利科", COUNTY,
                           agency="淄博市张店区民政局")  # fmt: skip
    categories = [["poverty_life"], ["poverty_medical"], ["disability"], ["poverty_schooling"]]
    for n in range(count):
        village = f"{COUNTY}001{n % 10 + 1:03d}"
        jz.children.register(
            keeper,
            personal={"name": f"儿童{n:05d}", "id_number": f"370303201{n % 10}0517{n:04d}"[:18]},
            birth_date=f"201{n % 10}-05-17", sex="male" if n % 2 else "female",
            location={"county": COUNTY, "town": village[:9], "village": village},
            categories=categories[n % len(categories)], registered_on="2026-03-01",
            guardian={"name": f"家长{n:05d}", "relation": "father"},
        )  # fmt: skip
    return token


def signed_in(client: TestClient, token: str) -> None:
    """Sign ``client`` in on the screens with ``token``."""
    answer = client.post("/sign-in", data={"token": token}, follow_redirects=False)
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")


def compare(
    clock: ServerClock,
    page: Callable[[], list[Any]],
    api: Callable[[], list[Any]],
    requests: int,
    rounds: int,
    recorder: Recorder,
    name: str,
) -> tuple[float, float]:
    """p95 server seconds of ``page`` and ``api`` (each the sum of the requests one call
    makes: the JSON a client needs for the same data may take several), alternating, after
    a warm-up."""
    for _ in range(3):
        page()
        api()
    pages: list[float] = []
    apis: list[float] = []
    for _ in range(rounds):
        for call, into in ((page, pages), (api, apis)):
            for _ in range(requests):
                clock.seconds.clear()
                for answer in call():
                    if answer.status_code != 200:
                        raise RuntimeError(f"{name}: {answer.status_code} {answer.text[:200]}")
                into.append(sum(clock.seconds))
    recorder.add(f"screens_{name}_page", pages)
    recorder.add(f"screens_{name}_api", apis)
    return p95(pages), p95(apis)


def _row(what: str, backend: str, scale: str, page: float, api: float, api_what: str) -> Row:
    ratio = page / api
    return Row(
        "screens", what, backend, scale, "ms", page * 1000, api * 1000, api_what,
        higher_is_better=False,
        targets=(Target(f"page ≤ {PAGE_TARGET}× the JSON API", ratio <= PAGE_TARGET,
                        f"({ratio:.2f}×)"),),
    )  # fmt: skip


def run(
    workspace: Workspace, backends: list[str], mode: Mode, recorder: Recorder, results: Results
) -> None:
    """Both pages on every backend."""
    for backend in backends:
        jz = workspace.app(backend, "screens")
        try:
            run_on(jz, backend, mode, recorder, results)
        finally:
            jz.close()


def run_on(jz: Jianzheng, backend: str, mode: Mode, recorder: Recorder, results: Results) -> None:
    """Both pages over one backend's store."""
    children = 10_000 if mode.name == "full" else 1_000
    requests = 60 if mode.name == "full" else 20
    rounds = 3 if mode.name == "full" else 2
    seconds, (case_id, officer) = timed(lambda: make_case(jz, CASE_EVENTS))
    say(f"screens: a case of {CASE_EVENTS} events on {backend} in {seconds:.1f} s")
    seconds, keeper = timed(lambda: make_children(jz, children))
    say(f"screens: {children:,} children on {backend} in {seconds:.1f} s")
    jz.views.catch_up()
    clock = ServerClock(create_app(jianzheng=jz))
    html = {"accept": "text/html"}
    with TestClient(clock, base_url="http://127.0.0.1") as client:
        signed_in(client, officer)
        bearer = {"authorization": f"Bearer {officer}"}
        page_p95, api_p95 = compare(
            clock,
            lambda: [client.get(f"/cases/{case_id}", headers=html)],
            lambda: [client.get(f"/v1/cases/{case_id}", headers=bearer),
                     client.get(f"/v1/cases/{case_id}/events", headers=bearer)],
            requests, rounds, recorder, "case",
        )  # fmt: skip
    results.add(_row(f"case page, {CASE_EVENTS} events, p95", backend, "1 case",
                     page_p95, api_p95, "GET /v1/cases/{id} + /events"))  # fmt: skip
    with TestClient(clock, base_url="http://127.0.0.1") as client:
        signed_in(client, keeper)
        bearer = {"authorization": f"Bearer {keeper}"}
        page_p95, api_p95 = compare(
            clock,
            lambda: [client.get("/children", headers=html)],
            lambda: [client.get("/v1/children?limit=50", headers=bearer),
                     client.get("/v1/children/alerts", headers=bearer)],
            requests, rounds, recorder, "ledger",
        )  # fmt: skip
    results.add(_row("children's ledger page of 50, p95", backend, f"{children:,} children",
                     page_p95, api_p95, "GET /v1/children + /alerts"))  # fmt: skip

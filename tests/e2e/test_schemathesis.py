"""Generated requests against a served ``jianzheng serve``, with a token of every role.

Schemathesis draws requests for every operation of the app's OpenAPI document (valid ones
and, on purpose, invalid ones), and sends each with the token of a role drawn at random, or
none. Half of the drawn path parameters are replaced by ids of records that exist, so that
the answers are not all 404. Two properties are checked, each in a test of its own so that
one kind of failure does not hide the other:

* no answer is a server error, and every error answers ``application/problem+json`` with the
  RFC 9457 members and a stable ``code`` (README: "errors as RFC 9457 ...");
* every answer is what the OpenAPI document says: a documented status code, its content
  type, its headers and its schema.

Bounded: a fixed, small number of examples per operation, drawn deterministically, so the
file runs in well under two minutes and a failure reproduces on the next run.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from api.app import create_app

PROBLEM = "application/problem+json"
EXAMPLES = int(os.environ.get("JIANZHENG_FUZZ_EXAMPLES", "30"))
"""Examples per operation and test; raise it locally for a longer hunt."""

AGENCY = "淄博市市场监督管理局"
VILLAGE, TOWN, COUNTY = "370303001001", "370303001", "370303"

ROLES = {
    "officer": COUNTY,
    "legal_reviewer": COUNTY,
    "agency_head": COUNTY,
    "oversight": "370300",
    "court": COUNTY,
    "civil_affairs": COUNTY,
    "town_office": TOWN,
    "village_committee": VILLAGE,
    "police": COUNTY,
    "reporter": VILLAGE,
}
"""Every role but admin (the store's first admin is used), each covering the seeded records."""

CALLERS = [*ROLES, "admin", "anonymous"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "mode": "all"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": False},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_dict(create_app().openapi(), config=CONFIG)


# -- the served app -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """A server process, the tokens of its callers and ids of records it holds."""

    base: str
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        token = self.tokens.get(who)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def post(self, path: str, who: str, body: Any) -> dict[str, Any]:
        response = requests.post(self.base + path, json=body, headers=self.auth(who), timeout=10)
        assert response.status_code == 201, (path, response.status_code, response.text)
        answer: dict[str, Any] = response.json()
        return answer

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start(tmp: Path) -> tuple[subprocess.Popen[bytes], Served]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["JIANZHENG_DATA_DIR"] = str(tmp / "var")
    log = tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    served = Served(f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(served.base + "/healthz", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"the server did not answer /healthz:\n{served.log_tail()}")
    tokens = re.findall(r"jz_[A-Za-z0-9_-]{40,}", log.read_text())
    assert len(tokens) == 1, log.read_text()
    served.tokens["admin"] = tokens[0]
    # The second admin, who approves four-eyes grants, is registered at the console.
    second = subprocess.run(
        [sys.executable, "-m", "api", "actors", "add", "--name", "second", "--role", "admin",
         "--agency", AGENCY, "--jurisdiction", "*", "--json"],
        env=env, cwd=tmp, capture_output=True, text=True, check=True,
    )  # fmt: skip
    served.tokens["second_admin"] = json.loads(second.stdout)["token"]
    return proc, served


def seed(served: Served) -> None:
    """One actor per role, and a case, a child, a report and a petition they may reach."""
    cert = {"valid_from": "2020-01-01", "valid_until": "2035-12-31"}
    for n, (role, area) in enumerate(ROLES.items()):
        body: dict[str, Any] = {"name": role, "role": role, "agency": AGENCY, "jurisdiction": area}
        if role == "officer":
            body["certificate"] = {"number": f"鲁执-{n}", **cert}
        created = served.post("/v1/actors", "admin", body)
        pending = created["pending_approval"]
        if pending is not None:  # a role that opens children's files: a second admin approves
            served.post(
                f"/v1/actors/{created['actor_id']}/role-proposals/{pending['proposal_id']}"
                "/approval", "second_admin", None,
            )  # fmt: skip
        served.tokens[role] = created["token"]
        served.ids[f"{role}_id"] = created["actor_id"]
        served.ids["token_id"] = created["token_id"]
    partner = served.post("/v1/actors", "admin", {
        "name": "partner", "role": "officer", "agency": AGENCY, "jurisdiction": COUNTY,
        "certificate": {"number": "鲁执-99", **cert},
    })  # fmt: skip
    served.ids["actor_id"] = partner["actor_id"]
    case = served.post("/v1/cases", "officer", {
        "action_type": "penalty", "title": "某餐馆无证经营案", "agency": AGENCY,
        "jurisdiction": COUNTY, "officers": [served.ids["officer_id"], partner["actor_id"]],
        "party": {"kind": "person", "name": "刘某"},
    })["case_id"]  # fmt: skip
    draft = served.post(f"/v1/cases/{case}/drafts", "officer", {
        "measures": ["warning"], "facts": "未取得许可从事餐饮服务", "legal_basis": "食品安全法",
    })["draft_hash"]  # fmt: skip
    review = served.post(f"/v1/cases/{case}/reviews", "officer", {"draft_hash": draft})
    child = served.post("/v1/children", "village_committee", {
        "personal": {"name": "王小明"}, "birth_date": "2014-05-17", "sex": "male",
        "location": {"county": COUNTY, "town": TOWN, "village": VILLAGE},
        "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": {"name": "王大山", "relation": "father"},
    })["child_id"]  # fmt: skip
    report = served.post("/v1/reports", "reporter", {
        "reporter": {"name": "张老师"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "独自在家", "child_id": child,
    })["report_id"]  # fmt: skip
    petition = served.post("/v1/petitions", "civil_affairs", {
        "kind": "revoke", "child_id": child,
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": {"name": "王大山", "relation": "father"},
        "filed_on": "2026-11-22", "grounds": ["unsupervised_in_danger"],
        "particulars": {"refused_correction": True},
    })["petition_id"]  # fmt: skip
    served.ids.update(
        case_id=case,
        review_id=review["review_id"],
        child_id=child,
        report_id=report,
        petition_id=petition,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``jianzheng serve`` on a free loopback port over a new SQLite store, seeded."""
    proc, server = start(tmp_path_factory.mktemp("fuzz"))
    try:
        document = requests.get(server.base + "/openapi.json", timeout=10).json()
        assert document == json.loads(json.dumps(create_app().openapi())), "served ≠ generated"
        seed(server)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def send(case: Any, served: Served, who: str, real: bool) -> Any:
    """Send ``case`` as ``who``; with ``real``, its path parameters name stored records."""
    if real:
        for name in list(case.path_parameters):
            if name in served.ids:
                case.path_parameters[name] = served.ids[name]
    return case.call(base_url=served.base, headers=served.auth(who), timeout=30)


def reproduce(case: Any, response: Any, served: Served) -> str:
    """What to paste into a bug report: the request as curl, the answer, the server's log."""
    curl = case.as_curl_command(headers=dict(response.request.headers), base_url=served.base)
    body = response.content[:800].decode("utf-8", "replace")
    return (
        f"\n{curl}\n-> {response.status_code} {response.headers.get('content-type')}\n{body}\n"
        f"--- server log (tail) ---\n{served.log_tail()}"
    )


# -- tests ------------------------------------------------------------------------------------

SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


@schema.parametrize()
@schema.given(who=st.sampled_from(CALLERS), real=st.booleans())
@SETTINGS
def test_no_answer_is_a_server_error_and_every_error_is_a_problem(
    case: Any, who: str, real: bool, served: Served
) -> None:
    """No 5xx; every 4xx is application/problem+json with type, title, status, detail, code."""
    response = send(case, served, who, real)
    assert response.status_code < 500, f"server error as {who}" + reproduce(case, response, served)
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith(PROBLEM), f"not a problem as {who}" + reproduce(
            case, response, served
        )
        if case.method.upper() == "HEAD":
            return  # an answer to HEAD has no body (RFC 9110 §9.3.2): its headers say it all
        problem = json.loads(response.content)
        assert {"type", "title", "status", "detail", "code"} <= set(problem), reproduce(
            case, response, served
        )
        assert problem["status"] == response.status_code, reproduce(case, response, served)


@schema.parametrize()
@schema.given(who=st.sampled_from(CALLERS), real=st.booleans())
@SETTINGS
def test_every_answer_matches_the_openapi_document(
    case: Any, who: str, real: bool, served: Served
) -> None:
    """Each answer's status code, content type, headers and body are those documented."""
    response = send(case, served, who, real)
    case.validate_response(
        response,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_headers_conformance,
            checks.response_schema_conformance,
        ],
        headers=served.auth(who),
    )


def test_the_fuzzed_store_still_verifies(served: Served) -> None:
    """After every generated request, the chains, blobs and log of the store still verify."""
    response = requests.get(
        served.base + "/v1/verification", headers=served.auth("admin"), timeout=60
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ok"], report


def test_an_unknown_id_is_a_404_problem_not_a_crash(served: Served) -> None:
    """A well-formed id of nothing answers 404 not-found as a problem (a control for the above)."""
    missing = uuid.uuid4()
    response = requests.get(
        f"{served.base}/v1/cases/{missing}", headers=served.auth("admin"), timeout=10
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)

"""Make the stored-store fixture: a small SQLite store written by this commit's code.

Issue 12's acceptance asks that "a stored store made by today's main loads, verifies and
answers the same over the API". This script makes that store, the way an operator's
store is made: ``jianzheng init`` and ``jianzheng actors add`` on the console, then
``jianzheng serve`` and every command over HTTP, then the witness (``jianzheng log
add-witness``, ``checkpoint``, ``witness``) — no test helper, no private call. It writes:

* ``store/``: the data directory (``JIANZHENG_DATA_DIR``) exactly as the server left it —
  the SQLite file, the TEST log key, the TEST data key that seals children's files, blobs;
* ``settings.json``: the ``JIANZHENG_*`` settings the store was made with (its log origin);
* ``tokens.json``: the bearer tokens of the cast, by name (test tokens, valid only here);
* ``ids.json``: the ids the story made (actors, the case, the child, the report, …);
* ``TEST-witness.vkey``: the TEST witness's public key (its private key is thrown away);
* ``requests.json``: read-only calls, in the order they are replayed;
* ``answers.json``: what this commit answered to each, over a scratch copy of ``store/``;
* ``README.md``: what all this is, and that every key in it is a TEST key.

``tests/integration/test_stored_store.py`` replays ``requests.json`` with the current code
and asserts the same answers. Usage: ``python scripts/make_stored_store_fixture.py
[OUT_DIR] [--replace]``; OUT_DIR defaults to ``tests/fixtures/stored-store-<commit>`` (the
short id of ``HEAD``, ``-dirty`` when the code differs from it), and an existing folder is
kept unless ``--replace`` is given: a fixture made by an earlier commit is the proof that
its stores stay readable, so a new one goes beside it. Ids, tokens, keys and event times are
new on each run; the story, its claimed dates and the evidence bytes are fixed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODE = ("domain", "projections", "infra", "api")
AGENCY = "淄博市市场监督管理局"
AREA = "370303"
VILLAGE, TOWN = "370303001001", "370303001"
README = """\
# Stored store from commit {commit} (TEST keys — they sign nothing real)

A small SQLite store written by commit `{commit}` through its HTTP API and command line,
kept so that later code proves it still loads, verifies and answers the same (issue 12,
`tests/integration/test_stored_store.py`). Made by `scripts/make_stored_store_fixture.py`.

**Every key and token here is a test key, published on purpose; none signs, seals or opens
anything real.** Never copy them into a deployment.

Files:
- `store/`: the data directory (`JIANZHENG_DATA_DIR`) as the server left it;
  - `jianzheng.sqlite3`: the events ({events}), the log's leaves and {checkpoints}
    checkpoints, the projections;
  - `log.key`, `log.vkey`: the log's TEST Ed25519 key, named for the log origin
    `{origin}`;
  - `data.key`: the TEST AES-GCM key that seals the child's file and the report at rest;
  - `blobs/`: two evidence blobs (stand-ins: a 6 KiB MP4, a 1 KiB JPEG);
- `TEST-witness.vkey`: the public key of the TEST witness
  `{witness}`, which cosigned the newest checkpoint (its private key was thrown away);
- `settings.json`: the `JIANZHENG_*` settings the store was made with (its log origin);
- `tokens.json`: bearer tokens of the cast (TEST tokens, valid only for this store);
- `ids.json`: the ids the story made (actors, the case, the child, the report, …);
- `requests.json`: read-only calls, in replay order (those that record nothing first);
- `answers.json`: what {commit} answered to each (status, media type, body; the bundle
  without `exported_at`, the time of the request).

The story: the cast (officers with certificates, an agency head, two legal reviewers; a
court, an oversight body, a village committee, a town, civil affairs, the police and a
school, whose roles open children's files and so held only once a second admin approved them
— four eyes); the agency's own catalogue proposed by one reviewer and approved by the other;
a penalty case filed, two steps (one with the two evidence blobs), a major draft, the
decision refused at the gate (recorded), a legal review passed, the decision after
collective discussion, publication, closure; a left-behind child's file with an entrusted
guardianship, a school's mandatory report, the police response, temporary guardianship, the
town informed, an assessment; a witness added and a checkpoint it cosigned covering every
event.

Made with `python scripts/make_stored_store_fixture.py`; a fixture made by a later commit
goes beside this one (`stored-store-<commit>/`), and this one stays, as the proof that
{commit}'s stores remain readable. Replace it (`--replace`) only when a change *means* to
alter stored bytes or answers, and say so in `CHANGELOG.md`. Ids, tokens, keys and event
times are new on each run; the story, its claimed dates and the evidence bytes are fixed.
"""
# Answers that name the time of the request itself, not the store's content.
PER_REQUEST_FIELDS = {"bundle": ("exported_at",)}


def free_port() -> int:
    """A free loopback port for the server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Api:
    """A tiny JSON client that stops the script on any unexpected status."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        raw: bytes | None = None,
        media_type: str = "application/json",
        expect: int = 201,
    ) -> Any:
        """Send one request; its JSON answer."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", media_type)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, json.loads(exc.read())
        if status != expect:
            sys.exit(f"fixture: {method} {path} answered {status}, expected {expect}: {payload}")
        return payload


class Cli:
    """``python -m api`` against the work store."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def run(self, *args: str) -> str:
        """Run one command; its standard output (the script stops if it fails)."""
        done = subprocess.run(
            [sys.executable, "-m", "api", *args],
            env=self.env, capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"fixture: jianzheng {' '.join(args)} failed: {done.stdout}{done.stderr}")
        return done.stdout


def mp4(size: int) -> bytes:
    """A small MP4 with fixed content: an ``ftyp`` box, then an ``mdat`` box."""
    ftyp = (24).to_bytes(4, "big") + b"ftyp" + b"isom" + (512).to_bytes(4, "big") + b"isommp42"
    body = bytes(i % 251 for i in range(size - 32))
    return ftyp + (8 + len(body)).to_bytes(4, "big") + b"mdat" + body


def sha(n: int) -> str:
    """A stand-in SHA-256 of a paper document (agreements, hand-overs, rulings)."""
    return f"{n:064x}"


def commit_name() -> str:
    """The short id of ``HEAD``, with ``-dirty`` when the code differs from it."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short=7", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    clean = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", *CODE], check=False)
    return head if clean.returncode == 0 else f"{head}-dirty"


def build(
    work: Path, settings: dict[str, str], witness: str, witness_vkey: Path
) -> tuple[dict[str, str], dict[str, str]]:
    """Make the store in ``work/var``; returns (tokens by name, ids by name)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env |= settings | {"JIANZHENG_DATA_DIR": str(work / "var"), "PYTHONPATH": str(ROOT)}
    # No background checkpoint while the story runs: the one cosigned at the end is the
    # newest, and covers every event.
    env["JIANZHENG_CHECKPOINT_INTERVAL_SECONDS"] = "86400"
    cli = Cli(env)
    admin = json.loads(cli.run("init", "--json"))["admin_token"]
    # The console operator registers the second admin (the bootstrap path, README).
    approver = json.loads(cli.run(
        "actors", "add", "--name", "第二管理员", "--role", "admin", "--agency", "jianzheng",
        "--jurisdiction", "*", "--json",
    ))["token"]  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    api = Api(f"http://127.0.0.1:{port}")
    try:
        for _ in range(200):
            try:
                api.call("GET", "/healthz", expect=200)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        tokens = {"admin": admin, "second_admin": approver}
        ids: dict[str, str] = {}
        enforcement_story(api, tokens, ids)
        children_story(api, tokens, ids)
        # An oversight body's witness: registered on the console, then it cosigns the
        # checkpoint that covers the whole story (the bundle prefers a cosigned one).
        with tempfile.TemporaryDirectory() as keys:
            key = Path(keys) / "witness.key"
            witness_vkey.write_text(cli.run("witness", "keygen", "--name", witness,
                                            "-o", str(key)))  # fmt: skip
            cli.run("log", "add-witness", str(witness_vkey))
            cli.run("checkpoint")
            log_vkey = Path(keys) / "log.vkey"
            log_vkey.write_text(cli.run("log", "key"))
            cli.run("witness", "--log", api.base, "--log-key", str(log_vkey), "--key", str(key),
                    "--state", str(Path(keys) / "state.json"))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(cli.run("verify"), end="")
    return tokens, ids


def enforcement_story(api: Api, tokens: dict[str, str], ids: dict[str, str]) -> None:
    """Cast, an agency catalogue by four eyes, and a major penalty case from filing to close."""
    admin = tokens["admin"]
    cert = {"valid_from": "2024-01-01", "valid_until": "2030-12-31"}

    def actor(key: str, name: str, role: str, **extra: Any) -> None:
        """Registered by the admin; a role that opens children's files (court, oversight)
        holds once the second admin approves it (R-CH-4, four eyes)."""
        body = {"name": name, "role": role, "agency": AGENCY, "jurisdiction": AREA, **extra}
        answer = api.call("POST", "/v1/actors", admin, body)
        tokens[key], ids[key] = answer["token"], answer["actor_id"]
        if answer.get("pending_approval"):
            api.call("POST", f"/v1/actors/{answer['actor_id']}/role-proposals/"
                     f"{answer['pending_approval']['proposal_id']}/approval",
                     tokens["second_admin"])  # fmt: skip

    actor("officer_a", "张三", "officer", certificate={"number": "鲁执法-370303-001", **cert})
    actor("officer_b", "李四", "officer", certificate={"number": "鲁执法-370303-002", **cert})
    actor("head", "王局长", "agency_head")
    actor("reviewer", "赵法制", "legal_reviewer")
    actor("reviewer_2", "钱法制", "legal_reviewer")
    actor("court", "张店区人民法院", "court")
    actor(
        "oversight", "市司法局执法监督科", "oversight", agency="淄博市司法局", jurisdiction="370300"
    )
    # A second role for officer B, granted by the admin (R-AC-1: one actor, several roles).
    api.call("POST", f"/v1/actors/{ids['officer_b']}/roles", admin, {"role": "legal_reviewer"})

    # The agency's own catalogue: proposed by one reviewer, approved by another (R-LR-10).
    baseline = api.call("GET", "/v1/catalogue", tokens["reviewer"], expect=200)
    proposal = api.call("POST", "/v1/catalogue/proposals", tokens["reviewer"], {
        "jurisdiction": AREA, "data": baseline["data"], "note": "本局目录沿用国家基线",
    })  # fmt: skip
    ids["catalogue"] = proposal["catalogue_id"]
    api.call(
        "POST", f"/v1/catalogue/agencies/{proposal['catalogue_id']}/proposals/"
        f"{proposal['proposal_id']}/approval", tokens["reviewer_2"], expect=200,
    )  # fmt: skip

    a, head = tokens["officer_a"], tokens["head"]
    case = api.call("POST", "/v1/cases", a, {
        "action_type": "penalty", "title": "某餐饮店使用过期原料案", "agency": AGENCY,
        "jurisdiction": AREA, "officers": [ids["officer_a"], ids["officer_b"]],
        "party": {"kind": "organisation", "name": "淄博某餐饮管理有限公司"},
        "filed_on": "2026-11-02",
    })  # fmt: skip
    case_id = ids["case"] = case["case_id"]
    base = f"/v1/cases/{case_id}"
    for_case = f"/v1/evidence?purpose=case&case_id={case_id}"
    video = api.call("POST", for_case, a, raw=mp4(6 * 1024), media_type="video/mp4")
    photo = api.call("POST", for_case, a, raw=b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
                     media_type="image/jpeg")  # fmt: skip
    shown = {"kind": "credentials_shown", "summary": "出示执法证件，告知当事人权利义务"}
    api.call("POST", f"{base}/steps", a, shown)
    api.call("POST", f"{base}/steps", a, {
        "kind": "on_site_inspection", "summary": "检查后厨，发现过期原料12袋",
        "evidence": [video["sha256"], photo["sha256"]],
    })  # fmt: skip
    draft = api.call("POST", f"{base}/drafts", a, {
        "measures": ["fine", "suspension"], "fine_fen": 5_000_000,
        "facts": "当事人使用超过保质期的食品原料", "legal_basis": "《食品安全法》第一百二十四条",
        "discretion": "情节较重",
    })  # fmt: skip
    ids["draft_hash"] = draft["draft_hash"]
    # The gate (R-LR-1): a major decision without a passed review is refused and recorded.
    api.call("POST", f"{base}/decision", head, {"draft_hash": draft["draft_hash"]}, expect=409)
    review = api.call("POST", f"{base}/reviews", a, {"draft_hash": draft["draft_hash"]})
    items = {
        k: {"ok": True, "note": "符合规定"}
        for k in ("subject", "jurisdiction", "procedure", "facts", "discretion", "law_application")
    }
    api.call("POST", f"{base}/reviews/{review['review_id']}/opinion", tokens["reviewer"],
             {"result": "passed", "items": items, "signature": "赵法制",
              "reviewed_on": "2026-11-20"})  # fmt: skip
    api.call("POST", f"{base}/decision", head,
             {"draft_hash": draft["draft_hash"], "decided_on": "2026-11-23",
              "collective_discussion": {"participants": ["王局长", "副局长甲", "副局长乙"],
                                        "held_on": "2026-11-23"}})  # fmt: skip
    api.call("POST", f"{base}/publication", a,
             {"summary": "某餐饮公司使用过期原料，罚款五万元，责令停业整顿"})  # fmt: skip
    # Since issue 13 a decision closes only once served and executed (R-EN-6); a store made
    # at 395df48 has neither event, and its case closed without them.
    api.call("POST", f"{base}/service", a, {"method": "direct", "served_on": "2026-11-24"})
    api.call("POST", f"{base}/execution", a, {"status": "paid", "note": "罚款已缴纳"})
    api.call("POST", f"{base}/closure", head, {"reason": "执行完毕，结案"})


def children_story(api: Api, tokens: dict[str, str], ids: dict[str, str]) -> None:
    """A left-behind child: entrusted, reported living alone, temporary care, assessed."""
    admin, approver = tokens["admin"], tokens["second_admin"]

    def actor(key: str, name: str, role: str, area: str) -> None:
        """Proposed by one admin; the role opens children's files once a second approves."""
        body = {"name": name, "role": role, "agency": name, "jurisdiction": area}
        answer = api.call("POST", "/v1/actors", admin, body)
        pending = answer["pending_approval"]
        api.call("POST", f"/v1/actors/{answer['actor_id']}/role-proposals/"
                 f"{pending['proposal_id']}/approval", approver)  # fmt: skip
        tokens[key], ids[key] = answer["token"], answer["actor_id"]

    actor("committee", "某村村民委员会", "village_committee", VILLAGE)
    actor("town", "某镇人民政府", "town_office", TOWN)
    actor("civil", "张店区民政局", "civil_affairs", AREA)
    actor("police", "某派出所", "police", AREA)
    actor("school", "某村小学", "reporter", VILLAGE)

    child = api.call("POST", "/v1/children", tokens["committee"], {
        "personal": {"name": "王小明", "id_number": "370303201405170017",
                     "address": "某村幸福路8号"},
        "birth_date": "2014-05-17", "sex": "male",
        "location": {"county": AREA, "town": TOWN, "village": VILLAGE},
        "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": {"name": "王大山", "relation": "father"},
    })  # fmt: skip
    child_id = ids["child"] = child["child_id"]
    base = f"/v1/children/{child_id}"
    api.call(
        "POST",
        f"{base}/left-behind",
        tokens["committee"],
        {"entered_on": "2026-03-02", "parents": {"father": "away", "mother": "away"}},
    )
    dated = {"by": "村民委员会", "on": "2026-03-03"}
    api.call("POST", f"{base}/guardianship", tokens["town"], {
        "kind": "entrusted_other", "guardian": {"name": "周热心", "relation": "neighbour"},
        "legal_basis": "C5 委托监护", "effective_on": "2026-03-05", "committee_consent": dated,
        "agreement_sha256": sha(1),
        "signatures": {"guardian": {"on": "2026-03-04"},
                       "entrusted_guardian": {"on": "2026-03-04"},
                       "supervisor": {"on": "2026-03-04"}},
        "filings": {"town": {"on": "2026-03-05"}, "committee": {"on": "2026-03-05"}},
        "exclusion_check": {**dated, "found": []},
    })  # fmt: skip
    report = api.call("POST", "/v1/reports", tokens["school"], {
        "reporter": {"name": "张老师", "unit": "某村小学"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "学生连续三天独自在家",
        "child_id": child_id,
    })  # fmt: skip
    report_id = ids["report"] = report["report_id"]
    rbase = f"/v1/reports/{report_id}"
    api.call("POST", f"{rbase}/police-response", tokens["police"], {
        "responded_at": "2026-11-20T09:00:00Z", "parents_reached": False,
        "actions": ["notify_parents", "escort_to_relatives"], "handover_sha256": sha(2),
    })  # fmt: skip
    api.call("POST", f"{base}/guardianship", tokens["police"], {
        "kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
        "legal_basis": "C4 临时监护", "effective_on": "2026-11-20", "handover_sha256": sha(2),
        "report_id": report_id,
    })  # fmt: skip
    api.call(
        "POST",
        f"{rbase}/town-informed",
        tokens["police"],
        {"town": TOWN, "informed_at": "2026-11-20T10:00:00Z"},
    )
    api.call("POST", f"{base}/assessments", tokens["town"], {
        "result": "poor", "criteria": ["no_guardian", "needs_not_secured"],
        "help_plan": "临时照料，心理辅导，联系父母", "assessed_on": "2026-11-21",
    })  # fmt: skip


Request = dict[str, Any]


def requests_for(ids: dict[str, str]) -> tuple[list[Request], list[Request]]:
    """The read-only calls in replay order: (those that record nothing, the reads that are
    themselves recorded — R-CH-4, R-AC-3 — each once, the bundle export last)."""
    case, child, report = ids["case"], ids["child"], ids["report"]
    why = "reason=" + urllib.parse.quote("法院调卷 (fixture)")

    def get(name: str, path: str, caller: str, kind: str = "json") -> Request:
        return {"name": name, "method": "GET", "path": path, "caller": caller, "kind": kind}

    plain = [
        get("me", "/v1/me", "officer_a"),
        get("actor", f"/v1/actors/{ids['officer_b']}", "admin"),
        get("catalogue baseline", "/v1/catalogue", "officer_a"),
        get(
            "catalogue in force",
            f"/v1/catalogue?agency={urllib.parse.quote(AGENCY)}&jurisdiction={AREA}",
            "officer_a",
        ),
        get("agency catalogue", f"/v1/catalogue/agencies/{ids['catalogue']}", "reviewer"),
        get("case by its officer", f"/v1/cases/{case}", "officer_a"),
        get("case events by its officer", f"/v1/cases/{case}/events", "officer_a"),
        get("log checkpoint", "/v1/log/checkpoint", "nobody", "text"),
        get("log key", "/v1/log/key", "nobody", "text"),
        get("log keys", "/v1/log/keys", "nobody"),
        get("verification", "/v1/verification", "oversight"),
        get("oversight reviews", "/v1/oversight/reviews", "oversight"),
        get("oversight blocked decisions", "/v1/oversight/blocked-decisions", "oversight"),
        get("oversight catalogue revisions", "/v1/oversight/catalogue-revisions", "oversight"),
        get("oversight role grants", "/v1/oversight/role-grants", "oversight"),
        get("children ledger", "/v1/children", "civil"),
        get(
            "children ledger, left-behind in the town",
            f"/v1/children?town={TOWN}&left_behind=true",
            "town",
        ),
        get("report pipeline", "/v1/reports", "civil"),
    ]
    # Each of these appends an event: they come after every other call, so that those see
    # the store exactly as the fixture holds it, and in a fixed order.
    recorded = [
        get("child's file by the village committee", f"/v1/children/{child}", "committee"),
        get("child's file by the police", f"/v1/children/{child}?{why}", "police"),
        get("report by its reporter", f"/v1/reports/{report}", "school"),
        get("report by the police", f"/v1/reports/{report}?{why}", "police"),
        get("case by the court", f"/v1/cases/{case}?{why}", "court"),
        get("bundle", f"/v1/cases/{case}/bundle?{why}", "court", "bundle"),
    ]
    return plain, recorded


def proof_requests(answers: list[dict[str, Any]]) -> list[Request]:
    """Proofs over the checkpoint the log serves: an event's inclusion, an earlier size's
    consistency (the sizes come from the recorded checkpoint, so they are fixed)."""
    note = next(a["body"] for a in answers if a["name"] == "log checkpoint")
    size = int(note.split("\n")[1])
    events = next(a["body"] for a in answers if a["name"] == "case events by its officer")
    closed = events["events"][-1]["event_hash"]

    def get(name: str, path: str) -> Request:
        return {"name": name, "method": "GET", "path": path, "caller": "nobody", "kind": "json"}

    return [
        get(
            "inclusion of the case's last event",
            f"/v1/log/proof/inclusion?size={size}&event_hash={closed}",
        ),
        get("inclusion of leaf 0", f"/v1/log/proof/inclusion?size={size}&index=0"),
        get("consistency", f"/v1/log/proof/consistency?from={size // 3}&to={size}"),
    ]


def answer(client: Any, request: Request, tokens: dict[str, str]) -> dict[str, Any]:
    """One call's answer as recorded: status, media type, body (JSON or text)."""
    headers = {}
    if request["caller"] != "nobody":
        headers["Authorization"] = f"Bearer {tokens[request['caller']]}"
    response = client.request(request["method"], request["path"], headers=headers)
    if response.status_code != 200:
        sys.exit(f"fixture: {request['name']} answered {response.status_code}: {response.text}")
    body: Any = response.text if request["kind"] == "text" else response.json()
    for field in PER_REQUEST_FIELDS.get(request["kind"], ()):
        body.pop(field)
    return {
        "name": request["name"],
        "status": response.status_code,
        "content_type": response.headers["content-type"],
        "body": body,
    }


def record(out: Path, origin: str, tokens: dict[str, str], ids: dict[str, str]) -> None:
    """Replay the requests over a scratch copy of ``out/store`` and write the answers."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from infra.application import Jianzheng
    from infra.settings import Settings

    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        shutil.copytree(out / "store", store)
        settings = Settings(data_dir=store, log_origin=origin)
        jz = Jianzheng(settings)
        try:
            with TestClient(create_app(jianzheng=jz)) as client:
                plain, recorded = requests_for(ids)
                answers = [answer(client, r, tokens) for r in plain]
                proofs = proof_requests(answers)
                answers += [answer(client, r, tokens) for r in [*proofs, *recorded]]
        finally:
            jz.close()
    write_json(out / "requests.json", [*plain, *proofs, *recorded])
    write_json(out / "answers.json", answers)


def write_json(path: Path, value: Any) -> None:
    """Stable, readable JSON (sorted keys, Chinese as is)."""
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def main() -> int:
    """Make the fixture (see the module docstring for the arguments)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", nargs="?", type=Path, help="the fixture folder to write")
    parser.add_argument("--replace", action="store_true", help="replace an existing folder")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    commit = commit_name()
    out: Path = args.out or ROOT / "tests" / "fixtures" / f"stored-store-{commit}"
    if out.exists() and not args.replace:
        sys.exit(f"fixture: {out} exists; a new fixture goes beside it (or give --replace)")
    # The log's origin is also its key's name, and the witness's name is in its key: both
    # say that the keys are test keys.
    origin = f"test-only.jianzheng.invalid/fixture-{commit}"
    witness = f"TEST-ONLY-witness-fixture-{commit}"
    settings = {"JIANZHENG_LOG_ORIGIN": origin}
    with tempfile.TemporaryDirectory(prefix="jianzheng-fixture-") as tmp:
        work = Path(tmp)
        witness_vkey = work / "witness.vkey"
        tokens, ids = build(work, settings, witness, witness_vkey)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        shutil.copytree(work / "var", out / "store")
        shutil.copyfile(witness_vkey, out / "TEST-witness.vkey")
    leftovers = [p.name for p in (out / "store").iterdir() if p.name.endswith(("-wal", "-shm"))]
    if leftovers:
        sys.exit(f"fixture: the store was not closed cleanly ({leftovers})")
    write_json(out / "settings.json", settings)
    write_json(out / "tokens.json", tokens)
    write_json(out / "ids.json", ids)
    record(out, origin, tokens, ids)
    verified = next(
        a["body"]
        for a in json.loads((out / "answers.json").read_text())
        if a["name"] == "verification"
    )
    (out / "README.md").write_text(
        README.format(
            commit=commit, origin=origin, witness=witness, events=verified["events"],
            checkpoints=verified["checkpoints_checked"],
        )
    )  # fmt: skip
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"fixture written to {out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

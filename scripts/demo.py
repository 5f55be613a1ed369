"""`make demo`: the enforcement story end to end through the HTTP API, on a fresh store.

Starts `jianzheng serve` on a free loopback port over a new data directory
(`$DEMO_DIR`, default: a new temporary folder), then: registers the cast, opens a
penalty case, records two steps with evidence, submits a major draft, attempts the
decision (blocked: 409 legal-review-required, recorded), passes a legal review,
decides, publishes, closes, and runs `jianzheng verify`. Every write prints its
event hashes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

AGENCY = "淄博市市场监督管理局"
AREA = "370303"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Api:
    """A tiny JSON client for the demo."""

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
            sys.exit(f"demo: {method} {path} answered {status}, expected {expect}: {payload}")
        return payload


def show(title: str, answer: dict[str, Any]) -> None:
    print(f"\n▶ {title}")
    for event in answer.get("events", []):
        print(f"    {event['type']:<32} seq {event['seq']:<3} {event['event_hash']}")


def main() -> int:
    demo_dir = Path(os.environ.get("DEMO_DIR") or tempfile.mkdtemp(prefix="jianzheng-demo-"))
    demo_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["JIANZHENG_DATA_DIR"] = str(demo_dir / "var")
    jianzheng = [sys.executable, "-m", "api"]

    init = subprocess.run(
        [*jianzheng, "init", "--json"], env=env, capture_output=True, text=True, check=True
    )
    admin = json.loads(init.stdout)["admin_token"]
    if admin is None:
        sys.exit(f"demo: {demo_dir} already holds a store; point DEMO_DIR at a new folder")
    # Roles that open children's files take two admins (one proposes, another approves);
    # the console operator registers the second admin (the bootstrap path, README).
    second = subprocess.run(
        [*jianzheng, "actors", "add", "--name", "第二管理员", "--role", "admin",
         "--agency", "jianzheng", "--jurisdiction", "*", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    approver = json.loads(second.stdout)["token"]
    port = free_port()
    server = subprocess.Popen(
        [*jianzheng, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    api = Api(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                api.call("GET", "/healthz", expect=200)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        return story(api, (admin, approver), jianzheng, env, demo_dir)
    finally:
        server.terminate()
        server.wait(timeout=10)


def story(
    api: Api, admins: tuple[str, str], jianzheng: list[str], env: dict[str, str], demo_dir: Path
) -> int:
    admin = admins[0]
    cert = {"valid_from": "2024-01-01", "valid_until": "2030-12-31"}

    def actor(name: str, role: str, **extra: Any) -> dict[str, Any]:
        body = {"name": name, "role": role, "agency": AGENCY, "jurisdiction": AREA, **extra}
        answer: dict[str, Any] = api.call("POST", "/v1/actors", admin, body)
        show(f"register {role} {name}", answer)
        return answer

    a = actor("张三", "officer", certificate={"number": "鲁执法-370303-001", **cert})
    b = actor("李四", "officer", certificate={"number": "鲁执法-370303-002", **cert})
    head = actor("王局长", "agency_head")
    deputy = actor("李副局长", "agency_head")
    reviewer = actor("赵法制", "legal_reviewer")
    show("legal professional qualification of 赵法制 (法律职业资格, R-LR-5)", api.call(
        "POST", f"/v1/actors/{reviewer['actor_id']}/legal-qualifications", admin,
        {"number": "A20193703030001", "obtained_on": "2019-03-01"},
    ))  # fmt: skip

    case = api.call(
        "POST", "/v1/cases", a["token"],
        {"action_type": "penalty", "title": "某餐饮店使用过期原料案", "agency": AGENCY,
         "jurisdiction": AREA, "officers": [a["actor_id"], b["actor_id"]],
         "party": {"kind": "organisation", "name": "淄博某餐饮管理有限公司"}},
    )  # fmt: skip
    case_id = case["case_id"]
    show(f"open penalty case {case_id}", case)

    # Stand-ins with the containers' real signatures (the upload checks them): an MP4's
    # ftyp box before its media data, a JPEG's start-of-image marker.
    clip = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp42" + os.urandom(64 * 1024)
    for_case = f"/v1/evidence?purpose=case&case_id={case_id}"
    video = api.call("POST", for_case, a["token"], raw=clip, media_type="video/mp4")
    print(f"\n▶ upload body-camera video: sha256 {video['sha256']} ({video['size']} bytes)")
    photo = api.call("POST", for_case, a["token"], raw=b"\xff\xd8\xff\xe0" + os.urandom(8 * 1024),
                     media_type="image/jpeg")  # fmt: skip
    print(f"▶ upload photo: sha256 {photo['sha256']}")
    show("step: credentials shown, party informed (事中公示)", api.call(
        "POST", f"/v1/cases/{case_id}/steps", a["token"],
        {"kind": "credentials_shown", "summary": "出示执法证件，告知当事人权利义务"},
    ))  # fmt: skip
    show("step: on-site inspection with AV record (现场检查)", api.call(
        "POST", f"/v1/cases/{case_id}/steps", a["token"],
        {"kind": "on_site_inspection", "summary": "检查后厨，发现过期原料12袋",
         "evidence": [video["sha256"], photo["sha256"]]},
    ))  # fmt: skip

    draft = api.call(
        "POST", f"/v1/cases/{case_id}/drafts", a["token"],
        {"measures": ["fine", "suspension"], "fine_fen": 5_000_000,
         "facts": "当事人使用超过保质期的食品原料", "legal_basis": "《食品安全法》第一百二十四条",
         "discretion": "情节较重"},
    )  # fmt: skip
    show(f"draft {draft['draft_hash'][:16]}… major={draft['major']} "
         f"rules={draft['matched_rules']}", draft)  # fmt: skip

    blocked = api.call(
        "POST", f"/v1/cases/{case_id}/decision", head["token"],
        {"draft_hash": draft["draft_hash"]}, expect=409,
    )  # fmt: skip
    print(f"\n▶ decision without review: {blocked['status']} {blocked['code']}")
    for event in blocked["recorded"]:
        print(f"    {event['type']:<32} seq {event['seq']:<3} {event['event_hash']}")

    review = api.call("POST", f"/v1/cases/{case_id}/reviews", a["token"],
                      {"draft_hash": draft["draft_hash"]})  # fmt: skip
    show("legal review requested", review)
    items: dict[str, Any] = {
        k: {"ok": True, "note": "符合规定"}
        for k in ("subject", "jurisdiction", "procedure", "facts", "discretion", "law_application",
                  "qualification", "evidence", "documents", "crime_transfer")
    }  # fmt: skip
    items["crime_transfer"]["crime_suspected"] = False
    show("legal review passed (法制审核通过)", api.call(
        "POST", f"/v1/cases/{case_id}/reviews/{review['review_id']}/opinion", reviewer["token"],
        {"result": "passed", "items": items, "signature": "赵法制"},
    ))  # fmt: skip
    # 责令停产停业 is decided collectively by the agency's heads (R-EN-7, 第57条第2款).
    minutes = api.call("POST", for_case, a["token"], raw=b"%PDF-1.4\n" + os.urandom(4096),
                       media_type="application/pdf")  # fmt: skip
    show("collective discussion by the heads (集体讨论)", api.call(
        "POST", f"/v1/cases/{case_id}/collective-discussions", head["token"],
        {"draft_hash": draft["draft_hash"], "participants": [head["actor_id"], deputy["actor_id"]],
         "held_on": datetime.now(timezone(timedelta(hours=8))).date().isoformat(),
         "conclusion": "decide_as_drafted", "minutes_sha256": minutes["sha256"]},
    ))  # fmt: skip
    show("decision made", api.call("POST", f"/v1/cases/{case_id}/decision", head["token"],
                                   {"draft_hash": draft["draft_hash"]}))  # fmt: skip
    summary = "某餐饮公司使用过期原料，罚款五万元，责令停业整顿"
    published = api.call(
        "POST", f"/v1/cases/{case_id}/publication", a["token"], {"summary": summary}
    )
    show(f"published (due {published['due_on']}, on time: {published['on_time']})", published)
    show("decision served (送达)", api.call("POST", f"/v1/cases/{case_id}/service", a["token"],
                                          {"method": "direct"}))  # fmt: skip
    show("fine paid (执行)", api.call("POST", f"/v1/cases/{case_id}/execution", a["token"],
                                    {"status": "paid", "note": "罚款已缴纳"}))  # fmt: skip
    show("case closed", api.call("POST", f"/v1/cases/{case_id}/closure", head["token"],
                                 {"reason": "执行完毕，结案"}))  # fmt: skip

    children_story(api, admins)
    found = [str(p) for p in (demo_dir / "var").rglob("*") if p.is_file()
             and "王小明".encode() in p.read_bytes()]  # fmt: skip
    print(f"\n▶ the child's name in the raw store under {demo_dir}: "
          f"{'FOUND in ' + ', '.join(found) if found else 'nowhere'}")  # fmt: skip

    print("\n▶ jianzheng verify")
    verified = subprocess.run([*jianzheng, "verify"], env=env, check=False)
    if found:
        return 1

    # An oversight body witnesses the log, then a court receives the case's bundle.
    vkey = demo_dir / "log.vkey"
    vkey.write_text(api_text(api, "/v1/log/key"))
    witness_key, witness_vkey = demo_dir / "witness.key", demo_dir / "witness.vkey"
    run = [*jianzheng]
    keygen = subprocess.run(
        [*run, "witness", "keygen", "--name", "zibo-sfj-witness", "-o", str(witness_key)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    witness_vkey.write_text(keygen.stdout)
    subprocess.run([*run, "log", "add-witness", str(witness_vkey)], env=env, check=True)
    subprocess.run([*run, "checkpoint"], env=env, check=True, stdout=subprocess.DEVNULL)
    print("\n▶ the oversight body's witness cosigns the log")
    subprocess.run(
        [*run, "witness", "--log", api.base, "--log-key", str(vkey), "--key", str(witness_key),
         "--state", str(demo_dir / "witness-state.json")],
        env=env, check=True,
    )  # fmt: skip
    bundle = demo_dir / "case-bundle.json"
    print(f"\n▶ export the case's court bundle to {bundle}")
    subprocess.run(
        [*run, "export", "case", case_id, "-o", str(bundle), "--reason", "法院调卷 (demo)"],
        env=env, check=True,
    )  # fmt: skip
    print("\n▶ verify the bundle offline with the published log key and the witness key")
    offline = subprocess.run(
        [*run, "verify-bundle", str(bundle), "--log-key", str(vkey),
         "--witness-key", str(witness_vkey)],
        check=False,
    )  # fmt: skip
    print(f"\nDemo store: {demo_dir}")
    return verified.returncode or offline.returncode


def sha(n: int) -> str:
    return f"{n:064x}"


def children_story(api: Api, admins: tuple[str, str]) -> None:
    """A left-behind child: entrusted, reported living alone, temporary care, court ruling."""
    print("\n━━ Story 2: a left-behind child (农村留守儿童) ━━")
    village, town = "370303001001", "370303001"
    admin, approver = admins

    def actor(name: str, role: str, area: str) -> str:
        """Registered by one admin; the role opens children's files once a second approves."""
        body = {"name": name, "role": role, "agency": f"{name}", "jurisdiction": area}
        answer: dict[str, Any] = api.call("POST", "/v1/actors", admin, body)
        pending = answer["pending_approval"]
        show(f"register {role} {name} (proposed)", answer)
        show("  approved by a second admin (四眼原则)", api.call(
            "POST", f"/v1/actors/{answer['actor_id']}/role-proposals/"
            f"{pending['proposal_id']}/approval", approver,
        ))  # fmt: skip
        return str(answer["token"])

    committee = actor("某村村民委员会", "village_committee", village)
    town_office = actor("某镇人民政府", "town_office", town)
    civil = actor("张店区民政局", "civil_affairs", AREA)
    police = actor("某派出所", "police", AREA)
    school = actor("某村小学", "reporter", village)
    court = actor("张店区人民法院", "court", AREA)

    child = api.call("POST", "/v1/children", committee, {
        "personal": {"name": "王小明", "id_number": "370303201405170017",
                     "address": "某村幸福路8号"},
        "birth_date": "2014-05-17", "sex": "male",
        "location": {"county": AREA, "town": town, "village": village},
        "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": {"name": "王大山", "relation": "father"},
    })  # fmt: skip
    child_id = child["child_id"]
    show(f"child's file registered {child_id} (sealed at rest)", child)
    base = f"/v1/children/{child_id}"
    away = {"father": "away", "mother": "away"}
    show("left-behind: both parents working away", api.call(
        "POST", f"{base}/left-behind", committee, {"entered_on": "2026-03-02", "parents": away}
    ))  # fmt: skip
    dated = {"by": "村民委员会", "on": "2026-03-03"}
    show("entrusted to a neighbour with the full formalities (委托监护)", api.call(
        "POST", f"{base}/guardianship", town_office,
        {"kind": "entrusted_other", "guardian": {"name": "周热心", "relation": "neighbour"},
         "legal_basis": "C5 委托监护", "effective_on": "2026-03-05", "committee_consent": dated,
         "agreement_sha256": sha(1),
         "signatures": {"guardian": {"on": "2026-03-04"},
                        "entrusted_guardian": {"on": "2026-03-04"},
                        "supervisor": {"on": "2026-03-04"}},
         "filings": {"town": {"on": "2026-03-05"}, "committee": {"on": "2026-03-05"}},
         "exclusion_check": {**dated, "found": []}},
    ))  # fmt: skip
    report = api.call("POST", "/v1/reports", school, {
        "reporter": {"name": "张老师", "unit": "某村小学"}, "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z", "summary": "学生连续三天独自在家",
        "child_id": child_id,
    })  # fmt: skip
    report_id = report["report_id"]
    show("school's mandatory report: living alone (强制报告)", report)
    rbase = f"/v1/reports/{report_id}"
    show("police response: parents unreachable, child escorted to relatives", api.call(
        "POST", f"{rbase}/police-response", police,
        {"responded_at": "2026-11-20T09:00:00Z", "parents_reached": False,
         "actions": ["notify_parents", "escort_to_relatives"], "handover_sha256": sha(2)},
    ))  # fmt: skip
    show("temporary care with written hand-over (临时监护)", api.call(
        "POST", f"{base}/guardianship", police,
        {"kind": "temporary", "receiver": {"name": "钱近亲", "relation": "relative"},
         "legal_basis": "C4 临时监护", "effective_on": "2026-11-20", "handover_sha256": sha(2),
         "report_id": report_id},
    ))  # fmt: skip
    informed = {"town": town, "informed_at": "2026-11-20T10:00:00Z"}
    show("town informed", api.call("POST", f"{rbase}/town-informed", police, informed))
    show("assessment: poor → protective help (保护式帮扶)", api.call(
        "POST", f"{base}/assessments", town_office,
        {"result": "poor", "criteria": ["no_guardian", "needs_not_secured"],
         "help_plan": "临时照料，心理辅导，联系父母", "assessed_on": "2026-11-21"},
    ))  # fmt: skip
    petition = api.call("POST", "/v1/petitions", civil, {
        "kind": "revoke", "child_id": child_id,
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": {"name": "王大山", "relation": "father"}, "filed_on": "2026-11-22",
        "grounds": ["unsupervised_in_danger"], "particulars": {"refused_correction": True},
        "report_id": report_id,
    })  # fmt: skip
    show("petition to revoke guardianship (撤销监护人资格)", petition)
    show("court ruling: revoked, grandmother appointed", api.call(
        "POST", f"/v1/petitions/{petition['petition_id']}/ruling", court,
        {"outcome": "revoked", "ruled_on": "2026-11-28", "ruling_sha256": sha(3),
         "legal_basis": "民法典 第36条",
         "new_guardian": {"name": "赵桂兰", "relation": "paternal_grandmother"}},
    ))  # fmt: skip


def api_text(api: Api, path: str) -> str:
    with urllib.request.urlopen(api.base + path, timeout=30) as response:  # noqa: S310
        text: str = response.read().decode()
        return text


if __name__ == "__main__":
    sys.exit(main())

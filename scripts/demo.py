"""`make demo`: the enforcement and child-protection stories end to end through the HTTP API,
on a fresh store.

Starts `jianzheng serve` on a free loopback port over a new data directory
(`$DEMO_DIR`, default: a new temporary folder), then:

1. a penalty case: the cast registered, two steps with evidence, a major draft, a decision
   attempt blocked (409 legal-review-required, recorded), a legal review passed, a collective
   discussion, the decision, publication, service, execution, closure; then the decision set
   aside by 行政复议 and its publication withdrawn within 3 working days, watched from
   `GET /v1/oversight/deadlines` (R-PB-2);
2. oversight (R-SV-1, R-SV-3, R-SV-4): a complaint naming an officer, handled to 属实 and
   replied to, in the complaints queue without its complainant; the officer's certificate
   suspended citing it, the officer's next step on a case refused (403
   certificate-sanctioned), the case answer's `officer_sanctions`; a scored case-file review;
3. a left-behind child: registered, entrusted, a named town worker (R-AC-2), a school's
   report, the police, temporary care, assessment, a petition and the court's ruling, a
   clinic's late report in `GET /v1/reports/duty` (R-RP-2), and the child's name nowhere in
   the raw store;
4. `jianzheng verify`; a witness cosigns; the case's bundle and the child's court bundle
   (R-GD-8) are written to `$DEMO_DIR` and verified offline with `jianzheng verify-bundle`;
   the reporters' names are not in the child's bundle (R-RP-3).

Every write prints its event hashes. Any answer the story does not expect stops the demo
with a non-zero exit and the step's name.
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
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

AGENCY = "淄博市市场监督管理局"
AREA = "370303"
SEALED_NAMES = {
    "the child": "王小明",
    "the complainant": "刘某某",
    "the school's reporter": "张老师",
    "the clinic's reporter": "吴医生",
}
"""People the stories name whose names must be nowhere in the raw store (sealed at rest)."""
CST = timezone(timedelta(hours=8))
"""China Standard Time: the service's days (deadlines, sanctions) are China's."""


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

    def download(self, path: str, token: str) -> bytes:
        """The exact bytes of a 200 answer (a bundle is verified as handed over)."""
        request = urllib.request.Request(self.base + path)  # noqa: S310
        request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            sys.exit(f"demo: GET {path} answered {exc.code}, expected 200: {exc.read()!r}")


def check(holds: bool, what: str) -> None:
    """Stop the demo, loudly, when an answer is not what the story needs."""
    if not holds:
        sys.exit(f"demo: {what}")


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
        pending = answer.get("pending_approval")
        if pending:  # oversight reads children's files: a second admin approves (R-CH-4)
            show("  approved by a second admin (四眼原则)", api.call(
                "POST", f"/v1/actors/{answer['actor_id']}/role-proposals/"
                f"{pending['proposal_id']}/approval", admins[1],
            ))  # fmt: skip
        return answer

    a = actor("张三", "officer", certificate={"number": "鲁执法-370303-001", **cert})
    b = actor("李四", "officer", certificate={"number": "鲁执法-370303-002", **cert})
    head = actor("王局长", "agency_head")
    deputy = actor("李副局长", "agency_head")
    reviewer = actor("赵法制", "legal_reviewer")
    supervision = "张店区司法局行政执法监督科"
    watcher = actor("孙监督", "oversight", agency=supervision)
    handler = actor("周核查", "oversight", agency=supervision)
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

    set_aside_story(api, case_id, head["token"], a["token"], watcher["token"])
    oversight_story(api, case_id, {"a": a, "b": b, "head": head, "watcher": watcher,
                                   "handler": handler})  # fmt: skip
    child_id, court = children_story(api, admins)
    # Children's files, reports and complaints are sealed at rest (R-CH-4, R-RP-3).
    stored = [p.read_bytes() for p in (demo_dir / "var").rglob("*") if p.is_file()]
    print(f"\n▶ names sealed at rest, searched in the raw store under {demo_dir}:")
    for who, name in SEALED_NAMES.items():
        found = any(name.encode() in data for data in stored)
        print(f"    {who} {name}: {'FOUND' if found else 'nowhere'}")
        check(not found, f"{who} {name} is in the raw store")

    print("\n▶ jianzheng verify")
    verified = subprocess.run([*jianzheng, "verify"], env=env, check=False)
    check(verified.returncode == 0, "jianzheng verify found the store broken")

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
    check(offline.returncode == 0, "the case's bundle did not verify offline")

    # The court seized of the petition takes the child's histories (R-GD-8). Its bundle
    # records the streams' heads in the log just before it is made, so it carries a
    # checkpoint newer than the witness's cosignature: it is checked against the log's key.
    child_bundle = demo_dir / "child-bundle.json"
    reason = urllib.parse.quote("(2026)鲁0303民特7号 撤销监护人资格")
    data = api.download(f"/v1/court/children/{child_id}/bundle?reason={reason}", court)
    child_bundle.write_bytes(data)
    print(f"\n▶ the court takes the child's bundle: {child_bundle} ({len(data)} bytes)")
    for reporter in ("张老师", "某村小学", "吴医生", "某村卫生室"):
        check(reporter.encode() not in data, f"the reporter {reporter} is in the child's bundle")
    print("▶ the reporters (张老师 of 某村小学, 吴医生 of 某村卫生室) are nowhere in it (R-RP-3)")
    print("\n▶ verify the child's bundle offline with the published log key")
    child_offline = subprocess.run(
        [*run, "verify-bundle", str(child_bundle), "--log-key", str(vkey)], check=False
    )
    check(child_offline.returncode == 0, "the child's bundle did not verify offline")
    print(f"\nDemo store: {demo_dir}")
    return 0


def set_aside_story(api: Api, case_id: str, head: str, officer: str, watcher: str) -> None:
    """After closure the decision is revoked on 行政复议; its publication must be withdrawn
    within 3 working days (R-PB-2; 行政处罚法 第48条第2款, 第85条), and oversight watches the
    time limit in its deadline queue until it is met."""
    print("\n━━ The decision set aside, its publication withdrawn (R-PB-2) ━━")
    show("decision revoked by 行政复议 (复议决定撤销)", api.call(
        "POST", f"/v1/cases/{case_id}/set-aside", head,
        {"how": "revoked", "authority": "reconsideration", "reference": "淄政复决字〔2026〕12号"},
    ))  # fmt: skip
    # A look-ahead of 30 days: 3 working days can span a week-long holiday.
    queue = "/v1/oversight/deadlines?kind=withdrawal&within_days=30"

    def waiting() -> list[dict[str, Any]]:
        answer = api.call("GET", queue, watcher, expect=200)
        return [d for d in answer["deadlines"] if d["case_id"] == case_id]

    due = waiting()
    check(len(due) == 1 and due[0]["status"] == "due_soon",
          f"oversight's deadline queue does not show the withdrawal due: {due}")  # fmt: skip
    print(f"\n▶ oversight's deadline queue: withdrawal due {due[0]['due_on']} "
          f"({due[0]['status']}, 3 working days)")  # fmt: skip
    show("publication withdrawn (撤回公开)", api.call(
        "POST", f"/v1/cases/{case_id}/publication/withdrawal", officer,
        {"reason": "处罚决定已被行政复议决定撤销，依法撤回公开"},
    ))  # fmt: skip
    publication = api.call("GET", f"/v1/cases/{case_id}", head, expect=200)["publication"]
    withdrawn = publication.get("withdrawn") or {}
    check(withdrawn.get("on_time") is True, f"the withdrawal is not shown on time: {publication}")
    check(not waiting(), "the withdrawal met is still in oversight's deadline queue")
    print(f"▶ case answer: publication withdrawn on {withdrawn.get('withdrawn_on')}, on time; "
          "the deadline left the queue")  # fmt: skip


def oversight_story(api: Api, case_id: str, cast: dict[str, dict[str, Any]]) -> None:
    """A complaint naming an officer, handled to 属实 and answered (R-SV-3); the officer's
    certificate suspended citing it (R-SV-4, R-EN-3); the case file scored (R-SV-1)."""
    print("\n━━ Oversight: a complaint, a sanction, a case-file review (R-SV-1/3/4) ━━")
    zhang, li, head = cast["a"], cast["b"], cast["head"]
    watcher, handler = cast["watcher"]["token"], cast["handler"]
    other = api.call(
        "POST", "/v1/cases", li["token"],
        {"action_type": "inspection", "title": "某超市食品安全监督检查", "agency": AGENCY,
         "jurisdiction": AREA, "officers": [li["actor_id"], zhang["actor_id"]],
         "party": {"kind": "organisation", "name": "淄博某超市有限公司"}},
    )  # fmt: skip
    show(f"meanwhile 李四 and 张三 open an inspection case {other['case_id']}", other)

    complainant = SEALED_NAMES["the complainant"]
    complaint = api.call("POST", "/v1/complaints", watcher, {
        "channel": "hotline_12345", "complainant": {"name": complainant, "contact": "0533-1234567"},
        "summary": "检查时执法人员张三未告知陈述、申辩权利，态度粗暴", "case_id": case_id,
        "officers": [zhang["actor_id"]],
    })  # fmt: skip
    complaint_id = complaint["complaint_id"]
    show(f"complaint via 12345 naming 张三 (reply due {complaint['due_on']})", complaint)
    base = f"/v1/complaints/{complaint_id}"
    show("assigned to 周核查", api.call("POST", f"{base}/assignment", watcher,
                                       {"assignee": handler["actor_id"]}))  # fmt: skip
    show("findings: the body-camera video shows no notice of the right to be heard", api.call(
        "POST", f"{base}/findings", handler["token"],
        {"findings": "调阅执法记录仪视频：张三未告知当事人陈述、申辩权利"},
    ))  # fmt: skip
    show("outcome: 属实 (substantiated)", api.call(
        "POST", f"{base}/outcome", handler["token"],
        {"outcome": "substantiated", "reason": "视频与笔录相互印证，投诉事项属实"},
    ))  # fmt: skip
    show("written reply to the complainant (书面答复)", api.call(
        "POST", f"{base}/reply", handler["token"],
        {"channel": "letter", "summary": "投诉属实，已对相关执法人员依法处理"},
    ))  # fmt: skip
    queue = api.call("GET", "/v1/oversight/complaints", watcher, expect=200)
    listed = [c for c in queue["complaints"] if c["complaint_id"] == complaint_id]
    check(len(listed) == 1, f"the complaint is not in oversight's queue: {queue}")
    check(complainant not in json.dumps(queue, ensure_ascii=False),
          "the complainant's name is in oversight's complaints queue")  # fmt: skip
    print(f"\n▶ oversight's complaints queue: {complaint_id} stage {listed[0].get('stage')}, "
          f"replied on time — no complainant in it")  # fmt: skip

    until = (datetime.now(CST).date() + timedelta(days=90)).isoformat()
    show(f"张三's certificate suspended until {until}, citing the complaint (暂扣)", api.call(
        "POST", f"/v1/actors/{zhang['actor_id']}/sanctions", watcher,
        {"kind": "certificate_suspension", "effective_until": until,
         "basis": {"kind": "complaint", "complaint_id": complaint_id},
         "reason": "投诉属实：未告知陈述、申辩权利，暂扣行政执法证件三个月"},
    ))  # fmt: skip
    refused = api.call(
        "POST", f"/v1/cases/{other['case_id']}/steps", zhang["token"],
        {"kind": "credentials_shown", "summary": "出示执法证件"}, expect=403,
    )  # fmt: skip
    check(refused.get("code") == "certificate-sanctioned", f"张三 was not refused: {refused}")
    print(f"\n▶ 张三 records a step on the inspection: {refused['status']} {refused['code']}")
    shown = api.call("GET", f"/v1/cases/{case_id}", head["token"], expect=200)
    sanctioned = {o["actor_id"]: o for o in shown["officer_sanctions"]}
    check(zhang["actor_id"] in sanctioned, f"the case answer lacks 张三's sanction: {shown}")
    kinds = [x["kind"] for x in sanctioned[zhang["actor_id"]]["sanctions"]]
    print(f"▶ case answer officer_sanctions: 张三 {kinds}")

    checklist = api.call("GET", "/v1/oversight/file-review-checklist", watcher, expect=200)
    items = {i["code"]: {"points": i["max_points"], "finding": "符合要求"}
             for i in checklist["items"]}  # fmt: skip
    deducted = items["procedure_lawful"]["points"] - 8
    items["procedure_lawful"] = {"points": deducted, "finding": "未告知陈述、申辩权利（投诉属实）"}
    scored = api.call("POST", f"/v1/cases/{case_id}/scored-file-reviews", watcher,
                      {"items": items})  # fmt: skip
    show(f"case file scored {scored['score']}/{scored['max_score']}: {scored['rating']} (案卷评查)",
         scored)  # fmt: skip


def sha(n: int) -> str:
    return f"{n:064x}"


def children_story(api: Api, admins: tuple[str, str]) -> tuple[str, str]:
    """A left-behind child: entrusted, a named town worker (R-AC-2), reported living alone,
    temporary care, court ruling (R-GD-8), a late report (R-RP-2). Answers the child's id and
    the court's token."""
    print("\n━━ Story 2: a left-behind child (农村留守儿童) ━━")
    village, town = "370303001001", "370303001"
    admin, approver = admins

    def actor(name: str, role: str, area: str, agency: str | None = None) -> str:
        """Registered by one admin; the role opens children's files once a second approves."""
        body = {"name": name, "role": role, "agency": agency or name, "jurisdiction": area}
        answer: dict[str, Any] = api.call("POST", "/v1/actors", admin, body)
        pending = answer["pending_approval"]
        show(f"register {role} {name} (proposed)", answer)
        show("  approved by a second admin (四眼原则)", api.call(
            "POST", f"/v1/actors/{answer['actor_id']}/role-proposals/"
            f"{pending['proposal_id']}/approval", approver,
        ))  # fmt: skip
        ids[name] = str(answer["actor_id"])
        return str(answer["token"])

    ids: dict[str, str] = {}

    committee = actor("某村村民委员会", "village_committee", village)
    town_office = actor("某镇人民政府", "town_office", town)
    civil = actor("张店区民政局", "civil_affairs", AREA)
    police = actor("某派出所", "police", AREA)
    school = actor("某村小学", "reporter", village)
    court = actor("张店区人民法院", "court", AREA)
    clinic = actor("某村卫生室", "reporter", village)
    worker = actor("陈关爱", "town_office", town, agency="某镇人民政府")
    show("陈关爱 named the town's child-protection worker (儿童关爱保护工作人员, R-AC-2)", api.call(
        "POST", f"/v1/staff/{town}/appointments", civil,
        {"staff_actor": ids["陈关爱"], "title": "child_protection_worker", "from_on": "2026-03-01",
         "basis": "某镇党政办〔2026〕3号"},
    ))  # fmt: skip

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
    responsible = api.call("GET", base, town_office, expect=200)["responsible"]
    check([r["staff_actor"] for r in responsible["town"]] == [ids["陈关爱"]],
          f"the child's file does not name the town's worker: {responsible}")  # fmt: skip
    print("▶ the child's file names who is responsible: the town's worker 陈关爱")
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
    late = api.call("POST", "/v1/reports", clinic, {
        "reporter": {"name": "吴医生", "unit": "某村卫生室"}, "institution_kind": "medical",
        "situations": ["accidental_injury"], "noticed_at": "2026-11-24T01:00:00Z",
        "reported_at": "2026-11-26T03:00:00Z", "summary": "儿童手臂烫伤就诊，两天后才报告",
        "child_id": child_id,
    })  # fmt: skip
    show("a village clinic reports two days after it noticed (强制报告, late)", late)
    duty = api.call("GET", "/v1/reports/duty", civil, expect=200)
    check([r["report_id"] for r in duty["late_reports"]] == [late["report_id"]],
          f"the late report is not on the reporting-duty list: {duty}")  # fmt: skip
    print(f"▶ civil affairs' reporting-duty list (R-RP-2): late report {late['report_id']} "
          "(noticed → reported > 24 h)")  # fmt: skip
    inbox = api.call("GET", "/v1/staff/inbox", worker, expect=200)
    alerts = [a["kind"] for a in inbox["alerts"] if a.get("report_id") == late["report_id"]]
    check("late_report" in alerts, f"the town's worker is not alerted to the late report: {inbox}")
    print(f"▶ the town worker 陈关爱's inbox alerts on it: {', '.join(alerts)}")
    return child_id, court


def api_text(api: Api, path: str) -> str:
    with urllib.request.urlopen(api.base + path, timeout=30) as response:  # noqa: S310
        text: str = response.read().decode()
        return text


if __name__ == "__main__":
    sys.exit(main())

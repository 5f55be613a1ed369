"""The dossier (案卷) PDF of a case, on both backends (R-AV-1, R-AV-5, R-EN-2, R-AC-3; issue 14).

A whole penalty case — steps with audio-video and photo evidence, a major draft, a passed legal
review, the heads' discussion, the decision, service, publication, execution, closure — is
printed for a court. ``pdftotext`` shows the title, every timeline entry in order with its
Beijing time, actor and role, every evidence hash and the checkpoint's root; ``pdffonts`` an
embedded CJK font; ``pdfdetach`` the embedded bundle, whose SHA-256 is the one printed, the one
in ``X-Bundle-SHA256``, the one recorded, and the one of ``GET …/bundle`` taken with the same
checkpoint (a witness's cosigned one). Callers who may not read the case get the case read's
answer, and nothing is stored for them.

Set ``JIANZHENG_WRITE_SCREENSHOTS=1`` to write ``docs/screenshots/dossier-page1.png`` (page 1
at 60 dpi, for the README) from the SQLite run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.proof.bundle import verify_bundle
from domain.proof.chain import parse_at
from domain.proof.checkpoint import cosign, parse_checkpoint, parse_note, parse_witness_vkey
from domain.records.access import AccessLog
from domain.records.errors import DecisionRefused
from domain.records.evidence import Evidence
from infra import clock
from infra.application import OPERATOR, Jianzheng
from infra.witness import WitnessSigner, generate_witness_key
from tests.conftest import register
from tests.integration.casekit import (
    AREA,
    Cast,
    draft,
    heads_discuss,
    mp4,
    open_case,
    review,
    upload,
)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "screenshots" / "dossier-page1.png"
REASON = "(2026)鲁0303行初12号"
TITLE = "淄博某食品有限公司销售过期食品案"
EXPORTED_AT = datetime(2026, 12, 7, 6, 3, 0, tzinfo=UTC)


def jpeg() -> bytes:
    """A small JPEG-looking photo (its magic bytes, then random content)."""
    return b"\xff\xd8\xff\xe0" + os.urandom(3000)


@dataclass(frozen=True)
class Story:
    """The case and the blobs it cites."""

    case: UUID
    occurred: datetime
    """When the first step happened: three hours before it was entered (R-EN-2)."""
    video: str
    photo: str
    minutes: str


def whole_case(jz: Jianzheng, cast: Cast) -> Story:
    """A penalty case from filing to closure; its first step entered three hours late."""
    case = open_case(jz, cast, title=TITLE)
    video = upload(jz, cast.officer_a, mp4(), "video/mp4", case_id=case)
    photo = upload(jz, cast.officer_a, jpeg(), "image/jpeg", case_id=case)
    occurred = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    jz.cases.record_step(
        cast.officer_a, case, kind="on_site_inspection", summary="现场检查仓库，发现过期食品",
        evidence=[video, photo], touches=[], full_process_recording=None, present=[],
        occurred_at=occurred.isoformat(),
    )  # fmt: skip
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    heads_discuss(jz, cast, case, hashed)
    jz.cases.decide(cast.head, case, hashed)
    life = jz.cases.lifecycle
    life.record_service(cast.officer_a, case, method="direct",
                        documents=[{"sha256": photo, "title": "送达回证"}])  # fmt: skip
    jz.cases.publish(
        cast.officer_a, case, channel="行政执法公示平台", summary="某公司销售过期食品，吊销许可证"
    )
    life.record_execution(cast.officer_a, case, status="performed", note="已停业", documents=[])
    jz.cases.close(cast.head, case, "结案")
    minutes = jz.cases._case(case).discussions[0].minutes_sha256
    return Story(case, occurred, video, photo, minutes)


def witnessed(jz: Jianzheng, tmp_path: Path) -> WitnessSigner:
    """An oversight body's witness cosigns the log's checkpoint as it now stands."""
    signer = generate_witness_key("zibo-sfj-witness", tmp_path / "witness.key")
    jz.add_witness(OPERATOR, signer.vkey)
    checkpoint = jz.log.sign_checkpoint()
    body, _ = parse_note(checkpoint.note)
    line = cosign(body, signer.name, signer.private_key, int(time.time()))
    jz.log.add_cosignature(line, jz.witness_keys(), checkpoint.size)
    return signer


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def flat(text: str) -> str:
    """Text without any whitespace: pdftotext breaks long hashes and lines where it likes."""
    return re.sub(r"\s+", "", text)


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def shown_in_beijing(at: str) -> str:
    """The envelope's ``at`` in Beijing time, computed here, not by the code under test."""
    return (parse_at(at) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")


EXPECTED = [
    ("enforcement", "立案", "张三", "行政执法人员"),
    ("evidence", "上传证据材料", "张三", "行政执法人员"),
    ("evidence", "上传证据材料", "张三", "行政执法人员"),
    ("enforcement", "记录执法环节", "张三", "行政执法人员"),
    ("enforcement", "记录执法环节", "张三", "行政执法人员"),
    ("enforcement", "提交决定草案", "张三", "行政执法人员"),
    ("enforcement", "提请法制审核", "张三", "行政执法人员"),
    ("enforcement", "出具法制审核意见", "赵法制", "法制审核人员"),
    ("evidence", "上传证据材料", "张三", "行政执法人员"),
    ("enforcement", "机关负责人集体讨论", "王局长", "行政机关负责人"),
    ("enforcement", "作出决定", "王局长", "行政机关负责人"),
    ("enforcement", "送达决定", "张三", "行政执法人员"),
    ("enforcement", "公示决定", "张三", "行政执法人员"),
    ("enforcement", "记录执行情况", "张三", "行政执法人员"),
    ("enforcement", "结案归档", "王局长", "行政机关负责人"),
]
"""The story's events in the log's order, written by hand: (stream kind, label, who, role)."""


def recorded_times(jz: Jianzheng, story: Story) -> list[tuple[int, str, str]]:
    """(leaf, stream kind, ``at``) of the case's events and its evidence uploads, in log order."""
    rows = []
    streams = [(story.case, "enforcement")] + [
        (Evidence.create_id(sha), "evidence") for sha in (story.video, story.photo, story.minutes)
    ]
    for stream, kind in streams:
        for event in jz.store.history(stream):
            rows.append((jz.log.leaf_index(event.hash), kind, event.envelope.at))
    return sorted(rows)


def test_a_court_prints_the_whole_case_with_its_bundle_and_verification_page(
    jz: Jianzheng,
    cast: Cast,
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """R-AV-1, R-AV-5, R-EN-2: the dossier shows everything recorded, in Chinese and Beijing
    time, and names the exact bundle (embedded) a court verifies offline."""
    story = whole_case(jz, cast)
    signer = witnessed(jz, tmp_path)
    monkeypatch.setattr(clock, "now", lambda: EXPORTED_AT)  # the bundle's ``exported_at``
    court = bearer(cast.tokens["court"])

    answer = client.get(f"/v1/cases/{story.case}/dossier.pdf", params={"reason": REASON},
                        headers=court)  # fmt: skip
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    bundle_sha = answer.headers["x-bundle-sha256"]
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(answer.content)
    text = pdftotext(pdf)
    plain = flat(text)

    # Cover: the case title (案卷 title), the agency, the party, the action type.
    assert TITLE in text
    for fact in ("案卷", "淄博市市场监督管理局", "淄博某食品有限公司", "行政处罚", str(story.case)):
        assert flat(fact) in plain, fact
    for certificate in ("鲁执-0001", "鲁执-0002"):  # the officers' certificates
        assert certificate in plain

    # The timeline: every entry in the log's order, its Beijing time, label, actor and role.
    start = plain.index("七、全过程时间线")
    timeline = plain[start : plain.index("核验页", start)]
    times = recorded_times(jz, story)
    assert [kind for _, kind, _ in times] == [kind for kind, *_ in EXPECTED]
    cursor = 0
    for (_, _, at), (_, label, who, role) in zip(times, EXPECTED, strict=True):
        head = flat(f"{shown_in_beijing(at)}{label}·{who}({role})")
        found = timeline.find(head, cursor)
        assert found >= 0, f"{head} not found in order in the timeline"
        cursor = found + len(head)
    # The inspection was entered three hours after it happened: flagged, both times shown;
    # the filing, dated the day it was recorded, is not.
    happened = (story.occurred + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert flat(f"记录执法环节·张三(行政执法人员)补录发生时间：{happened}第1个环节") in timeline
    assert "立案·张三(行政执法人员)补录" not in timeline

    # Every evidence hash, the checkpoint's root, the witness.
    for sha in (story.video, story.photo, story.minutes):
        assert sha in plain, sha
    attached = tmp_path / "attached"
    attached.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(attached), str(pdf)], check=True)
    (bundle_file,) = attached.iterdir()
    assert bundle_file.name == f"case-{story.case}-bundle.json"
    data = bundle_file.read_bytes()
    bundle = json.loads(data)
    body, _ = parse_note(bundle["checkpoint"])
    checkpoint = parse_checkpoint(body)
    assert checkpoint.root.hex() in plain
    assert str(checkpoint.size) in plain
    assert signer.name in plain

    # One SHA-256: printed, in the header, of the embedded file, recorded, and of the bundle
    # GET answers with the same (cosigned) checkpoint.
    assert hashlib.sha256(data).hexdigest() == bundle_sha
    assert bundle_sha in plain
    report = verify_bundle(data, str(jz.log.published[0]), [parse_witness_vkey(signer.vkey)])
    assert report.ok, report.problems
    assert report.cosigned_by == [signer.name]
    fetched = client.get(f"/v1/cases/{story.case}/bundle", params={"reason": REASON},
                         headers=court)  # fmt: skip
    assert fetched.status_code == 200, fetched.text
    assert json.loads(fetched.content)["checkpoint"] == bundle["checkpoint"]
    assert hashlib.sha256(fetched.content).hexdigest() == bundle_sha

    # The read is recorded, as a court's read of the case is, with the bundle's hash.
    access = jz.store.load(AccessLog, AccessLog.create_id("case", str(story.case)))
    court_id = cast.court.actor_id
    assert {"actor": court_id, "role": "court", "what": "dossier", "reason": REASON} in access.reads
    assert access.exports[0] == {"actor": court_id, "role": "court", "reason": REASON,
                                 "sha256": bundle_sha}  # fmt: skip

    # The fonts: Chinese text in an embedded CJK font, nothing left to the reader's machine.
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]  # fmt: skip
    assert fonts
    assert any("CJK" in line and line.split()[-5] == "yes" for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts), "every font is embedded"

    if os.environ.get("JIANZHENG_WRITE_SCREENSHOTS") == "1" and "sqlite" in request.node.name:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        prefix = tmp_path / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(prefix)], check=True)  # fmt: skip
        (page,) = tmp_path.glob("page*.png")
        assert page.stat().st_size < 300_000
        SCREENSHOT.write_bytes(page.read_bytes())


def test_who_may_not_read_the_case_may_not_print_it_and_nothing_is_stored(
    jz: Jianzheng, cast: Cast, client: TestClient
) -> None:
    """R-AC-3: the dossier answers as the case read does for every caller it refuses (another
    agency, a court of another area, a reporter, no token, a court without a reason), and a
    refused request stores nothing; it carries the bundle, so the case's own officer needs a
    reason too (422, as for the bundle), and that refusal stores nothing either."""
    story = whole_case(jz, cast)
    outsiders = {
        "other agency": register(jz, "officer", "外单位执法人员", agency="淄博市另一行政机关",
                                 certificate="鲁执-9001", valid_from="2020-01-01",
                                 valid_until="2035-12-31").token,
        "court elsewhere": register(jz, "court", "外区法院", agency="临淄区人民法院",
                                    jurisdiction="370305").token,
        "reporter": register(jz, "reporter", "某小学", agency="某小学",
                             jurisdiction=AREA).token,
    }  # fmt: skip
    cases: list[tuple[str, dict[str, str], dict[str, Any]]] = [
        (who, bearer(token), {"reason": REASON}) for who, token in outsiders.items()
    ]
    cases += [
        ("no token", {}, {"reason": REASON}),
        ("court without a reason", bearer(cast.tokens["court"]), {}),
        ("oversight without a reason", bearer(cast.tokens["oversight"]), {}),
    ]
    for who, headers, params in cases:
        before = int(jz.store.recorder.max_notification_id() or 0)
        read = client.get(f"/v1/cases/{story.case}", params=params, headers=headers)
        printed = client.get(f"/v1/cases/{story.case}/dossier.pdf", params=params, headers=headers)
        assert read.status_code in (401, 403, 422), (who, read.status_code)
        assert (printed.status_code, printed.json()["code"]) == (
            read.status_code, read.json()["code"]
        ), who  # fmt: skip
        assert printed.headers["content-type"].startswith("application/problem+json")
        assert int(jz.store.recorder.max_notification_id() or 0) == before, who

    before = int(jz.store.recorder.max_notification_id() or 0)
    officer = bearer(cast.tokens["a"])
    assert client.get(f"/v1/cases/{story.case}", headers=officer).status_code == 200
    refused = client.get(f"/v1/cases/{story.case}/dossier.pdf", headers=officer)
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid-input")
    assert refused.json()["field"] == "reason"
    assert int(jz.store.recorder.max_notification_id() or 0) == before
    printed = client.get(f"/v1/cases/{story.case}/dossier.pdf", params={"reason": "归档"},
                         headers=officer)  # fmt: skip
    assert printed.status_code == 200
    access = jz.store.load(AccessLog, AccessLog.create_id("case", str(story.case)))
    assert access.reads == []  # the agency's own read is no other department's (R-AC-3)
    assert [e["sha256"] for e in access.exports] == [printed.headers["x-bundle-sha256"]]


def test_a_case_prints_at_any_stage_with_what_it_holds(
    jz: Jianzheng, cast: Cast, client: TestClient, tmp_path: Path
) -> None:
    """R-AV-1, R-LR-8: a case just opened prints (nothing decided yet), and so does one whose
    decision was blocked for want of a legal review and which was then withdrawn — the blocked
    attempt and the ending are on the page."""
    officer = bearer(cast.tokens["a"])
    opened = open_case(jz, cast, title="某超市价格违法案")
    fresh = client.get(f"/v1/cases/{opened}/dossier.pdf", params={"reason": "立案归档"},
                       headers=officer)  # fmt: skip
    assert fresh.status_code == 200, fresh.text[:300]
    (tmp_path / "fresh.pdf").write_bytes(fresh.content)
    text = flat(pdftotext(tmp_path / "fresh.pdf"))
    for shown in ("某超市价格违法案", "未记录执法环节", "未提交决定草案", "尚未作出", "立案·张三"):
        assert shown in text, shown

    ended = open_case(jz, cast, title="某药店销售假药案")
    hashed = draft(jz, cast, ended, "licence_revocation")
    with pytest.raises(DecisionRefused) as refused:
        jz.cases.decide(cast.head, ended, hashed)
    assert refused.value.code == "legal-review-required"
    jz.cases.lifecycle.withdraw(cast.head, ended, reason="违法事实不能认定，撤销立案")
    answer = client.get(f"/v1/cases/{ended}/dossier.pdf", params={"reason": "归档"},
                        headers=bearer(cast.tokens["head"]))  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]
    (tmp_path / "ended.pdf").write_bytes(answer.content)
    text = flat(pdftotext(tmp_path / "ended.pdf"))
    for shown in ("被拦截的决定", "legal-review-required", "拦截未经法制审核的决定·王局长",
                  "撤销立案", "违法事实不能认定，撤销立案"):  # fmt: skip
        assert shown in text, shown

"""An oversight body's day on the screens (real Chromium, SQLite and PostgreSQL).

The story is set up with the services: a major draft that a head tries to decide before any
legal review (a bypass the gate refuses and records, R-LR-8) and that an officer tries to
decide (no authority to decide), a complaint, a witness that cosigned the log. The body signs
in, finds both attempts in the blocked queue — apart — reads its complaints without the
complainant, and on its home's log panel sees the checkpoint and the witness, runs the
verification of the whole store and sees it pass, recorded with its name.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Page, expect

from domain.proof.checkpoint import cosign, parse_note
from domain.records import errors
from infra.application import OPERATOR, Jianzheng
from infra.witness import WitnessSigner, generate_witness_key
from tests.browser.conftest import Served, screenshot
from tests.integration.casekit import Cast, draft, make_cast, open_case

COMPLAINANT = "投诉人甲某"


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")


def witness_cosigns(jz: Jianzheng, tmp_path: Path) -> WitnessSigner:
    """A registered witness cosigns the newest checkpoint (what `jianzheng witness` does)."""
    signer = generate_witness_key("zibo-sfj-witness", tmp_path / "witness.key")
    jz.add_witness(OPERATOR, signer.vkey)
    checkpoint = jz.log.sign_checkpoint()
    body, _ = parse_note(checkpoint.note)
    line = cosign(body, signer.name, signer.private_key, int(time.time()))
    jz.log.add_cosignature(line, jz.witness_keys(), checkpoint.size)
    return signer


def blocked_attempts(jz: Jianzheng, cast: Cast) -> UUID:
    """A head decides a major draft with no legal review; an officer tries to decide it."""
    case = open_case(jz, cast, title="某化工公司无证经营案")
    hashed = draft(jz, cast, case, "licence_revocation")
    with pytest.raises(errors.LegalReviewRequired):
        jz.cases.decide(cast.head, case, hashed)
    with pytest.raises(errors.DecisionAuthorityRequired):
        jz.cases.decide(cast.officer_b, case, hashed)
    return case


def test_oversight_sees_bypass_apart_from_wrong_role_and_verifies_the_log(
    served: Served, page: Any, tmp_path: Path
) -> None:
    """Blocked queue with both kinds apart (R-LR-8), complaints without the complainant
    (R-SV-3), the log's checkpoint and cosignature, and a verification run from the screen."""
    jz = served.jz
    cast = make_cast(jz)
    case = blocked_attempts(jz, cast)
    jz.complaints.receive(
        cast.oversight, channel="hotline_12345", complainant={"name": COMPLAINANT},
        summary="执法人员态度恶劣", case_id=str(case), officers=[cast.officer_a.actor_id],
    )  # fmt: skip
    witness_cosigns(jz, tmp_path)

    sign_in(page, served.url, cast.tokens["oversight"])
    expect(page).to_have_url(served.url + "/oversight")
    blocked = page.locator("#queue-blocked")
    expect(blocked.locator(".stat")).to_have_text("2")
    expect(blocked.locator("[data-part=bypass]")).to_have_text("绕过前置程序 1")
    expect(blocked.locator("[data-part=wrong_role]")).to_have_text("无决定权 1")
    expect(page.locator("#queue-complaints .stat")).to_have_text("1")
    panel = page.locator("#log-health")
    expect(panel.locator("#checkpoint")).to_contain_text("jianzheng.example/log")
    expect(panel.locator("#witnesses")).to_contain_text("zibo-sfj-witness")
    expect(panel.locator("#witnesses")).to_contain_text("最新")
    screenshot(page, "home-oversight")

    blocked.click()
    bypass, wrong_role = page.locator("#blocked-bypass"), page.locator("#blocked-wrong_role")
    expect(bypass.locator("tbody tr")).to_have_count(1)
    expect(bypass).to_contain_text("王局长")
    expect(bypass).to_contain_text("机关负责人")
    expect(bypass).to_contain_text("重大执法决定未经法制审核")
    expect(bypass).to_contain_text("某化工公司无证经营案")
    expect(wrong_role.locator("tbody tr")).to_have_count(1)
    expect(wrong_role).to_contain_text("李四")
    expect(wrong_role).to_contain_text("执法人员")
    expect(wrong_role).to_contain_text("不是机关负责人，无权作出决定")
    page.select_option("#f-kind", "wrong_role")
    page.click("form.filters button[type=submit]")
    expect(page).to_have_url(served.url + "/oversight/blocked?kind=wrong_role")
    expect(page.locator("#blocked-bypass")).to_have_count(0)
    expect(page.locator("#blocked-wrong_role tbody tr")).to_have_count(1)

    page.click("header nav >> text=投诉举报")
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    expect(page.locator("#rows")).to_contain_text("张三")
    expect(page.locator("#rows")).to_contain_text("12345政务服务便民热线")
    assert COMPLAINANT not in page.content()

    page.click("header nav >> text=监督首页")
    expect(page.locator("#verification")).to_contain_text("尚无核验记录")
    page.click("#verify-now")
    result = page.locator("#verify-result")
    expect(result).to_contain_text("上次核验通过", timeout=30_000)
    expect(page.locator("#verification")).to_contain_text("市司法局执法监督科")
    run = jz.verifications.latest()
    assert run is not None
    assert (run.started_by, run.via, run.ok) == (cast.oversight.actor_id, "screen", True)
    assert run.report is not None
    assert run.report["events"] == run.checked > 0

"""An officer's day through the screens, in real Chromium on both backends: opening a case,
recording a step with a video dropped on the drop zone (with its progress), submitting a draft
and seeing at once that it is major, why, and where the legal-review gate stands."""

from __future__ import annotations

import hashlib
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Served, screenshot
from tests.browser.enforcement import drop_file, sign_in
from tests.integration.casekit import make_cast, mp4, open_case


def test_an_officer_opens_a_case_records_a_filmed_step_and_submits_a_major_draft(
    served: Served, page: Any
) -> None:
    """Officer 张三 opens a case with 李四, drops a 3 MiB video of the on-site inspection on
    the step form (it uploads with a progress bar and is listed by its SHA-256), records the
    step, and submits a fine of ¥150,000: the draft page says it is a major decision because
    it matched the catalogue's 较大数额罚款, that the heads decide it collectively, and that it
    needs legal review — then sends it for review and the gate says 审核中."""
    jz = served.jz
    cast = make_cast(jz)
    open_case(jz, cast, title="某超市销售过期食品案")  # yesterday's work, on the home page
    sign_in(page, served, cast.tokens["a"])

    # Home: the officer's cases, with status and next step in words.
    expect(page).to_have_url(served.url + "/cases")
    expect(page.locator("#cases")).to_contain_text("某超市销售过期食品案")
    screenshot(page, "home-officer")

    # Open a case: every field labelled in Chinese, the vocabularies as selects.
    page.click("#open-case")
    expect(page.locator("h1")).to_have_text("立案")
    expect(page.locator("select#action_type option:checked")).to_have_text("行政处罚")
    page.fill("#title", "淄博某食品有限公司销售超过保质期食品案")
    page.select_option("#party_kind", "organisation")
    page.fill("#party_name", "淄博某食品有限公司")
    page.check(f"input[name=officers][value='{cast.officer_b.actor_id}']")
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text("淄博某食品有限公司销售超过保质期食品案")
    expect(page.locator("#officers")).to_contain_text("张三")
    expect(page.locator("#officers")).to_contain_text("李四")
    case_url = page.url

    # Record the on-site inspection with its video, dropped on the drop zone.
    page.click("#record-step")
    page.select_option("#kind", "on_site_inspection")
    page.fill(
        "#summary", "执法人员张三、李四对当事人经营场所进行现场检查，发现超过保质期的食品12件。"
    )
    video = mp4(3 * 1024 * 1024)
    sha = hashlib.sha256(video).hexdigest()
    drop_file(page, "#dropzone", "现场检查.mp4", "video/mp4", video)
    row = page.locator(f"#uploaded-files tr.uploaded[data-sha='{sha}']")
    expect(row).to_be_visible(timeout=30_000)
    expect(row).to_contain_text("video/mp4")
    expect(row).to_contain_text("3.0 MB")
    assert int(row.get_attribute("data-progress-events") or "0") >= 1
    expect(row.locator("input[name=evidence]")).to_be_checked()
    page.click("#save-step")
    expect(page).to_have_url(case_url + "#steps")
    expect(page.locator("#steps")).to_contain_text("现场检查")
    expect(page.locator("#steps")).to_contain_text(sha)

    # Submit a draft: at once, major or not and WHY, and the gate's state.
    page.click("#new-draft")
    expect(page.locator("#catalogue-rules")).to_contain_text("较大数额罚款")
    page.check("input[name=measures][value=fine]")
    page.fill("#fine", "150000")
    page.fill("#facts", "经查，当事人销售超过保质期的食品12件，货值金额3,600元。")
    page.fill("#legal_basis", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项")
    page.fill("#discretion", "货值金额较大，不予从轻。")
    page.click("#submit-draft")
    judgement = page.locator("#judgement")
    expect(judgement).to_contain_text("重大执法决定")
    expect(judgement.locator("li[data-rule='large-fine']")).to_contain_text("较大数额罚款")
    expect(judgement.locator("li[data-rule='large-fine']")).to_contain_text("第63条")
    expect(judgement).to_contain_text("须负责人集体讨论")
    expect(judgement.locator("[data-gate]")).to_have_text("需要法制审核")
    expect(page.locator("#requirements")).to_contain_text("出示执法证件")
    screenshot(page, "draft-page")

    page.click("#request-review button[type=submit]")
    expect(page.locator("#judgement [data-gate]")).to_have_text("审核中")
    page.goto(case_url)
    expect(page.locator("#current-draft [data-gate]")).to_have_text("审核中")
    expect(page.locator("#timeline")).to_contain_text("提请法制审核")
    screenshot(page, "case-page")


def test_without_javascript_the_step_form_posts_its_files_and_records_the_step(
    served: Served, new_page: Any
) -> None:
    """The same step with scripts switched off: the file picked in the plain file input
    streams with the form (``POST /screens/steps``) and the step cites it."""
    jz = served.jz
    cast = make_cast(jz)
    case_id = open_case(jz, cast, title="某超市销售过期食品案")
    page = new_page(java_script_enabled=False)
    sign_in(page, served, cast.tokens["a"])
    page.goto(served.url + f"/cases/{case_id}/steps/new")
    expect(page.locator("#full_process_file")).to_be_visible()  # shown only without scripts
    page.select_option("#kind", "evidence_preservation")
    page.fill("#summary", "对超过保质期的食品先行登记保存，全程录像。")
    video = mp4(2 * 1024 * 1024)
    page.set_input_files(
        "#files", files=[{"name": "登记保存.mp4", "mimeType": "video/mp4", "buffer": video}]
    )
    page.click("#save-step")
    expect(page.locator("#steps")).to_contain_text("证据保全")
    expect(page.locator("#steps")).to_contain_text(hashlib.sha256(video).hexdigest())

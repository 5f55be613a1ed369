"""An agency head's day through the screens, in real Chromium on both backends: a decision
tried before the legal review is blocked and shown as recorded (R-LR-1, R-LR-8); after the
review passes, the heads' collective discussion (R-EN-7) and the decision; the blocked attempt
stays in the case's history."""

from __future__ import annotations

import os
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Served, screenshot
from tests.browser.enforcement import off_the_loop, sign_in
from tests.integration.casekit import draft, make_cast, open_case, review, second_head, upload


def test_a_head_is_blocked_before_review_then_decides_after_it_and_the_attempt_stays_on_record(
    served: Served, page: Any
) -> None:
    """王局长 opens a major draft (a ¥150,000 fine) that has no legal review: the page says up
    front that a decision would be blocked; he tries anyway and is told, in words, that it was
    blocked and recorded — "此次决定尝试已被拦截并记入案卷" with the event's time. Once the
    review passes, the page asks for the heads' collective discussion; he records it with a
    second head and the minutes, decides, and the case shows the decision and, in its history,
    the blocked attempt."""
    jz = served.jz
    cast = make_cast(jz)
    deputy = second_head(jz, "副局长甲")
    case_id = open_case(jz, cast, title="淄博某食品有限公司销售超过保质期食品案")
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)
    minutes = off_the_loop(
        upload, jz, cast.officer_a, b"%PDF-1.4 minutes " + os.urandom(64), "application/pdf",
        case_id=case_id,
    )  # fmt: skip

    sign_in(page, served, cast.tokens["head"])
    expect(page).to_have_url(served.url + "/decisions")
    expect(page.locator("#waiting")).to_contain_text("淄博某食品有限公司销售超过保质期食品案")
    expect(page.locator("#waiting")).to_contain_text("需要法制审核")
    screenshot(page, "home-head")

    page.locator("#waiting a").first.click()
    expect(page.locator("#gate [data-gate]")).to_have_text("需要法制审核")
    expect(page.locator("#gate-state")).to_contain_text("现在作出决定将被拦截")
    expect(page.locator("#gate-state")).to_contain_text("未经法制审核")
    page.click("#decide-button")
    blocked = page.locator("#blocked-now")
    expect(blocked).to_contain_text("此次决定尝试已被拦截并记入案卷")
    expect(blocked.locator("#blocked-at")).to_contain_text("北京时间")
    expect(blocked).to_contain_text("未经法制审核，不得作出决定")
    expect(page.locator("#refusal")).to_contain_text("legal-review-required")
    recorded = jz.cases._case(case_id).blocked
    assert [b["code"] for b in recorded] == ["legal-review-required"]
    screenshot(page, "decision-blocked")

    page.reload()  # the result of a recorded refusal is fetched anew: no second attempt
    expect(page.locator("#blocked-now")).to_contain_text("此次决定尝试已被拦截并记入案卷")
    assert len(jz.cases._case(case_id).blocked) == 1

    review(jz, cast, case_id, hashed, "passed")
    page.goto(served.url + f"/decisions/{case_id}")
    expect(page.locator("#gate [data-gate]")).to_have_text("审核通过")
    expect(page.locator("#gate-state")).to_contain_text("集体讨论")
    page.check(f"input[name=participants][value='{deputy.actor_id}']")
    page.select_option("#conclusion", "decide_as_drafted")
    page.fill("#minutes_sha256", minutes)
    page.click("#record-collective")
    expect(page.locator("#collective")).to_contain_text("同意按草案作出决定")
    expect(page.locator("#gate-state")).to_contain_text("法定条件已具备")

    page.click("#decide-button")
    expect(page.locator("#decision")).to_contain_text("王局长")
    expect(page.locator("#stage")).to_have_text("已作出决定")
    expect(page.locator("#blocked")).to_contain_text("未经法制审核，不得作出决定")
    history = page.locator("#timeline li.late")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("拦截未经法制审核的决定")
    expect(page.locator("#requirements")).to_contain_text("送达决定书")

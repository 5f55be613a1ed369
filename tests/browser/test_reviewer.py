"""A legal reviewer's day through the screens, in real Chromium on both backends: the queue
oldest first with the overdue review marked, the review page with what changed since the
previous draft, every review content filled, and the draft passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from playwright.sync_api import expect

from domain.records.enforcement import REVIEW_ITEMS
from infra.application import Jianzheng
from infra.clock import today
from tests.browser.conftest import Served, screenshot
from tests.browser.enforcement import sign_in
from tests.integration.casekit import Cast, inform, make_cast, open_case


def _draft(jz: Jianzheng, cast: Cast, case_id: UUID, fine_yuan: int, facts: str) -> str:
    hashed, _, _ = jz.cases.submit_draft(
        cast.officer_a,
        case_id,
        {"measures": ["fine"], "fine_fen": fine_yuan * 100, "confiscation_fen": 0,
         "facts": facts, "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
         "discretion": "", "flags": []},
    )  # fmt: skip
    return hashed


def test_a_reviewer_takes_the_oldest_review_reads_what_changed_and_passes_it(
    served: Served, page: Any
) -> None:
    """Two reviews wait: one asked twenty days ago (overdue, R-LR-7) on a revised draft, one
    asked today. The queue lists the old one first and marks it overdue; its page shows the
    second draft against the first (the fine lowered, the facts completed); the reviewer
    answers all ten review contents (R-LR-4) and passes it (R-LR-6)."""
    jz = served.jz
    cast = make_cast(jz)
    long_ago = (today() - timedelta(days=30)).isoformat()
    old = open_case(jz, cast, title="某餐馆使用过期原料案", filed_on=long_ago)
    inform(jz, cast, old)
    _draft(jz, cast, old, 200_000, "经查，当事人使用过期原料。")
    revised = _draft(
        jz, cast, old, 150_000, "经查，当事人使用超过保质期的原料加工食品，货值金额2,000元。"
    )
    asked = (today() - timedelta(days=20)).isoformat()
    jz.cases.request_review(cast.officer_a, old, revised, requested_on=asked)
    new = open_case(jz, cast, title="某超市销售过期食品案")
    inform(jz, cast, new)
    jz.cases.request_review(cast.officer_a, new, _draft(jz, cast, new, 120_000, "经查属实。"))

    sign_in(page, served, cast.tokens["reviewer"])
    expect(page).to_have_url(served.url + "/reviews")
    rows = page.locator("#reviews tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("某餐馆使用过期原料案")
    expect(rows.nth(0)).to_have_class("overdue")
    expect(rows.nth(0)).to_contain_text("已逾期")
    expect(rows.nth(1)).to_contain_text("某超市销售过期食品案")
    expect(rows.nth(1)).not_to_have_class("overdue")
    screenshot(page, "home-reviewer")

    rows.nth(0).locator("a").click()
    expect(page.locator("h1")).to_contain_text("第 2 稿")
    expect(page.locator("#due")).to_contain_text("已逾期")
    diff = page.locator("#diff")
    expect(diff).to_contain_text("与第 1 稿相比")
    expect(diff.locator("tr[data-field=fine_fen]")).to_contain_text("200,000.00 元")
    expect(diff.locator("tr[data-field=fine_fen]")).to_contain_text("150,000.00 元")
    expect(diff.locator("tr[data-field=facts] ins").first).to_be_visible()
    expect(diff.locator("tr[data-field=legal_basis]")).to_contain_text("未修改")
    expect(page.locator("#case-file")).to_contain_text("出示执法证件、告知")

    for name in REVIEW_ITEMS:
        page.check(f"input[name=ok_{name}][value=yes]")
        page.fill(f"input[name=note_{name}]", "经核查无误")
    page.check("input[name=crime_suspected][value=no]")
    page.check("input[name=result][value=passed]")
    expect(page.locator("#signature")).to_have_value("赵法制")
    screenshot(page, "review-page")
    page.click("#record-opinion")
    expect(page.locator("#opinion-recorded")).to_contain_text("审核通过")
    expect(page.locator("#opinion")).to_contain_text("经核查无误")

    page.goto(served.url + "/reviews")
    expect(page.locator("#reviews tbody tr")).to_have_count(1)
    expect(page.locator("#reviews")).to_contain_text("某超市销售过期食品案")

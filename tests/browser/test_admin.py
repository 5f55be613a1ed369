"""An administrator's day on the screens (real Chromium, SQLite and PostgreSQL).

The console operator made two admins; admin A registered a judge, whose court role waits for a
second admin (four eyes, R-CH-4). Admin B signs in, finds the judge in the list of actors and
approves the role, finds an officer by role and name, issues the officer a new token — shown
once — and revokes the old one with a reason. The log's health panel is on the same home.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from domain.records.actors import Role
from domain.records.errors import TokenRevoked
from infra.application import Principal
from tests.browser.conftest import Served, screenshot
from tests.conftest import register


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")


def test_an_admin_approves_a_role_and_replaces_a_token(served: Served, page: Any) -> None:
    """List filtered by role and name, four-eyes approval, a token shown once, a revocation."""
    jz = served.jz
    admin_a = register(jz, "admin", name="管理员甲", jurisdiction="*")
    admin_b = register(jz, "admin", name="管理员乙", jurisdiction="*")
    officer = register(jz, name="张三", certificate="鲁执-0001", valid_until="2035-12-31")
    judge = jz.register_actor(
        Principal.of(admin_a.actor), name="审判员丙", role="court",
        agency="张店区人民法院", jurisdiction="370303",
    )  # fmt: skip
    assert judge.pending_approval is not None

    sign_in(page, served.url, admin_b.token)
    expect(page).to_have_url(served.url + "/admin")
    expect(page.locator("#actors")).to_contain_text("张三")
    expect(page.locator("#log-health")).to_contain_text("透明日志健康状况")
    screenshot(page, "home-admin")

    page.fill("#f-q", "审判")
    page.click("form.filters button[type=submit]")
    rows = page.locator("#actors tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("待批准：人民法院")
    rows.locator("a").click()
    expect(page.locator("#proposals")).to_contain_text("管理员甲")
    page.click("[data-approve=court]")
    expect(page.locator(".success")).to_contain_text("已批准")
    expect(page.locator("#roles")).to_have_text("人民法院")
    assert Role.COURT in jz.get_actor(judge.actor.id).roles

    page.goto(served.url + "/admin")
    page.select_option("#f-role", "officer")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#actors tbody tr")).to_have_count(1)
    page.click("#actors >> text=张三")
    expect(page.locator("#certificates")).to_contain_text("今日有效")
    page.click("#issue-token")
    shown = page.locator("#token-value")
    expect(shown).to_contain_text("jz_")
    token = shown.text_content() or ""
    assert jz.authenticate(token).id == officer.actor.id

    page.fill(f"#revoke-{officer.token_id}", "更换令牌")
    page.click(f"[data-revoke='{officer.token_id}']")
    expect(page.locator(".success")).to_contain_text("令牌已撤销")
    expect(page.locator("#tokens")).to_contain_text("更换令牌")
    assert token not in page.content()
    with pytest.raises(TokenRevoked):
        jz.authenticate(officer.token)

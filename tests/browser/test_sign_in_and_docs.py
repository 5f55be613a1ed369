"""Signing in through the screen, and the API docs working with no route out (real Chromium)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Served
from tests.conftest import register


def test_a_person_signs_in_with_a_token_sees_who_they_are_and_signs_out(
    served: Served, page: Any
) -> None:
    token = register(served.jz, "oversight", name="市司法局执法监督科", jurisdiction="370300").token
    page.goto(served.url + "/me")
    expect(page).to_have_url(served.url + "/sign-in?next=/me")
    page.fill("#token", "jz_wrong")
    page.click("button[type=submit]")
    expect(page.locator(".refusal")).to_contain_text("令牌无效")
    page.fill("#token", token)
    page.click("button[type=submit]")
    expect(page).to_have_url(served.url + "/me")
    expect(page.locator("h1")).to_have_text("市司法局执法监督科")
    expect(page.locator("dl.facts")).to_contain_text("执法监督机构")
    cookie = next(c for c in page.context.cookies() if c["name"] == "jz_session")
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    assert token not in page.content()
    page.click("header .who button")
    expect(page.locator(".notice")).to_contain_text("您已安全退出")
    page.goto(served.url + "/me")
    expect(page).to_have_url(served.url + "/sign-in?next=/me")


def test_swagger_ui_renders_the_api_from_vendored_files(served: Served, page: Any) -> None:
    page.goto(served.url + "/docs")
    expect(page.locator(".opblock-tag").first).to_be_visible(timeout=15_000)
    expect(page.locator("#swagger-ui")).to_contain_text("/v1/cases")

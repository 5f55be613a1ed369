"""A mandatory report and the police's response through the screens, in Chromium, on SQLite
and PostgreSQL (R-RP-1…3, R-EM-1, R-AC-3).

A school files a report on the form of ``POST /v1/reports`` (a child without a file, with its
village) and sees it in its own list; the police of the county find it in their queue — the
oldest first, the one past the response time marked — give their reason once, read the report
with what R-EM-1 requires for its situation, record the response and inform the town.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from api.web.labels import BEIJING
from infra.application import Jianzheng
from tests.browser.conftest import Served, screenshot
from tests.integration.areakit import enrol, register_wang_xiaoming

VILLAGE = "370303001001"
REASON = "接报出警，核实儿童独自在家情况"


def sign_in(page: Page, served: Served, token: str) -> None:
    page.goto(served.url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")


def earlier(jz: Jianzheng, tokens: dict[str, str]) -> str:
    """A hospital's report of two hours ago about 王小明, still without a response (overdue
    after ``JIANZHENG_REPORT_RESPONSE_MINUTES``)."""
    cast = enrol(jz, {"县医院": ("reporter", VILLAGE[:6])})
    village = enrol(jz, {"王村委": ("village_committee", VILLAGE)})
    child = register_wang_xiaoming(jz, village.principals["王村委"], VILLAGE)
    then = datetime.now(BEIJING) - timedelta(hours=2)
    report, _ = jz.children.file_report(
        cast.principals["县医院"], reporter={"name": "刘医生", "unit": "县人民医院"},
        institution_kind="medical", situations=["accidental_injury"],
        noticed_at=(then - timedelta(minutes=20)).isoformat(timespec="seconds"),
        reported_at=then.isoformat(timespec="seconds"), summary="儿童手臂骨折，称在家摔倒",
        child_id=child,
    )  # fmt: skip
    tokens.update(cast.tokens)
    return str(report.id)


def test_a_school_reports_and_the_police_respond(served: Served, new_page: object) -> None:
    """The reporter's day and the police's, each in a browser of their own."""
    jz = served.jz
    cast = enrol(
        jz,
        {"村小学": ("reporter", VILLAGE[:6]), "县公安局城关派出所": ("police", VILLAGE[:6])},
    )
    overdue = earlier(jz, cast.tokens)

    school: Page = new_page()  # type: ignore[operator]
    sign_in(school, served, cast.tokens["村小学"])
    expect(school).to_have_url(served.url + "/reporting")
    expect(school.locator("#requires")).to_contain_text("第一时间向公安机关报告")
    school.check("input[name=child_ref][value=described]")
    school.fill("#f-reporter-name", "张老师")
    school.select_option("#f-institution-kind", "school")
    school.check("input[name=situations][value=living_alone]")
    noticed = (datetime.now(BEIJING) - timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M")
    school.fill("#f-noticed-at", noticed)
    school.fill("#f-summary", "学生连续三天独自在家，父母外出务工未归")
    school.fill("#f-area", VILLAGE)
    school.fill("#f-unidentified-child-apparent-age", "10")
    school.select_option("#f-unidentified-child-sex", "male")
    school.click("#report-form button[type=submit]")
    expect(school.locator("#done")).to_contain_text("报告已提交公安机关")
    expect(school.locator(".refusal")).to_have_count(0)
    mine = school.locator("#mine tbody tr")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("脱离监护单独居住生活")
    expect(mine).to_contain_text("已报告")
    screenshot(school, "home-reporter")

    police: Page = new_page()  # type: ignore[operator]
    sign_in(police, served, cast.tokens["县公安局城关派出所"])
    expect(police).to_have_url(served.url + "/police/reports")
    waiting = police.locator("#queue-reported tbody tr[data-report]")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_have_attribute("data-report", overdue)  # the oldest first
    expect(waiting.first).to_have_class("overdue")
    expect(waiting.first).to_contain_text("超时未处置")
    screenshot(police, "home-police")

    waiting.nth(1).locator("a").click()
    expect(police.locator("#reason")).to_contain_text("须说明理由")
    police.fill("#reason-text", REASON)
    police.click("#reason button[type=submit]")
    expect(police.locator("#recorded-read")).to_contain_text(REASON)
    expect(police.locator("#reporter")).to_contain_text("张老师")  # the police see who reported
    needs = police.locator("#requirements")
    expect(needs).to_contain_text("对父母进行训诫")
    expect(needs).to_contain_text("联系不上父母时")
    police.check("input[name=actions][value=admonish_parents]")
    police.check("input[name=actions][value=order_parents_return]")
    police.select_option("#f-parents-reached", "true")
    police.fill("#f-notes", "已电话联系父母，责令其三日内返回，并对父母进行训诫")
    police.click("#police-response-form button[type=submit]")
    expect(police.locator("#done")).to_contain_text("处置情况已记录")
    expect(police.locator("#stage")).to_have_text("公安已处置")
    expect(police.locator("#town-informed-form input[name=town]")).to_have_value(VILLAGE[:9])
    police.click("#town-informed-form button[type=submit]")
    expect(police.locator("#done")).to_contain_text("已记录通报")
    expect(police.locator("#stage")).to_have_text("已通报镇政府")

    school.reload()
    expect(school.locator("#mine tbody tr")).to_contain_text("已通报镇政府")

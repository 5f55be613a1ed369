"""A day of child protection through the screens, in Chromium, on SQLite and PostgreSQL.

A village worker signs in onto the ledger of their village, opens 王小明's file, registers the
parents going out to work, and records the entrustment to his grandmother through the form
generated from the API's model — every precondition shown up front and met, no refusal — and
the timeline shows it. A civil-affairs worker of the county filters the ledger by category,
left-behind status and alerts (R-CH-1…3, R-GD-2…4, R-AS-1, R-AC-2).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from playwright.sync_api import Page, Response, expect

from api.web.render import REFUSAL_HEADER
from infra.application import Jianzheng, Principal
from tests.browser.conftest import Served, screenshot
from tests.integration.areakit import enrol, register_wang_xiaoming

VILLAGE = "370303001001"
OTHER_VILLAGE = "370303001002"
OTHER_TOWN_VILLAGE = "370303002001"


@dataclass
class County:
    tokens: dict[str, str]
    principals: dict[str, Principal]
    wang: str
    li: str
    zhang: str


def county(jz: Jianzheng) -> County:
    """A county with a village, a neighbouring village and another town, their staff, and three
    children: 王小明 (the village, his father at home), 李小红 (the neighbouring village, an
    orphan) and 张小华 (the other town, under 16 and nobody guarding him: an alert)."""
    cast = enrol(
        jz,
        {
            "王村委": ("village_committee", VILLAGE),
            "李村委": ("village_committee", OTHER_VILLAGE),
            "镇儿童督导员": ("town_office", VILLAGE[:9]),
            "县民政局": ("civil_affairs", VILLAGE[:6]),
        },
    )
    wang = register_wang_xiaoming(jz, cast.principals["王村委"], VILLAGE)
    li, _ = jz.children.register(
        cast.principals["李村委"], personal={"name": "李小红"}, birth_date="2015-08-09",
        sex="female", location={"county": VILLAGE[:6], "town": VILLAGE[:9],
                                "village": OTHER_VILLAGE},
        categories=["orphan"], registered_on="2026-04-01",
        guardian=None,
    )  # fmt: skip
    jz.children.guardianship(
        cast.principals["县民政局"], li.id, "institutional",
        institution={"name": "县儿童福利院"}, legal_basis="《民法典》第三十二条",
        effective_on="2026-04-02", ground="orphan", admission_sha256="b" * 64,
        court_ruling=None, documents=None,
    )  # fmt: skip
    zhang, _ = jz.children.register(
        cast.principals["县民政局"], personal={"name": "张小华"}, birth_date="2013-01-20",
        sex="male", location={"county": VILLAGE[:6], "town": OTHER_TOWN_VILLAGE[:9],
                              "village": OTHER_TOWN_VILLAGE},
        categories=["guardianship_missing"], registered_on="2026-05-06", guardian=None,
    )  # fmt: skip
    return County(cast.tokens, cast.principals, wang, str(li.id), str(zhang.id))


def sign_in(page: Page, served: Served, token: str) -> None:
    """Sign in at the sign-in screen; the person lands on their home page."""
    page.goto(served.url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")


def rows(page: Page) -> list[str]:
    """The file numbers the ledger lists."""
    return [str(x) for x in page.locator("#rows tr[data-child]").evaluate_all(
        "rows => rows.map(r => r.dataset.child)")]  # fmt: skip


def test_a_village_worker_records_an_entrustment_without_a_single_refusal(
    served: Served, page: Page
) -> None:
    """The village's day: the ledger of its own village, the file, the parents' departure,
    the entrustment with its preconditions shown and met, the timeline."""
    world = county(served.jz)
    refusals: list[str] = []

    def watch(response: Response) -> None:
        if REFUSAL_HEADER.lower() in {k.lower() for k in response.headers}:
            refusals.append(f"{response.url}: {response.headers[REFUSAL_HEADER.lower()]}")

    page.on("response", watch)
    sign_in(page, served, world.tokens["王村委"])
    expect(page).to_have_url(served.url + "/children")
    assert rows(page) == [world.wang]  # the village's own children only
    expect(page.locator("#count")).to_contain_text("共 1 名儿童")
    screenshot(page, "home-village")

    page.click(f"#rows a[href='/children/{world.wang}']")
    expect(page.locator("#child h1")).to_contain_text("王小明")
    expect(page.locator("#current-guardianship")).to_contain_text("父母监护（王大山）")

    page.click("#record-left-behind")
    expect(page.locator("#requires")).to_contain_text("未满十六周岁")
    page.select_option("#f-parents-father", "away")
    page.select_option("#f-parents-mother", "away")
    page.click("#record-form button[type=submit]")
    expect(page.locator("#done")).to_contain_text("已记录")

    page.click("#kind-entrusted_relative")
    law = page.locator("#preconditions")
    expect(law).to_contain_text("村(居)民委员会对其监护能力进行评估")
    expect(law).to_contain_text("您的角色：村（居）委会")
    expect(law.locator("tr.unmet")).to_have_count(0)
    expect(law.locator("tr.met").first).to_be_visible()
    expect(page.locator(".advice li.met")).to_contain_text("已登记父母外出务工")
    screenshot(page, "guardianship-form")

    page.fill("#f-guardian-name", "王奶奶")
    page.select_option("#f-guardian-relation", "paternal_grandmother")
    page.fill("#f-legal-basis", "《民法典》第二十七条；父母外出务工，委托祖母照护")
    page.select_option("#f-capacity-assessment-capable", "true")
    page.click("#change-form button[type=submit]")

    expect(page.locator("#done")).to_contain_text("监护变更已记录")
    expect(page.locator(".refusal")).to_have_count(0)
    assert refusals == []
    expect(page.locator("#current-guardianship")).to_contain_text("王奶奶")
    latest = page.locator("#timeline ol.timeline > li").first
    expect(latest).to_contain_text("委托监护")
    expect(latest).to_contain_text("委托祖父母、外祖父母、成年兄姐监护")
    expect(latest).to_contain_text("监护人：王奶奶(祖母)")
    expect(latest).to_contain_text("王村委(村(居)民委员会)")
    screenshot(page, "child-file")
    file = served.jz.children.read_child(world.principals["王村委"], UUID(world.wang), None)
    assert file["guardianship"][-1]["kind"] == "entrusted_relative"


def test_civil_affairs_filter_the_county_ledger(served: Served, page: Page) -> None:
    """The county's ledger: every village's children; by category, left-behind status,
    alert and area, each filter narrowing the rows (R-CH-2, R-CH-3, R-GD-2)."""
    world = county(served.jz)
    served.jz.children.child_command(
        world.principals["王村委"], UUID(world.wang), "enter_left_behind",
        entered_on="2026-06-01", parents={"father": "away", "mother": "away"},
    )  # fmt: skip
    sign_in(page, served, world.tokens["县民政局"])
    expect(page).to_have_url(served.url + "/children")
    assert sorted(rows(page)) == sorted([world.wang, world.li, world.zhang])
    # 张小华 has nobody; 王小明's parents are away and nobody is entrusted yet (R-GD-2)
    expect(page.locator("#alerts")).to_contain_text("未满十六周岁无人监护：2")
    screenshot(page, "home-civil-affairs")

    page.select_option("#filters select[name=category]", "orphan")
    page.click("#filters button[type=submit]")
    assert rows(page) == [world.li]
    expect(page.locator("#rows")).to_contain_text("民政部门儿童福利机构监护")

    page.goto(served.url + "/children")
    page.select_option("#filters select[name=left_behind]", "true")
    page.click("#filters button[type=submit]")
    assert rows(page) == [world.wang]

    page.click("#filters a.button")  # clear
    page.click("#alerts a")
    assert sorted(rows(page)) == sorted([world.wang, world.zhang])
    expect(page.locator("#rows")).to_contain_text("未满十六周岁无人监护")

    page.goto(served.url + f"/children?area={VILLAGE[:9]}")
    assert sorted(rows(page)) == sorted([world.wang, world.li])


AGREEMENT = b"%PDF-1.4\n% entrusted-guardianship agreement, signed and filed\n%%EOF\n"


def test_an_entrustment_to_a_neighbour_uploads_its_agreement_from_the_form(
    served: Served, page: Page
) -> None:
    """R-GD-4's documents on the form: the agreement is uploaded to the child's file by the
    page's file picker (the screens' upload, CSRF-checked) and its SHA-256 fills the field;
    the committee's consent, three signatures and two filings are typed in; recorded."""
    world = county(served.jz)
    sign_in(page, served, world.tokens["王村委"])
    page.goto(served.url + f"/children/{world.wang}/guardianship/entrusted_other")
    law = page.locator("#preconditions")
    expect(law).to_contain_text("须经村(居)民委员会同意")
    expect(law).to_contain_text("监督人在协议上签字")
    expect(law.locator("tr.unmet")).to_have_count(0)
    expect(page.locator("#law")).to_contain_text("书面委托监护协议")

    with page.expect_response(lambda r: "/screens/evidence" in r.url) as uploaded:
        page.locator("#f-agreement-sha256-field input[type=file]").set_input_files(
            {"name": "协议.pdf", "mimeType": "application/pdf", "buffer": AGREEMENT}
        )
    assert uploaded.value.status == 200
    digest = hashlib.sha256(AGREEMENT).hexdigest()
    expect(page.locator("#f-agreement-sha256")).to_have_value(digest)

    page.fill("#f-guardian-name", "李邻居")
    page.fill("#f-guardian-relation", "邻居")
    page.fill("#f-legal-basis", "《民法典》第二十七条；父母外出务工，委托邻居照护")
    signed = {"guardian": "王大山", "entrusted-guardian": "李邻居", "supervisor": "村委会主任"}
    for who, name in signed.items():
        page.fill(f"#f-signatures-{who}-name", name)
    page.click("#change-form button[type=submit]")
    expect(page.locator("#done")).to_contain_text("监护变更已记录")
    expect(page.locator("#current-guardianship")).to_contain_text("李邻居")
    file = served.jz.children.read_child(world.principals["王村委"], UUID(world.wang), None)
    assert file["guardianship"][-1]["documents"][0]["sha256"] == digest

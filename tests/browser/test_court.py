"""A court's day on the screens (real Chromium, SQLite and PostgreSQL).

The story is set up with the services: a penalty case with a step entered a week after it
happened (R-EN-2), citing its video recording and a photo of the site. The court signs in,
finds the case by its title, gives its reason once, reads the history — names and roles,
Beijing times, the late entry flagged —, shows the photo and plays the video in place, saves
the recording from its own page, and downloads the court bundle, whose SHA-256 is the one
recorded with the export. Every read is recorded in the case's access stream, counted here.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Page, expect

from domain.records.access import AccessLog
from infra.application import Jianzheng, Principal
from infra.clock import today
from tests.browser.conftest import Served, screenshot
from tests.integration.casekit import PNG_PIXEL, Cast, draft, make_cast, open_case, upload
from tests.integration.webmkit import webm

REASON = "(2026)鲁0303行初12号 行政诉讼案件审理"


def access_log(jz: Jianzheng, case: UUID) -> AccessLog:
    return jz.store.load(AccessLog, AccessLog.create_id("case", str(case)))


def upload_aside(jz: Jianzheng, by: Principal, data: bytes, media_type: str, case: UUID) -> str:
    """Upload evidence with the services, in a thread of its own: Playwright's sync API runs
    an event loop in the test's thread, and the upload is a coroutine."""
    with ThreadPoolExecutor(1) as aside:
        return aside.submit(upload, jz, by, data, media_type, case_id=case).result()


def story(jz: Jianzheng) -> tuple[Cast, UUID, str, str]:
    """A case with a step entered a week late, citing its recording and a photo, and a draft."""
    cast = make_cast(jz)
    filed = today() - timedelta(days=10)
    case = open_case(jz, cast, title="某餐饮店食品安全案", filed_on=filed.isoformat())
    photo = upload_aside(jz, cast.officer_a, PNG_PIXEL, "image/png", case)
    video = upload_aside(jz, cast.officer_a, webm(), "video/webm", case)
    jz.cases.record_step(
        cast.officer_a, case, kind="on_site_inspection", summary="现场检查后厨，拍照固定",
        evidence=[video, photo], touches=[], full_process_recording=None, present=[],
        occurred_at=f"{filed + timedelta(days=1)}T09:30:00+08:00",
    )  # fmt: skip
    draft(jz, cast, case, "fine", fine_fen=200_000)
    return cast, case, photo, video


def sign_in(page: Page, url: str, token: str) -> None:
    page.goto(url + "/sign-in")
    page.fill("#token", token)
    page.click("button[type=submit]")


def test_a_court_reads_a_case_history_once_reasoned_and_takes_its_bundle(
    served: Served, page: Any, tmp_path: Path
) -> None:
    """Reason asked once, timeline with names and a late flag, bundle downloaded whose hash
    is the one recorded; each read recorded (R-EN-2, R-AC-3, R-AV-5)."""
    jz = served.jz
    cast, case, photo_sha, video_sha = story(jz)

    sign_in(page, served.url, cast.tokens["court"])
    expect(page).to_have_url(served.url + "/court")
    screenshot(page, "home-court")
    page.fill("#q", "餐饮店")
    page.click("#search-cases button[type=submit]")
    expect(page.locator("#cases tbody tr")).to_have_count(1)
    page.click("#cases >> text=某餐饮店食品安全案")
    expect(page).to_have_url(f"{served.url}/history/cases/{case}")
    expect(page.locator("h1")).to_have_text("查阅执法案件")
    expect(page.locator(".notice")).to_contain_text("记入该执法案件的访问记录")
    page.click("button[type=submit].primary")  # no reason: the browser asks for one
    page.fill("#reason", "   ")
    page.click("button[type=submit].primary")
    expect(page.locator(".refusal")).to_contain_text("请填写理由")
    assert not access_log_exists(jz, case)

    page.fill("#reason", REASON)
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text("某餐饮店食品安全案")
    expect(page.locator("#visit-reason")).to_contain_text(REASON)
    timeline = page.locator("#timeline")
    step = timeline.locator("li[data-type='enforcement.StepRecorded']").first
    expect(step).to_contain_text("张三(行政执法人员)")
    expect(step).to_contain_text("现场检查后厨")
    expect(step.locator(".badge.bad")).to_have_text("补录")
    expect(step).to_contain_text(f"{today() - timedelta(days=9)} 09:30")
    expect(step).to_contain_text("image/png")
    assert "T" not in (step.locator(".when strong").text_content() or "T")
    assert [(r["what"], r["reason"]) for r in access_log(jz, case).reads] == [("timeline", REASON)]

    photo = step.locator("ul.evidence li", has_text="image/png")
    photo.locator("a.play").click()  # shown in place, through a read ticket
    expect(photo.locator(".player img")).to_be_visible()
    page.wait_for_function("() => document.querySelector('.player img').naturalWidth > 0")
    screenshot(page, "court-timeline")
    recording = step.locator("ul.evidence li", has_text="video/webm")
    recording.locator("a.play").click()
    player = recording.locator(".player video")
    expect(player).to_be_visible()
    page.wait_for_function("() => document.querySelector('.player video').readyState >= 1")
    duration = player.evaluate("v => v.duration")
    assert duration == pytest.approx(8, abs=0.3)
    whats = [r["what"] for r in access_log(jz, case).reads]
    assert sorted(whats) == sorted(["timeline", f"evidence:{photo_sha}", f"evidence:{video_sha}"])

    page.reload()  # another read: recorded again, no reason asked again
    expect(page.locator("#visit-reason")).to_contain_text(REASON)
    assert len(access_log(jz, case).reads) == 4

    page.goto(f"{served.url}/history/cases/{case}/evidence/{video_sha}")  # its own page, no script
    expect(page.locator("#player video")).to_have_count(1)
    with page.expect_download() as got:
        page.click("#download")
    kept = tmp_path / "recording.webm"
    got.value.save_as(kept)
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == video_sha
    assert len(access_log(jz, case).reads) == 5
    page.goto(f"{served.url}/history/cases/{case}")

    with page.expect_download() as download:
        page.click("#bundle")
    saved = tmp_path / "bundle.json"
    download.value.save_as(saved)
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    log = access_log(jz, case)
    assert [e["sha256"] for e in log.exports] == [digest]
    assert log.exports[0]["reason"] == REASON
    assert all(r["actor"] == cast.court.actor_id for r in log.reads)


def access_log_exists(jz: Jianzheng, case: UUID) -> bool:
    return jz.store.exists(AccessLog.create_id("case", str(case)))

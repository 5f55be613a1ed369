"""The enforcement screens over both backends, through the app (``TestClient``): refusals in
words with the API's code and nothing stored, the same refusal the API gives to a person of
another agency, CSRF on every form (also the streamed step form, before any file is stored),
a restarted upload registered once, files streamed with the form without JavaScript, a
blocked decision recorded once and shown by Post/Redirect/Get, and a court's or oversight
body's visit reason recorded with its reads."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.cases import CaseIn, OpinionIn
from api.web.enforcement.bodies import route_model
from api.web.enforcement.casefile import catalogue_data, matched_rules
from api.web.enforcement.words import REFUSALS, REVIEW_ITEM_WORDS
from domain.records.access import AccessLog
from domain.records.enforcement import REVIEW_ITEMS
from domain.records.evidence import Evidence
from infra.application import Jianzheng
from tests.conftest import register
from tests.integration.casekit import (
    AGENCY,
    Cast,
    draft,
    inform,
    make_cast,
    mp4,
    open_case,
    opinion_items,
    review,
)

HTML = {"accept": "text/html"}


class Browsers:
    """People at browsers of their own, each signed in with a token; all closed at the end."""

    def __init__(self, jz: Jianzheng) -> None:
        self.jz = jz
        self.open: list[TestClient] = []

    def signed_in(self, token: str) -> TestClient:
        client = TestClient(create_app(jianzheng=self.jz), base_url="http://127.0.0.1")
        client.__enter__()
        self.open.append(client)
        answer = client.post(
            "/sign-in", data={"token": token, "next": "/me"}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text
        return client

    def close(self) -> None:
        for client in self.open:
            client.__exit__(None, None, None)


def secret(client: TestClient) -> str:
    page = client.get("/me", headers=HTML).text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def form_seq(client: TestClient, case_id: object) -> str:
    """The case's version the decision form was shown at (its one-time ``form_seq``)."""
    page = client.get(f"/decisions/{case_id}", headers=HTML).text
    return re.search(r'name="form_seq" value="([0-9]+)"', page).group(1)  # type: ignore[union-attr]


def stored(jz: Jianzheng) -> int:
    return int(jz.store.recorder.max_notification_id() or 0)


@pytest.fixture
def browsers(jz: Jianzheng) -> Iterator[Browsers]:
    opened = Browsers(jz)
    yield opened
    opened.close()


@pytest.fixture
def people(browsers: Browsers) -> tuple[Cast, dict[str, TestClient]]:
    cast = make_cast(browsers.jz)
    who = ("a", "head", "reviewer", "dual")
    return cast, {w: browsers.signed_in(cast.tokens[w]) for w in who}


def test_every_review_content_and_every_gate_refusal_has_its_words() -> None:
    """The opinion form names the ten review contents in Chinese in the domain's order
    (R-LR-4), and every refusal the gate records has its words (R-LR-8)."""
    assert tuple(REVIEW_ITEM_WORDS) == REVIEW_ITEMS
    assert REVIEW_ITEM_WORDS["subject"] == "执法主体"
    assert all(
        words != name and words.isascii() is False for name, words in REVIEW_ITEM_WORDS.items()
    )
    gate = {"legal-review-required", "legal-review-pending", "legal-review-rejected",
            "legal-review-stale", "draft-superseded", "reviewer-conflict",
            "reviewer-outside-legal-office", "collective-discussion-missing",
            "collective-not-agreed", "crime-transfer-required", "credentials-shown-required",
            "separation-of-duties", "decision-authority-required"}  # fmt: skip
    assert gate <= set(REFUSALS)


def test_each_form_is_checked_by_the_model_its_api_route_declares() -> None:
    """The screens find the body models on the app (``bodies.py``): the routes' own classes."""
    app = create_app()
    assert route_model(app, "POST", "/v1/cases") is CaseIn
    assert route_model(app, "POST", "/v1/cases/{case_id}/reviews/{review_id}/opinion") is OpinionIn
    with pytest.raises(LookupError):
        route_model(app, "POST", "/v1/no-such-route")


def test_a_case_opened_with_one_officer_is_refused_in_words_and_stores_nothing(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    officer = clients["a"]
    before = stored(jz)
    form = {"csrf_token": secret(officer), "title": "某公司案", "action_type": "penalty",
            "party_kind": "organisation", "party_name": "某公司", "jurisdiction": "370303",
            "officers": [cast.officer_a.actor_id], "filed_on": ""}  # fmt: skip
    answer = officer.post("/cases/new", data=form, headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "two-officers-required"
    assert "执法人员不得少于两人" in answer.text
    assert 'value="某公司案"' in answer.text  # what was typed is kept
    assert stored(jz) == before
    answer = officer.post("/cases/new", data={**form, "title": "   "}, headers=HTML)
    assert answer.headers["jianzheng-refusal"] == "invalid-request"
    assert "须包含文字或数字" in answer.text
    answer = officer.post("/cases/new", data={**form, "action_type": "fishing"}, headers=HTML)
    assert answer.headers["jianzheng-refusal"] == "invalid-request"
    assert stored(jz) == before


def test_a_person_of_another_agency_gets_the_refusal_the_api_gives(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]], browsers: Browsers
) -> None:
    cast, _ = people
    case_id = open_case(jz, cast)
    other = register(jz, "officer", name="外单位执法人员", agency="淄博市生态环境局",
                     certificate="鲁环-0001", valid_until="2035-12-31")  # fmt: skip
    outsider = browsers.signed_in(other.token)
    with TestClient(create_app(jianzheng=jz)) as api:
        bearer = {"Authorization": f"Bearer {other.token}"}
        by_api = api.get(f"/v1/cases/{case_id}", headers=bearer)
    by_screen = outsider.get(f"/cases/{case_id}", headers=HTML)
    assert by_screen.status_code == by_api.status_code == 403
    assert by_api.json()["code"] in by_screen.text
    before = stored(jz)
    answer = outsider.post(
        f"/cases/{case_id}/drafts",
        data={
            "csrf_token": secret(outsider),
            "measures": ["warning"],
            "facts": "经查",
            "legal_basis": "某法",
        },
        headers=HTML,
    )
    assert answer.status_code == 403  # the case page itself is refused: a genuine error page
    assert stored(jz) == before


def test_forms_without_the_session_secret_store_nothing_not_even_a_streamed_file(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    before = stored(jz)
    video = mp4(64 * 1024)
    answer = officer.post(
        f"/screens/steps?case_id={case_id}",
        data={"csrf_token": "forged", "kind": "on_site_inspection", "summary": "现场检查"},
        files={"files": ("现场.mp4", video, "video/mp4")},
        headers=HTML,
    )
    assert answer.status_code == 403
    assert "csrf-refused" in answer.text
    answer = officer.post(
        f"/cases/{case_id}/drafts",
        data={
            "csrf_token": secret(officer),
            "measures": ["warning"],
            "facts": "经查",
            "legal_basis": "某法",
        },
        headers={**HTML, "origin": "http://evil.example"},
    )
    assert answer.status_code == 403
    assert stored(jz) == before
    assert not jz.store.exists(Evidence.create_id(hashlib.sha256(video).hexdigest(), "case"))


def test_without_javascript_files_stream_with_the_step_form_beyond_the_form_size_limit(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    """A 3 MiB video — three times ``JIANZHENG_MAX_BODY_BYTES`` — posted with the step form
    is stored and cited by the step (R-AV-2); the full-process recording by its own input."""
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    video, full = mp4(3 * 1024 * 1024), mp4(2 * 1024 * 1024)
    assert len(video) > jz.settings.max_body_bytes
    answer = officer.post(
        f"/screens/steps?case_id={case_id}",
        data={
            "csrf_token": secret(officer),
            "kind": "coercive_measure",
            "summary": "查封超过保质期的食品",
            "touches": ["major_property"],
        },
        files=[
            ("files", ("查封.mp4", video, "video/mp4")),
            ("full_process_file", ("全程.mp4", full, "video/mp4")),
        ],
        headers=HTML,
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    (step,) = jz.cases._case(case_id).steps
    cited = {e["sha256"] for e in step["evidence"]}
    assert cited == {hashlib.sha256(video).hexdigest(), hashlib.sha256(full).hexdigest()}
    assert step["full_process_recording"] == hashlib.sha256(full).hexdigest()
    # the case page offers each recording to play or download (outside attack round 2, #5)
    page = officer.get(f"/cases/{case_id}", headers=HTML).text
    sha = hashlib.sha256(video).hexdigest()
    link = f"/history/cases/{case_id}/evidence/{sha}"
    assert f'href="{link}"' in page
    player = officer.get(link, headers=HTML)
    assert player.status_code == 200
    assert "<video" in player.text
    ticket = re.search(r'src="(/v1/evidence/[0-9a-f]{64}\?ticket=[^"]+)"', player.text)
    assert ticket is not None
    played = officer.get(ticket.group(1).replace("&amp;", "&"), headers={"range": "bytes=0-15"})
    assert played.status_code == 206
    assert played.content == video[:16]


def test_a_mislabelled_file_is_refused_in_words_and_records_no_step(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    answer = officer.post(
        f"/screens/steps?case_id={case_id}",
        data={"csrf_token": secret(officer), "kind": "on_site_inspection", "summary": "现场检查"},
        files={"files": ("假视频.mp4", "这不是视频".encode() * 2000, "video/mp4")},
        headers=HTML,
    )
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "evidence-type-mismatch"
    assert "文件内容与其类型不符" in answer.text
    assert "现场检查" in answer.text  # the summary typed is kept
    assert jz.cases._case(case_id).steps == []


def test_a_contested_step_without_a_recording_is_refused_with_the_rule_in_words(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    before = stored(jz)
    answer = officer.post(
        f"/screens/steps?case_id={case_id}",
        data={"csrf_token": secret(officer), "kind": "investigation", "summary": "询问当事人"},
        files={"files": ("", b"", "application/octet-stream")},  # a file input left empty
        headers=HTML,
    )
    assert answer.headers["jianzheng-refusal"] == "av-record-required"
    assert "须附音像记录" in answer.text
    assert stored(jz) == before


def test_a_restarted_upload_registers_the_file_once(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    """重新上传 sends the same bytes again: the same hash answers and nothing is appended."""
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    video = mp4(32 * 1024)
    headers = {"x-csrf-token": secret(officer), "content-type": "video/mp4"}
    url = f"/screens/evidence?purpose=case&subject_id={case_id}"
    first = officer.post(url, content=video, headers=headers)
    after_first = stored(jz)
    again = officer.post(url, content=video, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert stored(jz) == after_first
    assert len(jz.store.history(Evidence.create_id(first.json()["sha256"], "case"))) == 1


def test_a_draft_says_at_once_that_it_is_major_and_why_and_money_is_typed_in_yuan(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    officer = clients["a"]
    case_id = open_case(jz, cast)
    form = {"csrf_token": secret(officer), "measures": ["fine", "suspension"], "fine": "1,500.50",
            "facts": "经查属实", "legal_basis": "《食品安全法》第一百二十四条"}  # fmt: skip
    answer = officer.post(f"/cases/{case_id}/drafts", data=form, headers=HTML)
    assert answer.status_code == 200
    assert "hearing-eligible-measures" in answer.text
    assert "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业" in answer.text
    assert "需要法制审核" in answer.text
    (current,) = jz.cases._case(case_id).drafts.values()
    assert current.content["fine_fen"] == 150_050
    assert current.major
    rules = matched_rules(catalogue_data(jz, current), "penalty", current.matched_rules)
    assert [r.id for r in rules] == current.matched_rules
    before = stored(jz)
    for bad, code, field in (
        (dict(form, fine="12.345"), "invalid-input", "fine"),  # 元 with at most two decimals
        (dict(form, measures=[]), "invalid-request", "measures"),  # the API's own model
    ):
        answer = officer.post(f"/cases/{case_id}/drafts", data=bad, headers=HTML)
        assert answer.headers["jianzheng-refusal"] == code
        assert f"<code>{field}</code>" in answer.text
    answer = officer.post(
        f"/cases/{case_id}/drafts", data=dict(form, measures=["flogging"]), headers=HTML
    )
    assert answer.headers["jianzheng-refusal"] == "invalid-draft-facts"
    assert stored(jz) == before


def test_an_officer_of_the_case_may_not_review_it_and_is_told_why(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    """孙双岗 holds both roles and is an officer of this case: the opinion is refused (R-LR-5)
    in words, and nothing is recorded."""
    cast, clients = people
    dual = clients["dual"]
    case, _ = jz.cases.open_case(
        cast.officer_a, action_type="penalty", title="某公司案", agency=AGENCY,
        jurisdiction="370303", officers=[cast.officer_a.actor_id, cast.dual.actor_id],
        party={"kind": "organisation", "name": "某公司"},
    )  # fmt: skip
    inform(jz, cast, case.id)
    hashed = draft(jz, cast, case.id, "fine", fine_fen=15_000_000)
    review_id = review(jz, cast, case.id, hashed, None)
    assert review_id not in dual.get("/reviews", headers=HTML).text  # not in their queue
    before = stored(jz)
    form: dict[str, Any] = {"csrf_token": secret(dual), "result": "passed", "signature": "孙双岗",
                            "crime_suspected": "no"}  # fmt: skip
    for name, item in opinion_items().items():
        form[f"ok_{name}"] = "yes" if item["ok"] else "no"
    answer = dual.post(f"/reviews/{case.id}/{review_id}", data=form, headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "separation-of-duties"
    assert "同一人不得在本案中既承办又审核或决定" in answer.text
    assert stored(jz) == before
    del form["ok_facts"]
    answer = clients["reviewer"].post(
        f"/reviews/{case.id}/{review_id}", data={**form, "csrf_token": secret(clients["reviewer"])},
        headers=HTML,
    )  # fmt: skip
    assert answer.headers["jianzheng-refusal"] == "invalid-request"
    assert "items.facts.ok" in answer.text
    assert stored(jz) == before


def test_a_blocked_decision_is_recorded_once_and_shown_after_a_redirect(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    cast, clients = people
    head = clients["head"]
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "fine", fine_fen=15_000_000)
    before = stored(jz)
    answer = head.post(
        f"/decisions/{case_id}",
        data={
            "csrf_token": secret(head),
            "draft_hash": hashed,
            "decided_on": "",
            "form_seq": form_seq(head, case_id),
        },
        headers=HTML,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    (blocked,) = [e for e in jz.cases.case_events(case_id) if e["type"].endswith("Blocked")]
    assert answer.headers["location"] == f"/decisions/{case_id}?blocked={blocked['seq']}"
    assert stored(jz) == before + 1
    for _ in range(2):  # the page of the result, fetched twice: nothing more is recorded
        page = head.get(answer.headers["location"], headers=HTML)
        assert page.headers["jianzheng-refusal"] == "legal-review-required"
        assert "此次决定尝试已被拦截并记入案卷" in page.text
        assert blocked["event_hash"] in page.text
    assert stored(jz) == before + 1


def test_a_refusal_that_is_not_recorded_is_shown_on_the_form_and_stores_nothing(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]]
) -> None:
    """A minor draft without the credentials step: the decision is refused (R-EN-4) and, not
    being a bypass of the review, not recorded."""
    cast, clients = people
    head = clients["head"]
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "warning", inform_first=False)
    before = stored(jz)
    answer = head.post(
        f"/decisions/{case_id}",
        data={
            "csrf_token": secret(head),
            "draft_hash": hashed,
            "decided_on": "",
            "form_seq": form_seq(head, case_id),
        },
        headers=HTML,
    )
    assert answer.status_code == 200
    assert answer.headers["jianzheng-refusal"] == "credentials-shown-required"
    assert "此次决定尝试已被拦截并记入案卷" not in answer.text
    assert stored(jz) == before


def test_oversight_gives_its_reason_once_per_visit_and_each_read_is_recorded(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]], browsers: Browsers
) -> None:
    cast, _ = people
    case_id = open_case(jz, cast)
    oversight = browsers.signed_in(cast.tokens["oversight"])
    page = oversight.get(f"/cases/{case_id}", headers=HTML)
    assert page.status_code == 200
    assert "请说明查阅理由" in page.text
    answer = oversight.post(
        f"/cases/{case_id}/reason",
        data={"csrf_token": secret(oversight), "reason": "案卷评查：2026年第四季度"},
        headers=HTML,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = oversight.get(f"/cases/{case_id}", headers=HTML)
    assert page.status_code == 200
    assert "某食品公司销售过期食品案" in page.text
    log = jz.store.load(AccessLog, AccessLog.create_id("case", str(case_id)))
    reads = [e.envelope.data for e in jz.store.history(log.id) if e.envelope.type.endswith("Read")]
    # one page, one read (the case with its timeline), recorded as the API records a read
    assert [(r["what"], r["reason"]) for r in reads] == [("case", "案卷评查：2026年第四季度")]
    oversight.get(f"/cases/{case_id}", headers=HTML)  # each visit of the page is a read
    reads = [e.envelope.data for e in jz.store.history(log.id) if e.envelope.type.endswith("Read")]
    assert len(reads) == 2


def test_the_lists_show_only_what_their_reader_may_open(
    jz: Jianzheng, people: tuple[Cast, dict[str, TestClient]], browsers: Browsers
) -> None:
    cast, clients = people
    mine = open_case(jz, cast, title="本人承办的案件")
    hashed = draft(jz, cast, mine, "fine", fine_fen=15_000_000)
    review_id = review(jz, cast, mine, hashed, None)
    elsewhere = register(jz, "legal_reviewer", name="外单位审核员", agency="淄博市生态环境局")
    stranger = browsers.signed_in(elsewhere.token)
    assert "本人承办的案件" in clients["a"].get("/cases", headers=HTML).text
    assert "本人承办的案件" not in clients["a"].get("/cases?status=closed", headers=HTML).text
    assert "本人承办的案件" not in clients["dual"].get("/cases", headers=HTML).text  # not theirs
    assert "本人承办的案件" in clients["dual"].get("/cases?scope=agency", headers=HTML).text
    assert clients["a"].get("/cases?status=lost", headers=HTML).status_code == 422
    assert review_id in clients["reviewer"].get("/reviews", headers=HTML).text
    assert review_id not in stranger.get("/reviews", headers=HTML).text
    assert "本人承办的案件" in clients["head"].get("/decisions", headers=HTML).text
    assert "本人承办的案件" not in stranger.get("/decisions", headers=HTML).text
    assert "本人承办的案件" not in stranger.get("/cases?scope=agency", headers=HTML).text

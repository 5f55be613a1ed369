"""A child's file as a readable timeline (api/web/timeline.py), on both backends (R-CH-4,
R-AC-3, R-GD-9, R-EN-2): read through the API's own read path — another department's read
needs its reason and is recorded, a caller outside the file's authority is refused as the
file read refuses it —, every event labelled in Chinese with the actor's name and role,
guardianship changes naming the guardian only as the file's answer shows them."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.web.timeline import TimelineEntry, read_child_timeline
from domain.records.access import AccessLog
from domain.records.errors import InvalidInput, NotFound, PermissionDenied
from infra.application import OPERATOR, Jianzheng, Principal
from tests.integration.test_children_api import (
    GRANDMOTHER,
    ID_NUMBER,
    NAME,
    NEIGHBOUR,
    People,
    story,
)

REASON = "核查监护情况"


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """The child-protection chain of village 370303001001 (test_children_api's cast)."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "other_village": ("village_committee", "370303001002"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "oversight": ("oversight", "370300"),
        "officer": ("officer", "370303"),
    }
    tokens = {
        key: jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
        for key, (role, area) in cast.items()
    }
    return People(tokens)


def principal(jz: Jianzheng, people: People, who: str) -> Principal:
    return Principal.of(jz.authenticate(people.tokens[who]))


def text_of(entries: list[TimelineEntry]) -> str:
    return "\n".join(
        " ".join([e.label, e.actor.shown, *e.details, e.claimed.shown if e.claimed else ""])
        for e in entries
    )


def test_another_department_reads_the_childs_timeline_with_its_reason_recorded(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """The police read the file's history: the read is recorded with its reason; each change
    is labelled, names who recorded it in which role, and a guardian only as the file shows."""
    child = UUID(story(client, people)["child"])
    access = AccessLog.create_id("child", str(child))
    with pytest.raises(NotFound):  # no other department has read the file yet
        jz.store.load(AccessLog, access)

    document, entries = read_child_timeline(jz, principal(jz, people, "police"), child, REASON)

    log = jz.store.load(AccessLog, access)
    assert log.reads == [{"actor": principal(jz, people, "police").actor_id, "role": "police",
                          "what": "file", "reason": REASON}]  # fmt: skip
    labels = [e.label for e in entries]
    expected = ["建立儿童档案", "纳入农村留守儿童台账", "委托监护", "开始临时监护", "记录评估结果",
                "人民法院另行指定监护人"]  # fmt: skip
    positions = [labels.index(label) for label in expected]
    assert positions == sorted(positions), labels
    assert all(e.stream == str(child) for e in entries)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(e.position is not None for e in entries)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", e.recorded_at) for e in entries)

    by_label = {e.label: e for e in entries}
    registered = by_label["建立儿童档案"]
    assert registered.actor.shown == "village-actor(村(居)民委员会)"
    entrusted = by_label["委托监护"]
    assert entrusted.actor.shown == "town-actor(镇政府(街道办事处))"
    assert f"监护人：{NEIGHBOUR['name']}(neighbour)" in entrusted.details
    assert entrusted.claimed is not None
    assert (entrusted.claimed.label, entrusted.claimed.shown) == ("生效日期", "2026-03-05")
    assert entrusted.late is True  # entered after the day it took effect (R-EN-2)
    court = by_label["人民法院另行指定监护人"]
    assert f"监护人：{GRANDMOTHER['name']}(祖母)" in court.details
    assert by_label["开始临时监护"].actor.shown == "police-actor(公安机关)"
    assert document["guardianship"][-1]["guardian"]["name"] == GRANDMOTHER["name"]

    # The child's own name and ID number are in the file's answer, not in the timeline's lines.
    shown = text_of(entries)
    assert NAME not in shown
    assert ID_NUMBER not in shown


def test_the_timeline_is_refused_as_the_file_read_is_and_nothing_is_stored(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-CH-4, R-AC-3: no reason from another department, or no authority over the file, and
    the timeline is refused like GET /v1/children/{id}, with nothing recorded."""
    child = UUID(story(client, people)["child"])
    path = f"/v1/children/{child}"
    for who, reason, refusal in (
        ("police", None, InvalidInput),
        ("other_village", REASON, PermissionDenied),
        ("officer", REASON, PermissionDenied),
        ("school", REASON, PermissionDenied),
    ):
        read = client.get(path, params={"reason": reason} if reason else {},
                          headers=people.auth(who))  # fmt: skip
        assert read.status_code in (403, 422), (who, read.text)
        before = int(jz.store.recorder.max_notification_id() or 0)
        with pytest.raises(refusal) as refused:
            read_child_timeline(jz, principal(jz, people, who), child, reason)
        assert refused.value.code == read.json()["code"], who
        assert int(jz.store.recorder.max_notification_id() or 0) == before, who

"""The nested objects of a child's file as frozen value types (issue 12, R-GD-9).

Each type parses with the checks, codes and field paths the commands always used, and gives
back exactly what events store: whole objects as given, extra members included; documents as
``{sha256, title}`` only.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from domain.records.children import errors as ce
from domain.records.children.values import (
    CapacityAssessment,
    CourtRulingCitation,
    Dated,
    Document,
    ExclusionCheck,
    Fee,
    Guardian,
    HomeAssessment,
    Institution,
    Location,
    ParentsSituation,
    Personal,
    Signed,
)
from domain.records.errors import DateInFuture

NOW = datetime(2027, 1, 1, tzinfo=UTC)
BORN = date(2015, 3, 2)
SHA = "a" * 64


def test_a_guardian_is_stored_whole_with_its_extra_members_as_a_copy() -> None:
    """Extra members (id_number, phone…) are kept, and the stored dict is a fresh copy."""
    given = {"name": "赵桂兰", "relation": "paternal_grandmother", "phone": {"home": "1"}}
    guardian = Guardian.parse(given)
    stored = guardian.stored()
    assert stored == given
    assert stored is not given
    assert stored["phone"] is not given["phone"]
    assert (guardian.name, guardian.relation) == ("赵桂兰", "paternal_grandmother")
    with pytest.raises(dataclasses.FrozenInstanceError):
        guardian.name = "someone else"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "field", "error", "path"),
    [
        (None, "guardian", ce.InvalidField, "guardian"),
        ({"relation": "father"}, "guardian", ce.InvalidField, "guardian.name"),
        ({"name": "王", "relation": "\u200b"}, "guardian", ce.InvalidField, "guardian.relation"),
        ({"name": ""}, "ruling.new_guardian", ce.InvalidField, "ruling.new_guardian.name"),
    ],
)  # fmt: skip
def test_a_guardian_is_refused_at_its_path_in_the_request(
    value: object, field: str, error: type[Exception], path: str
) -> None:
    """The refusal names the member's path, wherever the guardian sits in the request."""
    with pytest.raises(error) as caught:
        Guardian.parse(value, field)
    assert caught.value.extra["field"] == path  # type: ignore[attr-defined]


def test_documents_keep_only_hash_and_title() -> None:
    """A document is stored as {sha256, title}; anything else given is not recorded."""
    docs = Document.parse_list([{"sha256": SHA, "title": "协议", "note": "x"}])
    assert [d.stored() for d in docs] == [{"sha256": SHA, "title": "协议"}]
    assert Document.parse_list(None) == []
    with pytest.raises(ce.InvalidDocumentHash) as caught:
        Document.parse_list([{"sha256": SHA, "title": "t"}, {"sha256": "A" * 64, "title": "t"}])
    assert caught.value.extra["field"] == "documents[1].sha256"
    with pytest.raises(ce.InvalidField) as missing_title:
        Document.parse_list([{"sha256": SHA}])
    assert missing_title.value.extra["field"] == "documents[0].title"
    with pytest.raises(ce.InvalidField):
        Document.parse_list({"sha256": SHA})


def test_dated_acts_signatures_and_assessments_check_their_days() -> None:
    """by and on, a day not in the future nor before the child's birth; flags are booleans."""
    consent = Dated.parse(
        {"by": "村委会", "on": "2026-05-01", "minutes": 3}, "committee_consent", NOW, BORN
    )
    assert consent.stored() == {"by": "村委会", "on": "2026-05-01", "minutes": 3}
    assert consent.on == date(2026, 5, 1)
    with pytest.raises(DateInFuture) as future:
        Signed.parse({"on": "2027-02-01"}, "signatures.supervisor", NOW, BORN)
    assert future.value.extra["field"] == "signatures.supervisor.on"
    with pytest.raises(ce.DateBeforeBirth):
        Signed.parse({"on": "2015-03-01"}, "filings.town", NOW, BORN)
    capacity = CapacityAssessment.parse(
        {"by": "村委会", "on": "2026-05-01", "capable": False}, NOW, BORN
    )
    assert capacity.capable is False
    with pytest.raises(ce.InvalidField) as flag:
        HomeAssessment.parse({"by": "民政", "on": "2026-05-01", "suitable": "yes"}, NOW, BORN)
    assert flag.value.extra["field"] == "home_assessment.suitable"
    check = ExclusionCheck.parse({"by": "村委会", "on": "2026-05-01", "found": []}, NOW, BORN)
    assert check.found == ()
    with pytest.raises(ce.UnknownTerm) as ground:
        ExclusionCheck.parse({"by": "村委会", "on": "2026-05-01", "found": ["rude"]}, NOW, BORN)
    assert ground.value.extra["field"] == "exclusion_check.found[]"
    assert "addiction" in ground.value.extra["allowed"]
    with pytest.raises(ce.InvalidField):
        ExclusionCheck.parse({"by": "村委会", "on": "2026-05-01"}, NOW, BORN)


def test_a_fee_is_whole_fen_from_its_vocabularies_and_stored_whole() -> None:
    """amount_fen a whole number ≥ 0; period and paid_by from their vocabularies (R-GD-5)."""
    given = {"amount_fen": 60000, "period": "month", "paid_by": "parents_and_subsidy",
             "minimum_living_support": True, "note": "按月"}  # fmt: skip
    fee = Fee.parse(given)
    assert fee.stored() == given
    assert fee.subsidised
    for amount in (-1, 1.5, True, "600"):
        with pytest.raises(ce.InvalidField) as caught:
            Fee.parse({**given, "amount_fen": amount})
        assert caught.value.extra["field"] == "fee.amount_fen"
    with pytest.raises(ce.UnknownTerm) as period:
        Fee.parse({**given, "period": "week"})
    assert period.value.extra["allowed"] == ["lump_sum", "month", "year"]


def test_places_people_and_citations_parse_as_the_commands_did() -> None:
    """Location codes nest; personal details need a name; a cited ruling needs a UUID."""
    location = Location.parse({"county": "370303", "town": "370303001", "village": "370303001001"})
    assert location.village == "370303001001"
    with pytest.raises(ce.InvalidField) as outside:
        Location.parse({"county": "370303", "town": "370305001", "village": "370305001001"})
    assert outside.value.extra["field"] == "location"
    assert Personal.parse({"name": "王小明", "contacts": []}).stored() == {
        "name": "王小明", "contacts": []
    }  # fmt: skip
    with pytest.raises(ce.InvalidField):
        Personal.parse({"name": "王小明", "contacts": "138"})
    assert Institution.parse({"name": "儿童福利院"}).as_guardian() == {
        "name": "儿童福利院", "relation": "institution"
    }  # fmt: skip
    cited = CourtRulingCitation.parse(
        {"petition_id": "0f8e3c1e-6a52-4f7e-9a55-2f2e4d0b9c11", "ruling_sha256": SHA}
    )
    assert cited.ruled_on is None
    with pytest.raises(ce.InvalidField) as not_uuid:
        CourtRulingCitation.parse({"petition_id": "petition-1", "ruling_sha256": SHA})
    assert not_uuid.value.extra["field"] == "court_ruling.petition_id"
    assert ParentsSituation.parse({"father": "away", "mother": "incapable"}).stored() == {
        "father": "away", "mother": "incapable"
    }  # fmt: skip
